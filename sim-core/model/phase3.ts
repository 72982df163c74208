import type { ProcessBody, Wake, Yieldable } from '../kernel';
import type { Rng } from '../random/streams';
import type { FailureCause } from './outcomes';
import type { ConnectionPool } from './pool';
import type { World } from './world';

/** What a Phase 3 step yields to: the kernel's protocol, returning a step result. */
export type Step<T> = Generator<Yieldable, T, Wake>;

/** Result of one step: null on success, else the failure cause. */
export type StepResult = FailureCause | null;

/** The per-attempt context Phase 3 runs in. */
export interface Attempt {
  readonly world: World;
  readonly pool: ConnectionPool;
  readonly rng: Rng;
  /** Absolute time the initialization timeout fires. */
  readonly phaseDeadline: number;
  /** With Direct VPC egress: when this instance's egress starts carrying connections. */
  readonly egressReadyAt: number;
}

/** Backoff before retry number `retry` (0-based), per the AWS architecture blog's policies. */
function backoff(a: Attempt, retry: number, previous: number): number {
  const { policy, base, cap } = a.world.scenario.retry;
  const exp = Math.min(cap, base * 2 ** retry);
  switch (policy) {
    case 'none':
    case 'exponential':
      return exp;
    case 'full-jitter':
      return a.rng() * exp;
    case 'equal-jitter':
      return exp / 2 + (a.rng() * exp) / 2;
    case 'decorrelated-jitter':
      return Math.min(cap, base + a.rng() * (previous * 3 - base));
  }
}

/**
 * Open one connection: connect attempts under the connection timeout, retried with the backoff policy.
 *
 * One attempt goes through the connector (a dropped SYN is retransmitted after 1, 2, 4 … s) to Cloud SQL,
 * whose vCPUs serve handshakes FIFO; a refused client still pays the whole handshake (the limit is checked
 * after authentication). The client gives up at the attempt's deadline; a handshake already on a vCPU then
 * runs to its end anyway, holding the vCPU and the connector slot.
 *
 * The attempt is written inline rather than as a sub-generator: this is the model's hottest path and every
 * level of `yield*` costs a generator resume per event (measured: see `npm run bench`).
 */
function* connect(a: Attempt): Step<StepResult> {
  const { sim, connector, cloudSql, scenario } = a.world;
  const { retry, timeouts } = scenario;
  const attempts = retry.policy === 'none' ? 1 : retry.attempts;
  let previousSleep = retry.base;
  let cause: FailureCause = 'connect_timeout';
  let slot = false;
  let onCpu = false;
  let serverDoneAt = 0;
  try {
    for (let i = 0; ; i++) {
      const deadline = Math.min(sim.now + timeouts.connection, a.phaseDeadline);
      let refused = false;
      attempt: {
        let rto = scenario.connector.synRetransmit;
        while (!connector.tryOpen()) {
          if (sim.now + rto >= deadline) {
            yield deadline - sim.now;
            break attempt;
          }
          yield rto;
          rto *= 2;
        }
        slot = true;
        if (sim.now < a.egressReadyAt) {
          if (a.egressReadyAt >= deadline) {
            yield deadline - sim.now;
            break attempt;
          }
          yield a.egressReadyAt - sim.now;
        }
        const latency = connector.handshakeLatency();
        if (sim.now + latency >= deadline) {
          yield deadline - sim.now;
          break attempt;
        }
        yield latency;
        if (!(yield cloudSql.cpu.request(deadline))) break attempt;
        onCpu = true;
        const service = cloudSql.handshakeTime();
        serverDoneAt = sim.now + service;
        if (serverDoneAt > deadline) {
          yield deadline - sim.now;
          break attempt;
        }
        yield service;
        onCpu = false;
        cloudSql.cpu.release();
        slot = false;
        if (cloudSql.admit()) {
          // The connection keeps its connector slot until it is closed.
          a.world.noteCloudSqlConnections();
          return null;
        }
        connector.closeSlots(1);
        refused = true;
      }
      releaseAbandoned();
      if (sim.now >= a.phaseDeadline) return 'init_timeout';
      cause = refused ? 'too_many_clients' : 'connect_timeout';
      if (i >= attempts - 1) return cause;
      const sleep = backoff(a, i, previousSleep);
      previousSleep = sleep;
      if (sim.now + sleep >= a.phaseDeadline) {
        yield a.phaseDeadline - sim.now;
        return 'init_timeout';
      }
      yield sleep;
    }
  } finally {
    // The container died mid-handshake.
    releaseAbandoned();
  }

  /** A timed-out or killed attempt: the server finishes the handshake it started, then frees vCPU and slot. */
  function releaseAbandoned(): void {
    if (onCpu) {
      sim.at(serverDoneAt, () => {
        cloudSql.cpu.release();
        connector.closeSlots(1);
      });
    } else if (slot) connector.closeSlots(1);
    onCpu = false;
    slot = false;
  }
}

