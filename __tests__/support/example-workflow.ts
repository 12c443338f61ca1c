import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { REPO_ROOT } from './runner'

export const EXAMPLE_WORKFLOW = path.join(REPO_ROOT, '.github', 'workflows', 'example.yml')

interface Workflow {
  jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string | number | boolean> }> }>
}

/** The `with:` inputs of the example workflow's `uses: ./` step, as strings. */
export function exampleStepInputs(): Record<string, string> {
  const workflow = parseYaml(fs.readFileSync(EXAMPLE_WORKFLOW, 'utf8')) as Workflow
  const step = Object.values(workflow.jobs)
    .flatMap(job => job.steps)
    .find(candidate => candidate.uses === './')
  if (!step) throw new Error(`${EXAMPLE_WORKFLOW} has no step that uses ./`)
  return Object.fromEntries(Object.entries(step.with ?? {}).map(([name, value]) => [name, String(value)]))
}
