import * as Comlink from 'comlink';
import { Aggregate } from '../../sim-core/results/aggregate';
import type { ScenarioIssue } from '../../sim-core/scenario/validate';
import { Comparison } from '../../sim-core/compare';
import type { BlockResult, PairedBlockResult } from './api';
import type { SimWorkerApi } from './sim.worker';
import type { AggregateJSON } from '../../sim-core/results/aggregate';
import type { BlockRunner } from '../../sim-core/explore/work';

/**
 * The one module that owns simulation workers. Components and the store never touch `Worker`.
 *
 * A run splits replications [0, total) into fixed-size blocks, hands them out to idle workers one at a time
 * (so a fast worker takes more blocks), merges each block's aggregate as it arrives (merging is exact and
 * order-independent, so the result equals one `runRange` over everything) and reports progress. Cancel =
 * terminate the run's workers and start fresh ones lazily on the next run.
 */

/** What the pool needs from a worker: run a block (single or paired), and die on request. */
export interface WorkerHandle {
  runBlock(input: unknown, from: number, to: number): Promise<BlockResult>;
  runPairedBlock(baseline: unknown, proposal: unknown, from: number, to: number): Promise<PairedBlockResult>;
  terminate(): void;
}
export type WorkerFactory = () => WorkerHandle;

export interface RunProgress {
  /** Replications merged so far. */
  done: number;
  total: number;
  /** The merged aggregate of the blocks done so far (owned by the pool until the run ends: read, don't keep). */
  aggregate: Aggregate;
}

export interface PairedProgress {
  done: number;
  total: number;
  /** The merged comparison of the blocks done so far (owned by the pool until the run ends: read, don't keep). */
  comparison: Comparison;
}

export interface RunOptions<P = RunProgress> {
  signal?: AbortSignal;
  /** Called after each block is merged. */
  onProgress?: (p: P) => void;
}

/** One kind of job: how a block is run on a worker, read from its reply, and merged. */
interface JobSpec<T> {
  call(worker: WorkerHandle, from: number, to: number): Promise<BlockResult | PairedBlockResult>;
  read(res: BlockResult | PairedBlockResult): T;
  merge(into: T | null, part: T): T;
  empty(): T;
}

