// The ELF facts of files a build wrote, and the functions an ELF, Mach-O or
// PE program defines. A file the action does not read (not a regular file,
// or malformed: elf.ts) is set aside with a warning that names it and the
// format it was read as, and reads as a file that is not a program.
import * as core from '../system/log'
import { UntrustedFileError } from '../system/untrusted-file'
import { parseElf, parseElfComment, withReader, type ByteReader, type ElfInfo } from './elf'
import { parseFunctionNames } from './symbols'
import { isMachO, parseMachOFunctionNames } from './macho'
import { isPe, parsePeFunctionNames } from './pe'

function readOrSetAside<T>(
  file: string,
  parse: (read: ByteReader) => T,
  formatOf: (read: ByteReader) => string = () => 'ELF'
): T | undefined {
  try {
    return withReader(file, parse, formatOf)
  } catch (error) {
    if (!(error instanceof UntrustedFileError)) throw error
    core.warning(`The action does not read ${file}: it ${error.reason}.`)
    return undefined
  }
}

type ProgramFormat = 'ELF' | 'Mach-O' | 'PE'

/** The object format a program's first bytes name; anything else is read as ELF, which says undefined for it. */
function programFormat(read: ByteReader): ProgramFormat {
  return isMachO(read) ? 'Mach-O' : isPe(read) ? 'PE' : 'ELF'
}

const FUNCTION_READERS: Record<ProgramFormat, (read: ByteReader) => Set<string> | undefined> = {
  ELF: parseFunctionNames,
  'Mach-O': parseMachOFunctionNames,
  PE: parsePeFunctionNames
}

/** The ELF facts of a file, or undefined when it is not an ELF file. */
export function readElf(file: string): ElfInfo | undefined {
  return readOrSetAside(file, parseElf)
}

/** The lines of a program's .comment section (parseElfComment), or undefined when it is not ELF. */
export function readElfComment(file: string): string[] | undefined {
  return readOrSetAside(file, parseElfComment)
}

/** The functions a program defines (ELF's parseFunctionNames, Mach-O's or PE's): undefined when it is none of them or has no symbol table. */
export function readFunctionNames(file: string): Set<string> | undefined {
  return readOrSetAside(file, read => FUNCTION_READERS[programFormat(read)](read), programFormat)
}
