// Numbers, sizes, times and text as the log and the job summary show them.

/** The change from `before` to `after` as a signed percentage: "−68.7%", "+0.03%", "=", or "new" from nothing. */
export function formatChange(before: number, after: number): string {
  if (before === after) return '='
  if (before === 0) return 'new'
  const percent = ((after - before) / before) * 100
  const size = Math.abs(percent)
  // Small changes keep a second decimal, so they do not read as none.
  const digits = size < 0.01 ? '<0.01' : size < 1 ? size.toFixed(2) : size.toFixed(1)
  return `${percent > 0 ? '+' : '−'}${digits}%`
}

/** Text that sits inside a table cell: no pipes or line breaks. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
}

export function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`
}

export function count(n: number, noun: string): string {
  return `${formatNumber(n)} ${noun}${n === 1 ? '' : 's'}`
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((part / whole) * 100).toFixed(1)}%`
}

export function formatNumber(n: number): string {
  return n.toLocaleString('en-US')
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const whole = Math.round(seconds)
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = -1
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}
