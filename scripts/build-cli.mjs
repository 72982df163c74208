/**
 * `npm run build:cli [-- --outdir DIR]`: bundle the CLI into plain JavaScript that runs with `node` alone — no
 * tsx, no node_modules — for the container image (Dockerfile) and any batch engine:
 *
 *   dist-cli/main.mjs           sim-core/cli/main.ts and everything it imports (zod, seedrandom, fflate)
 *   dist-cli/worker-entry.mjs   sim-core/cli/worker.ts, the worker thread
 */
import { resolve } from 'node:path';
import { bundleCli, root } from './bundle.mjs';

const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? resolve(process.argv[at + 1]) : resolve(root, 'dist-cli');
await bundleCli(outdir);
console.error(`bundled the CLI into ${outdir}`);
