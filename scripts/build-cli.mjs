/**
 * `npm run build:cli [-- --outdir DIR]`: bundle the CLI into plain JavaScript that runs with `node` alone — no
 * tsx, no node_modules — for the container image (Dockerfile) and any batch engine:
 *
 *   dist-cli/main.mjs           sim-core/cli/main.ts and everything it imports (zod, seedrandom, fflate)
 *   dist-cli/worker-entry.mjs   sim-core/cli/worker.ts, the worker thread
 *
 * threads.ts starts its workers from `new URL('./worker-entry.mjs', import.meta.url)`. From source that file
 * registers tsx and loads worker.ts; in the bundle the same name, next to main.mjs, is the bundled worker
 * itself, so the one line works in both. esbuild comes with tsx (its dependency).
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? resolve(process.argv[at + 1]) : resolve(root, 'dist-cli');

await build({
  absWorkingDir: root,
  entryPoints: { main: 'sim-core/cli/main.ts', 'worker-entry': 'sim-core/cli/worker.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS dependencies (seedrandom) may call require(); give the ES module bundle a real one.
  banner: { js: "import { createRequire as __bootstormRequire } from 'node:module'; const require = __bootstormRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
console.error(`bundled the CLI into ${outdir}`);
