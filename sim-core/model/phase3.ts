import { Activity, Signal, type Wake, type Yieldable } from '../kernel';
import type { Rng } from '../random/streams';
import type { FailureCause } from './outcomes';
import type { ConnectionPool, PoolWaiter } from './pool';
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

/**
 * One QueuePool checkout: an idle connection, else open a new one, else wait up to pool_timeout for a returned
 * one. Reports its result (null, or the failure cause) to `report` when it ends; a killed checkout reports
 * nothing.
 *
 * Opening goes connect attempt by connect attempt under the connection timeout, retried with the backoff
 * policy. One attempt goes through the connector (a dropped SYN is retransmitted after 1, 2, 4 … s) to Cloud
 * SQL, whose vCPUs serve handshakes FIFO; a refused client still pays the whole handshake (the limit is
 * checked after authentication). The client gives up at the attempt's deadline; a handshake already on a vCPU
 * then runs to its end anyway, holding the vCPU and the connector slot.
 *
 * This is the model's hottest path (the incident preset runs ~1,260 connect attempts per replication), so it
 * is an Activity, one method per step, rather than a generator: see `npm run bench`.
 */
export class Checkout extends Activity {
  /** Connect attempt number, from 0. */
  private attempt = 0;
  private attemptDeadline = 0;
  /** When the connection timeout bounds the whole connect (retry.withinConnectionTimeout): its end; else Infinity. */
  private connectDeadline = Infinity;
  private previousSleep: number;
  /** The SYN retransmission timeout of the current attempt: doubles per drop. */
  private rto = 0;
  private refused = false;
  /** This attempt holds a connector slot / a Cloud SQL vCPU (released when it gives up or is killed). */
  private slot = false;
  private onCpu = false;
  private serverDoneAt = 0;
  /** While waiting for a returned connection. */
  private waiter: PoolWaiter | null = null;
  private poolDeadline = 0;

  constructor(
    private readonly a: Attempt,
    private readonly report: (result: StepResult) => void,
  ) {
    super(a.world.sim);
    this.previousSleep = a.world.retry.base;
  }

  begin(): void {
    const { pool, world } = this.a;
    if (pool.takeIdle()) return this.report(null);
    if (pool.reserve()) {
      world.notePoolUse(pool.reserved / pool.limit);
      return this.startAttempt();
    }
    this.waiter = pool.enqueue();
    world.addPoolWaiters(1);
    this.poolDeadline = this.sim.now + world.scenario.pool.poolTimeout;
    this.wait(this.waiter.signal.wait(Math.min(this.poolDeadline, this.a.phaseDeadline)), this.poolWaitEnded);
  }

  override killed(): void {
    // The container died mid-handshake, or while waiting for a returned connection.
    this.releaseAbandoned();
    if (this.waiter !== null) this.leavePoolQueue(false);
  }

  private poolWaitEnded(handed: Wake): void {
    this.leavePoolQueue(handed === true);
    if (handed) return this.report(null);
    // A tie goes to the outer timeout, as for every step (timedWork, attemptFailed).
    this.report(this.poolDeadline < this.a.phaseDeadline ? 'pool_timeout' : 'init_timeout');
  }

  private leavePoolQueue(handed: boolean): void {
    this.a.world.addPoolWaiters(-1);
    if (!handed) this.a.pool.giveUp(this.waiter!);
    this.waiter = null;
  }

  /** The open ended: the reserved pool slot becomes a connection, or is given back. */
  private opened(result: StepResult): void {
    if (result === null) this.a.pool.opened();
    else this.a.pool.openFailed();
    this.report(result);
  }

  private startAttempt(): void {
    const { timeouts, connector } = this.a.world.scenario;
    const now = this.sim.now;
    if (this.attempt === 0 && this.a.world.retry.withinConnectionTimeout) this.connectDeadline = now + timeouts.connection;
    this.attemptDeadline = Math.min(now + timeouts.connection, this.a.phaseDeadline, this.connectDeadline);
    this.refused = false;
    this.rto = connector.synRetransmit;
    this.sendSyn();
  }

  /** Ask the connector for a slot; a dropped SYN is retransmitted after the (doubling) timeout. */
  private sendSyn(): void {
    const now = this.sim.now;
    if (!this.a.world.connector.tryOpen()) {
      if (now + this.rto >= this.attemptDeadline) return this.hold(this.attemptDeadline - now, this.attemptFailed);
      return this.hold(this.rto, this.retransmit);
    }
    this.slot = true;
    const egressReadyAt = this.a.egressReadyAt;
    if (now < egressReadyAt) {
      if (egressReadyAt >= this.attemptDeadline) return this.hold(this.attemptDeadline - now, this.attemptFailed);
      return this.hold(egressReadyAt - now, this.throughConnector);
    }
    this.throughConnector();
  }