/** The scenario was rejected inside the worker: the issues, as data. */
export class ScenarioRejected extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(`scenario rejected: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'ScenarioRejected';
  }
}

/** The run was cancelled through its AbortSignal. */
export class RunCancelled extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'AbortError';
  }
}

/** Replications per block: small enough to balance load and cancel fast, large enough to amortise messaging. */
export const DEFAULT_BLOCK_SIZE = 20;

/** Workers for this machine: one core left for the page, at least one. */
export function defaultWorkerCount(): number {
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 2;
  return Math.max(1, cores - 1);
}

/** Split [0, total) into [from, to) blocks of `size` (the last may be shorter). */
export function blocksOf(total: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let from = 0; from < total; from += size) out.push([from, Math.min(total, from + size)]);
  return out;
}

export interface PoolOptions {
  factory: WorkerFactory;
  size?: number;
  blockSize?: number;
}

export class SimPool {
  readonly size: number;
  readonly blockSize: number;
  private readonly factory: WorkerFactory;
  /** Live workers, started lazily; a slot is null until first needed or after its worker was terminated. */
  private readonly workers: Array<WorkerHandle | null>;
  private running = false;

  constructor(opts: PoolOptions) {
    this.factory = opts.factory;
    this.size = Math.max(1, Math.floor(opts.size ?? defaultWorkerCount()));
    this.blockSize = Math.max(1, Math.floor(opts.blockSize ?? DEFAULT_BLOCK_SIZE));
    this.workers = new Array(this.size).fill(null);
  }

  /** Workers currently alive (for tests and diagnostics). */
  get alive(): number {
    return this.workers.filter(Boolean).length;
  }

  /**
   * Run all `total` replications of `input`. Resolves with the merged aggregate; rejects with RunCancelled on
   * abort, ScenarioRejected when a worker refuses the scenario, or an Error naming the failure of a worker.
   * One run at a time: cancel the previous one (abort its signal) before starting another.
   */
  run(input: unknown, total: number, opts: RunOptions = {}): Promise<Aggregate> {
    return this.runJob<Aggregate>(
      total,
      {
        call: (w, from, to) => w.runBlock(input, from, to),
        read: (res) => Aggregate.fromJSON((res as Extract<BlockResult, { ok: true }>).aggregate),
        merge: (into, part) => (into ? into.merge(part) : part),
        empty: () => new Aggregate([0, 1, 1]),
      },
      opts.signal,
      opts.onProgress && ((done, aggregate) => opts.onProgress!({ done, total, aggregate })),
    );
  }

  /**
   * Run replications [0, total) of a baseline and a proposal paired by replication index (common random
   * numbers) and merge the blocks' `Comparison`s. Same rules as `run`.
   */
  runPaired(baseline: unknown, proposal: unknown, total: number, opts: RunOptions<PairedProgress> = {}): Promise<Comparison> {
    return this.runJob<Comparison>(
      total,
      {
        call: (w, from, to) => w.runPairedBlock(baseline, proposal, from, to),
        read: (res) => Comparison.fromJSON((res as Extract<PairedBlockResult, { ok: true }>).comparison),
        merge: (into, part) => (into ? into.merge(part) : part),
        empty: () => new Comparison(new Aggregate([0, 1, 1]), new Aggregate([0, 1, 1])),
      },
      opts.signal,
      opts.onProgress && ((done, comparison) => opts.onProgress!({ done, total, comparison })),
    );
  }

  private runJob<T>(total: number, job: JobSpec<T>, signal: AbortSignal | undefined, onProgress?: (done: number, merged: T) => void): Promise<T> {
    if (signal?.aborted) return Promise.reject(new RunCancelled());
    if (this.running) return Promise.reject(new Error('a run is already in progress; cancel it first'));
    this.running = true;
    const blocks = blocksOf(total, this.blockSize);
    let next = 0;
    let done = 0;
    let merged: T | null = null;
    let settled = false;
    const busy = new Set<number>();

    return new Promise<T>((resolve, reject) => {
      const finish = (err: Error | null) => {
        if (settled) return;
        settled = true;
        this.running = false;
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          // Terminate every worker still on this run: a late result must never leak into the next run.
          for (const i of busy) this.kill(i);
          busy.clear();
          reject(err);
        } else resolve(merged ?? job.empty());
      };
      const onAbort = () => finish(new RunCancelled());
      signal?.addEventListener('abort', onAbort);

      const pump = (slot: number) => {
        if (settled) return;
        if (next >= blocks.length) {
          busy.delete(slot);
          if (busy.size === 0) finish(null);
          return;
        }
        const [from, to] = blocks[next++];
        busy.add(slot);
        let worker: WorkerHandle;
        try {
          worker = this.workerAt(slot);
        } catch (e) {
          finish(new Error(`could not start a simulation worker: ${messageOf(e)}`));
          return;
        }
        job.call(worker, from, to).then(
          (res) => {
            if (settled) return;
            if (!res.ok) return finish(new ScenarioRejected(res.issues));
            try {
              merged = job.merge(merged, job.read(res));
            } catch (e) {
              return finish(new Error(`could not merge replications ${from}–${to - 1}: ${messageOf(e)}`));
            }
            done += to - from;
            onProgress?.(done, merged);
            pump(slot);
          },
          (e) => finish(new Error(`simulation worker failed on replications ${from}–${to - 1}: ${messageOf(e)}`)),
        );
      };

      if (blocks.length === 0) return finish(null);
      for (let slot = 0; slot < Math.min(this.size, blocks.length); slot++) pump(slot);
    });
  }

  /**
   * One `BlockRunner` per worker slot, for the what-if executor (`blockExecutor(pool.blockRunners(signal))`):
   * each runs one block at a time on its own worker, so blocks go to whichever worker is idle. A session holds
   * the pool like a run does (one job at a time) until `signal` is aborted, which ends it: a cancel terminates
   * the session's busy workers and rejects their blocks with RunCancelled (abort it after a normal finish too:
   * nothing is busy then, and the workers stay for the next job). A refused scenario rejects with
   * ScenarioRejected, a failed worker with an Error naming the block (that worker is terminated).
   */
  blockRunners(signal: AbortSignal): BlockRunner[] {
    if (signal.aborted) return Array.from({ length: this.size }, () => () => Promise.reject(new RunCancelled()));
    if (this.running) throw new Error('a run is already in progress; cancel it first');
    this.running = true;
    const busy = new Map<number, (e: Error) => void>();
    signal.addEventListener(
      'abort',
      () => {
        for (const [slot, reject] of busy) {
          this.kill(slot);
          reject(new RunCancelled());
        }
        busy.clear();
        this.running = false;
      },
      { once: true },
    );
    return Array.from({ length: this.size }, (_, slot): BlockRunner => (scenario, from, to) => {
      if (signal.aborted) return Promise.reject(new RunCancelled());
      if (busy.has(slot)) return Promise.reject(new Error(`worker ${slot + 1} is already running a block`));
      let worker: WorkerHandle;
      try {
        worker = this.workerAt(slot);
      } catch (e) {
        return Promise.reject(new Error(`could not start a simulation worker: ${messageOf(e)}`));
      }
      return new Promise<AggregateJSON>((resolve, reject) => {
        busy.set(slot, reject);
        // Still this block's to settle (a cancel may have settled it already)?
        const mine = () => {
          if (busy.get(slot) !== reject) return false;
          busy.delete(slot);
          return true;
        };
        worker.runBlock(scenario, from, to).then(
          (res) => {
            if (!mine()) return;
            if (res.ok) resolve(res.aggregate);
            else reject(new ScenarioRejected(res.issues));
          },
          (e) => {
            if (!mine()) return;
            this.kill(slot);
            reject(new Error(`simulation worker failed on replications ${from}–${to - 1}: ${messageOf(e)}`));
          },
        );
      });
    });
  }

  /** Terminate every worker (they restart lazily). */
  dispose(): void {
    for (let i = 0; i < this.workers.length; i++) this.kill(i);
  }

  private workerAt(slot: number): WorkerHandle {
    let w = this.workers[slot];
    if (!w) {
      w = this.factory();
      this.workers[slot] = w;
    }
    return w;
  }

  private kill(slot: number): void {
    const w = this.workers[slot];
    this.workers[slot] = null;
    try {
      w?.terminate();
    } catch {
      /* already gone */
    }
  }
}

export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

/**
 * A worker in the browser: the module `sim.worker.ts` wrapped by Comlink. A load or uncaught error in the
 * worker (which Comlink would leave pending forever) rejects the calls in flight.
 */
export function browserWorkerFactory(): WorkerHandle {
  const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'bootstorm-sim' });
  const remote = Comlink.wrap<SimWorkerApi>(worker);
  let failure: Error | null = null;
  const pending = new Set<(e: Error) => void>();
  const fail = (e: Error) => {
    failure = e;
    for (const r of pending) r(e);
    pending.clear();
  };
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    fail(new Error(ev.message || 'the worker script failed to load or threw an uncaught error'));
  });
  worker.addEventListener('messageerror', () => fail(new Error('a message from the worker could not be read')));
  const track = <T,>(call: () => Promise<T>): Promise<T> => {
    if (failure) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      pending.add(reject);
      call().then(
        (r) => {
          pending.delete(reject);
          resolve(r);
        },
        (e) => {
          pending.delete(reject);
          reject(e);
        },
      );
    });
  };
  return {
    runBlock: (input, from, to) => track(() => remote.runBlock(input, from, to) as Promise<BlockResult>),
    runPairedBlock: (baseline, proposal, from, to) => track(() => remote.runPairedBlock(baseline, proposal, from, to) as Promise<PairedBlockResult>),
    terminate() {
      worker.terminate();
    },
  };
}
