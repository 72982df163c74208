import { describe, expect, it } from 'vitest';
import { blockExecutor, drive, inProcessExecutor, runUnit, unitsFor, type BlockRunner, type Planner, type UnitExecutor, type WorkUnit } from '../../sim-core/explore/work';
import { sweepPlanner } from '../../sim-core/explore/sweep';
import type { AggregateJSON } from '../../sim-core/results/aggregate';
import { PointSetPlanner } from '../../sim-core/explore/pointSet';
import { CHEAP } from './fixtures';

/** A planner that proposes the given batches, and records what it is told. */
function scripted(batches: WorkUnit[][]): Planner<WorkUnit[]> & { seen: WorkUnit[] } {
  let i = 0;
  const seen: WorkUnit[] = [];
  return { points: [CHEAP], seen, next: () => batches[i++] ?? null, report: (u) => void seen.push(u), result: () => seen };
}

describe('drive', () => {
  it('feeds every batch to the executor and every result to the planner, with progress', async () => {
    const p = scripted([unitsFor(0, 0, 10, 4), unitsFor(0, 10, 12, 4)]);
    const progress: number[] = [];
    await drive(p, inProcessExecutor, { onProgress: (x) => progress.push(x.replications) });
    expect(p.seen.map((u) => [u.from, u.to])).toEqual([[0, 4], [4, 8], [8, 10], [10, 12]]);
    expect(progress).toEqual([4, 8, 10, 12]);
  });

  it('refuses an empty batch and an executor that drops units', async () => {
    await expect(drive(scripted([[]]), inProcessExecutor)).rejects.toThrow(/empty batch/);
    const lossy: UnitExecutor = async (points, units, onResult) => onResult(units[0], inProcessRun(points, units[0]));
    await expect(drive(scripted([unitsFor(0, 0, 4, 2)]), lossy)).rejects.toThrow(/reported 1 of 2/);
  });

  it('stops on abort with the signal\'s reason', async () => {
    const ac = new AbortController();
    const p = new PointSetPlanner([CHEAP], 50, 10);
    const run = drive(p, inProcessExecutor, { signal: ac.signal, onProgress: (x) => x.units === 2 && ac.abort(new Error('stop')) });
    await expect(run).rejects.toThrow('stop');
    expect(p.replicationsSpent).toBe(20);
  });

  it('blockExecutor hands units to whichever worker is free and gives the in-process result', async () => {
    const ran: number[] = [];
    // Three "workers" of different speeds (the browser pool's runBlock, or Node threads, look the same).
    const worker = (id: number, delay: number): BlockRunner => async (s, from, to) => {
      await new Promise((r) => setTimeout(r, delay));
      ran.push(id);
      return runUnit([s], { point: 0, from, to });
    };
    const make = () => {
      const p = sweepPlanner(CHEAP, { axis: { field: 'timeouts.initialization', from: 2, to: 12, steps: 3 }, replications: 30, blockSize: 5 });
      if (!p.ok) throw new Error(p.message);
      return p.value;
    };
    const pooled = await drive(make(), blockExecutor([worker(0, 1), worker(1, 3), worker(2, 5)]));
    const local = await drive(make(), inProcessExecutor);
    expect(JSON.stringify(pooled)).toBe(JSON.stringify(local));
    expect(ran).toHaveLength(18);
    expect(new Set(ran).size).toBe(3);
  });

  it('blockExecutor stops handing out units after a failure', async () => {
    let calls = 0;
    const failing: BlockRunner = async () => {
      calls++;
      throw new Error('worker died');
    };
    await expect(drive(new PointSetPlanner([CHEAP], 50, 5), blockExecutor([failing]))).rejects.toThrow('worker died');
    expect(calls).toBe(1);
  });

  it('a point set merges a block only once: a repeated block is an error, not a silent double count', () => {
    const p = new PointSetPlanner([CHEAP], 10, 10);
    const [u] = p.next()!;
    const agg = inProcessRun(p.points, u);
    p.report(u, agg);
    expect(() => p.report(u, agg)).toThrow(/overlap/);
  });
});

function inProcessRun(points: Parameters<UnitExecutor>[0], u: WorkUnit): AggregateJSON {
  let out: AggregateJSON | undefined;
  void inProcessExecutor(points, [u], (_, a) => (out = a));
  return out!;
}
