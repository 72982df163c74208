import type { AggregateJSON } from '../results/aggregate';
import { runRange } from '../run';
import type { Scenario } from '../scenario/schema';

/**
 * The one currency of the what-if tools: a work unit is replications [from, to) of point `point`, a validated
 * scenario in a planner's `points` list. Running it is `runRange(points[point], from, to).toJSON()`, which any
 * executor can do: this thread, Node worker threads (cli/threads.ts), or the dashboard's Web Worker pool (its
 * `runBlock(points[point], from, to)`). Results merge per point with `Aggregate.merge`: exact and
 * order-independent, so an answer never depends on which executor ran what, or in what order.
 *
 * A planner proposes batches of units and reads their results; `drive` connects it to an executor.
 */
export interface WorkUnit {
  point: number;
  from: number;
  to: number;
}

export interface Planner<R> {
  /**
   * The validated scenarios units refer to. May grow between batches (a solver adds the points it probes);
   * an index, once given, always names the same scenario. Each point's `simulation.replications` covers every
   * replication the planner may ask of it, so an executor that checks `to ≤ replications` accepts its units.
   */
  readonly points: readonly Scenario[];
  /** The next batch to run, or null when done. Called only after every unit of the previous batch was reported. */
  next(): WorkUnit[] | null;
  /** The aggregate of one unit, in any order. */
  report(unit: WorkUnit, aggregate: AggregateJSON): void;
  /** What the planner found, from what was reported so far (callable at any time, e.g. for progress). */
  result(): R;
}

/**
 * Runs a batch of units and calls `onResult` once per unit as each finishes (any order); resolves when all have
 * been reported, rejects on the first failure. `signal` asks it to stop early.
 */
export type UnitExecutor = (
  points: readonly Scenario[],
  units: readonly WorkUnit[],
  onResult: (unit: WorkUnit, aggregate: AggregateJSON) => void,
  signal?: AbortSignal,
) => Promise<void>;

export interface DriveProgress {
  /** Units and replications finished so far, over all batches. */
  units: number;
  replications: number;
  /** Batches started so far (a solver's rounds). */
  batches: number;
}

export interface DriveOptions {
  signal?: AbortSignal;
  /** Called after every unit is reported to the planner; `planner.result()` is current then. */
  onProgress?: (p: DriveProgress) => void;
}

/** Run `planner` to completion on `execute`. Rejects with the signal's reason when aborted. */
export async function drive<R>(planner: Planner<R>, execute: UnitExecutor, opts: DriveOptions = {}): Promise<R> {
  const progress: DriveProgress = { units: 0, replications: 0, batches: 0 };
  for (let batch = planner.next(); batch !== null; batch = planner.next()) {
    opts.signal?.throwIfAborted();
    if (batch.length === 0) throw new Error('planner proposed an empty batch');
    progress.batches++;
    let reported = 0;
    await execute(
      planner.points,
      batch,
      (unit, aggregate) => {
        planner.report(unit, aggregate);
        reported++;
        progress.units++;
        progress.replications += unit.to - unit.from;
        opts.onProgress?.({ ...progress });
      },
      opts.signal,
    );
    opts.signal?.throwIfAborted();
    if (reported !== batch.length) throw new Error(`executor reported ${reported} of ${batch.length} units`);
  }
  return planner.result();
}

/** Run one unit in this thread. */
export function runUnit(points: readonly Scenario[], unit: WorkUnit): AggregateJSON {
  const s = points[unit.point];
  if (!s) throw new Error(`work unit names point ${unit.point}, but there are ${points.length} points`);
  return runRange(s, unit.from, unit.to).toJSON();
}

/** The simplest executor: every unit in this thread, in order (tests, and the 1-worker CLI). */
export const inProcessExecutor: UnitExecutor = async (points, units, onResult, signal) => {
  for (const u of units) {
    signal?.throwIfAborted();
    onResult(u, runUnit(points, u));
  }
};

/** Runs replications [from, to) of a validated scenario on one worker: a Node thread, or the dashboard's `runBlock`. */
export type BlockRunner = (scenario: Scenario, from: number, to: number) => Promise<AggregateJSON>;

/**
 * An executor over workers that each run one block at a time: units are handed out as workers free up, so a
 * fast worker takes more. The first failure stops handing out units and rejects (units already running finish
 * or are abandoned; the caller ends its workers if it must).
 */
export function blockExecutor(runners: readonly BlockRunner[]): UnitExecutor {
  if (runners.length === 0) throw new Error('blockExecutor needs at least one worker');
  return async (points, units, onResult, signal) => {
    let next = 0;
    let failed = false;
    const loop = async (run: BlockRunner) => {
      while (next < units.length && !failed) {
        signal?.throwIfAborted();
        const u = units[next++];
        const s = points[u.point];
        if (!s) throw new Error(`work unit names point ${u.point}, but there are ${points.length} points`);
        onResult(u, await run(s, u.from, u.to));
      }
    };
    try {
      await Promise.all(runners.slice(0, units.length).map(loop));
    } catch (e) {
      failed = true;
      throw e;
    }
  };
}

/** Units for replications [from, to) of `point`, `blockSize` at a time (the last may be shorter). */
export function unitsFor(point: number, from: number, to: number, blockSize: number): WorkUnit[] {
  const out: WorkUnit[] = [];
  for (let a = from; a < to; a += blockSize) out.push({ point, from: a, to: Math.min(to, a + blockSize) });
  return out;
}

/** Replications per unit unless told otherwise: the CLI's thread block size. The browser pool uses smaller ones. */
export const DEFAULT_BLOCK_SIZE = 100;
