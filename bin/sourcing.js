#!/usr/bin/env -S node --max-semi-space-size=4 --max-old-space-size=112
// The V8 flags keep the server's memory near its live size (see README, "Running in production"); `npm start` uses the same.
// The `sourcing` command: runs the compiled terminal adapter (built by `npm ci` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// One bundled file (see scripts/bundle.mjs): a cold start loads it far faster than the module tree.
const main = new URL('../dist/bundle/sourcing.mjs', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('sourcing: the app is not built yet; run `npm ci` (or `npm run build`) first.\n');
  process.exit(1);
}
// Output piped into a reader that stops early (`… | head`) ends the command quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { run } = await import(main.href);
const code = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
});
if (code >= 0) process.exitCode = code;
