// The LLVM tools the inputs name: llvm-version, llvm-tools, llvm-mirror.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { LlvmVersionRequest } from '../config'
import { LLVM_TOOL_SOURCES, type LlvmToolSource } from '../llvm/tool-source'

export function parseLlvmVersion(value: string, problems: string[]): LlvmVersionRequest | undefined {
  if (value === '' || value === 'auto') return undefined
  const match = /^(\d+)(?:\.\d+\.\d+)?$/.exec(value)
  const major = match ? Number(match[1]) : NaN
  if (!match || major < 10 || major > 99) {
    problems.push(`llvm-version '${value}' is not an LLVM version: use auto, a major version such as 22, or a full version such as 22.1.8.`)
    return undefined
  }
  return value.includes('.') ? { major, exact: value } : { major }
}

export function parseLlvmTools(value: string, workingDirectory: string | undefined, problems: string[]): LlvmToolSource {
  const name = value || 'auto'
  if ((LLVM_TOOL_SOURCES as readonly string[]).includes(name)) {
    return { kind: name as (typeof LLVM_TOOL_SOURCES)[number] }
  }
  const directory = path.resolve(workingDirectory ?? '.', name)
  if (!fs.statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
    problems.push(
      `llvm-tools '${value}' is neither one of ${LLVM_TOOL_SOURCES.join(', ')} nor an existing directory (looked for ${directory}).`
    )
    return { kind: 'auto' }
  }
  return { kind: 'directory', path: directory }
}

export function parseMirror(value: string, problems: string[]): string {
  const url = value || 'https://github.com/llvm/llvm-project/releases/download'
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    // Reported below.
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    problems.push(`llvm-mirror '${value}' is not an http or https URL.`)
  } else if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
    // Anyone on the path could swap the archive, and its tools run on the runner.
    problems.push(
      `llvm-mirror '${value}' is plain http on another machine: use https (plain http is accepted only for this machine, such as http://127.0.0.1:8080).`
    )
  }
  return url.replace(/\/+$/, '')
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === '[::1]'
}
