// The README's main job (Developing pgo-action): runs the `uses: ./` step of
// .github/workflows/example.yml through the runner harness, on this checkout,
// with the workflow's own inputs and local stand-ins for the cache and
// artifact services, then prints the job summary and outputs.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { EXAMPLE_WORKFLOW, exampleStepInputs } from '../__tests__/support/example-workflow'
import { LocalActionsServices } from '../__tests__/support/actions-services'
import { createJob, REPO_ROOT, runStep } from '../__tests__/support/runner'

async function main(): Promise<void> {
  const inputs = exampleStepInputs()
  console.log(`Running the action (dist/index.js) on this checkout with the inputs of ${path.relative(REPO_ROOT, EXAMPLE_WORKFLOW)}\n`)
  const job = createJob('pgo-example-')
  const services = await LocalActionsServices.start()
  const result = await runStep({ job, workspace: REPO_ROOT, inputs, env: services.env(), stream: true }).finally(() => services.stop())

  console.log('\n======== Job summary ========\n')
  console.log(result.summary)
  console.log('======== Outputs ========\n')
  for (const [name, value] of Object.entries(result.outputs)) console.log(`${name}: ${value.replace(/\n/g, '\n  ')}`)
  console.log(`\nThe step ${result.exitCode === 0 ? 'succeeded' : 'failed'} in ${result.seconds.toFixed(1)} s.`)
  fs.rmSync(job.root, { recursive: true, force: true })
  process.exitCode = result.exitCode
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
