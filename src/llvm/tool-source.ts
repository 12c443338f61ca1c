// Where the llvm-tools input says the profile tools come from, as plain data.

/** The values of the llvm-tools input that name a source; a directory is the other kind. */
export const LLVM_TOOL_SOURCES = ['auto', 'rustup', 'system', 'download'] as const
export type LlvmToolSource = { kind: (typeof LLVM_TOOL_SOURCES)[number] } | { kind: 'directory'; path: string }
