import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { Aggregate, type AggregateJSON } from '../results/aggregate';
import { Comparison, runPairedRange, type ComparisonJSON } from '../compare';
import { reproduceCommand, runRange } from '../run';
import type { Scenario } from '../scenario/schema';
import { blockExecutor, inProcessExecutor, type BlockRunner, type UnitExecutor, type WorkUnit } from '../explore/work';
import type { BlockRequest } from './worker';

/**
 * The smallest block of replications handed to a worker: small enough to balance 2 cores at the end of a run, large
 * enough to amortise the messages.
 */
export const BLOCK_SIZE = 100;

/**
 * The worker threads to run on: `requested` (--workers), else one per core. More than the cores is allowed (the numbers
 * are the same for any count) but said on stderr: past the cores, threads add memory and switching, not speed.
 */
export function workersToUse(requested: number | undefined, cores = availableParallelism(), warn: (line: string) => void = (line) => void process.stderr.write(line)): number {
  if (requested === undefined) return cores;
  if (requested > cores)
    warn(`note: --workers ${requested} on ${cores} core${cores === 1 ? '' : 's'}: threads past the cores add memory and switching, not speed (the numbers are the same for any count)\n`);
  return requested;
}

/**
 * The split of [from, to) into blocks for `workers` threads, by guided self-scheduling: each block is a 1/(4 ·
 * workers) share of what is left, never under `min`. A block's aggregate costs a few milliseconds to send and merge
 * (~8 ms for the incident preset, against ~100 ms to run 100 replications), so a long run is sent in a few dozen
 * messages instead of one per 100 replications, while its last blocks stay small enough to even out the threads.
 * The aggregate does not depend on the split, only the load balance does.
 */
export function blocks(from: number, to: number, workers: number, min = BLOCK_SIZE): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = from; a < to; ) {
    const b = Math.min(to, a + Math.max(min, Math.ceil((to - a) / (4 * workers))));
    out.push([a, b]);
    a = b;
  }
  return out;
}

type Reply =
  | { id: number; ok: true; aggregate: AggregateJSON }
  | { id: number; ok: true; comparison: ComparisonJSON }
  | { id: number; ok: false; error: string };

/** A block whose worker thread dies (exits, throws, or sends what cannot be read) runs again on a fresh thread, up to this many attempts in all. */
export const BLOCK_ATTEMPTS = 3;

/**
 * A block of replications failed: its worker reported an error (an engine exception names the replication and a
 * command that reproduces it), or the threads running it kept dying. Never retried further.
 */
export class BlockError extends Error {
  override readonly name = 'BlockError';
}

/** The thread running a request died before answering; the request is sent again on a fresh thread. */
class ThreadDied extends Error {}

/** `replications 100–199 (block 2 of 3) of "Mitigated …" (seed 1278)` */
function blockText(scenario: Scenario, from: number, to: number, of?: [number, number]): string {
  const reps = to - from === 1 ? `replication ${from}` : `replications ${from}–${to - 1}`;
  const block = of ? ` (block ${of[0]} of ${of[1]})` : '';
  return `${reps}${block} of ${scenario.name ? JSON.stringify(scenario.name) : 'the scenario'} (seed ${scenario.simulation.seed})`;
}

/** How many threads runOnThreads really uses for [from, to): no more than there are blocks (1: this thread). */
export function threadsUsed(from: number, to: number, workers: number): number {
  return workers <= 1 || to - from <= BLOCK_SIZE ? 1 : Math.min(workers, blocks(from, to, workers).length);
}

/**
 * Run replications [from, to) on `workers` Node worker threads (1 = in this thread). Blocks are handed out as
 * workers free up; merging is exact, so the result is identical for any worker count.
 */
export async function runOnThreads(scenario: Scenario, from: number, to: number, workers: number, onProgress?: (done: number) => void): Promise<Aggregate> {
  if (threadsUsed(from, to, workers) === 1) return inBlocks(from, to, onProgress, () => Aggregate.forScenario(scenario), (a, b) => runRange(scenario, a, b));
  const total = Aggregate.forScenario(scenario);
  await runBlocks(scenario, from, to, workers, (b) => ({ scenario, from: b[0], to: b[1] }), (m) => {
    if ('aggregate' in m) total.merge(Aggregate.fromJSON(m.aggregate));
  }, onProgress);
  return total;
}

/** Baseline and proposal on the same replication indices (common random numbers), on worker threads. */
export async function runPairedOnThreads(baseline: Scenario, proposal: Scenario, from: number, to: number, workers: number, onProgress?: (done: number) => void): Promise<Comparison> {
  if (workers <= 1 || to - from <= BLOCK_SIZE)
    return inBlocks(from, to, onProgress, () => Comparison.forScenarios(baseline, proposal), (a, b) => runPairedRange(baseline, proposal, a, b));
  const total = Comparison.forScenarios(baseline, proposal);
  await runBlocks(proposal, from, to, workers, (b) => ({ scenario: proposal, baseline, from: b[0], to: b[1] }), (m) => {
    if ('comparison' in m) total.merge(Comparison.fromJSON(m.comparison));
  }, onProgress);
  return total;
}

/**
 * [from, to) in this thread: at once, or, for someone watching the progress, block by block, merged (merging is
 * exact, so the result is the same either way).
 */
