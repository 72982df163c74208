import * as Comlink from 'comlink';
import { Aggregate } from '../../sim-core/results/aggregate';
import type { ScenarioIssue } from '../../sim-core/scenario/validate';
import { Comparison } from '../../sim-core/compare';
import type { BlockResult, EngineFailure, EstimateResult, Failure, PairedBlockResult } from './api';
import type { SimWorkerApi } from './sim.worker';
import type { AggregateJSON } from '../../sim-core/results/aggregate';
import type { BlockRunner } from '../../sim-core/explore/work';
import { isReadyMessage } from './protocol';
import { replicationRangeText } from '../../sim-core/results/shard';

/**
 * The one module that owns simulation workers. Components and the store never touch `Worker`.
 *
 * A run splits replications [0, total) into fixed-size blocks, hands them out to idle workers one at a time
 * (so a fast worker takes more blocks), merges each block's aggregate as it arrives (merging is exact and
 * order-independent, so the result equals one `runRange` over everything) and reports progress. Cancel =
 * terminate the run's workers and start fresh ones lazily on the next run.
 *
 * Failures inside a run:
 * - a worker that throws, dies, never answers a block (the block watchdog) or never loads (the load watchdog)
 *   is terminated and replaced, and its block runs again on the new worker — at most `maxAttempts` times in all,
 *   then the run fails with a BlockFailed naming the block and the cause. Every replacement is reported through
 *   `onIncident`. Blocks are deterministic, so a block run again gives the same numbers: the result is exact.
 * - an exception inside the engine comes back as data (EngineFailed, never retried: it would throw again); a
 *   refused scenario as ScenarioRejected.
 */

/** What the pool needs from a worker: run a block (single or paired), estimate work, and die on request. */
export interface WorkerHandle {
  runBlock(input: unknown, from: number, to: number): Promise<BlockResult>;
  runPairedBlock(baseline: unknown, proposal: unknown, from: number, to: number): Promise<PairedBlockResult>;
  /** Pilot-based work estimate (sim-core/limits.ts), run in the worker. Absent: the pool cannot estimate. */
  estimate?(pilots: unknown, points: number, replications?: number): Promise<EstimateResult>;
  /** Resolves once the worker has loaded (absent: ready at once). The pool waits at most `loadTimeoutMs`. */
  ready?: Promise<void>;
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

/** How a worker was lost. */
export type LossKind = 'crashed' | 'hung' | 'no-start';

/** A worker was lost and replaced; what it was doing runs again on the new worker. */
export interface WorkerIncident {
  kind: LossKind;
  /** What the worker was doing: replications [from, to) of a run or an exploration, or the work estimate. */
  what: 'block' | 'estimate';
  from: number;
  to: number;
  /** The error the worker gave, or what the watchdog saw. */
  cause: string;
  /** Failed attempts of this block so far (1 after the first failure). */
  attempt: number;
}

export interface RunOptions<P = RunProgress> {
  signal?: AbortSignal;
  /** Called after each block is merged. */
  onProgress?: (p: P) => void;
  /** A block not answered within this many ms is taken as lost: its worker is replaced (default: the pool's). */
  blockTimeoutMs?: number;
  /** Called when a worker is lost and replaced (its block runs again). */
  onIncident?: (i: WorkerIncident) => void;
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

/** The engine threw inside a worker (a ReplicationError names the replication and a command to reproduce it). */
export class EngineFailed extends Error {
  constructor(readonly failure: EngineFailure) {
    super(failure.message);
    this.name = 'EngineFailed';
  }
}

/** A block lost its worker `attempts` times in a row: the run was stopped. */
export class BlockFailed extends Error {
  constructor(
    readonly what: 'block' | 'estimate',
    readonly from: number,
    readonly to: number,
    readonly attempts: number,
    /** How the worker was lost, attempt by attempt. */
    readonly kinds: LossKind[],
    readonly lastCause: string,
  ) {
    const how = kinds.every((k) => k === kinds[0]) ? `${LOSS_TEXT[kinds[0]]} each time` : `was lost each time (${kinds.map((k) => LOSS_TEXT[k]).join(', then ')})`;
    super(`${what === 'estimate' ? 'the work estimate' : `replications ${replicationRangeText([from, to])}`} failed ${attempts} times: the simulation worker ${how} (last: ${lastCause}); the run was stopped`);
    this.name = 'BlockFailed';
  }
}

/** The run was cancelled through its AbortSignal. */
export class RunCancelled extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'AbortError';
  }
}

