import { shellCommands, splitShellWords } from '../system/shell-words'
import type { BuildSettings, Setting } from './settings'

// A C or C++ build's -O level and -flto (clang's or GCC's), and profile
// flags of the user's own, as far as the step shows them before any
// build: CC, CXX, CFLAGS, CXXFLAGS and LDFLAGS, and the build command
// (a cmake -DCMAKE_BUILD_TYPE, or flags given on it). A Makefile or a
// CMakeLists.txt can choose its own; then the log says they are not shown.

export interface CSettingsQuery {
  build: string
  env: NodeJS.ProcessEnv
  compiler: 'clang' | 'gcc'
}

/** CMake's flags for each build type (CMAKE_<LANG>_FLAGS_<TYPE> with clang and GCC); Debug adds no -O, so the compiler's -O0 holds. */
const CMAKE_BUILD_TYPES: Record<string, string> = { release: '-O3', relwithdebinfo: '-O2', minsizerel: '-Os', debug: '-O0' }

/** Why advice: measure builds no LTO variant of a C or C++ build. */
const LTO_VARIANT_CANNOT = {
  clang:
    "a clang LTO variant needs -flto when compiling and linking, and a linker that reads LLVM bitcode (lld, or the gold plugin): the action does not change a C or C++ build's link step",
  gcc: "a GCC LTO variant needs -flto when compiling and linking (and gcc-ar for static archives): the action does not change a C or C++ build's link step"
}

const PLACES = ['CC', 'CXX', 'CFLAGS', 'CXXFLAGS', 'LDFLAGS'] as const

export function readCSettings(query: CSettingsQuery): BuildSettings {
  let optimization: Setting | undefined
  let lto: Setting | undefined
  let profile: Setting | undefined
  const look = (words: string[], source: string): void => {
    for (const word of words) {
      if (/^-O([0-3sz]|fast|g)?$/.test(word)) optimization = { name: 'optimization', value: word, source }
      if (/^-f(no-)?lto(=.*)?$/.test(word)) lto = { name: 'LTO', value: word, source }
      if (/^-f(profile-(generate|use|instr-generate|instr-use|sample-use)|auto-profile|branch-probabilities)(=.*)?$/.test(word))
        profile = { name: 'profile flag', value: word, source }
      const cmake = /^-DCMAKE_BUILD_TYPE(?::STRING)?=(.+)$/.exec(word)?.[1]
      if (cmake && CMAKE_BUILD_TYPES[cmake.toLowerCase()])
        optimization = { name: 'optimization', value: CMAKE_BUILD_TYPES[cmake.toLowerCase()], source: `CMAKE_BUILD_TYPE=${cmake} in build` }
    }
  }
  for (const place of PLACES) look(splitShellWords(query.env[place] ?? ''), place)
  look(shellCommands(query.build).flat(), 'build')
  const settings = [optimization, lto].filter((setting): setting is Setting => setting !== undefined)
  const unseen = [optimization ? undefined : '-O', lto ? undefined : '-flto'].filter(Boolean)
  return {
    scope: query.compiler,
    settings,
    notes: unseen.length
      ? [
          `  ${unseen.join(' and ')}: not set where the action can see it (CC, CFLAGS, CXXFLAGS, LDFLAGS, the build command); the build's own files may set it.`
        ]
      : [],
    defeating: [
      ...(optimization?.value === '-O0'
        ? [
            {
              setting: optimization,
              why: `at -O0 ${query.compiler} inlines nothing and keeps every block where it is, which is what a profile guides`,
              fix: 'build with -O2 or -O3 (CMake: -DCMAKE_BUILD_TYPE=Release)'
            }
          ]
        : []),
      ...(profile
        ? [
            {
              setting: profile,
              why: 'the action adds its own profile flags to each build, and a profile flag of yours would instrument the optimized build or feed it another profile',
              fix: `remove ${profile.value} from ${profile.source}`
            }
          ]
        : [])
    ],
    amplifying: { cannot: LTO_VARIANT_CANNOT[query.compiler] }
  }
}