  private retransmit(): void {
    this.rto *= 2;
    this.sendSyn();
  }

  private throughConnector(): void {
    const now = this.sim.now;
    const latency = this.a.world.connector.handshakeLatency();
    if (now + latency >= this.attemptDeadline) return this.hold(this.attemptDeadline - now, this.attemptFailed);
    this.hold(latency, this.atCloudSql);
  }

  private atCloudSql(): void {
    this.acquire(this.a.world.cloudSql.cpu, this.attemptDeadline, this.onHandshakeCpu);
  }

  private onHandshakeCpu(granted: Wake): void {
    if (!granted) return this.attemptFailed();
    this.onCpu = true;
    const service = this.a.world.cloudSql.handshakeTime();
    const now = this.sim.now;
    this.serverDoneAt = now + service;
    // A handshake that ends exactly at the deadline succeeds, as a table setup, a health check and the phase do.
    if (this.serverDoneAt > this.attemptDeadline) return this.hold(this.attemptDeadline - now, this.attemptFailed);
    this.hold(service, this.handshakeDone);
  }

  private handshakeDone(): void {
    const { world } = this.a;
    this.onCpu = false;
    world.cloudSql.cpu.release();
    this.slot = false;
    if (world.cloudSql.admit()) {
      // The connection keeps its connector slot until it is closed.
      world.connector.handshakeEnded(true);
      world.noteCloudSqlConnections();
      return this.opened(null);
    }
    world.connector.handshakeEnded(false);
    this.refused = true;
    this.attemptFailed();
  }

  /** The attempt timed out or was refused: retry after the backoff, unless attempts or the phase ran out. */
  private attemptFailed(): void {
    this.releaseAbandoned();
    const now = this.sim.now;
    const phaseDeadline = this.a.phaseDeadline;
    if (now >= phaseDeadline) return this.opened('init_timeout');
    const cause: FailureCause = this.refused ? 'too_many_clients' : 'connect_timeout';
    const retry = this.a.world.retry;
    if (this.attempt >= retry.attempts - 1) return this.opened(cause);
    const sleep = retry.sleep(this.a.rng, this.attempt, this.previousSleep);
    this.previousSleep = sleep;
    // A retry that could not start before the whole connect's timeout is not made: the last error is raised now.
    if (now + sleep >= this.connectDeadline) return this.opened(cause);
    if (now + sleep >= phaseDeadline) return this.hold(phaseDeadline - now, this.initTimedOut);
    this.hold(sleep, this.retry);
  }

  private initTimedOut(): void {
    this.opened('init_timeout');
  }

  private retry(): void {
    this.attempt++;
    this.startAttempt();
  }

  /** A timed-out or killed attempt: the server finishes the handshake it started, then frees vCPU and slot. */
  private releaseAbandoned(): void {
    const { connector, cloudSql } = this.a.world;
    if (this.onCpu) {
      this.sim.at(this.serverDoneAt, () => {
        cloudSql.cpu.release();
        connector.handshakeEnded(false);
      });
    } else if (this.slot) connector.handshakeEnded(false);
    this.onCpu = false;
    this.slot = false;
  }
}

/** A checkout from a generator step: an idle connection at once, else a Checkout activity awaited. */
export function* checkout(a: Attempt): Step<StepResult> {
  if (a.pool.takeIdle()) return null;
  const done = new Signal(a.world.sim);
  let result: StepResult = null;
  const c = a.world.sim.start(
    new Checkout(a, (r) => {
      result = r;
      done.fire();
    }),
  );
  try {
    yield done.wait();
  } finally {
    c.kill(); // a no-op unless this step itself was killed first
  }
  return result;
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

/**
 * Table setup on one pooled connection, as PostgreSQL runs concurrent CREATE TABLE IF NOT EXISTS: the first setup to
 * commit creates the tables and always succeeds; a setup that found no tables when it began and saw another commit
 * them before it finished can lose the race (23505/42P07, at the scenario's probability). Once the tables exist,
 * IF NOT EXISTS finds them and does nothing.
 */
export function* tableSetup(a: Attempt): Step<StepResult> {
  const w = a.world;
  const got = yield* checkout(a);
  if (got !== null) return got;
  const tablesExisted = w.tablesCreated;
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
    // Drawn on every overlap, before asking who committed first, so that the container's stream stays aligned
    // with a scenario whose tables appear at another time (common random numbers).
    const unlucky = overlapped && a.rng() < w.scenario.phase3.tableSetupRace;
    // Another setup committed the tables while this one ran: only then is there a winner for this one to lose to.
    if (unlucky && !tablesExisted && w.tablesCreated) r = 'table_setup_race';
    else w.tablesCreated = true;
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
