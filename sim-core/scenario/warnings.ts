import type { Scenario } from './schema';
import { exp, log } from '../math/portable';
import { scheduledStart } from './wave';
import { quantile } from '../random/distributions';
import { cloudSqlBackground, connectionBudget, connectionsPerInstance, connectorBackground, connectorInstancesAtStart, handshakesPerInstance, runningConnections, startupConnections, usableConnections, hasSharedConnector } from './capacity';

/** A configuration that is wrong before any simulation runs, in words. */
export interface ScenarioWarning {
  id: 'substeps-exceed-init' | 'probe-before-init' | 'pool-timeout-never-fires' | 'startup-exceeds-pool' | 'instance-connection-cap' | 'connection-budget' | 'connector-preloaded' | 'connector-burst' | 'wave-past-horizon' | 'horizon-before-verdict' | 'race-with-running' | 'egress-warmup';
  message: string;
  /** Dotted paths of the fields involved. */
  fields: string[];
}

/** Cloud Run's built-in Cloud SQL connection: at most this many connections per instance to one database (the team's domain notes, [doc]). */
export const CLOUD_RUN_CONNECTIONS_PER_INSTANCE = 100;

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
  const probe = probeBeforeInit(s);
  if (probe) out.push(probe);
  if (s.pool.poolTimeout >= t.initialization)
    out.push({
      id: 'pool-timeout-never-fires',
      message: `pool_timeout (${s.pool.poolTimeout} s) is not shorter than the initialization timeout (${t.initialization} s): during startup the pool's own timeout can never fire; the outer timeout always wins.`,
      fields: ['pool.poolTimeout', 'timeouts.initialization'],
    });
  const wanted = startupConnections(s);
  const poolLimit = s.pool.poolSize + s.pool.maxOverflow;
  if (wanted > poolLimit)
    // Each opener holds its connection until all are open (container.ts): the ones past the pool's limit wait for a
    // return that never comes, as asyncio.gather over more checkouts than a QueuePool allows does.
    out.push({
      id: 'startup-exceeds-pool',
      message: `Each start checks out ${wanted} connections${s.phase3.opening === 'serial' ? ' one after another' : ' at once'} and holds them until the last is open, but its pool allows at most pool_size ${s.pool.poolSize} + max_overflow ${s.pool.maxOverflow} = ${poolLimit}: the rest wait for a connection that is never returned, so every start fails (pool_timeout, or the initialization timeout).`,
      fields: ['phase3.lazyConnections', 'pool.poolSize', 'pool.maxOverflow'],
    });
  if (poolLimit > CLOUD_RUN_CONNECTIONS_PER_INSTANCE)
    out.push({
      id: 'instance-connection-cap',
      message: `pool_size ${s.pool.poolSize} + max_overflow ${s.pool.maxOverflow} = ${poolLimit} connections per container, more than the ${CLOUD_RUN_CONNECTIONS_PER_INSTANCE} per instance that Cloud Run's built-in Cloud SQL connection (the /cloudsql socket) opens to one database: a service connecting that way never gets the rest. bootstorm models connections to the database's IP and does not apply that cap.`,
      fields: ['pool.poolSize', 'pool.maxOverflow'],
    });
  const running = runningConnections(s);
  const usable = usableConnections(s.cloudSql) - cloudSqlBackground(s);
  const perContainer = s.pool.poolSize + s.pool.maxOverflow;
  const budget = connectionBudget(s);
  if (budget > usable)
    out.push({
      id: 'connection-budget',
      message: `Connection budget ${s.wave.containers} containers × (${s.pool.poolSize} + ${s.pool.maxOverflow}) = ${budget} exceeds the ${Math.max(0, usable)} Cloud SQL connections left for them (max_connections ${s.cloudSql.maxConnections} − ${s.cloudSql.reservedConnections} reserved${s.cloudSql.otherClients ? ` − ${s.cloudSql.otherClients} other clients` : ''}${running ? ` − ${running} held by running containers` : ''}): at most ${Math.max(0, Math.floor(usable / perContainer))} containers fit with full pools.`,
      fields: [
        'wave.containers', 'pool.poolSize', 'pool.maxOverflow', 'cloudSql.maxConnections', 'cloudSql.reservedConnections',
        ...(s.cloudSql.otherClients ? ['cloudSql.otherClients'] : []),
        ...(running ? ['wave.runningContainers', 'wave.runningConnectionsEach'] : []),
      ],
    });
  const preloaded = connectorPreloaded(s);
  if (preloaded) out.push(preloaded);
  const burst = connectorBurst(s);
  if (burst) out.push(burst);
  const late = waveAfterHorizon(s);
  if (late) {
    const p = s.wave.pattern;
    const n = s.wave.containers;
    const jitter = s.wave.jitter ? ` (with up to ${s.wave.jitter} s of jitter)` : '';
    const when =
      p.kind === 'poisson'
        ? `At ${p.rate} starts/s the wave's ${n} starts take about ${secs((n - 1) / p.rate)} s on average${jitter}, against a ${s.simulation.horizon} s horizon`
        : `The wave's starts run to ${secs(late.lastStart)} s${jitter}, past the ${s.simulation.horizon} s horizon`;
    const many = late.expectedLate >= 0.5 ? Math.round(late.expectedLate) : 0;
    const who =
      many > 0
        ? `about ${many} of ${n} containers start at or after it${p.kind === 'poisson' ? ' on average' : ''} and are`
        : 'in some replications a container starts at or after it and is';
    out.push({
      id: 'wave-past-horizon',
      message: `${when}: ${who} not simulated, so the breach rate covers only the starts before it. Lengthen the horizon or shorten the wave.`,
      fields: ['wave.pattern', 'wave.jitter', 'simulation.horizon'],
    });
  }
  const early = horizonBeforeVerdict(s);
  if (early) out.push(early);
  // The model starts every wave without tables (world.ts): right for a first deploy, not for a fleet already serving.
  if (s.wave.runningContainers > 0 && s.phase3.tableSetupRace > 0)
    out.push({
      id: 'race-with-running',
      message: `${s.wave.runningContainers} containers already run, so their table setup has created the tables, yet the wave's table setups can lose the CREATE TABLE race (probability ${s.phase3.tableSetupRace}): bootstorm starts every wave without tables. Set the race probability to 0, unless this wave's revision adds tables.`,
      fields: ['phase3.tableSetupRace', 'wave.runningContainers'],
    });
  const c = s.connector;
  if (c.mode === 'direct-vpc-egress' && c.directVpcWarmup >= t.connection)
    out.push({
      id: 'egress-warmup',
      message: `Direct VPC egress carries connections only ${c.directVpcWarmup} s after a container starts, not sooner than the ${t.connection} s connection timeout: a connect attempt made as Phase 3 begins can time out before egress is ready, and only a retry after it gets through. A restarted container warms up again (assumed).`,
      fields: ['connector.directVpcWarmup', 'timeouts.connection', 'retry.policy'],
    });
  return out;
}

