import { shellCommands, splitShellWords } from '../system/shell-words'
import type { BuildSettings, Setting } from './settings'

// clang's -O level and -flto, as far as the step shows them before any
// build: CC, CXX, CFLAGS, CXXFLAGS and LDFLAGS, and the build command
// (a cmake -DCMAKE_BUILD_TYPE, or flags given on it). A Makefile or a
// CMakeLists.txt can choose its own; then the log says they are not shown.

export interface ClangSettingsQuery {
  build: string
  env: NodeJS.ProcessEnv
}

/** CMake's flags for each build type (CMAKE_<LANG>_FLAGS_<TYPE> with clang); Debug adds no -O, so clang's -O0 holds. */
const CMAKE_BUILD_TYPES: Record<string, string> = { release: '-O3', relwithdebinfo: '-O2', minsizerel: '-Os', debug: '-O0' }

const PLACES = ['CC', 'CXX', 'CFLAGS', 'CXXFLAGS', 'LDFLAGS'] as const

export function readClangSettings(query: ClangSettingsQuery): BuildSettings {
  let optimization: Setting | undefined
  let lto: Setting | undefined
  const look = (words: string[], source: string): void => {
    for (const word of words) {
      if (/^-O([0-3sz]|fast|g)?$/.test(word)) optimization = { name: 'optimization', value: word, source }
      if (/^-f(no-)?lto(=.*)?$/.test(word)) lto = { name: 'LTO', value: word, source }
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
    scope: 'clang',
    settings,
    notes: unseen.length
      ? [
          `  ${unseen.join(' and ')}: not set where the action can see it (CC, CFLAGS, CXXFLAGS, LDFLAGS, the build command); the build's own files may set it.`
        ]
      : [],
    defeating:
      optimization?.value === '-O0'
        ? [
            {
              setting: optimization,
              why: 'at -O0 clang inlines nothing and keeps every block where it is, which is what a profile guides',
              fix: 'build with -O2 or -O3 (CMake: -DCMAKE_BUILD_TYPE=Release)'
            }
          ]
        : [],
    amplifying: {
      cannot:
        "a clang LTO variant needs -flto when compiling and linking, and a linker that reads LLVM bitcode (lld, or the gold plugin): the action does not change a C or C++ build's link step"
    }
  }
}
