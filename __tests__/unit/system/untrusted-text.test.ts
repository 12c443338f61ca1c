import { CommandOutput, neutralize, printable } from '../../../src/system/untrusted-text'
import { foreignCommands } from '../../support/workflow-commands'

describe('neutralize', () => {
  test.each([
    ['::warning::x', '\\::warning::x'],
    ['   ::stop-commands::t', '\\   ::stop-commands::t'],
    ['\u200b::error::x', '\\\u200b::error::x'],
    [':\u00ad:error::x', '\\:\u00ad:error::x'],
    ['text ##[warning]x', 'text ##\\[warning]x'],
    ['#\u200b#[error]x and ##[group]y', '#\u200b#\\[error]x and ##\\[group]y']
  ])('%j is made harmless', (line, expected) => {
    expect(neutralize(line)).toBe(expected)
    expect(foreignCommands(neutralize(line))).toEqual([])
  })

  test('every line is looked at, at \\r as the runner splits too, and the breaks are kept', () => {
    const text = 'ok\r::warning::a\r\n  ::error::b\nlast ::x:: stays'
    expect(neutralize(text)).toBe('ok\r\\::warning::a\r\n\\  ::error::b\nlast ::x:: stays')
  })

  test('a line that is no command is left byte for byte', () => {
    for (const line of ['a::b::c', 'C::f(int)', '# heading', 'x ## y [z]', '']) expect(neutralize(line)).toBe(line)
  })
})

describe('CommandOutput', () => {
  test('holds an unfinished line until its end, so a marker split across chunks is still caught', () => {
    const output = new CommandOutput()
    expect(output.push(Buffer.from('build ok\n:'))).toBe('build ok\n')
    expect(output.push(Buffer.from(':warning::x\nmore'))).toBe('\\::warning::x\n')
    expect(output.end()).toBe('more\n')
    expect(output.end()).toBe('')
  })

  test('keeps a UTF-8 character split across chunks whole', () => {
    const output = new CommandOutput()
    const bytes = Buffer.from('é\n')
    expect(output.push(bytes.subarray(0, 1)) + output.push(bytes.subarray(1))).toBe('é\n')
  })

  test('breaks a line longer than it holds, so memory stays bounded', () => {
    const output = new CommandOutput()
    const text = output.push(Buffer.from('x'.repeat(70 * 1024)))
    expect(text.endsWith('\n')).toBe(true)
    expect(output.end()).toBe('')
  })
})

test('CommandOutput leaves out the lines it is told to, with the one blank line after each', () => {
  const output = new CommandOutput(line => !line.startsWith('warning: x: no profile data'))
  const text = 'Compiling a\nwarning: x: no profile data available for function f\n\nwarning: x: no profile data'
  expect(output.push(Buffer.from(text)) + output.push(Buffer.from(' available for function g\n\n\nwarning: 2 warnings emitted\n'))).toBe(
    'Compiling a\n\nwarning: 2 warnings emitted\n'
  )
})

test('printable writes control characters as escapes', () => {
  expect(printable('a\nb\rc\td\u0001e')).toBe('a\\nb\\rc\\td\\u0001e')
})
