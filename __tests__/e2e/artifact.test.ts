// upload-artifact through dist/ and the real @actions/artifact against the local artifact service.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { LocalActionsServices } from '../support/actions-services'
import { createJob, runStep } from '../support/runner'
import { runToolkitScript } from '../support/toolkit-script'
import { sha256 } from '../support/tools'
import { checkout, expectSuccess, readable } from '../support/workspace'

describe('upload-artifact', () => {
  let services: LocalActionsServices
  beforeEach(async () => {
    services = await LocalActionsServices.start()
  })
  afterEach(() => services.stop())

  test('uploads the optimized programs, the profile and its fit baseline; downloaded back, they are the same bytes, and the profile brings its baseline along', async () => {
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({
      job,
      workspace,
      env: services.env(),
      inputs: { workload: 'hotloop 10', 'upload-artifact': 'hotloop-pgo' }
    })
    expectSuccess(result)
    const id = Number(result.outputs['artifact-id'])
    expect(id).toBeGreaterThan(0)
    expect(services.artifacts().map(artifact => [artifact.id, artifact.name])).toEqual([[id, 'hotloop-pgo']])
    expect(result.summary).toMatch(new RegExp(`### Artifact\\n\\n\`hotloop-pgo\` \\(id ${id}\\): 3 files`))

    const downloads = path.join(job.root, 'downloads')
    fs.mkdirSync(downloads)
    const download = await runToolkitScript<{ downloadPath: string }>(
      'artifact',
      `return await artifact.downloadArtifact(${id}, { path: path.join(workspace, 'hotloop-pgo') })`,
      {
        cwd: downloads,
        scratchDir: job.root,
        env: { PATH: process.env.PATH ?? '', HOME: job.root, GITHUB_WORKSPACE: downloads, ...services.env() }
      }
    )
    expect(download.thrown).toBeUndefined()
    const unpacked = path.join(downloads, 'hotloop-pgo')
    expect(fs.readdirSync(unpacked).sort()).toEqual(['hotloop', 'merged.profdata', 'merged.profdata.baseline.json'])
    expect(sha256(path.join(unpacked, 'hotloop'))).toBe(sha256(result.outputs.binaries))
    expect(sha256(path.join(unpacked, 'merged.profdata'))).toBe(result.outputs['profile-hash'])

    // The downloaded profile, given as the profile input, finds its baseline beside it.
    const reused = await runStep({
      job,
      workspace: checkout(job, 'rust-hot'),
      inputs: { profile: path.join(unpacked, 'merged.profdata'), cache: 'false' }
    })
    expectSuccess(reused)
    expect(reused.log).toContain('The profile came with its fit baseline')
    expect(readable(reused.summary)).toMatch(
      /Counted for staleness \| 0 functions without profile data, 0 changed, leaving out 0 functions the profile's own build already lacked \(its baseline\)/
    )
  })

  test('a failed upload is a warning; the programs are built and the step succeeds', async () => {
    services.setFault('down')
    const job = createJob()
    const workspace = checkout(job, 'rust-hot')
    const result = await runStep({
      job,
      workspace,
      env: services.env(),
      inputs: { workload: 'hotloop 10', cache: 'false', 'upload-artifact': 'hotloop-pgo' }
    })
    expectSuccess(result)
    expect(result.log).toContain('::warning::Could not upload the artifact hotloop-pgo')
    expect(result.summary).toMatch(/\| ⚠️ \| Upload \| not uploaded: /)
    expect(result.outputs['artifact-id']).toBeUndefined()
    expect(fs.existsSync(result.outputs.binaries)).toBe(true)
  })
})
