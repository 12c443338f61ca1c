// Bundles src/main.ts into dist/index.js, the file action.yml runs.
// ESM output because the @actions packages are ESM-only; the banner gives
// bundled CommonJS dependencies a working `require` for Node's built-ins.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __pgoCreateRequire } from 'node:module'; const require = __pgoCreateRequire(import.meta.url);"
  }
})
