import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Job, StepResult } from './runner'
import { REPO_ROOT } from './runner'
import { commandMessages } from './toolkit-script'

export const FIXTURES = path.join(REPO_ROOT, '__tests__', 'fixtures')

/** A fresh copy of a fixture project, as actions/checkout would leave it, inside the job's directory. */
export function checkout(job: Job, fixture: string, name = 'workspace'): string {
  const workspace = path.join(job.root, name)
  fs.rmSync(workspace, { recursive: true, force: true })
  fs.cpSync(path.join(FIXTURES, fixture), workspace, { recursive: true })
  return workspace
}

/** Fails the test with the end of the action's log, which says why, when the step failed. */
export function expectSuccess(result: StepResult): void {
  if (result.exitCode !== 0) {
    throw new Error(`the action failed (exit ${result.exitCode}); its log ends:\n${result.log.split('\n').slice(-60).join('\n')}`)
  }
}

/** The log lines of one stage's group; empty when the stage did not run. */
export function groupLog(result: StepResult, stage: string): string {
  const start = result.log.indexOf(`::group::${stage}\n`)
  if (start < 0) return ''
  return result.log.slice(start, result.log.indexOf('::endgroup::', start))
}

/** The summary's row of one stage, as it reads once rendered: "| ✅ | Merge | … | 0.1 s |". */
export function stageRow(result: StepResult, stage: string): string {
  const row = result.summary.split('\n').find(line => line.includes(`| ${stage} |`))
  return row === undefined ? `(no ${stage} row)` : readable(row)
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&#58;': ':', '&#46;': '.', '&#64;': '@', '&amp;': '&' }

/** Summary text with the escapes the action adds for Markdown and HTML undone (a cell's \| stays, as it divides nothing). */
export function readable(markdown: string): string {
  return markdown.replace(/\\([\\`*_[\]~!])/g, '$1').replace(/&(?:lt|gt|#58|#46|#64|amp);/g, entity => ENTITIES[entity])
}

/** The warnings the action gave, each decoded from the workflow command's escapes. */
export function warningList(result: StepResult): string[] {
  return commandMessages(result.log, 'warning')
}

/** The warnings the action gave, one a line. */
export function warnings(result: StepResult): string {
  return warningList(result).join('\n')
}

/** The error the action reported with core.setFailed. */
export function failureMessage(result: StepResult): string {
  return commandMessages(result.log, 'error').join('\n')
}

/** The action's work directory for one step (RUNNER_TEMP/pgo-action/<step>). */
export function stepWorkDir(job: Job, stepId = '__self'): string {
  return path.join(job.runnerTemp, 'pgo-action', stepId)
}

/** Where a Go optimized build reads a profile: a file named by its hash, shared by the job's steps. */
export function goProfilePath(job: Job, profileHash: string): string {
  return path.join(job.runnerTemp, 'pgo-action', '+shared', 'go-profiles', `pgo-${profileHash.slice(0, 16)}.pprof`)
}
