/**
 * `npm run sim -- …`: run the CLI from a bundle of sim-core (rebuilt when any source is newer), so the
 * process and its worker threads start in plain Node instead of compiling TypeScript on every start
 * (about half a second per thread with tsx). The bundle lives in node_modules/.cache, out of the tree.
 */
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const outdir = join(root, 'node_modules', '.cache', 'bootstorm-cli');
const bundle = join(outdir, 'main.mjs');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

let built = 0;
try {
  built = statSync(bundle).mtimeMs;
} catch {
  // not built yet
}
const sources = Math.max(newest(join(root, 'sim-core')), statSync(join(root, 'package-lock.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
if (built < sources) {
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'sim-core/cli/main.ts', 'worker-entry': 'sim-core/cli/worker.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: "import { createRequire as __bootstormRequire } from 'node:module'; const require = __bootstormRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'warning',
  });
}
await import(pathToFileURL(bundle).href);