/** Seconds as the warnings write them: whole above 10 s, two significant digits below. */
const secs = (t: number) => (t >= 10 ? Math.round(t) : +t.toPrecision(2));

/** The phases before Phase 3 (1–2) and after it (4–7), taken at their medians: a typical start's time outside it. */
const PHASES_BEFORE = ['init', 'dependencies'] as const;
const PHASES_AFTER = ['cache', 'services', 'websocket', 'finalize'] as const;
const medianSeconds = (s: Scenario, phases: ReadonlyArray<keyof Scenario['phases']>) => phases.reduce((sum, p) => sum + quantile(s.phases[p], 0.5), 0);

/**
 * A start that can run longer than Cloud Run's startup probe allows: phases 1–2 and 4–7 at their medians around a
 * Phase 3 that may take the whole initialization timeout. Cloud Run then kills the slowest starts itself
 * (startup_probe), before the app's own timeout fires or while the later phases run, so a longer initialization
 * timeout buys less than it seems.
 */
function probeBeforeInit(s: Scenario): ScenarioWarning | null {
  const before = medianSeconds(s, PHASES_BEFORE);
  const after = medianSeconds(s, PHASES_AFTER);
  const init = s.timeouts.initialization;
  const probe = s.timeouts.startupProbe;
  const longest = before + init + after;
  if (longest <= probe) return null;
  return {
    id: 'probe-before-init',
    message: `A start can take about ${secs(longest)} s (phases 1–2 ~${secs(before)} s at their medians, the ${init} s initialization timeout, phases 4–7 ~${secs(after)} s), more than the ${probe} s Cloud Run startup probe allows: the probe kills a start still going at ${probe} s (startup_probe) before the app's own timeout fires or while its later phases run, and Cloud Run restarts it. The app listens only once all 7 phases are done.`,
    fields: ['timeouts.startupProbe', 'timeouts.initialization'],
  };
}

