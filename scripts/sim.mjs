/**
 * `npm run sim -- …`: run the CLI from a bundle of sim-core (rebuilt when any source is newer; each checkout sharing
 * this node_modules, e.g. a git worktree, has its own), so the process and
 * its worker threads start in plain Node instead of compiling TypeScript on every start (about half a second
 * per thread with tsx). The bundle lives in node_modules/.cache, out of the tree.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleCli, root } from './bundle.mjs';

// One folder per checkout: checkouts sharing one node_modules (a git worktree, a clone that links it) would otherwise
// rebuild one bundle in turn, each under the other's running commands.
const outdir = join(root, 'node_modules', '.cache', 'bootstorm-cli', createHash('sha256').update(root).digest('hex').slice(0, 12));
const bundle = join(outdir, 'main.mjs');
// Which checkout the bundle was built from.
const stamp = join(outdir, 'built-from.txt');

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
  if (readFileSync(stamp, 'utf8') === root) built = statSync(bundle).mtimeMs;
} catch {
  // not built yet
}
const sources = Math.max(newest(join(root, 'sim-core')), statSync(join(root, 'package-lock.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs, statSync(join(root, 'scripts', 'bundle.mjs')).mtimeMs);
if (built < sources) {
  try {
    await bundleCli(outdir);
  } catch {
    // esbuild has printed what failed. The tool could not start, which is exit 3 (as any failure of the tool), not
    // 1: a CI gate must not read a broken checkout as a failed threshold.
    process.stderr.write('error: could not build the CLI from sim-core (see above)\n');
    process.exit(3);
  }
  writeFileSync(stamp, root);
}
// `npm run sim` starts in the package's folder; file arguments (a scenario, --out, --report) are the user's,
// relative to the folder npm was run from. (Only for that script: a process started by another, e.g. the bench,
// inherits INIT_CWD but chose its own folder.)
if (process.env.npm_lifecycle_event === 'sim' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
await import(pathToFileURL(bundle).href);
