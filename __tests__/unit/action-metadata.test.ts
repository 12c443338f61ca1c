// What the Marketplace shows of the action, and what it requires of action.yml.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'

const action = parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'action.yml'), 'utf8')) as {
  name: string
  description: string
  branding: { icon: string; color: string }
}

test('a plain name of its own, a description under 125 characters, and branding', () => {
  expect(action.name).toBe('Profile-guided optimization (pgo-action)')
  expect(action.description.length).toBeLessThan(125)
  expect(action.description).toMatch(/Rust, C and C\+\+ \(clang or GCC\) and Go/)
  expect(action.branding).toEqual({ icon: 'zap', color: 'orange' })
})
