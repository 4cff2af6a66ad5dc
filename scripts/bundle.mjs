/**
 * Bundles the compiled app (dist/cli/main.js and everything it imports) into one ES module,
 * dist/bundle/sourcing.mjs, which `bin/sourcing.js` runs. Resolving and loading several hundred small module
 * files (Bolt, Kysely, zod…) was most of a cold start; one file loads in a fraction of that time.
 * Left outside the bundle: native or file-reading packages (better-sqlite3, pg, word-list) and pino, whose
 * worker-based transports locate files next to themselves.
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/bundle/sourcing.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3', 'pg', 'pg-native', 'word-list', 'pino'],
  // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
