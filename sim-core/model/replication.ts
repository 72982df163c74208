import { stream } from '../random/streams';
import type { Scenario } from '../scenario/schema';
import { scheduledStart } from '../scenario/wave';
import { containerLife, record, STATE_SERIES, type AttemptObserver, type StateSeries } from './container';
import { FAILURE_CAUSES, type FailureCause, type StartRecord } from './outcomes';
import { World, type TraceEntry } from './world';
import { log } from '../math/portable';

/**
 * A replication that handles more events than this is cut short and flagged (`truncated`): a guard against a
 * scenario that would otherwise run for minutes in one replication. The incident preset needs ~4,100; 10 million take a few seconds.
 */
export const MAX_EVENTS_PER_REPLICATION = 10_000_000;

/** Grid points per replication for the time series: t = k · horizon / GRID_INTERVALS, k = 0..GRID_INTERVALS. */
export const GRID_INTERVALS = 120;

/** Quantities sampled on the grid whose spread across replications is shown (mean and p10–p90). */
export const BAND_SERIES = ['cloudSqlConnections', 'connectorInstances', 'connectorUtilisation', 'poolWaiters', 'handshakeQueue'] as const;
export type BandSeries = (typeof BAND_SERIES)[number];

/** Container states sampled on the grid (mean only: they are stacked); a container's state is its index here. */
export { STATE_SERIES, type StateSeries };

/** Everything one replication reports. Plain data: it crosses worker boundaries. */
export interface ReplicationResult {
  readonly replication: number;
  /** Phase 3 verdicts (attempts that reached one before the horizon). */
  readonly starts: number;
  readonly breaches: number;
  readonly firstStarts: number;
  readonly firstBreaches: number;
  /** Attempts cut by the horizon before a Phase 3 verdict. */
  readonly unfinished: number;
  /** Attempts Cloud Run's startup probe killed before Phase 3 began or after it passed (in Phase 3 they are breaches). */
  readonly killedOutsidePhase3: number;
  /** Of those, the ones killed after Phase 3 passed: they are in `starts`, as passes. */
  readonly killedAfterPhase3: number;
  readonly failures: Record<FailureCause, number>;
  readonly restarts: number;
  readonly phase3Durations: Float64Array;
  readonly phase3Breached: Uint8Array;
  readonly containers: number;
  readonly healthyAtHorizon: number;
  /** Time the last container became healthy, or -1 when some never did by the horizon. */
  readonly allHealthyTime: number;
  readonly peakCloudSqlConnections: number;
  readonly peakConnectorInstances: number;
  readonly peakConnectorUtilisation: number;
  readonly peakPoolWaiters: number;
  readonly droppedHandshakes: number;
  /** Time-averaged share of Cloud SQL's vCPUs busy with handshakes over the horizon, and the mean queue. */
  readonly cloudSqlCpuUtilisation: number;
  readonly meanHandshakeQueue: number;
  readonly refusedConnections: number;
  /** Alert crossings (-1 if never) and the first breach (-1 if none). */
  readonly connectorPressureTime: number;
  readonly poolPressureTime: number;
  readonly cloudSqlPressureTime: number;
  readonly firstBreachTime: number;
  /** [series][grid point] values; grid has GRID_INTERVALS + 1 points. */
  readonly bands: Float64Array[];
  readonly states: Float64Array[];
  /** Connector scale-outs as flat [time, instances, time, instances, …]. */
  readonly scaleOuts: number[];
  /** Only for the replication shown in detail. */
  readonly records: StartRecord[] | null;
  readonly trace: TraceEntry[] | null;
  readonly eventCount: number;
  /** The event guard stopped this replication before the horizon: its numbers are partial. */
  readonly truncated: boolean;
}

/** Start time of container i before jitter, per the wave's pattern. */
function waveStartTimes(s: Scenario, replication: number): Float64Array {
  const n = s.wave.containers;
  const times = new Float64Array(n);
  const p = s.wave.pattern;
  if (p.kind !== 'poisson') for (let i = 0; i < n; i++) times[i] = scheduledStart(p, i, n);
  else {
    const rng = stream(s.simulation.seed, replication, 'wave');
    let t = 0;
    for (let i = 0; i < n; i++) {
      times[i] = t;
      t -= log(1 - rng()) / p.rate;
    }
  }
  return times;
}

/**
 * Run replication `replication` of a validated scenario. Deterministic in (scenario, replication).
 * `inspect` (tests only) sees the world at the horizon, before anything is summed up; it must not change it.
 * `maxEvents` is the event guard: past it the replication stops and is flagged `truncated` (tests force a small one).
 */
