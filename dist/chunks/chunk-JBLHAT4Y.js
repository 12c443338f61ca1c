import { createRequire as __pgoCreateRequire } from 'node:module'; const require = __pgoCreateRequire(import.meta.url);

// src/cache/protocol.ts
var RESULT_PREFIX = "pgo-cache-worker-result ";

export {
  RESULT_PREFIX
};
