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
  // The toolkit tells its errors apart by comparing error.name with the
  // class's own name; without this the bundle renames classes it nests
  // (class _ReserveCacheError) and a refused cache save turns into a warning.
  keepNames: true,
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __pgoCreateRequire } from 'node:module'; const require = __pgoCreateRequire(import.meta.url);"
  }
})