export function runReplication(
  scenario: Scenario, replication: number, keepDetail: boolean, inspect?: (world: World) => void,
  maxEvents = MAX_EVENTS_PER_REPLICATION,
): ReplicationResult {
  const world = new World(scenario, replication, keepDetail);
  const { sim, connector, cloudSql } = world;
  const horizon = scenario.simulation.horizon;
  const n = scenario.wave.containers;
  const failures = Object.fromEntries(FAILURE_CAUSES.map((c) => [c, 0])) as Record<FailureCause, number>;
  const durations: number[] = [];
  const breached: number[] = [];
  const records: StartRecord[] | null = keepDetail ? [] : null;
  let starts = 0, breaches = 0, firstStarts = 0, firstBreaches = 0, healthy = 0, allHealthyTime = -1, killedOutsidePhase3 = 0, killedAfterPhase3 = 0;

  const observer: AttemptObserver = {
    phase3Ended(attempt, duration, cause) {
      starts++;
      durations.push(duration);
      breached.push(cause === null ? 0 : 1);
      if (attempt === 0) firstStarts++;
      if (cause !== null) {
        breaches++;
        failures[cause]++;
        if (attempt === 0) firstBreaches++;
      }
    },
    attemptEnded(r) {
      if (records) records.push(r);
    },
    killedOutsidePhase3(afterPhase3) {
      killedOutsidePhase3++;
      if (afterPhase3) killedAfterPhase3++;
    },
    healthy() {
      healthy++;
      if (healthy === n) allHealthyTime = sim.now;
    },
  };

  const starts0 = waveStartTimes(scenario, replication);
  const jitter = scenario.wave.jitter;
  for (let i = 0; i < n; i++) {
    // The jitter draw is made even when jitter is 0 so each container's stream stays aligned across scenarios.
    const u = world.containerStream(i);
    const startAt = starts0[i] + u() * jitter;
    sim.process(containerLife(world, i, startAt, observer, u));
  }

  const points = GRID_INTERVALS + 1;
  const bands = BAND_SERIES.map(() => new Float64Array(points));
  const states = STATE_SERIES.map(() => new Float64Array(points));
  // What each band series reads, by name: the order of BAND_SERIES is the results' business, not this function's.
  const reading: Record<BandSeries, () => number> = {
    cloudSqlConnections: () => cloudSql.connections,
    connectorInstances: () => connector.instances,
    connectorUtilisation: () => connector.utilisation(),
    poolWaiters: () => world.poolWaiters,
    handshakeQueue: () => cloudSql.cpu.queueLength,
  };
  const readings = BAND_SERIES.map((b) => reading[b]);
  const step = horizon / GRID_INTERVALS;
  let k = 0;
  const sample = () => {
    for (let b = 0; b < readings.length; b++) bands[b][k] = readings[b]();
    const cs = world.containerStates;
    for (let i = 0; i < n; i++) states[cs[i]][k]++;
    k++;
    // k · step can round above the horizon (62 / 120 · 120 > 62): clamp, or the last grid point is never sampled.
    if (k < points) sim.at(Math.min(k * step, horizon), sample);
  };
  sim.at(0, sample);
  sim.run(horizon, maxEvents);
  inspect?.(world);

  const cpu = cloudSql.cpu.occupancy();

  // Attempts the horizon cut short.
  let unfinished = 0;
  for (let i = 0; i < n; i++) {
    const f = world.inFlight[i];
    if (!f) continue;
    const passed = f.phaseEnds.length >= 3;
    if (!passed) unfinished++;
    if (records) {
      const d = passed ? f.phaseEnds[2] - f.phaseEnds[1] : null;
      records.push(record(i, f.attempt, f.start, f.phaseEnds, d, passed ? f.phaseEnds[2] : null, null, 'unfinished', f.pool.established));
    }
  }
  if (records) records.sort((a, b) => a.container - b.container || a.attempt - b.attempt);
  const trace = world.traceLog;
  if (trace) {
    for (let j = 0; j < connector.scaleOuts.length; j += 2)
      trace.push({ time: connector.scaleOuts[j], container: -1, attempt: 0, event: `connector scale-out to ${connector.scaleOuts[j + 1]} instances` });
    trace.sort((a, b) => a.time - b.time);
  }

  return {
    replication, starts, breaches, firstStarts, firstBreaches, unfinished, killedOutsidePhase3, killedAfterPhase3, failures,
    restarts: world.restarts,
    phase3Durations: Float64Array.from(durations),
    phase3Breached: Uint8Array.from(breached),
    containers: n,
    healthyAtHorizon: healthy,
    allHealthyTime,
    peakCloudSqlConnections: cloudSql.peakConnections,
    peakConnectorInstances: connector.peakInstances,
    peakConnectorUtilisation: connector.peakUtilisation,
    peakPoolWaiters: world.peakPoolWaiters,
    droppedHandshakes: connector.dropped,
    cloudSqlCpuUtilisation: cpu.meanInUse / scenario.cloudSql.vcpus,
    meanHandshakeQueue: cpu.meanQueue,
    refusedConnections: cloudSql.refused,
    connectorPressureTime: connector.firstPressureTime,
    poolPressureTime: world.firstPoolPressureTime,
    cloudSqlPressureTime: world.firstCloudSqlPressureTime,
    firstBreachTime: world.firstBreachTime,
    bands, states,
    scaleOuts: connector.scaleOuts,
    records, trace,
    eventCount: sim.eventCount,
    truncated: sim.budgetExhausted,
  };
}