/**
 * A horizon so short that even the first start's initialization timeout cannot fire before it: the starts still
 * in Phase 3 then get no verdict and are left out of the breach rate, which keeps only the quick outcomes (a pass,
 * an early refusal) and so understates breaches. Phases 1–2 are taken at their medians.
 */
function horizonBeforeVerdict(s: Scenario): ScenarioWarning | null {
  const reach = medianSeconds(s, PHASES_BEFORE);
  const init = s.timeouts.initialization;
  const h = s.simulation.horizon;
  if (h >= reach + init) return null;
  return {
    id: 'horizon-before-verdict',
    message: `The ${h} s horizon ends before even the first starts' initialization timeout can fire (about ${secs(reach)} s to reach Phase 3, then ${init} s): starts still in Phase 3 at the horizon get no verdict and are left out, so the breach rate counts only the quick outcomes and understates breaches. Lengthen the horizon to at least ${Math.ceil(reach + init)} s.`,
    fields: ['simulation.horizon', 'timeouts.initialization'],
  };
}

/**
 * How many of the wave's starts are expected at or after the horizon (where nothing of them is simulated), with
 * the last start before jitter plus all of it; null when too few to mention. Starts are placed as the model
 * places them: scheduledStart (wave.ts), or the sum of i exponential gaps for Poisson, plus jitter u·j with u
 * uniform on [0, 1).
 */
function waveAfterHorizon(s: Scenario): { lastStart: number; expectedLate: number } | null {
  const n = s.wave.containers;
  const p = s.wave.pattern;
  const h = s.simulation.horizon;
  const j = s.wave.jitter;
  if (p.kind === 'poisson') {
    // Start i is late when fewer than i starts came in (0, h − u·j]: P(N < i), N Poisson with mean rate·(h − u·j),
    // averaged over u (midpoint rule; exact enough for a count that is rounded).
    const us = j > 0 ? Array.from({ length: 16 }, (_, k) => (k + 0.5) / 16) : [0];
    let expectedLate = 0;
    for (const u of us) expectedLate += poissonLateStarts(n, p.rate * Math.max(0, h - u * j)) / us.length;
    return expectedLate >= 0.1 ? { lastStart: (n - 1) / p.rate + j, expectedLate } : null;
  }
  const at = (i: number): number => scheduledStart(p, i, n);
  // The chance that a start at t plus its jitter lands at or after the horizon.
  const late = (t: number) => (t >= h ? 1 : j > 0 ? Math.max(0, (t + j - h) / j) : 0);
  let expectedLate = 0;
  for (let i = 0; i < n; i++) expectedLate += late(at(i));
  return expectedLate > 0 ? { lastStart: at(n - 1) + j, expectedLate } : null;
}

/** Σ over starts i = 0 … n−1 of P(N < i), N Poisson with mean `mean`: the expected starts after the window. */
function poissonLateStarts(n: number, mean: number): number {
  if (mean === 0) return n - 1; // every start but the first (at 0) is late
  let logPmf = -mean; // log P(N = 0)
  let cdf = 0; // P(N < i), built up term by term
  let total = 0;
  const logMean = log(mean);
  for (let i = 1; i < n; i++) {
    cdf += exp(logPmf); // adds P(N = i − 1)
    total += Math.min(1, cdf);
    logPmf += logMean - log(i);
  }
  return total;
}

/** The connections a shared connector carries before the wave, in words (other services', running containers'). */
function carriedText(s: Scenario): string {
  const running = runningConnections(s);
  return `other services' ${s.connector.otherConnections}${running ? ` + running containers' ${s.wave.runningContainers} × ${s.wave.runningConnectionsEach}` : ''}`;
}

/**
 * A connector whose load before the wave keeps its min instances above the scale-out threshold: the model starts it
 * with the instances that bring the load under the threshold (it would have scaled out for it, and never scales
 * in), at most max instances.
 */
