/** A size as the log and the summary show it: 812 B, 2.6 KiB, 4.0 GiB. */
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

/** A count as the log and the summary show it: 12,345. */
export function formatNumber(n: number): string {
  return n.toLocaleString('en-US')
}

/** "1 function", "2,048 functions". */
export function count(n: number, noun: string): string {
  return `${formatNumber(n)} ${noun}${n === 1 ? '' : 's'}`
}

/** A benchmark run's time: 12.3 ms, 1.500 s. */
export function formatTime(seconds: number): string {
  if (seconds < 1) return `${(seconds * 1000).toFixed(1)} ms`
  return `${seconds.toFixed(3)} s`
}
