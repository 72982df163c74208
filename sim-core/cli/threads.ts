import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { Aggregate, type AggregateJSON } from '../results/aggregate';
import { Comparison, runPairedRange, type ComparisonJSON } from '../compare';
import { runRange } from '../run';
import type { Scenario } from '../scenario/schema';
import { blockExecutor, inProcessExecutor, type BlockRunner, type UnitExecutor, type WorkUnit } from '../explore/work';
import type { BlockRequest } from './worker';

/** Replications per block handed to a worker: small enough to balance 2 cores, large enough to amortise messages. */
export const BLOCK_SIZE = 100;

export function defaultWorkers(): number {
  return availableParallelism();
}

/** Fixed split of [from, to) into blocks; the aggregate does not depend on it, only the load balance does. */
export function blocks(from: number, to: number, size = BLOCK_SIZE): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = from; a < to; a += size) out.push([a, Math.min(to, a + size)]);
  return out;
}

type Reply =
  | { id: number; ok: true; aggregate: AggregateJSON }
  | { id: number; ok: true; comparison: ComparisonJSON }
  | { id: number; ok: false; error: string };

/**
 * Run replications [from, to) on `workers` Node worker threads (1 = in this thread). Blocks are handed out as
 * workers free up; merging is exact, so the result is identical for any worker count.
 */
export async function runOnThreads(scenario: Scenario, from: number, to: number, workers: number): Promise<Aggregate> {
  if (workers <= 1 || to - from <= BLOCK_SIZE) return runRange(scenario, from, to);
  const total = Aggregate.forScenario(scenario);
  await runBlocks(from, to, workers, (b) => ({ scenario, from: b[0], to: b[1] }), (m) => {
    if ('aggregate' in m) total.merge(Aggregate.fromJSON(m.aggregate));
  });
  return total;
}

/** Baseline and proposal on the same replication indices (common random numbers), on worker threads. */
export async function runPairedOnThreads(baseline: Scenario, proposal: Scenario, from: number, to: number, workers: number): Promise<Comparison> {
  if (workers <= 1 || to - from <= BLOCK_SIZE) return runPairedRange(baseline, proposal, from, to);
  const total = Comparison.forScenarios(baseline, proposal);
  await runBlocks(from, to, workers, (b) => ({ scenario: proposal, baseline, from: b[0], to: b[1] }), (m) => {
    if ('comparison' in m) total.merge(Comparison.fromJSON(m.comparison));
  });
  return total;
}

/** Hand blocks of [from, to) to fresh worker threads as they free up; each reply goes to `onReply`. */
async function runBlocks(
  from: number,
  to: number,
  workers: number,
  request: (block: [number, number]) => Omit<BlockRequest, 'id'>,
  onReply: (m: Exclude<Reply, { ok: false }>) => void,
): Promise<void> {
  const queue = blocks(from, to);
  const threads = Array.from({ length: Math.min(workers, queue.length) }, () => new Worker(new URL('./worker-entry.mjs', import.meta.url)));
  try {
    await Promise.all(
      threads.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const b = queue.shift();
              if (!b) return resolve();
              w.postMessage({ id: b[0], ...request(b) });
            };
            w.on('message', (m: Reply) => {
              if (!m.ok) return reject(new Error(m.error));
              onReply(m);
              next();
            });
            w.on('error', reject);
            w.on('exit', (code) => code !== 0 && reject(new Error(`worker thread exited with code ${code}`)));
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}

/**
 * Worker threads for the what-if tools' work units (sim-core/explore/work.ts): started lazily, kept across
 * batches (a solver runs many small ones), one block in flight per thread, handed out by the same
 * `blockExecutor` the dashboard uses over its Web Workers. The threads speak `runOnThreads`' message protocol
 * (worker.ts). `close()` ends them.
 */
export class UnitThreadPool {
  private slots: ThreadSlot[] = [];

  constructor(readonly workers: number) {}

  /** A UnitExecutor on these threads; 1 worker = in this thread. */
  readonly execute: UnitExecutor = async (points, units, onResult, signal) => {
    if (this.workers <= 1) return inProcessExecutor(points, units, onResult, signal);
    while (this.slots.length < Math.min(this.workers, units.length)) this.slots.push(new ThreadSlot());
    try {
      await blockExecutor(this.slots.map((s) => s.run))(points, units, onResult, signal);
    } catch (e) {
      await this.close(); // threads may be mid-block: end them, fresh ones start on the next batch
      throw e;
    }
  };

  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.terminate()));
  }
}

/** One worker thread with at most one request in flight. */
class ThreadSlot {
  private readonly worker = new Worker(new URL('./worker-entry.mjs', import.meta.url));
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;

  constructor() {
    const settle = (f: (p: NonNullable<ThreadSlot['pending']>) => void) => {
      const p = this.pending;
      this.pending = null;
      if (p) f(p);
    };
    this.worker.on('message', (m: Reply) => settle((p) => p.resolve(m)));
    this.worker.on('error', (e) => settle((p) => p.reject(e)));
    this.worker.on('exit', (code) => settle((p) => p.reject(new Error(`worker thread exited with code ${code}`))));
  }

  /** Run one block; rejects with the worker's message when it fails. */
  readonly run: BlockRunner = (scenario, from, to) =>
    new Promise<Reply>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ id: from, scenario, from, to } satisfies BlockRequest);
    }).then((reply) => {
      if (!reply.ok) throw new Error(reply.error);
      if (!('aggregate' in reply)) throw new Error('worker thread answered a block with a comparison');
      return reply.aggregate;
    });

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Run `units` of `points` on `workers` threads and return their aggregates in unit order. */
export async function runUnitsOnThreads(points: readonly Scenario[], units: readonly WorkUnit[], workers: number): Promise<AggregateJSON[]> {
  const pool = new UnitThreadPool(workers);
  const out: AggregateJSON[] = new Array(units.length);
  const index = new Map(units.map((u, i) => [u, i]));
  try {
    await pool.execute(points, units, (u, a) => (out[index.get(u)!] = a));
  } finally {
    await pool.close();
  }
  return out;
}