function inBlocks<T extends { merge(o: T): unknown }>(from: number, to: number, onProgress: ((done: number) => void) | undefined, empty: () => T, run: (a: number, b: number) => T): T {
  if (!onProgress) return run(from, to);
  const total = empty();
  for (let a = from; a < to; a += BLOCK_SIZE) {
    const b = Math.min(to, a + BLOCK_SIZE);
    total.merge(run(a, b));
    onProgress(b - from);
  }
  return total;
}

/**
 * Hand blocks of [from, to) to worker threads as they free up; each reply goes to `onReply`. A thread that dies
 * is replaced and its block run again (BLOCK_ATTEMPTS in all); the first failure ends every thread and rejects.
 */
async function runBlocks(
  scenario: Scenario,
  from: number,
  to: number,
  workers: number,
  request: (block: [number, number]) => Omit<BlockRequest, 'id' | 'attempt'>,
  onReply: (m: Exclude<Reply, { ok: false }>) => void,
  /** After each reply: the replications merged so far. */
  onProgress?: (done: number) => void,
): Promise<void> {
  const queue = blocks(from, to, workers);
  const count = queue.length;
  const slots = Array.from({ length: Math.min(workers, count) }, () => new ThreadSlot());
  let next = 0;
  let done = 0;
  let failed = false;
  try {
    await Promise.all(
      slots.map(async (slot) => {
        while (next < count && !failed) {
          const i = next++;
          const [a, b] = queue[i];
          try {
            onReply(await slot.request(request(queue[i]), () => blockText(scenario, a, b, [i + 1, count])));
            onProgress?.((done += b - a));
          } catch (e) {
            failed = true;
            throw e;
          }
        }
      }),
    );
  } finally {
    await Promise.all(slots.map((t) => t.terminate()));
  }
}

/**
 * Worker threads for the what-if tools' work units (sim-core/explore/work.ts): started lazily, kept across
 * batches (a solver runs many small ones), one block in flight per thread, handed out by the same
 * `blockExecutor` the dashboard uses over its Web Workers. The threads speak `runOnThreads`' message protocol
 * (worker.ts) and are replaced like its threads when they die. `close()` ends them.
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

/**
 * One worker thread with at most one request in flight. A thread that exits, throws or sends an unreadable
 * message while running a request is replaced by a fresh one and the request sent again, so a crash costs a
 * block's time, never the run, and never hangs it; after BLOCK_ATTEMPTS the request fails with a BlockError that
 * names the block.
 */
class ThreadSlot {
  private worker: Worker | null = null;
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  private closed = false;

  private settle(f: (p: NonNullable<ThreadSlot['pending']>) => void): void {
    const p = this.pending;
    this.pending = null;
    if (p) f(p);
  }

  /** A fresh thread; its events count only while it is this slot's thread. */
  private start(): Worker {
    const w = new Worker(new URL('./worker-entry.mjs', import.meta.url));
    const died = (how: string) => {
      if (this.worker !== w) return;
      this.worker = null;
      void w.terminate();
      this.settle((p) => p.reject(new ThreadDied(how)));
    };
    w.on('message', (m: Reply) => this.worker === w && this.settle((p) => p.resolve(m)));
    w.on('error', (e) => died(`threw ${e?.message ?? String(e)}`));
    w.on('messageerror', (e) => died(`sent a message that could not be read (${e?.message ?? String(e)})`));
    w.on('exit', (code) => died(`exited with code ${code}`));
    return w;
  }

  /** Send one request (as attempt 0, 1, …) until it is answered; the reply is an error only as a BlockError. */
  async request(req: Omit<BlockRequest, 'id' | 'attempt'>, what: () => string): Promise<Exclude<Reply, { ok: false }>> {
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new BlockError(`stopped before ${what()} ran: the run was ended`);
      let w: Worker;
      try {
        w = this.worker ??= this.start();
      } catch (e) {
        throw new BlockError(`could not start a worker thread for ${what()}: ${(e as Error)?.message ?? String(e)} (try fewer --workers)`);
      }
      let reply: Reply;
      try {
        reply = await new Promise<Reply>((resolve, reject) => {
          this.pending = { resolve, reject };
          w.postMessage({ ...req, id: req.from, attempt } satisfies BlockRequest);
        });
      } catch (e) {
        if (!(e instanceof ThreadDied) || this.closed) throw e;
        if (attempt + 1 >= BLOCK_ATTEMPTS)
          throw new BlockError(
            `the worker threads running ${what()} died ${BLOCK_ATTEMPTS} times (the last ${e.message}); giving up. ` +
              `Run them in one thread to see the error: ${reproduceCommand(req.scenario as Scenario, req.to - 1)}`,
          );
        process.stderr.write(`warning: the worker thread running ${what()} ${e.message}; running them again on a new thread\n`);
        continue;
      }
      if (reply === null || typeof reply !== 'object' || typeof reply.ok !== 'boolean')
        throw new BlockError(`a worker thread sent an unexpected reply running ${what()}`);
      if (!reply.ok) throw new BlockError(reply.error);
      return reply;
    }
  }

  /** Run one block for the what-if tools' executor. */
  readonly run: BlockRunner = async (scenario, from, to) => {
    const reply = await this.request({ scenario, from, to }, () => blockText(scenario, from, to));
    if (!('aggregate' in reply)) throw new BlockError('worker thread answered a block with a comparison');
    return reply.aggregate;
  };

  async terminate(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    this.settle((p) => p.reject(new BlockError('the run was ended')));
    if (w) await w.terminate();
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
