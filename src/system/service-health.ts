// The runner's results service (the Actions cache and artifacts) as this
// step has found it. A service that accepted a request and never answered
// will not answer the next one either: after one timeout it counts as down
// for the rest of the step, and every later call is a warning at once
// instead of another full wait.
import * as core from './log'

let downBecause: string | undefined

/** Why the service counts as down, or undefined while it does not. */
export function serviceDown(): string | undefined {
  return downBecause
}

/** Records the first timeout; later calls skip the service and say why. */
export function markServiceDown(reason: string): void {
  downBecause ??= reason
}

/** The longest wait Node's timers can hold (2^31-1 ms, about 24.8 days): a longer one fires after 1 ms. */
export const LONGEST_WAIT_SECONDS = Math.floor(0x7fffffff / 1000)

const warned = new Set<string>()

/**
 * A service's time bound from the step's env variable `name`: `fallback`
 * where it is unset. A value that is not a number of seconds above 0 falls
 * back, and one past the longest wait a timer holds is capped: each is said
 * once, in a warning that names the variable.
 */
export function serviceTimeout(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const text = env[name]?.trim()
  if (!text) return fallback
  const seconds = Number(text)
  if (Number.isFinite(seconds) && seconds > 0 && seconds <= LONGEST_WAIT_SECONDS) return seconds
  const capped = Number.isFinite(seconds) && seconds > LONGEST_WAIT_SECONDS
  const applied = capped ? LONGEST_WAIT_SECONDS : fallback
  if (!warned.has(name)) {
    const why = capped
      ? `is longer than the longest wait the action can time (${LONGEST_WAIT_SECONDS} s, about 24 days)`
      : 'is not a number of seconds above 0'
    core.warning(`${name}=${text} ${why}: ${applied} s applies.`)
  }
  warned.add(name)
  return applied
}