/** QueuePool checkout: idle connection, else open a new one, else wait up to pool_timeout for a return. */
export function* checkout(a: Attempt): Step<StepResult> {
  const { pool, world } = a;
  const { sim } = world;
  if (pool.takeIdle()) return null;
  if (pool.reserve()) {
    world.notePoolUse(pool.reserved / pool.limit);
    const r = yield* connect(a);
    if (r === null) pool.opened();
    else pool.openFailed();
    return r;
  }
  const waiter = pool.enqueue();
  world.addPoolWaiters(1);
  const poolDeadline = sim.now + world.scenario.pool.poolTimeout;
  let handed: Wake = false;
  try {
    handed = yield waiter.signal.wait(Math.min(poolDeadline, a.phaseDeadline));
  } finally {
    world.addPoolWaiters(-1);
    if (!handed) pool.giveUp(waiter);
  }
  if (handed) return null;
  return poolDeadline <= a.phaseDeadline ? 'pool_timeout' : 'init_timeout';
}

/** Return a connection to the pool; an overflow connection beyond pool_size is closed on Cloud SQL. */
export function checkin(a: Attempt): void {
  a.world.closeConnections(a.pool.checkIn(), 0);
}

/**
 * A step that takes `work` seconds of database time (already scaled by load) under its own timeout and the
 * phase deadline. Returns null when it completes.
 */
function* timedWork(a: Attempt, work: number, timeout: number, cause: FailureCause): Step<StepResult> {
  const { sim } = a.world;
  const limit = Math.min(sim.now + timeout, a.phaseDeadline);
  if (sim.now + work > limit) {
    yield limit - sim.now;
    return limit < a.phaseDeadline ? cause : 'init_timeout';
  }
  yield work;
  return null;
}

/** Table setup on one pooled connection; concurrent setups can lose the CREATE TABLE IF NOT EXISTS race. */
export function* tableSetup(a: Attempt): Step<StepResult> {
  const w = a.world;
  const got = yield* checkout(a);
  if (got !== null) return got;
  const overlappedAtStart = w.tableSetupsActive > 0;
  const startedBefore = w.tableSetupsStarted;
  w.tableSetupsActive++;
  w.tableSetupsStarted++;
  let r: StepResult;
  try {
    const work = w.tableSetup(a.rng) * w.cloudSql.slowdown();
    r = yield* timedWork(a, work, w.scenario.timeouts.tableSetup, 'table_setup_timeout');
  } finally {
    w.tableSetupsActive--;
  }
  if (r === null) {
    const overlapped = overlappedAtStart || w.tableSetupsStarted - startedBefore > 1;
    if (overlapped && a.rng() < w.scenario.phase3.tableSetupRace) r = 'table_setup_race';
  }
  checkin(a);
  return r;
}

/** SELECT 1 on one pooled connection. */
export function* healthCheck(a: Attempt): Step<StepResult> {
  const w = a.world;
  const got = yield* checkout(a);
  if (got !== null) return got;
  const work = w.healthCheck(a.rng) * w.cloudSql.slowdown();
  const r = yield* timedWork(a, work, w.scenario.timeouts.healthCheck, 'health_check_timeout');
  checkin(a);
  return r;
}

/** How many connections Phase 3 opens before table setup. */
export function startupConnections(a: Attempt): number {
  const p = a.world.scenario.phase3;
  return p.connectionMode === 'warm-pool' ? a.world.scenario.pool.poolSize : p.lazyConnections;
}

/** Serial opening: check out the startup connections one after another, holding each, then return all. */
export function* openSerially(a: Attempt, n: number): Step<StepResult> {
  let held = 0;
  let r: StepResult = null;
  for (let i = 0; i < n && r === null; i++) {
    r = yield* checkout(a);
    if (r === null) held++;
  }
  if (r === null) for (let i = 0; i < held; i++) checkin(a);
  return r;
}

/**
 * One of n concurrent openers (asyncio.gather): checks out one connection and holds it until all are open.
 * Reports to `done` when finished.
 */
export function* opener(a: Attempt, gate: OpenGate): ProcessBody {
  const r = yield* checkout(a);
  gate.report(r);
}

/** Collects the results of concurrent openers: the first failure, or success when all have opened. */
export interface OpenGate {
  report(result: StepResult): void;
}
