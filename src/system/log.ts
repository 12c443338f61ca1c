// The log: the only way to it (lint keeps @actions/core out of every other
// file). Every line of the action's own passes through neutralize(), so the
// names it holds cannot make it a workflow command (untrusted-text.ts says
// why). What @actions/core escapes itself (annotations, groups, outputs,
// masks) is passed through as it is.
import * as core from '@actions/core'
import { neutralize } from './untrusted-text'

export { debug, endGroup, error, getInput, notice, setFailed, setOutput, setSecret, startGroup, summary, warning } from '@actions/core'
export { writeCommandOutput } from './untrusted-text'

/** An informational line of the action's own, with whatever names it holds made harmless. */
export function info(message: string): void {
  core.info(neutralize(message))
}
