import { createRequire as __pgoCreateRequire } from 'node:module'; const require = __pgoCreateRequire(import.meta.url);
import {
  errorMessage,
  finishJournal,
  swapJournal
} from "./chunks/chunk-FCW7C3NU.js";
import {
  __name,
  setFailed,
  warning
} from "./chunks/chunk-23D6JLC4.js";

// src/post-run.ts
async function finishBenchmarkSwaps() {
  try {
    await finishJournal(swapJournal(process.env), process.env.GITHUB_WORKSPACE || process.cwd(), (line) => warning(line));
  } catch (error) {
    setFailed(errorMessage(error));
  }
}
__name(finishBenchmarkSwaps, "finishBenchmarkSwaps");

// src/post.ts
void finishBenchmarkSwaps().finally(() => process.stdout.write("", () => process.stderr.write("", () => process.exit())));
