import type { Scenario } from './schema';

/** A configuration that is wrong before any simulation runs, in words. */
export interface ScenarioWarning {
  id: 'substeps-exceed-init' | 'pool-timeout-never-fires' | 'connection-budget' | 'wave-past-horizon';
  message: string;
  /** Dotted paths of the fields involved. */
  fields: string[];
}

/**
 * The write-up's own configuration has all three of the first problems: 35 + 25 + 20 = 80 s of sub-step
 * timeouts under a 75 s initialization timeout; pool_timeout 90 s that can never fire inside 75 s; and a pool
 * budget (containers × (pool_size + max_overflow)) far above the usable Cloud SQL connections.
 */
export function scenarioWarnings(s: Scenario): ScenarioWarning[] {
  const out: ScenarioWarning[] = [];
  const t = s.timeouts;
  const substeps = t.connection + t.tableSetup + t.healthCheck;
  if (substeps > t.initialization)
    out.push({
      id: 'substeps-exceed-init',
      message: `Connection (${t.connection} s) + table setup (${t.tableSetup} s) + health check (${t.healthCheck} s) timeouts add up to ${substeps} s, more than the ${t.initialization} s initialization timeout: a start on which every step stays within its own limit can still be cut off by the outer timeout.`,
      fields: ['timeouts.connection', 'timeouts.tableSetup', 'timeouts.healthCheck', 'timeouts.initialization'],
    });
  if (s.pool.poolTimeout >= t.initialization)
    out.push({
      id: 'pool-timeout-never-fires',
      message: `pool_timeout (${s.pool.poolTimeout} s) is not shorter than the initialization timeout (${t.initialization} s): during startup the pool's own timeout can never fire; the outer timeout always wins.`,
      fields: ['pool.poolTimeout', 'timeouts.initialization'],
    });
  const usable = s.cloudSql.maxConnections - s.cloudSql.reservedConnections - s.cloudSql.otherClients - s.wave.runningContainers * s.wave.runningConnectionsEach;
  const perContainer = s.pool.poolSize + s.pool.maxOverflow;
  const budget = s.wave.containers * perContainer;
  if (budget > usable)
    out.push({
      id: 'connection-budget',
      message: `Connection budget ${s.wave.containers} containers × (${s.pool.poolSize} + ${s.pool.maxOverflow}) = ${budget} exceeds the ${Math.max(0, usable)} Cloud SQL connections left for them (max_connections ${s.cloudSql.maxConnections} − ${s.cloudSql.reservedConnections} reserved${s.cloudSql.otherClients ? ` − ${s.cloudSql.otherClients} other clients` : ''}${s.wave.runningContainers ? ` − ${s.wave.runningContainers * s.wave.runningConnectionsEach} held by running containers` : ''}): at most ${Math.max(0, Math.floor(usable / perContainer))} containers fit with full pools.`,
      fields: ['wave.containers', 'pool.poolSize', 'pool.maxOverflow', 'cloudSql.maxConnections'],
    });
  const late = waveAfterHorizon(s);
  if (late)
    out.push({
      id: 'wave-past-horizon',
      message: `The wave's starts run to ${late.lastStart >= 10 ? Math.round(late.lastStart) : +late.lastStart.toPrecision(2)} s${s.wave.jitter ? ` (with up to ${s.wave.jitter} s of jitter)` : ''}, past the ${s.simulation.horizon} s horizon: ${late.expectedLate >= 1 ? `about ${Math.round(late.expectedLate)} of ${s.wave.containers} containers start at or after it and are` : 'containers that start at or after it are'} not simulated, so the breach rate covers only the starts before it. Lengthen the horizon or shorten the wave.`,
      fields: ['wave.pattern', 'wave.jitter', 'simulation.horizon'],
    });
  return out;
}

/**
 * When the wave's last start (before jitter: a batch's or the ramp's last, or the expected last Poisson start;
 * plus all the jitter) comes after the horizon: that time, and how many starts are expected after the horizon.
 */
function waveAfterHorizon(s: Scenario): { lastStart: number; expectedLate: number } | null {
  const n = s.wave.containers;
  const p = s.wave.pattern;
  const horizon = s.simulation.horizon;
  // Start times before jitter, as the model places them (replication.ts, waveStartTimes).
  const at = (i: number): number =>
    p.kind === 'batches' ? Math.floor(i / p.size) * p.interval : p.kind === 'ramp' ? (i * p.duration) / n : p.kind === 'poisson' ? i / p.rate : 0;
  const lastStart = at(n - 1) + s.wave.jitter;
  // A start at the horizon itself is not simulated either.
  if (lastStart < horizon) return null;
  // Jitter is uniform on [0, jitter]: the chance that a start at t lands after the horizon.
  const pastHorizon = (t: number) => (t >= horizon ? 1 : s.wave.jitter > 0 ? Math.max(0, (t + s.wave.jitter - horizon) / s.wave.jitter) : 0);
  let expectedLate = 0;
  for (let i = 0; i < n; i++) expectedLate += pastHorizon(at(i));
  return { lastStart, expectedLate };
}
