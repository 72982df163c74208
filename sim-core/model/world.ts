import { Simulation } from '../kernel';
import { stream, type Rng } from '../random/streams';
import { sampler, type Sampler } from '../random/distributions';
import { PHASES, type Scenario } from '../scenario/schema';
import { CloudSql } from './cloudSql';
import { Connector } from './connector';
import type { ConnectionPool } from './pool';
import { RetryPolicy } from './retry';
import { cloudSqlBackground, connectorBackground, connectorInstancesAtStart } from '../scenario/capacity';

/** A start attempt still under way: enough to write its record if the horizon cuts it. */
export interface InFlightAttempt {
  readonly attempt: number;
  readonly start: number;
  readonly phaseEnds: number[];
  readonly pool: ConnectionPool;
}

/** One line of the detailed replication's event trace. */
export interface TraceEntry {
  readonly time: number;
  /** Container index, or -1 for infrastructure (connector scale-out). */
  readonly container: number;
  readonly attempt: number;
  readonly event: string;
}

/** Alert thresholds from the incident write-up's monitoring section. */
export const CONNECTOR_PRESSURE = 0.7;
export const POOL_PRESSURE = 0.8;
/** Cloud SQL connections past this share of max_connections: the write-up's capacity_safety_margin (0.8), its own rule. */
export const CLOUD_SQL_PRESSURE = 0.8;

/** Everything one replication shares: the clock, the shared infrastructure and the fleet-wide counters. */
export class World {
  readonly sim = new Simulation();
  readonly connector: Connector;
  readonly cloudSql: CloudSql;
  readonly retry: RetryPolicy;
  /** Table setups in progress right now, and how many ever started (to detect overlaps). */
  tableSetupsActive = 0;
  tableSetupsStarted = 0;
  /** A table setup has committed: the tables exist, and later setups cannot race. */
  tablesCreated = false;
  /** Fleet-wide pool waiters right now and at peak. */
  poolWaiters = 0;
  peakPoolWaiters = 0;
  /** First time any container's pool use passed POOL_PRESSURE; -1 if never. */
  firstPoolPressureTime = -1;
  /** First time Cloud SQL connections passed CLOUD_SQL_PRESSURE of max_connections; -1 if never. */
  firstCloudSqlPressureTime = -1;
  firstBreachTime = -1;
  restarts = 0;
  /** Per container: its ContainerState (see container.ts). */
  readonly containerStates: Uint8Array;
  /** Per container: its current pool (the last attempt's). */
  readonly pools: (ConnectionPool | null)[];
  readonly inFlight: (InFlightAttempt | null)[];
  /** The event trace, kept only for the replication shown in detail. */
  readonly traceLog: TraceEntry[] | null;
  readonly phaseSamplers: Sampler[];
  readonly tableSetup: Sampler;
  readonly healthCheck: Sampler;

  constructor(
    readonly scenario: Scenario,
    readonly replication: number,
    keepTrace: boolean,
  ) {
    const n = scenario.wave.containers;
    this.containerStates = new Uint8Array(n);
    this.pools = new Array<ConnectionPool | null>(n).fill(null);
    this.inFlight = new Array<InFlightAttempt | null>(n).fill(null);
    this.traceLog = keepTrace ? [] : null;
    const seed = scenario.simulation.seed;
    const s = scenario;
    this.connector = new Connector(this.sim, s.connector, stream(seed, replication, 'connector'), CONNECTOR_PRESSURE, connectorBackground(s), connectorInstancesAtStart(s));
    const background = cloudSqlBackground(s);
    this.cloudSql = new CloudSql(this.sim, s.cloudSql, background, stream(seed, replication, 'cloudSql'));
    // Other clients may hold more than the threshold before the wave: the alert is then crossed at t = 0.
    this.noteCloudSqlConnections();
    this.retry = new RetryPolicy(s.retry);
    const p = s.phases;
    // Index = phase number − 1; Phase 3 (database) is modelled, not sampled: its slot is never called.
    this.phaseSamplers = PHASES.map((name) => (name === 'database' ? () => 0 : sampler(p[name])));
    this.tableSetup = sampler(s.phase3.tableSetup);
    this.healthCheck = sampler(s.phase3.healthCheck);
  }

  /** The stream of one container (its start jitter and phase 1–2, 4–7 times), independent of every other. */
  containerStream(container: number): Rng {
    return stream(this.scenario.simulation.seed, this.replication, `container:${container}`);
  }

  /**
   * The stream of one container's Phase 3 draws (table setup, health check, races, retry jitter). Kept apart
   * from containerStream because how many of these an attempt draws depends on the outcome: sharing one
   * stream would shift every later phase time, and break common random numbers across scenarios.
   */
  phase3Stream(container: number): Rng {
    return stream(this.scenario.simulation.seed, this.replication, `container:${container}/phase3`);
  }

  /** Close `n` established connections of the wave: on Cloud SQL and on the connector, after `delay`. */
  closeConnections(n: number, delay: number): void {
    if (n === 0) return;
    const close = () => {
      this.cloudSql.close(n);
      this.connector.closeSlots(n);
    };
    if (delay > 0) this.sim.after(delay, close);
    else close();
  }

  trace(container: number, attempt: number, event: string): void {
    if (this.traceLog) this.traceLog.push({ time: this.sim.now, container, attempt, event });
  }

  /** A start breached Phase 3: the first one dates the alert lead times. */
  noteBreach(): void {
    if (this.firstBreachTime < 0) this.firstBreachTime = this.sim.now;
  }

  notePoolUse(use: number): void {
    if (this.firstPoolPressureTime < 0 && use > POOL_PRESSURE) this.firstPoolPressureTime = this.sim.now;
  }

  noteCloudSqlConnections(): void {
    if (this.firstCloudSqlPressureTime < 0 && this.cloudSql.connections > CLOUD_SQL_PRESSURE * this.cloudSql.maxConnections)
      this.firstCloudSqlPressureTime = this.sim.now;
  }

  addPoolWaiters(delta: number): void {
    this.poolWaiters += delta;
    if (this.poolWaiters > this.peakPoolWaiters) this.peakPoolWaiters = this.poolWaiters;
  }
}
