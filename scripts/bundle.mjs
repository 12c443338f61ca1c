// Bundles src/main.ts into dist/index.js, the file action.yml runs, src/post.ts
// into dist/post.js, its post step, and the cache worker into
// dist/cache-worker.js, which the action starts for each cache operation.
// ESM output because the @actions packages are ESM-only; the banner gives
// bundled CommonJS dependencies a working `require` for Node's built-ins.
// Libraries the action imports only when it needs them (the cache, artifact
// and tool-cache clients) go into chunks of their own, so a run does not
// load them at start-up.
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

// Chunk names carry a hash of their contents: clear old ones away.
rmSync('dist', { recursive: true, force: true })

await build({
  entryPoints: { index: 'src/main.ts', post: 'src/post.ts', 'cache-worker': 'src/cache/worker.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
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