/** A worker was lost (internal: the pool replaces it and runs the block again). */
class WorkerLost extends Error {
  constructor(
    readonly kind: LossKind,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const LOSS_TEXT: Record<LossKind, string> = { crashed: 'crashed', hung: 'stopped answering', 'no-start': 'did not start' };

/**
 * One sentence for an incident: "a simulation worker crashed on replications 40–59 and was restarted; the block
 * ran again". `finished`: whether the work it was part of has finished (past tense) or is still running.
 */
export function describeIncident(i: WorkerIncident, finished = true): string {
  const on = i.what === 'estimate' ? 'while estimating the work' : `on replications ${replicationRangeText([i.from, i.to])}`;
  const again = i.what === 'estimate' ? 'the estimate' : 'the block';
  return `a simulation worker ${LOSS_TEXT[i.kind]} ${on} (${i.cause}) and was restarted; ${again} ${finished ? 'ran' : 'is running'} again`;
}

/** The error for a block's failure reply. */
function failureError(res: Failure): Error {
  return 'engine' in res ? new EngineFailed(res.engine) : new ScenarioRejected(res.issues);
}

/** Replications per block: small enough to balance load and cancel fast, large enough to amortise messaging. */
export const DEFAULT_BLOCK_SIZE = 20;
/** Attempts per block (the first and two re-runs on fresh workers). */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** How long a new worker may take to load its module. */
export const DEFAULT_LOAD_TIMEOUT_MS = 30_000;
/** The block watchdog when a run gives none (a run sets one from its pilot estimate). */
export const DEFAULT_BLOCK_TIMEOUT_MS = 10 * 60_000;
/** The watchdog of a work estimate (at most a few pilot replications of ≤ 10 million events each). */
export const DEFAULT_ESTIMATE_TIMEOUT_MS = 3 * 60_000;

/**
 * A generous block watchdog from a pilot: `pilotMs` for one replication (of each arm), `blockSize` of them per
 * block, times 50 for slower replications and workers sharing cores, plus 30 s.
 */
export function blockTimeoutFor(pilotMs: number, blockSize: number): number {
  const ms = 30_000 + 50 * Math.max(0, pilotMs) * Math.max(1, blockSize);
  return Math.min(Number.isFinite(ms) ? Math.round(ms) : DEFAULT_BLOCK_TIMEOUT_MS, 6 * 60 * 60_000);
}

const secs = (ms: number) => (ms >= 60_000 ? `${(ms / 60_000).toFixed(ms % 60_000 ? 1 : 0)} min` : ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms)} ms`);

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
  /** Attempts per block before the run fails (default 3). */
  maxAttempts?: number;
  /** How long a new worker may take to load (default 30 s). */
  loadTimeoutMs?: number;
  /** The block watchdog when a run gives none (default 10 min). */
  blockTimeoutMs?: number;
}

/** One call on a worker under the watchdogs: its promise, and a way to stop its timers. */
interface Attempt<R> {
  promise: Promise<R>;
  cancel(): void;
}

export class SimPool {
  readonly size: number;
  readonly blockSize: number;
  readonly maxAttempts: number;
  readonly loadTimeoutMs: number;
  readonly blockTimeoutMs: number;
  private readonly factory: WorkerFactory;
  /** Live workers, started lazily; a slot is null until first needed or after its worker was terminated. */
  private readonly workers: Array<WorkerHandle | null>;
  /** Whether the worker in each slot has loaded. */
  private readonly loaded: boolean[];
  private running = false;

  constructor(opts: PoolOptions) {
    this.factory = opts.factory;
    this.size = Math.max(1, Math.floor(opts.size ?? defaultWorkerCount()));
    this.blockSize = Math.max(1, Math.floor(opts.blockSize ?? DEFAULT_BLOCK_SIZE));
    this.maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
    this.loadTimeoutMs = opts.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
    this.blockTimeoutMs = opts.blockTimeoutMs ?? DEFAULT_BLOCK_TIMEOUT_MS;
    this.workers = new Array(this.size).fill(null);
    this.loaded = new Array(this.size).fill(false);
  }

  /** Workers currently alive (for tests and diagnostics). */
  get alive(): number {
    return this.workers.filter(Boolean).length;
  }

  /**
   * Run all `total` replications of `input`. Resolves with the merged aggregate; rejects with RunCancelled on
   * abort, ScenarioRejected when a worker refuses the scenario, EngineFailed when the engine throws, BlockFailed
   * when a block lost its worker `maxAttempts` times. One run at a time: cancel the previous one (abort its
   * signal) before starting another.
   */
  run(input: unknown, total: number, opts: RunOptions = {}): Promise<Aggregate> {
    return this.runJob<Aggregate>(
      blocksOf(total, this.blockSize),
      this.aggregateJob(input),
      opts,
      opts.onProgress && ((done, aggregate) => opts.onProgress!({ done, total, aggregate })),
    );
  }

  /**
   * Run replications [0, total) of a baseline and a proposal paired by replication index (common random
   * numbers) and merge the blocks' `Comparison`s. Same rules as `run`.
   */
  runPaired(baseline: unknown, proposal: unknown, total: number, opts: RunOptions<PairedProgress> = {}): Promise<Comparison> {
    return this.runJob<Comparison>(
      blocksOf(total, this.blockSize),
      {
        call: (w, from, to) => w.runPairedBlock(baseline, proposal, from, to),
        read: (res) => Comparison.fromJSON((res as Extract<PairedBlockResult, { ok: true }>).comparison),
        merge: (into, part) => (into ? into.merge(part) : part),
        empty: () => new Comparison(new Aggregate([0, 1, 1]), new Aggregate([0, 1, 1])),
      },
      opts,
      opts.onProgress && ((done, comparison) => opts.onProgress!({ done, total, comparison })),
    );
  }

  /**
   * The work estimate of `points` scenarios like `pilots` × `replications` each (sim-core/limits.ts), computed
   * on a worker (the page never runs the engine). Resolves null when the workers cannot estimate. Holds the pool
   * while it runs; a lost worker is replaced and the estimate run again like a block. Rejects like `run`.
   */
  async estimate(
    pilots: unknown,
    points: number,
    replications: number | undefined,
    opts: { signal?: AbortSignal; timeoutMs?: number; onIncident?: (i: WorkerIncident) => void } = {},
  ): Promise<Extract<EstimateResult, { ok: true }> | null> {
    const { signal } = opts;
    if (signal?.aborted) throw new RunCancelled();
    if (this.running) throw new Error('a run is already in progress; cancel it first');
    this.running = true;
    const slot = 0;
    let current: Attempt<EstimateResult | null> | null = null;
    const stop: { reject: (e: Error) => void } = { reject: () => undefined };
    const aborted = new Promise<never>((_, reject) => {
      stop.reject = reject;
    });
    aborted.catch(() => undefined);
    let released = false;
    const onAbort = () => {
      current?.cancel();
      this.kill(slot);
      // Free the pool at once: the next job may start before this one's promise settles.
      released = true;
      this.running = false;
      stop.reject(new RunCancelled());
    };
    signal?.addEventListener('abort', onAbort);
    const kinds: LossKind[] = [];
    try {
      for (let attempt = 1; ; attempt++) {
        current = this.attempt(slot, (w) => (w.estimate ? w.estimate(pilots, points, replications) : Promise.resolve(null)), opts.timeoutMs ?? DEFAULT_ESTIMATE_TIMEOUT_MS);
        try {
          const res = await Promise.race([current.promise, aborted]);
          if (res === null) return null;
          if (!res.ok) throw failureError(res);
          return res;
        } catch (e) {
          if (!(e instanceof WorkerLost)) throw e;
          this.kill(slot);
          kinds.push(e.kind);
          if (attempt >= this.maxAttempts) throw new BlockFailed('estimate', 0, 1, attempt, kinds, e.reason);
          opts.onIncident?.({ kind: e.kind, what: 'estimate', from: 0, to: 1, cause: e.reason, attempt });
        }
      }
    } finally {
      current?.cancel();
      signal?.removeEventListener('abort', onAbort);
      if (!released) this.running = false;
    }
  }

  /**
   * Run the one replication `replication` of the scenario `input` (its aggregate holds that replication's detail
   * when it is the scenario's detailReplication). Same rules as `run`.
   */
  runOne(input: unknown, replication: number, opts: Pick<RunOptions, 'signal' | 'blockTimeoutMs' | 'onIncident'> = {}): Promise<Aggregate> {
    return this.runJob<Aggregate>([[replication, replication + 1]], this.aggregateJob(input), opts);
  }

  private aggregateJob(input: unknown): JobSpec<Aggregate> {
    return {
      call: (w, from, to) => w.runBlock(input, from, to),
      read: (res) => Aggregate.fromJSON((res as Extract<BlockResult, { ok: true }>).aggregate),
      merge: (into, part) => (into ? into.merge(part) : part),
      empty: () => new Aggregate([0, 1, 1]),
    };
  }

  private runJob<T>(blocks: Array<[number, number]>, job: JobSpec<T>, opts: Pick<RunOptions, 'signal' | 'blockTimeoutMs' | 'onIncident'>, onProgress?: (done: number, merged: T) => void): Promise<T> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(new RunCancelled());
    if (this.running) return Promise.reject(new Error('a run is already in progress; cancel it first'));
    this.running = true;
    const timeoutMs = opts.blockTimeoutMs ?? this.blockTimeoutMs;
    // Blocks waiting to run; a block whose worker was lost goes back to the front.
    const queue = blocks.map(([from, to]) => ({ from, to, attempts: 0, kinds: [] as LossKind[] }));
    const started = queue.length;
    let done = 0;
    let merged: T | null = null;
    let settled = false;
    const busy = new Set<number>();
    const inflight = new Map<number, Attempt<unknown>>();

    return new Promise<T>((resolve, reject) => {
      const finish = (err: Error | null) => {
        if (settled) return;
        settled = true;
        this.running = false;
        signal?.removeEventListener('abort', onAbort);
        for (const a of inflight.values()) a.cancel();
        inflight.clear();
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
        const b = queue.shift();
        if (!b) {
          busy.delete(slot);
          if (busy.size === 0) finish(null);
          return;
        }
        busy.add(slot);
        const a = this.attempt(slot, (w) => job.call(w, b.from, b.to), timeoutMs);
        inflight.set(slot, a);
        a.promise.then(
          (res) => {
            inflight.delete(slot);
            if (settled) return;
            if (!res.ok) return finish(failureError(res));
            try {
              merged = job.merge(merged, job.read(res));
            } catch (e) {
              return finish(new Error(`could not merge replications ${replicationRangeText([b.from, b.to])}: ${messageOf(e)}`));
            }
            done += b.to - b.from;
            onProgress?.(done, merged);
            pump(slot);
          },
          (e: unknown) => {
            inflight.delete(slot);
            if (settled) return;
            if (!(e instanceof WorkerLost)) return finish(e instanceof Error ? e : new Error(messageOf(e)));
            this.kill(slot);
            b.attempts++;
            b.kinds.push(e.kind);
            if (b.attempts >= this.maxAttempts) return finish(new BlockFailed('block', b.from, b.to, b.attempts, b.kinds, e.reason));
            opts.onIncident?.({ kind: e.kind, what: 'block', from: b.from, to: b.to, cause: e.reason, attempt: b.attempts });
            queue.unshift(b);
            pump(slot);
          },
        );
      };

      if (started === 0) return finish(null);
      for (let slot = 0; slot < Math.min(this.size, started); slot++) pump(slot);
    });
  }

  /**
   * One `BlockRunner` per worker slot, for the what-if executor (`blockExecutor(pool.blockRunners(signal))`):
   * each runs one block at a time on its own worker, so blocks go to whichever worker is idle. A session holds
   * the pool like a run does (one job at a time) until `signal` is aborted, which ends it: a cancel terminates
   * the session's busy workers and rejects their blocks with RunCancelled (abort it after a normal finish too:
   * nothing is busy then, and the workers stay for the next job). A lost worker is replaced and its block run
   * again, as in `run`. A refused scenario rejects with ScenarioRejected, an engine exception with EngineFailed,
   * a block that lost its worker `maxAttempts` times with BlockFailed.
   */
  blockRunners(signal: AbortSignal, opts: Pick<RunOptions, 'blockTimeoutMs' | 'onIncident'> = {}): BlockRunner[] {
    if (signal.aborted) return Array.from({ length: this.size }, () => () => Promise.reject(new RunCancelled()));
    if (this.running) throw new Error('a run is already in progress; cancel it first');
    this.running = true;
    const timeoutMs = opts.blockTimeoutMs ?? this.blockTimeoutMs;
    const busy = new Map<number, { reject: (e: Error) => void; attempt: Attempt<unknown> | null }>();
    signal.addEventListener(
      'abort',
      () => {
        for (const [slot, b] of busy) {
          b.attempt?.cancel();
          this.kill(slot);
          b.reject(new RunCancelled());
        }
        busy.clear();
        this.running = false;
      },
      { once: true },
    );
    return Array.from({ length: this.size }, (_, slot): BlockRunner => (scenario, from, to) => {
      if (signal.aborted) return Promise.reject(new RunCancelled());
      if (busy.has(slot)) return Promise.reject(new Error(`worker ${slot + 1} is already running a block`));
      return new Promise<AggregateJSON>((resolve, reject) => {
        const entry: { reject: (e: Error) => void; attempt: Attempt<unknown> | null } = { reject, attempt: null };
        busy.set(slot, entry);
        // Still this block's to settle (a cancel may have settled it already)?
        const mine = () => {
          if (busy.get(slot) !== entry) return false;
          busy.delete(slot);
          return true;
        };
        let attempts = 0;
        const kinds: LossKind[] = [];
        const tryOnce = () => {
          const a = this.attempt(slot, (w) => w.runBlock(scenario, from, to), timeoutMs);
          entry.attempt = a;
          a.promise.then(
            (res) => {
              if (!mine()) return;
              if (res.ok) resolve(res.aggregate);
              else reject(failureError(res));
            },
            (e: unknown) => {
              if (busy.get(slot) !== entry) return;
              if (!(e instanceof WorkerLost)) {
                mine();
                return reject(e instanceof Error ? e : new Error(messageOf(e)));
              }
              this.kill(slot);
              attempts++;
              kinds.push(e.kind);
              if (attempts >= this.maxAttempts) {
                mine();
                return reject(new BlockFailed('block', from, to, attempts, kinds, e.reason));
              }
              opts.onIncident?.({ kind: e.kind, what: 'block', from, to, cause: e.reason, attempt: attempts });
              tryOnce();
            },
          );
        };
        tryOnce();
      });
    });
  }

  /** Terminate every worker (they restart lazily). */
  dispose(): void {
    for (let i = 0; i < this.workers.length; i++) this.kill(i);
  }

  /**
   * Call the worker in `slot` (started if need be) under the watchdogs: the load timeout while a new worker has
   * not said it is ready, then `timeoutMs` for the answer. Rejects with WorkerLost when the worker threw, died,
   * did not start or did not answer in time (the caller terminates it), or with an Error when no worker can be
   * made at all (not worth retrying).
   */
  private attempt<R>(slot: number, call: (w: WorkerHandle) => Promise<R>, timeoutMs: number): Attempt<R> {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let over = false;
    const clear = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };
    const promise = new Promise<R>((resolve, reject) => {
      const lose = (kind: LossKind, reason: string) => {
        if (over) return;
        over = true;
        clear();
        reject(new WorkerLost(kind, reason));
      };
      let w: WorkerHandle;
      try {
        w = this.workerAt(slot);
      } catch (e) {
        over = true;
        reject(new Error(`could not start a simulation worker: ${messageOf(e)}`));
        return;
      }
      const go = () => {
        if (over) return;
        timer = setTimeout(() => lose('hung', `no answer within ${secs(timeoutMs)}`), timeoutMs);
        let p: Promise<R>;
        try {
          p = call(w);
        } catch (e) {
          return lose('crashed', messageOf(e));
        }
        p.then(
          (r) => {
            if (over) return;
            over = true;
            clear();
            resolve(r);
          },
          (e) => lose('crashed', messageOf(e)),
        );
      };
      if (w.ready && !this.loaded[slot]) {
        timer = setTimeout(() => lose('no-start', `it did not load within ${secs(this.loadTimeoutMs)}`), this.loadTimeoutMs);
        w.ready.then(
          () => {
            if (this.workers[slot] === w) this.loaded[slot] = true;
            clear();
            go();
          },
          (e) => lose('no-start', messageOf(e)),
        );
      } else go();
    });
    return {
      promise,
      cancel: () => {
        over = true;
        clear();
      },
    };
  }

  private workerAt(slot: number): WorkerHandle {
    let w = this.workers[slot];
    if (!w) {
      w = this.factory();
      this.workers[slot] = w;
      this.loaded[slot] = false;
    }
    return w;
  }

  private kill(slot: number): void {
    const w = this.workers[slot];
    this.workers[slot] = null;
    this.loaded[slot] = false;
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
 * worker (which Comlink would leave pending forever) rejects the calls in flight; `ready` resolves when the
 * worker's module has loaded (the pool's load watchdog waits for it).
 */
export function browserWorkerFactory(): WorkerHandle {
  const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'bootstorm-sim' });
  let markReady: () => void = () => undefined;
  let markBroken: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markBroken = reject;
  });
  ready.catch(() => undefined);
  const onReady = (ev: MessageEvent) => {
    if (!isReadyMessage(ev.data)) return;
    worker.removeEventListener('message', onReady);
    markReady();
  };
  worker.addEventListener('message', onReady);
  const remote = Comlink.wrap<SimWorkerApi>(worker);
  let failure: Error | null = null;
  const pending = new Set<(e: Error) => void>();
  const fail = (e: Error) => {
    failure = e;
    markBroken(e);
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
    ready,
    runBlock: (input, from, to) => track(() => remote.runBlock(input, from, to) as Promise<BlockResult>),
    runPairedBlock: (baseline, proposal, from, to) => track(() => remote.runPairedBlock(baseline, proposal, from, to) as Promise<PairedBlockResult>),
    estimate: (pilots, points, replications) => track(() => remote.estimate(pilots, points, replications) as Promise<EstimateResult>),
    terminate() {
      // The calls in flight will never be answered. Settle them, and release Comlink's proxy (which forgets their
      // pending replies and leaves its FinalizationRegistry): else the registry keeps the terminated worker, its
      // listener and every pending reply alive, and with them a cancelled run's closures and aggregates.
      fail(new Error('the simulation worker was terminated'));
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
