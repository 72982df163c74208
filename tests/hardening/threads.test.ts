/**
 * Worker threads that die: a thread that exits or throws while running a block is replaced and the block run
 * again, so the result is byte for byte the one of an undisturbed run; a block whose threads keep dying fails
 * after BLOCK_ATTEMPTS with a message naming the block and a command that reproduces it — never a hang. An
 * engine exception in a worker comes back as the ReplicationError it is. Faults are injected with the test hook
 * BOOTSTORM_TEST_CRASH_BLOCK, read only by sim-core/cli/worker.ts. The worker also refuses malformed messages.
 */
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCK_ATTEMPTS, BlockError, runOnThreads, runPairedOnThreads, runUnitsOnThreads } from '../../sim-core/cli/threads';
import { runPairedRange } from '../../sim-core/compare';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import { merge, scenarioOf } from '../helpers/scenario';

// 250 replications = blocks [0, 100), [100, 200), [200, 250): the hook hits the second.
const s = scenarioOf(merge(presetById('healthy-baseline')!.input, { simulation: { replications: 250, detailReplication: 120 } }));
const expected = JSON.stringify(runRange(s, 0, 250).toJSON());

function withCrash<T>(spec: string, body: () => Promise<T>): Promise<T> {
  process.env.BOOTSTORM_TEST_CRASH_BLOCK = spec;
  return body().finally(() => delete process.env.BOOTSTORM_TEST_CRASH_BLOCK);
}
afterEach(() => delete process.env.BOOTSTORM_TEST_CRASH_BLOCK);

/** Rejects if `p` has not settled within `ms`: a hang fails the test instead of stalling the run. */
const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms: a hang`)), ms))]);

describe('a worker thread that dies', () => {
  it('once (exit, then an uncaught throw): the block runs again and the result is unchanged', async () => {
    for (const spec of ['100', '100:throw']) {
      const a = await within(30_000, withCrash(spec, () => runOnThreads(s, 0, 250, 2)));
      expect(JSON.stringify(a.toJSON())).toBe(expected);
    }
    console.log('dead worker threads: 2 cases (exit, throw) replaced, results byte-identical');
  }, 60_000);

  it(`every time: fails after ${BLOCK_ATTEMPTS} attempts naming the block and how to reproduce it, without hanging`, async () => {
    const e = await within(30_000, withCrash('100:all', () => runOnThreads(s, 0, 250, 2)).then(() => null, (x: unknown) => x));
    expect(e).toBeInstanceOf(BlockError);
    expect((e as Error).message).toMatch(
      new RegExp(
        `^the worker threads running replications 100–199 \\(block 2 of 3\\) of "Healthy baseline — small scale-out" \\(seed 1278\\) died ${BLOCK_ATTEMPTS} times ` +
          `\\(the last exited with code 1\\); giving up\\. Run them in one thread to see the error: npm run -s sim -- '2\\.[A-Za-z0-9_-]+' --workers 1$`,
      ),
    );
  }, 60_000);

  it('in a paired comparison and in the what-if pool alike', async () => {
    const base = scenarioOf(merge(s, { pool: { poolSize: 2 } }));
    const paired = await within(30_000, withCrash('100', () => runPairedOnThreads(base, s, 0, 250, 2)));
    expect(JSON.stringify(paired.toJSON())).toBe(JSON.stringify(runPairedRange(base, s, 0, 250).toJSON()));
    const units = [{ point: 0, from: 0, to: 100 }, { point: 0, from: 100, to: 200 }, { point: 0, from: 200, to: 250 }];
    const aggregates = await within(30_000, withCrash('100', () => runUnitsOnThreads([s], units, 2)));
    expect(aggregates.map((a) => JSON.stringify(a))).toEqual(units.map((u) => JSON.stringify(runRange(s, u.from, u.to).toJSON())));
    const e = await within(30_000, withCrash('100:all:throw', () => runUnitsOnThreads([s], units, 2)).then(() => null, (x: unknown) => x));
    expect((e as Error).message).toMatch(/^the worker threads running replications 100–199 of "Healthy baseline — small scale-out" \(seed 1278\) died 3 times \(the last threw BOOTSTORM_TEST_CRASH_BLOCK=100:all:throw \(test hook\), attempt 2\)/);
  }, 90_000);
});

describe('an engine exception in a worker', () => {
  it('fails the run at once with the replication, the seed and a command that reproduces it', async () => {
    const e = await within(30_000, withCrash('100:engine', () => runOnThreads(s, 0, 250, 2)).then(() => null, (x: unknown) => x));
    expect(e).toBeInstanceOf(BlockError);
    expect((e as Error).message).toMatch(
      /^replication 100 \(seed 1278\) failed: BOOTSTORM_TEST_CRASH_BLOCK=100:engine \(test hook\), attempt 0\. Reproduce with: npm run -s sim -- '2\.[A-Za-z0-9_-]+' --workers 1$/,
    );
  }, 60_000);
});

describe('the worker thread as a boundary', () => {
  it('answers malformed block requests with an error, and still runs a good one', async () => {
    const w = new Worker(new URL('../../sim-core/cli/worker-entry.mjs', import.meta.url));
    const ask = (m: unknown) => new Promise<{ ok: boolean; error?: string }>((resolve) => {
      w.once('message', resolve);
      w.postMessage(m);
    });
    try {
      const small = { ...s, simulation: { ...s.simulation, replications: 10, detailReplication: 0 } };
      const cases: Array<[unknown, RegExp]> = [
        [null, /^a block request must be an object, got object$/],
        [{ id: 1, scenario: { version: 1, wave: { containers: -1 } }, from: 0, to: 1 }, /^invalid scenario: wave\.containers: -1 is out of range/],
        [{ id: 1, scenario: small, from: 0, to: 11 }, /^block \[0, 11\) is not a range of the scenario's replications 0–10$/],
        [{ id: 1, scenario: small, from: -1, to: 2 }, /^block \[-1, 2\) is not a range/],
        [{ id: 1, scenario: small, from: NaN, to: 2 }, /^block \[NaN, 2\) is not a range/],
        [{ id: 1, scenario: small, from: 3, to: 2 }, /^block \[3, 2\) is not a range/],
        [{ id: 1, scenario: small, baseline: { version: 3 }, from: 0, to: 1 }, /^invalid baseline: version: 3 is not a known version/],
      ];
      for (const [m, message] of cases) {
        const r = await within(20_000, ask(m));
        expect(r.ok).toBe(false);
        expect(r.error).toMatch(message);
      }
      const good = await within(20_000, ask({ id: 1, scenario: small, from: 0, to: 2 }));
      expect(good.ok).toBe(true);
      console.log(`worker boundary: ${cases.length} malformed requests answered with an error, then a good one ran`);
    } finally {
      await w.terminate();
    }
  }, 60_000);
});