function connectorPreloaded(s: Scenario): ScenarioWarning | null {
  const c = s.connector;
  if (!hasSharedConnector(c)) return null;
  const atStart = connectorInstancesAtStart(s);
  if (atStart === c.minInstances) return null;
  const per = connectionsPerInstance(c);
  const carried = connectorBackground(s);
  // Percentages to a tenth of a point: 0.7 reads 70%, 81/100 reads 81%, 250/300 reads 83.3%.
  const percent = (u: number) => `${Math.round(u * 1000) / 10}%`;
  const threshold = percent(c.scaleOutThreshold);
  const utilisationAt = (n: number) => `${percent(carried / (n * per))} of ${n} × ${per}`;
  const over = carried > c.maxInstances * per;
  const carries = `The connector carries ${carried} connections before the wave (${carriedText(s)})`;
  let message: string;
  if (over) {
    message = `${carries}, more than even its ${c.maxInstances} max instances hold (${c.maxInstances} × ${per}): it starts the wave at ${c.maxInstances} instances, over 100% utilisation, and drops every new SYN until connections close.`;
  } else if (carried / (atStart * per) > c.scaleOutThreshold) {
    message = `${carries}, ${utilisationAt(c.minInstances)} on its ${c.minInstances} min instances, above the ${threshold} scale-out threshold even on its ${c.maxInstances} max instances (${utilisationAt(c.maxInstances)}): it starts the wave at ${c.maxInstances} instances, as it would have scaled out and never scales in.`;
  } else {
    message = `${carries}, ${utilisationAt(c.minInstances)} on its ${c.minInstances} min instances, above the ${threshold} scale-out threshold: it starts the wave with ${atStart} instances (${utilisationAt(atStart)}), as it would have scaled out for them and never scales in.`;
  }
  return {
    id: 'connector-preloaded',
    message,
    fields: [
      'connector.otherConnections', 'connector.minInstances', 'connector.maxInstances', 'connector.connectionsPerInstance', 'connector.machineType', 'connector.scaleOutThreshold',
      ...(runningConnections(s) ? ['wave.runningContainers', 'wave.runningConnectionsEach'] : []),
    ],
  };
}

/**
 * A wave that starts all at once opens its startup connections together; through a Serverless VPC Access
 * connector with fewer free slots, or fewer handshakes at once, than that, the excess SYNs are dropped and
 * retransmitted (free slots come as it scales out, one instance per scale-out delay). A spread-out wave (batches,
 * ramp, Poisson, jitter) or serial opening (one connect at a time per container) is not judged: it may well fit.
 */
function connectorBurst(s: Scenario): ScenarioWarning | null {
  const c = s.connector;
  if (!hasSharedConnector(c) || s.wave.pattern.kind !== 'all-at-once' || s.wave.jitter > 0) return null;
  const each = startupConnections(s);
  if (each > 1 && s.phase3.opening === 'serial') return null;
  const burst = s.wave.containers * each;
  const perInstance = connectionsPerInstance(c);
  const running = runningConnections(s);
  const held = connectorBackground(s);
  const instances = connectorInstancesAtStart(s);
  const free = Math.max(0, instances * perInstance - held);
  const handshakes = handshakesPerInstance(c);
  const atOnce = handshakes > 0 ? instances * handshakes : Infinity;
  const overSlots = burst > free;
  const overHandshakes = burst > atOnce;
  if (!overSlots && !overHandshakes) return null;
  const limits = [
    ...(overSlots ? [`${free} free slots (${instances} instances × ${perInstance}${held ? ` − ${held} already carried` : ''})`] : []),
    ...(overHandshakes ? [`at most ${atOnce} handshakes at once (${instances} instances × ${handshakes})`] : []),
  ];
  return {
    id: 'connector-burst',
    message: `Startup burst: ${s.wave.containers} containers × ${each} connections = ${burst} opened at once through a connector with ${limits.join(' and ')}: the excess SYNs are dropped and retried after ${c.synRetransmit} s, doubling${overSlots ? `, while it adds one instance per ${c.scaleOutDelay} s` : ''}.`,
    fields: [
      'wave.containers', s.phase3.connectionMode === 'warm-pool' ? 'pool.poolSize' : 'phase3.lazyConnections', 'phase3.connectionMode',
      'phase3.opening', 'connector.minInstances', 'connector.machineType',
      ...(overSlots ? ['connector.connectionsPerInstance', 'connector.otherConnections'] : []),
      ...(overHandshakes ? ['connector.handshakesPerInstance'] : []),
      ...(overSlots && running ? ['wave.runningContainers', 'wave.runningConnectionsEach'] : []), 'wave.jitter',
    ],
  };
}
