// clang links -fprofile-generate programs with compiler-rt's profile
// runtime for the target, and Debian ships only the machine's own. rustup's
// aarch64 standard library carries the same runtime, built by the Rust
// project from compiler-rt (profiler_builtins): a copy of clang's resource
// directory with that runtime in it lets clang build instrumented aarch64
// programs here, as a runner with the target's libclang-rt package would.
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'

/** A clang resource directory (for -resource-dir) that holds the aarch64 profile runtime. */
export function aarch64ResourceDir(clang: string, dir: string): string {
  const resourceDir = path.join(dir, 'clang-resource')
  if (fs.existsSync(resourceDir)) return resourceDir
  const original = execFileSync(clang, ['-print-resource-dir'], { encoding: 'utf8' }).trim()
  fs.cpSync(path.join(original, 'include'), path.join(resourceDir, 'include'), { recursive: true })
  const sysroot = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8' }).trim()
  const libDir = path.join(sysroot, 'lib', 'rustlib', 'aarch64-unknown-linux-gnu', 'lib')
  const rlib = fs.readdirSync(libDir).find(name => /^libprofiler_builtins-.*\.rlib$/.test(name))
  if (!rlib)
    throw new Error(
      `rustup's aarch64 standard library in ${libDir} has no profiler_builtins: run rustup target add aarch64-unknown-linux-gnu`
    )
  const objects = path.join(dir, 'profile-runtime-objects')
  fs.mkdirSync(objects, { recursive: true })
  execFileSync('ar', ['x', path.join(libDir, rlib)], { cwd: objects })
  // The archive's Rust parts (its metadata and the crate's own object) are not compiler-rt's.
  const runtime = fs.readdirSync(objects).filter(name => name.endsWith('.o') && !name.startsWith('profiler_builtins-'))
  const lib = path.join(resourceDir, 'lib', 'aarch64-unknown-linux-gnu')
  fs.mkdirSync(lib, { recursive: true })
  execFileSync('ar', ['rcs', path.join(lib, 'libclang_rt.profile.a'), ...runtime], { cwd: objects })
  return resourceDir
}
