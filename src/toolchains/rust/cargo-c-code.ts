import { ActionError } from '../../system/errors'
import { runTool } from '../../system/exec'
import { which } from '../../platform/which'
import { parseTriple } from '../../targets/triples'
import { ccCompilerVariables } from '../../llvm/cc-crate'

// C code a crate compiles through the cc crate, for a target other than
// the host: cc runs <prefix>-gcc, the prefix taken from CROSS_COMPILE, from
// a linker named <prefix>-gcc, or from its own table of targets, unless a
// CC variable names the compiler. Where that gcc is missing the build
// fails inside the crate's build script, under dozens of lines of its
// output: the action checks first, and names it.

/** The prefixes cc looks for on PATH for a target, most likely first (cc 1.x's table, for the targets releases ship). */
const CC_PREFIXES: Record<string, string[]> = {
  'x86_64-unknown-linux-musl': ['x86_64-linux-musl', 'musl'],
  'i686-unknown-linux-musl': ['musl'],
  'i586-unknown-linux-musl': ['musl'],
  'aarch64-unknown-linux-musl': ['aarch64-linux-musl'],
  'x86_64-unknown-linux-gnu': ['x86_64-linux-gnu'],
  'i686-unknown-linux-gnu': ['i686-linux-gnu', 'x86_64-linux-gnu'],
  'aarch64-unknown-linux-gnu': ['aarch64-linux-gnu'],
  'armv7-unknown-linux-gnueabihf': ['arm-linux-gnueabihf'],
  'riscv64gc-unknown-linux-gnu': ['riscv64-linux-gnu'],
  'powerpc64le-unknown-linux-gnu': ['powerpc64le-linux-gnu'],
  's390x-unknown-linux-gnu': ['s390x-linux-gnu']
}

/** The C compiler cc would run for a target, and why; undefined when a variable names it or cc has no prefix for the target. */
export interface CcTargetCompiler {
  /** What cc looks for on PATH, in its order. */
  candidates: string[]
  why: string
  /** Whether cc took it from its own table, so that a package can be named: not when CROSS_COMPILE or the linker chose it. */
  fromTable: boolean
}

export function ccTargetCompiler(
  triple: string,
  host: string,
  env: NodeJS.ProcessEnv,
  linker: string | undefined
): CcTargetCompiler | undefined {
  if (triple === host) return undefined
  if (ccCompilerVariables(triple, host).some(name => env[name]?.trim())) return undefined
  const crossCompile = env.CROSS_COMPILE?.trim()
  if (crossCompile) return only(`${crossCompile.replace(/-+$/, '')}-gcc`, `CROSS_COMPILE is ${crossCompile}`)
  const linkerPrefix = linker && /^(.+)-gcc$/.exec(linker.split('/').pop() ?? '')?.[1]
  if (linkerPrefix) return only(`${linkerPrefix}-gcc`, `the linker for ${triple} is ${linker}`)
  const prefixes = CC_PREFIXES[triple]
  if (!prefixes) return undefined
  const candidates = prefixes.map(prefix => `${prefix}-gcc`)
  return { candidates, why: `cc's compiler for ${triple}`, fromTable: true }
}

function only(command: string, why: string): CcTargetCompiler {
  return { candidates: [command], why, fromTable: false }
}

interface ResolveJson {
  packages: Array<{ id: string; name: string }>
  workspace_members: string[]
  resolve: { nodes: Array<{ id: string; deps: Array<{ pkg: string; dep_kinds: Array<{ kind: string | null }> }> }> } | null
}

/**
 * The packages a build for the target compiles that use cc in their build
 * script: reached from the workspace through normal dependencies (a build
 * dependency's own build script compiles for the host), for that platform.
 */
export function cratesCompilingC(metadata: ResolveJson): string[] {
  const names = new Map(metadata.packages.map(pkg => [pkg.id, pkg.name]))
  const nodes = new Map((metadata.resolve?.nodes ?? []).map(node => [node.id, node]))
  const seen = new Set<string>()
  const queue = [...metadata.workspace_members]
  const compiling: string[] = []
  while (queue.length > 0) {
    const id = queue.shift() as string
    if (seen.has(id)) continue
    seen.add(id)
    const node = nodes.get(id)
    if (!node) continue
    const kinds = (dep: (typeof node.deps)[number]) => dep.dep_kinds.map(kind => kind.kind)
    if (node.deps.some(dep => names.get(dep.pkg) === 'cc' && kinds(dep).includes('build'))) compiling.push(names.get(id) ?? id)
    for (const dep of node.deps) if (kinds(dep).includes(null)) queue.push(dep.pkg)
  }
  return compiling.sort()
}

/**
 * Fails before any build when a crate the target builds compiles C through
 * cc and cc's compiler for the target is not on PATH. Only asks cargo for
 * the target's dependency graph (which fetches the crates the build would)
 * when that compiler is missing and Cargo.lock holds cc.
 */
export async function checkCcTargetCompiler(request: {
  triple: string
  host: string
  env: NodeJS.ProcessEnv
  linker: string | undefined
  lockHasCc: boolean
  cwd: string
}): Promise<void> {
  const { triple, host, env, cwd } = request
  const compiler = request.lockHasCc ? ccTargetCompiler(triple, host, env, request.linker) : undefined
  if (!compiler || compiler.candidates.some(candidate => which(candidate, env.PATH))) return
  const crates = await readCratesCompilingC(triple, env, cwd)
  if (crates.length === 0) return
  throw new ActionError(
    `${crates.join(', ')} ${crates.length === 1 ? 'compiles' : 'compile'} C for ${triple} through the cc crate, which runs ${compiler.candidates.join(' or ')} (${compiler.why}), ` +
      `and ${compiler.candidates.length === 1 ? 'it is not' : 'none is'} on PATH: ${compiler.fromTable ? installAdvice(triple, host) : ''}set CC_${triple.replace(/-/g, '_')} to a C compiler for ${triple}.`
  )
}

async function readCratesCompilingC(triple: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string[]> {
  const args = ['metadata', '--format-version', '1', '--filter-platform', triple]
  const metadata = await runTool('cargo', args, {
    cwd,
    env,
    what: `Reading which crates compile C for ${triple}`,
    quiet: true,
    capture: true
  })
    .then(({ stdout }) => JSON.parse(stdout) as ResolveJson)
    // cargo's own error will come from the build, in its words.
    .catch(() => undefined)
  return metadata ? cratesCompilingC(metadata) : []
}

/** The Debian/Ubuntu package that gives cc's compiler for the target, where there is one. */
function installAdvice(triple: string, host: string): string {
  const target = parseTriple(triple)
  if (target.musl) return target.cpu === parseTriple(host).cpu ? 'install musl-tools (Debian and Ubuntu: it gives musl-gcc), or ' : ''
  return target.architecture ? `install ${target.architecture.crossCompilerPackage} (Debian and Ubuntu), or ` : ''
}
