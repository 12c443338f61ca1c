import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { watchWheels } from '../../../src/libraries/wheels'

describe('the wheels a build wrote', () => {
  test('a wheel-making build: the wheels it wrote or rewrote, not those it left', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-wheels-'))
    fs.mkdirSync(path.join(dir, 'dist'))
    fs.writeFileSync(path.join(dir, 'dist', 'old-0.1-py3-none-any.whl'), 'old')
    fs.writeFileSync(path.join(dir, 'dist', 'mod-0.1-cp311-linux_x86_64.whl'), 'before')
    const watch = watchWheels('maturin build --release --out dist', dir, [])
    fs.writeFileSync(path.join(dir, 'dist', 'mod-0.1-cp311-linux_x86_64.whl'), 'rebuilt')
    fs.mkdirSync(path.join(dir, 'target', 'wheels'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'target', 'wheels', 'new-0.1-cp311-linux_x86_64.whl'), 'new')
    expect(watch.written()).toEqual([
      path.join(dir, 'dist', 'mod-0.1-cp311-linux_x86_64.whl'),
      path.join(dir, 'target', 'wheels', 'new-0.1-cp311-linux_x86_64.whl')
    ])
  })

  test('pip wheel and python -m build make wheels; cargo build is not looked at', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-wheels-'))
    for (const build of ['pip wheel . -w dist', 'python -m build --wheel']) {
      const watch = watchWheels(build, dir, [])
      fs.writeFileSync(path.join(dir, `${build.length}.whl`), 'x')
      expect(watch.written()).toEqual([path.join(dir, `${build.length}.whl`)])
    }
    const cargo = watchWheels('cargo build --release', dir, [])
    fs.writeFileSync(path.join(dir, 'late.whl'), 'x')
    expect(cargo.written()).toEqual([])
  })

  test("pip wheel through maturin's backend: the copy left in target/wheels is dropped for the one pip wrote last", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgo-wheels-'))
    const name = 'jiter-0.19.0-cp311-cp311-linux_x86_64.whl'
    const watch = watchWheels('pip wheel --no-deps -w dist .', dir, [])
    fs.mkdirSync(path.join(dir, 'target', 'wheels'), { recursive: true })
    fs.mkdirSync(path.join(dir, 'dist'))
    fs.writeFileSync(path.join(dir, 'target', 'wheels', name), 'module')
    fs.writeFileSync(path.join(dir, 'dist', name), 'module')
    // Written a second later, as pip moves the wheel after the backend returns.
    const later = new Date(Date.now() + 1000)
    fs.utimesSync(path.join(dir, 'dist', name), later, later)
    expect(watch.written()).toEqual([path.join(dir, 'dist', name)])
  })
})
