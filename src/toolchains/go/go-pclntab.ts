import { FileKinds, readUntrusted, UntrustedFileError } from '../../system/untrusted-file'

/**
 * The names of every function a Go program holds code of, inlined ones
 * included, read from the function name table of its pclntab: the runtime
 * keeps it for stack traces, and an inlined call's frame names its function
 * there too. The symbol table (`go tool nm`) lacks the functions the
 * compiler inlined everywhere, which are often the hottest ones a profile
 * names. Go 1.18 and later; little-endian programs (amd64, arm64, 386,
 * arm). Undefined when no table is found, for the caller to fall back.
 */
export function goFunctionNames(program: Buffer): Set<string> | undefined {
  for (const magic of PCLNTAB_MAGICS) {
    for (let at = program.indexOf(magic); at >= 0; at = program.indexOf(magic, at + 1)) {
      const names = readFunctionNames(program, at)
      if (names) return names
    }
  }
  return undefined
}

/** The pcHeader's magic, little-endian, with its two zero pad bytes: Go 1.20 and later, then 1.18 and 1.19. */
const PCLNTAB_MAGICS = [Buffer.from([0xf1, 0xff, 0xff, 0xff, 0, 0]), Buffer.from([0xf0, 0xff, 0xff, 0xff, 0, 0])]

/**
 * The function name table of the pcHeader at `at`: magic, pads, minLC,
 * ptrSize, then nfunc, nfiles, textStart, funcnameOffset, cuOffset, … one
 * pointer each. The table runs from funcnameOffset to cuOffset, names ended
 * by NUL. A header that does not hold together (bytes that only look like
 * the magic) gives undefined; so does a table without runtime.main, which
 * every Go program has.
 */
function readFunctionNames(program: Buffer, at: number): Set<string> | undefined {
  const minLC = program[at + 6]
  const ptrSize = program[at + 7]
  if (![1, 2, 4].includes(minLC) || ![4, 8].includes(ptrSize)) return undefined
  const word = (index: number): number => {
    const offset = at + 8 + index * ptrSize
    if (offset + ptrSize > program.length) return -1
    return ptrSize === 8 ? Number(program.readBigUInt64LE(offset)) : program.readUInt32LE(offset)
  }
  const funcnameOffset = word(3)
  const cuOffset = word(4)
  if (!(funcnameOffset > 0 && cuOffset > funcnameOffset && at + cuOffset <= program.length)) return undefined
  const names = new Set(
    program
      .subarray(at + funcnameOffset, at + cuOffset)
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
  )
  return names.has('runtime.main') ? names : undefined
}

/** A program's bytes to look for its pclntab in; empty, so the caller falls back, for one too large to hold or not a regular file. */
export function programInMemory(program: string): Buffer {
  try {
    return readUntrusted(program, FileKinds.programInMemory)
  } catch (error) {
    if (error instanceof UntrustedFileError) return Buffer.alloc(0)
    throw error
  }
}
