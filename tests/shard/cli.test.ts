/**
 * Sharding end to end, as a batch engine runs it: every shard a separate OS process writing its part file, then
 * `sim merge` in another. For n = 1, 2, 3, 7 the merge of the shuffled parts prints the single run's --json
 * byte for byte; refusals exit with code 2, say why on stderr and write nothing. The remaining output checks
 * call the merge command in this process (a process start costs ~1 s; the machine has two cores).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mergeCommand } from '../../sim-core/cli/commands/merge';
import { BOOTSTORM_VERSION } from '../../sim-core/results/summary';
import type { CliRun } from '../helpers/cli';
import { PRESET, shuffled, sim } from './helpers';

const N = 120; // > one 100-replication block, so the default (2 worker threads) run really uses threads
const COUNTS = [1, 2, 3, 7];
const dir = mkdtempSync(join(tmpdir(), 'bootstorm-shard-'));
const part = (n: number, k: number) => join(dir, `n${n}-part-${k}.json`);
const parts = (n: number) => Array.from({ length: n }, (_, i) => part(n, i + 1));

let single: CliRun;
const shardRuns: Promise<CliRun>[] = [];

beforeAll(async () => {
  // The single run uses the default worker count; shards use one thread each: results do not depend on it.
  const singleRun = sim([PRESET, '--replications', `${N}`, '--json', '--out', join(dir, 'single-results.json')]);
  for (const n of COUNTS)
    for (let k = 1; k <= n; k++) {
      // Shard 1/1 goes to stdout (no --out), to check that path too.
      if (n === 1) shardRuns.push(sim([PRESET, '--replications', `${N}`, '--shard', '1/1', '--workers', '1']).then((e) => (writeFileSync(part(1, 1), e.stdout), e)));
      else shardRuns.push(sim([PRESET, '--replications', `${N}`, '--shard', `${k}/${n}`, '--workers', '1', '--out', part(n, k)]));
    }
  single = await singleRun;
  const done = await Promise.all(shardRuns);
  for (const e of [single, ...done]) expect(e, e.stderr).toMatchObject({ code: 0 });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('sharded runs merged', () => {
  it.each(COUNTS)('n = %i: merge of the shuffled parts prints the single run byte for byte', async (n) => {
    const merged = await sim(['merge', ...shuffled(parts(n), n), '--json']);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout.length).toBeGreaterThan(1000);
    expect(merged.stdout).toBe(single.stdout);
  });

  it('merge --out writes the same results file as run --out, and prints the readable summary', async () => {
    const out = join(dir, 'merged-results.json');
    const merged = await sim(['merge', ...parts(3).reverse(), '--out', out]);
    expect(merged.code).toBe(0);
    const head = `bootstorm ${BOOTSTORM_VERSION} — healthy-baseline\n120 replications, seed 1278, horizon 900 s, merged from 3 parts\n\nPhase 3 breach rate`;
    expect(merged.stdout.slice(0, head.length)).toBe(head);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(dir, 'single-results.json'), 'utf8'));
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.format).toBe('bootstorm-results/1');
    expect(`${JSON.stringify(file.result)}\n`).toBe(single.stdout);
  });

  it('refuses missing shards, naming them and their replications, and writes nothing', async () => {
    const out = join(dir, 'never.json');
    const some = parts(7).filter((_, i) => i !== 2 && i !== 5);
    const r = await sim(['merge', ...some, '--json', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cannot merge these 5 parts:\n  - missing shards 3, 6 of 7: replications 34–50, 85–101 are in no part (have 86 of 120)\n');
    expect(r.stderr).toContain('--allow-partial');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a bad --shard before running anything', async () => {
    const r = await sim([PRESET, '--shard', '4/3']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: --shard 4\/3: shards are numbered 1 to 3, got 4\n/);
  });
});

/** `sim merge …` in this process, its output captured. */
async function merge(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await mergeCommand(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('merge output, in process', () => {
  it('--allow-partial merges what is there and flags it in JSON', async () => {
    const r = await merge([part(3, 1), part(3, 3), '--json', '--allow-partial']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: PARTIAL RESULT — missing shard 2 of 3: replications 40–79 are in no part (have 80 of 120)');
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)[0]).toBe('partial');
    expect(json.partial).toEqual({ replications: 80, of: 120, missing: [[40, 80]], missingShards: [2], shardCount: 3 });
    expect(json.replications).toBe(80);
    // What --json prints, --assert reads: a CI gate can require the merge to be whole enough.
    const gated = await merge([part(3, 1), part(3, 3), '--allow-partial', '--assert', 'partial.replications>=100']);
    expect(gated.stderr).toContain('✗ partial.replications>=100  (actual 80)');
    expect(gated.code).toBe(1);
    // The same gate on a whole merge passes: nothing is missing.
    const all = await merge([...parts(3), '--assert', 'partial.replications>=100']);
    expect(all.stderr).toContain('✓ partial.replications>=100  (actual 120)');
    expect(all.code).toBe(0);
  });

  it('--allow-partial flags the text summary and the results file', async () => {
    const out = join(dir, 'partial-results.json');
    const r = await merge([part(7, 1), part(7, 2), '--allow-partial', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PARTIAL RESULT — missing shards 3–7 of 7: replications 34–119 are in no part \(have 34 of 120\)/);
    expect(JSON.parse(readFileSync(out, 'utf8')).partial).toMatchObject({ replications: 34, of: 120 });
  });

  it('gates and reports the merged run as a run does: --assert exits 1 on a failed threshold, 2 on a misspelt field', async () => {
    const report = join(dir, 'merged-review.md');
    const pass = await merge([...parts(3), '--assert', 'phase3.breachRate<=1', '--report', report]);
    expect(pass.code).toBe(0);
    expect(pass.stderr).toContain('✓ phase3.breachRate<=1');
    const md = readFileSync(report, 'utf8');
    expect(md).toMatch(/^# Capacity review: Healthy baseline — small scale-out\n/);
    expect(md).toContain('120 replications, seed 1278');
    expect(md).toContain('The threshold (`--assert`) held: the command exits 0.');
    const fail = await merge([...parts(3), '--assert', 'phase3.breachRate<0', '--json']);
    expect(fail.code).toBe(1);
    // The merged result as a single run prints it, with the verdicts under `gates`.
    const { gates, ...merged } = JSON.parse(fail.stdout);
    expect(JSON.stringify(merged)).toBe(single.stdout.trim());
    expect(gates).toEqual([{ assert: 'phase3.breachRate<0', field: 'phase3.breachRate', op: '<', limit: 0, actual: merged.phase3.breachRate, passed: false }]);
    expect(fail.stderr).toContain('✗ phase3.breachRate<0');
    // A misspelt field: refused before anything is written.
    const out = join(dir, 'not-written.json');
    await expect(merge([...parts(3), '--out', out, '--assert', 'phase3.breachRat<1'])).rejects.toThrow(/did you mean phase3\.breachRate\?/);
    expect(existsSync(out)).toBe(false);
    // A partial merge's report says so in its title.
    await merge([part(3, 1), part(3, 3), '--allow-partial', '--report', report]);
    expect(readFileSync(report, 'utf8')).toMatch(/^# Capacity review: .*\(PARTIAL: missing shard 2 of 3/);
  });

  it('refuses a damaged file, naming it and the field', async () => {
    const bad = join(dir, 'damaged.json');
    const truncated = join(dir, 'truncated.json');
    const text = readFileSync(part(2, 2), 'utf8');
    writeFileSync(bad, text.replace('"seed":1278', '"seed":"1278"'));
    writeFileSync(truncated, text.slice(0, 500));
    const r = await merge([part(2, 1), bad, truncated]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot merge: 2 of 3 files are not valid part files');
    expect(r.stderr).toContain(`${bad}: points[0].seed: "1278" is not a valid number`);
    expect(r.stderr).toContain(`${truncated}: not JSON (truncated or damaged?)`);
    // Where it stops, as an editor shows it (the part files are one line: line 1, the column the text ends at).
    expect(r.stderr).toMatch(new RegExp(`${truncated}: not JSON \\(truncated or damaged\\?\\): .* at line 1, column 501`));
    // One file alone is "the file", not "1 of 1 files".
    const one = await merge([bad]);
    expect(one.stderr).toMatch(/^error: cannot merge: the file is not a valid part file\n/);
  });
});
