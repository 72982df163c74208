/**
 * The one esbuild configuration for the CLI bundle (used by build-cli.mjs for the image and by sim.mjs for
 * `npm run sim`): sim-core/cli/main.ts and its worker thread as plain ES modules that run with `node` alone.
 * threads.ts starts workers from `./worker-entry.mjs` beside main: from source that file registers tsx and
 * loads worker.ts; in the bundle the same name is the bundled worker itself.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function bundleCli(outdir) {
  return build({
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
}
