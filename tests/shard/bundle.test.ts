/**
 * The bundled CLI (`npm run build:cli`, what the Docker image runs): plain `node`, no tsx, no node_modules. It
 * runs worker threads from the bundled worker, and its shards merge into the same bytes as the source CLI.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../../sim-core/results/summary';
import { runRange } from '../../sim-core/run';
import { cliScenario, exec, PRESET, ROOT } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'bootstorm-bundle-'));
// Copied away from the repository, so nothing can be resolved from its node_modules.
const app = join(dir, 'app');
const node = (args: string[]) => exec(process.execPath, [join(app, 'main.mjs'), ...args], dir);

beforeAll(async () => {
  const built = await exec(process.execPath, [join(ROOT, 'scripts/build-cli.mjs'), '--outdir', join(dir, 'build')]);
  expect(built, built.stderr).toMatchObject({ code: 0 });
  cpSync(join(dir, 'build'), app, { recursive: true });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bundled CLI', () => {
  it('runs on worker threads and shards/merges to the in-process result byte for byte', async () => {
    const N = 150;
    const expected = `${JSON.stringify(summarize(runRange(cliScenario(N), 0, N), cliScenario(N)))}\n`;
    const [whole, a, b] = await Promise.all([
      node([PRESET, '--replications', `${N}`, '--workers', '2', '--json']),
      node([PRESET, '--replications', `${N}`, '--workers', '2', '--shard', '1/2', '--out', join(dir, 'p1.json')]),
      node([PRESET, '--replications', `${N}`, '--workers', '1', '--shard', '2/2', '--out', join(dir, 'p2.json')]),
    ]);
    for (const e of [whole, a, b]) expect(e, e.stderr).toMatchObject({ code: 0 });
    expect(whole.stdout).toBe(expected);
    const merged = await node(['merge', join(dir, 'p2.json'), join(dir, 'p1.json'), '--json']);
    expect(merged.stdout).toBe(expected);
  });
});
