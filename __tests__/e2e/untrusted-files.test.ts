// Files a pull request's build writes, read with bounds, through dist/: ELF
// programs whose section headers claim more than the file holds are set
// aside with a warning that names them, never a huge allocation or a raw
// Node error.
import * as path from 'node:path'
import { createJob, REPO_ROOT, runStep } from '../support/runner'
import { checkout, expectSuccess, warningList } from '../support/workspace'

const CRAFT = path.join(REPO_ROOT, '__tests__', 'support', 'craft-elf.py')

describe('an optimized program with crafted section headers counts as having no symbol table', () => {
  test.each([
    ['many-sections', /it claims 2097152 section headers, more than the 262144 the action reads/],
    ['huge-names', /it claims a section name table of 140737488355327 bytes/],
    ['short-entries', /it claims section headers of 8 bytes, where an ELF64 one has 64/],
    ['offset-past-2-53', /it claims an offset of 9223372036854776000/]
  ])('%s', async (variant, claim) => {
    const job = createJob()
    const workspace = checkout(job, 'c-make')
    const result = await runStep({ job, workspace, inputs: { build: `make && python3 ${CRAFT} textstat ${variant}`, binaries: 'textstat', workload: 'textstat 20', cache: 'false' } })
    expectSuccess(result)
    const warning = warningList(result).find(line => line.startsWith(`The action does not read ${path.join(workspace, 'textstat')} as ELF: it is not a well-formed ELF file: `))
    expect(warning).toMatch(claim)
    expect(result.log).toContain('textstat: its symbols do not tell whether a workload ran it (counted as trained) (no symbol table)')
  })
})
