// The `uses: ./` steps of a workflow of this repository, as the runner would
// start them: each job expanded over its matrix, `${{ matrix.… }}` and
// `${{ strategy.job-index }}` put in, jobs in the order of their needs.
import * as fs from 'node:fs'
import { parse as parseYaml } from 'yaml'

interface WorkflowJob {
  needs?: string | string[]
  strategy?: { matrix?: Record<string, Array<string | number>> }
  steps: Array<{ uses?: string; id?: string; with?: Record<string, string | number | boolean> }>
}

export interface ActionStep {
  job: string
  /** strategy.job-index: which combination of the matrix this job is. */
  jobIndex: number
  stepId?: string
  inputs: Record<string, string>
}

export function actionSteps(workflowFile: string): ActionStep[] {
  const workflow = parseYaml(fs.readFileSync(workflowFile, 'utf8')) as { jobs: Record<string, WorkflowJob> }
  return inNeedsOrder(workflow.jobs).flatMap(([name, job]) =>
    matrixCombinations(job.strategy?.matrix).flatMap((matrix, jobIndex) =>
      job.steps
        .filter(step => step.uses === './')
        .map(step => ({
          job: name,
          jobIndex,
          stepId: step.id,
          inputs: Object.fromEntries(
            Object.entries(step.with ?? {}).map(([input, value]) => [input, substitute(String(value), matrix, jobIndex)])
          )
        }))
    )
  )
}

function inNeedsOrder(jobs: Record<string, WorkflowJob>): Array<[string, WorkflowJob]> {
  const done: Array<[string, WorkflowJob]> = []
  const needs = (job: WorkflowJob) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs])
  while (done.length < Object.keys(jobs).length) {
    const ready = Object.entries(jobs).find(
      ([name, job]) =>
        !done.some(([doneName]) => doneName === name) && needs(job).every(need => done.some(([doneName]) => doneName === need))
    )
    if (!ready) throw new Error('the jobs of the workflow need each other in a circle')
    done.push(ready)
  }
  return done
}

/** Every combination of the matrix's values, in the runner's order (the first key varies slowest). */
function matrixCombinations(matrix: Record<string, Array<string | number>> | undefined): Array<Record<string, string>> {
  let combinations: Array<Record<string, string>> = [{}]
  for (const [key, values] of Object.entries(matrix ?? {})) {
    combinations = combinations.flatMap(combination => values.map(value => ({ ...combination, [key]: String(value) })))
  }
  return combinations
}

function substitute(text: string, matrix: Record<string, string>, jobIndex: number): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (whole, name: string) => {
    if (name === 'strategy.job-index') return String(jobIndex)
    if (name.startsWith('matrix.') && name.slice('matrix.'.length) in matrix) return matrix[name.slice('matrix.'.length)]
    throw new Error(`the test harness cannot evaluate ${whole}`)
  })
}
