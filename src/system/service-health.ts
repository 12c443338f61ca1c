// The runner's results service (the Actions cache and artifacts) as this
// step has found it. A service that accepted a request and never answered
// will not answer the next one either: after one timeout it counts as down
// for the rest of the step, and every later call is a warning at once
// instead of another full wait.

let downBecause: string | undefined

/** Why the service counts as down, or undefined while it does not. */
export function serviceDown(): string | undefined {
  return downBecause
}

/** Records the first timeout; later calls skip the service and say why. */
export function markServiceDown(reason: string): void {
  downBecause ??= reason
}
