import { describe, expect, it } from 'vitest';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { RunCancelled, ScenarioRejected, SimPool, blocksOf, type WorkerFactory, type WorkerHandle } from '../../src/worker/pool';

/** The incident preset, smaller so each test takes well under a second. */
function small(reps = 45): Scenario {
  const s = structuredClone(presetById('incident-1278-staging')!.scenario);
  s.simulation.replications = reps;
  s.simulation.detailReplication = 17;
  return s;
}

/** Wrap a factory to count workers and terminations and to delay blocks. */
function instrumented(delayMs = 0, inner: WorkerFactory = inProcessWorkerFactory) {
  const stats = { created: 0, terminated: 0, blocks: [] as Array<[number, number]> };
  const factory: WorkerFactory = () => {
    stats.created++;
    const w = inner();
    return {
      runBlock: async (input, from, to) => {
        stats.blocks.push([from, to]);
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        return w.runBlock(input, from, to);
      },
      runPairedBlock: async (baseline, proposal, from, to) => {
        stats.blocks.push([from, to]);
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        return w.runPairedBlock(baseline, proposal, from, to);
      },
      terminate: () => {
        stats.terminated++;
        w.terminate();
      },
    } satisfies WorkerHandle;
  };
  return { factory, stats };
}

describe('blocksOf', () => {
  it('splits [0, total) into fixed-size blocks, the last shorter', () => {
    expect(blocksOf(45, 20)).toEqual([[0, 20], [20, 40], [40, 45]]);
    expect(blocksOf(3, 20)).toEqual([[0, 3]]);
  });
});

describe('SimPool', () => {
  it('merging blocks from several workers equals one runRange over all replications', async () => {
    const s = small(45);
    const { factory, stats } = instrumented();
    const pool = new SimPool({ factory, size: 3, blockSize: 7 });
    const progress: number[] = [];
    const agg = await pool.run(s, 45, { onProgress: (p) => progress.push(p.done) });
    const single = runRange(s, 0, 45);
    expect(agg.toJSON()).toEqual(single.toJSON());
    expect(agg.detail?.replication).toBe(17);
    expect(progress[progress.length - 1]).toBe(45);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(stats.blocks).toHaveLength(7); // ceil(45 / 7)
    expect(stats.created).toBe(3); // lazy, never more than the pool size
  });

  it('gives the same aggregate for any pool size and block size', async () => {
    const s = small(30);
    const a = await new SimPool({ factory: inProcessWorkerFactory, size: 1, blockSize: 30 }).run(s, 30);
    const b = await new SimPool({ factory: inProcessWorkerFactory, size: 4, blockSize: 4 }).run(s, 30);
    expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
  });

  it('cancellation rejects the run, terminates its workers, and the next run starts fresh ones', async () => {
    const s = small(60);
    const { factory, stats } = instrumented(20);
    const pool = new SimPool({ factory, size: 2, blockSize: 5 });
    const ctl = new AbortController();
    const seen: number[] = [];
    const run = pool.run(s, 60, {
      signal: ctl.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done >= 10) ctl.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(RunCancelled);
    expect(stats.terminated).toBe(2);
    expect(pool.alive).toBe(0);
    expect(seen[seen.length - 1]).toBeLessThan(60);
    // Respawn on demand; the result is complete and exact.
    const agg = await pool.run(s, 60);
    expect(stats.created).toBe(4);
    expect(agg.toJSON()).toEqual(runRange(s, 0, 60).toJSON());
  });

  it('an already-aborted signal never starts a worker', async () => {
    const { factory, stats } = instrumented();
    const pool = new SimPool({ factory, size: 2 });
    const ctl = new AbortController();
    ctl.abort();
    await expect(pool.run(small(5), 5, { signal: ctl.signal })).rejects.toBeInstanceOf(RunCancelled);
    expect(stats.created).toBe(0);
  });

  it('a worker error rejects the run with a message naming the block', async () => {
    const failing: WorkerFactory = () => ({
      runBlock: (input, from, to) => (from >= 10 ? Promise.reject(new Error('out of memory')) : inProcessWorkerFactory().runBlock(input, from, to)),
      runPairedBlock: () => Promise.reject(new Error('not used')),
      terminate: () => undefined,
    });
    const pool = new SimPool({ factory: failing, size: 2, blockSize: 10 });
    await expect(pool.run(small(30), 30)).rejects.toThrow(/replications \d+–\d+ failed 3 times: the simulation worker crashed each time \(last: out of memory\)/);
  });

  it('an invalid scenario is refused inside the worker, as data', async () => {
    const pool = new SimPool({ factory: inProcessWorkerFactory, size: 1 });
    const bad = { ...small(5), wave: { ...small(5).wave, containers: 9000 } };
    const err = await pool.run(bad, 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioRejected);
    expect((err as ScenarioRejected).issues[0]).toMatchObject({ path: 'wave.containers' });
    expect((err as ScenarioRejected).issues[0].message).toMatch(/1–5000/);
  });

  it('a factory that cannot start a worker rejects the run', async () => {
    const pool = new SimPool({
      factory: () => {
        throw new Error('Worker is not defined');
      },
      size: 1,
    });
    await expect(pool.run(small(5), 5)).rejects.toThrow(/could not start a simulation worker: Worker is not defined/);
  });
});
