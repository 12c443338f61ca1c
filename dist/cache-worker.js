import { createRequire as __pgoCreateRequire } from 'node:module'; const require = __pgoCreateRequire(import.meta.url);
import {
  RESULT_PREFIX
} from "./chunks/chunk-JBLHAT4Y.js";
import {
  restoreCache,
  saveCache
} from "./chunks/chunk-4G7B5Z2F.js";
import "./chunks/chunk-KBMVIXEZ.js";
import "./chunks/chunk-ZOB3Q63F.js";
import "./chunks/chunk-CXJ6B67N.js";
import {
  __name
} from "./chunks/chunk-23D6JLC4.js";

// src/cache/worker.ts
async function perform(request) {
  const paths = [request.path];
  if (request.operation === "save") return { saved: await saveCache(paths, request.key) !== -1 };
  const found = await restoreCache(paths, request.key, [], { lookupOnly: true });
  if (request.operation === "lookup" || !found) return { key: found };
  const restored = await restoreCache(paths, found);
  return restored ? { key: restored } : { unrestorable: found };
}
__name(perform, "perform");
async function main() {
  const request = JSON.parse(process.argv[2] ?? "{}");
  let result;
  try {
    result = await perform(request);
  } catch (error) {
    result = { error: error instanceof Error ? error.message : String(error) };
  }
  process.stdout.write(`
${RESULT_PREFIX}${JSON.stringify(result)}
`);
}
__name(main, "main");
void main().finally(() => process.exit());
