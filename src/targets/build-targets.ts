// The targets room: which target a build compiles for, as its command and
// environment say (this file), Go's platforms, and how a foreign target's
// programs run.
// May import: platform, system.
import { ActionError } from '../system/errors'
import { shellCommands, splitShellWords } from '../system/shell-words'

const VARIABLE = /^\$(?:\{(\w+)\}|(\w+))$/
/** A target triple (x86_64-unknown-linux-musl), or a target specification file. */
const TARGET = /^[\w.+/-]+$/

/** Programs whose --target is a Rust target: cargo and the tools that run it. */
const RUST_BUILDERS = /^(cargo|cross|maturin)$/

/**
 * The targets the build command's cargo (or cross, or maturin) names with
 * `--target`, in order and each once; [] when it names none. Another
 * program's --target (cmake --build --target) is not a Rust target. A
 * `$NAME` or `${NAME}` is read from the step's environment, as the shell
 * would; any other expansion cannot be known before the build, and is
 * refused.
 */
export function targetsInCommand(command: string, env: NodeJS.ProcessEnv): string[] {
  const targets: string[] = []
  for (const words of shellCommands(command)) {
    if (!words.some(word => RUST_BUILDERS.test(word.split('/').pop() ?? ''))) continue
    words.forEach((_, index) => {
      const given = targetAt(words, index, ['--target'])
      if (given === undefined) return
      const target = expand(given, env)
      if (!targets.includes(target)) targets.push(target)
    })
  }
  return targets
}

/** The value of a word that is all one `$NAME` or `${NAME}`, from the step's environment; undefined for any other word. */
export function expandVariable(word: string, env: NodeJS.ProcessEnv): string | undefined {
  const variable = VARIABLE.exec(word)
  const name = variable?.[1] ?? variable?.[2]
  return name ? env[name] : undefined
}

function expand(given: string, env: NodeJS.ProcessEnv): string {
  const variable = VARIABLE.exec(given)
  const name = variable?.[1] ?? variable?.[2]
  const value = name ? expandVariable(given, env) : given
  if (name && !value) {
    throw new ActionError(
      `build passes --target ${given}, and ${name} is not set in the step's environment: set it in env, or write the target in build.`
    )
  }
  if (!value || !TARGET.test(value)) {
    throw new ActionError(
      `build passes --target ${given}, which the action cannot read before the build runs: write the target itself, or a $NAME set in the step's env.`
    )
  }
  return value
}

/** The target a compiler command names (clang's --target=X, --target X or -target X), if any. */
export function targetInCompilerCommand(command: string): string | undefined {
  const words = splitShellWords(command)
  return words.map((_, index) => targetAt(words, index, ['--target', '-target'])).find(target => target !== undefined)
}

/** The target words[index] names: `<flag> X` for each of `flags`, or `--target=X`. */
function targetAt(words: string[], index: number, flags: string[]): string | undefined {
  const word = words[index]
  if (flags.includes(word)) return words[index + 1]
  return word.startsWith('--target=') ? word.slice('--target='.length) : undefined
}
