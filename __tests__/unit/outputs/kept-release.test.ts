import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { keepRelease, putReleaseBack, ReleaseLost } from '../../../src/outputs/kept-release'

function release() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-kept-'))
  const program = path.join(root, 'target', 'release', 'tool')
  fs.mkdirSync(path.dirname(program), { recursive: true })
  fs.writeFileSync(program, 'optimized', { mode: 0o755 })
  return { root, program, kept: path.join(root, 'kept') }
}

test('a release whose directory a build removed comes back with its directories, its bytes and its mode, and says so', async () => {
  const { root, program, kept } = release()
  const keeping = await keepRelease([program], kept)
  fs.rmSync(path.join(root, 'target'), { recursive: true })
  expect(await putReleaseBack(keeping, "The variant's build")).toBe(
    `The variant's build removed ${program}: the optimized build's file is back in place from the action's copies, byte for byte (sha256 checked).`
  )
  expect(fs.readFileSync(program, 'utf8')).toBe('optimized')
  expect(fs.statSync(program).mode & 0o777).toBe(0o755)
  expect(await putReleaseBack(keeping, "The variant's build")).toBeUndefined()
})

test('a release written over is put back; one that cannot be is ReleaseLost, naming the copy', async () => {
  const { program, kept } = release()
  const keeping = await keepRelease([program], kept)
  fs.writeFileSync(program, 'variant')
  expect(await putReleaseBack(keeping, "The variant's benchmark")).toMatch(/^The variant's benchmark wrote over /)
  expect(fs.readFileSync(program, 'utf8')).toBe('optimized')
  fs.rmSync(program)
  fs.mkdirSync(program)
  fs.writeFileSync(path.join(program, 'x'), '')
  const lost = putReleaseBack(keeping, "The variant's build")
  await expect(lost).rejects.toBeInstanceOf(ReleaseLost)
  await expect(putReleaseBack(keeping, "The variant's build")).rejects.toThrow(`is at ${path.join(kept, '0', 'tool')} until the job ends.`)
})
