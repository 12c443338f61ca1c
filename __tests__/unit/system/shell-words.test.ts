import { quoteForGoFlags, quoteForShell, shellCommands, splitShellWords } from '../../../src/system/shell-words'

describe('words for a shell', () => {
  test("plain words stay as they are; anything else is single-quoted, a single quote written as '\\''", () => {
    expect(quoteForShell('-fprofile-use=/tmp/run/merged.profdata')).toBe('-fprofile-use=/tmp/run/merged.profdata')
    expect(quoteForShell('-fprofile-use=/tmp/my run/p.profdata')).toBe("'-fprofile-use=/tmp/my run/p.profdata'")
    expect(quoteForShell("p;`touch x`'s.profdata")).toBe("'p;`touch x`'\\''s.profdata'")
  })

  test('a quoted word read back by the splitter is the word again', () => {
    for (const word of ['/opt/my llvm/bin/clang', "it's", 'a"b', 'p;`touch x`.profdata', '$(nope)', 'back\\slash']) {
      expect(splitShellWords(`${quoteForShell(word)} -O2`)).toEqual([word, '-O2'])
    }
  })

  test("the user's CC: quotes, backslashes and runs of blanks, as a shell splits them", () => {
    expect(splitShellWords('ccache  "/opt/my llvm/bin/clang" --target=x86_64')).toEqual([
      'ccache',
      '/opt/my llvm/bin/clang',
      '--target=x86_64'
    ])
    expect(splitShellWords('clang-22 -DNAME=\'a b\' -DX="q\\"q"')).toEqual(['clang-22', '-DNAME=a b', '-DX=q"q'])
    expect(splitShellWords('/opt/my\\ llvm/clang')).toEqual(['/opt/my llvm/clang'])
    expect(splitShellWords('   ')).toEqual([])
  })
})

describe('commands as the shell splits a line', () => {
  test('at line breaks and at ; | & ( ), even against a word', () => {
    expect(shellCommands('(cd app && cargo build --release);echo built|tee log&\nstrip x')).toEqual([
      ['cd', 'app'],
      ['cargo', 'build', '--release'],
      ['echo', 'built'],
      ['tee', 'log'],
      ['strip', 'x']
    ])
  })

  test("a quoted operator is a word's; a redirection's & and | stay in their word", () => {
    expect(shellCommands('echo \';\' "a|b" c\\&d')).toEqual([['echo', ';', 'a|b', 'c&d']])
    expect(shellCommands('make 2>&1 &>log >|out <&3')).toEqual([['make', '2>&1', '&>log', '>|out', '<&3']])
  })
})

describe('words for GOFLAGS', () => {
  test('Go unquotes single or double quotes, without escapes', () => {
    expect(quoteForGoFlags('-pgo=/tmp/run/merged.pprof')).toBe('-pgo=/tmp/run/merged.pprof')
    expect(quoteForGoFlags('-pgo=/tmp/my run/merged.pprof')).toBe("'-pgo=/tmp/my run/merged.pprof'")
    expect(quoteForGoFlags("-pgo=/tmp/it's/merged.pprof")).toBe('"-pgo=/tmp/it\'s/merged.pprof"')
    expect(quoteForGoFlags('-pgo=/tmp/\'a"/merged.pprof')).toBeUndefined()
  })
})
