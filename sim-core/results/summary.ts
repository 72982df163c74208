import { fmtPct } from '../report/percent';
import { labelInSentence, plural } from '../report/count';
import { fmtCompared } from '../report/comparisonText';
import { clusteredWilson95, type ClusteredCounts } from '../stats/wilson';
import type { HistogramBin } from '../stats/histogram';
import type { Scenario } from '../scenario/schema';
import { FAILURE_CAUSES, FAILURE_LABEL, type FailureCause } from '../model/outcomes';
import { BAND_SERIES, GRID_INTERVALS, STATE_SERIES, type BandSeries, type StateSeries } from '../model/replication';
import { CLOUD_SQL_PRESSURE, CONNECTOR_PRESSURE, POOL_PRESSURE } from '../model/world';
import { cloudSqlBackground, usableConnections } from '../scenario/capacity';
import { ALERTS, breachClusters, firstAttemptClusters, type Aggregate, type Alert, type Detail } from './aggregate';

export const BOOTSTORM_VERSION = '0.5.3';

export interface Rate {
  /** Attempts with a Phase 3 verdict. */
  starts: number;
  breaches: number;
  breachRate: number;
  /** 95% interval: Wilson with replications as clusters (clusteredWilson95), or the rule of three when there is no breach. */
  breachCi95: [number, number];
  ciMethod: 'wilson' | 'rule-of-three' | 'none';
}

export interface Spread {
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

/** Everything a run reports: the CLI's --json output and what the dashboard draws. Times in seconds. */
export interface SimulationResult {
  bootstorm: string;
  scenarioVersion: number;
  seed: number;
  replications: number;
  horizon: number;
  /** Attempts that reached a Phase 3 verdict before the horizon. */
  starts: number;
  /** Attempts the horizon cut before a Phase 3 verdict (not counted in rates). */
  unfinished: number;
  /**
   * Starts Cloud Run's startup probe killed before Phase 3 or after it passed: failed, and not breaches. Those killed
   * before Phase 3 have no verdict and are not in the breach rate; those killed after it are in it as passes.
   */
  killedOutsidePhase3: number;
  /** Of killedOutsidePhase3, the starts killed after Phase 3 passed (in `starts`, as passes). */
  killedAfterPhase3: number;
  /** Restarts over all replications (a total, growing with --replications). */
  restarts: number;
  /** Restarts per wave: what a threshold on restarts should read, since it does not grow with --replications. */
  restartsPerReplication: number;
  /** Starts that exited with code 3 per wave (phase3.exitCode3 is their total). */
  exitCode3PerReplication: number;
  phase3: Rate & {
    /** Breached starts exit with code 3: their total over all replications. */
    exitCode3: number;
    firstAttempt: Rate;
    durationQuantiles: { p50: number; p90: number; p95: number; p99: number };
    meanDuration: number;
    histogram: { passed: HistogramBin[]; breached: HistogramBin[]; overflow: number };
  };
  failures: Record<FailureCause, number>;
  containers: {
    perReplication: number;
    /** Fraction of containers healthy at the horizon. */
    healthyByHorizon: number;
    /** Fraction of replications in which every container became healthy. */
    allHealthyFraction: number;
    /**
     * Time from the wave's start until every container was healthy, over all replications: one that never got
     * there counts as later than the horizon, so a quantile is null (beyond the horizon) when its rank, ⌊p·(n − 1)⌋ of
     * n replications, falls among those. The whole is null when none did.
     */
    /** Each null when its rank falls past the horizon: both when no wave was all healthy (a group, always there, so a script or --assert finds its fields in every result). */
    timeToAllHealthy: { p50: number | null; p95: number | null };
  };
  peaks: {
    /** `background`: held before the wave by other clients and running containers (absent in older results files). */
    cloudSqlConnections: Spread & { usableLimit: number; maxConnections: number; background?: number };
    connectorInstances: Spread;
    connectorUtilisation: Spread;
    poolWaiters: Spread;
    droppedHandshakes: Spread;
    refusedConnections: Spread;
  };
  /** Time-averaged over the horizon (from the kernel's resource statistics), spread across replications. */
  utilisation: {
    cloudSqlCpu: Spread;
    handshakeQueue: Spread;
  };
  alerts: Record<Alert, { threshold: number; fraction: number; meanTime: number | null; beforeFirstBreach: number }> & {
    /** Over replications with a breach: fraction where some alert fired first, and how long before. */
    leadTime: { replicationsWithBreach: number; alertedFirst: number; mean: number | null; p50: number | null };
  };
  timeSeries: {
    t: number[];
    bands: Record<BandSeries, { mean: number[]; p10: number[]; p90: number[] }>;
    states: Record<StateSeries, number[]>;
  };
  detail: Detail | null;
  events: number;
  /**
   * Replications cut short by the per-replication event guard (MAX_EVENTS_PER_REPLICATION): when not 0, every
   * number above is partial and the UI and CLI say so.
   */
  truncatedReplications: number;
}

function rate(c: ClusteredCounts): Rate {
  const ci = clusteredWilson95(c);
  return { starts: c.trials, breaches: c.events, breachRate: c.trials > 0 ? c.events / c.trials : 0, breachCi95: [ci.lo, ci.hi], ciMethod: ci.method };
}

const round = (x: number, digits = 6) => Number(x.toFixed(digits));

/** A total per wave, as a result writes it (restartsPerReplication, exitCode3PerReplication). */
export const perReplication = (total: number, replications: number): number => round(total / Math.max(1, replications));

export function summarize(agg: Aggregate, scenario: Scenario): SimulationResult {
  const c = agg.counts;
  const reps = Math.max(1, c.replications);
  const q = (p: number) => (agg.phase3Duration.count > 0 ? round(agg.phase3Duration.quantile(p)) : 0);
  const spread = (k: keyof Aggregate['perReplication']): Spread => {
    const v = agg.perReplication[k];
    if (v.count === 0) return { mean: 0, p50: 0, p95: 0, max: 0 };
    return { mean: round(v.mean()), p50: round(v.quantile(0.5)), p95: round(v.quantile(0.95)), max: round(v.max()) };
  };
  // Replications never all healthy are censored at the horizon: they rank above every one that was, so the p-quantile
  // is a time only when its rank falls among those (taken over the worse ones alone, a setting that lets more waves
  // fail would read faster).
  const allHealthyBy = (p: number): number | null => {
    const rank = Math.floor(p * (reps - 1));
    return rank < agg.allHealthyTime.count ? round(agg.allHealthyTime.valueAtRank(rank)) : null;
  };
  const thresholds: Record<Alert, number> = { connectorPressure: CONNECTOR_PRESSURE, poolPressure: POOL_PRESSURE, cloudSqlPressure: CLOUD_SQL_PRESSURE };
  const alerts = Object.fromEntries(
    ALERTS.map((a) => {
      const x = agg.alerts[a];
      return [a, { threshold: thresholds[a], fraction: round(x.crossed / reps), meanTime: x.crossed ? round(x.time.mean()) : null, beforeFirstBreach: x.beforeFirstBreach }];
    }),
  ) as unknown as SimulationResult['alerts'];
  alerts.leadTime = {
    replicationsWithBreach: agg.repsWithBreach,
    alertedFirst: agg.repsWithBreach ? round(agg.leadTime.count / agg.repsWithBreach) : 0,
    mean: agg.leadTime.count ? round(agg.leadTimeSum.mean()) : null,
    p50: agg.leadTime.count ? round(agg.leadTime.quantile(0.5)) : null,
  };
  const step = scenario.simulation.horizon / GRID_INTERVALS;
  const bands = Object.fromEntries(
    BAND_SERIES.map((s) => {
      const pts = agg.bands[s];
      return [s, {
        mean: pts.map((v) => (v.count ? round(v.mean()) : 0)),
        p10: pts.map((v) => (v.count ? round(v.quantile(0.1)) : 0)),
        p90: pts.map((v) => (v.count ? round(v.quantile(0.9)) : 0)),
      }];
    }),
  ) as SimulationResult['timeSeries']['bands'];
  const states = Object.fromEntries(STATE_SERIES.map((s) => [s, Array.from(agg.states[s], (x) => round(x / reps))])) as SimulationResult['timeSeries']['states'];
  return {
    bootstorm: BOOTSTORM_VERSION,
    scenarioVersion: scenario.version,
    seed: scenario.simulation.seed,
    replications: c.replications,
    horizon: scenario.simulation.horizon,
    starts: c.starts,
    unfinished: c.unfinished,
    killedOutsidePhase3: c.killedOutsidePhase3,
    killedAfterPhase3: c.killedAfterPhase3,
    restarts: c.restarts,
    restartsPerReplication: perReplication(c.restarts, c.replications),
    exitCode3PerReplication: perReplication(c.breaches - agg.failures.startup_probe, c.replications),
    phase3: {
      ...rate(breachClusters(c)),
      // The app's own exits: breaches less the starts Cloud Run's startup probe killed in Phase 3.
      exitCode3: c.breaches - agg.failures.startup_probe,
      firstAttempt: rate(firstAttemptClusters(c)),
      durationQuantiles: { p50: q(0.5), p90: q(0.9), p95: q(0.95), p99: q(0.99) },
      meanDuration: agg.phase3Sum.count ? round(agg.phase3Sum.mean()) : 0,
      histogram: { passed: agg.histogramPassed.bins(), breached: agg.histogramBreached.bins(), overflow: agg.histogramPassed.overflow + agg.histogramBreached.overflow },
    },
    failures: Object.fromEntries(FAILURE_CAUSES.map((f) => [f, agg.failures[f]])) as Record<FailureCause, number>,
    containers: {
      perReplication: scenario.wave.containers,
      healthyByHorizon: c.containers ? round(c.healthyAtHorizon / c.containers) : 0,
      allHealthyFraction: round(c.allHealthyReplications / reps),
      timeToAllHealthy: { p50: allHealthyBy(0.5), p95: allHealthyBy(0.95) },
    },
    peaks: {
      cloudSqlConnections: {
        ...spread('peakCloudSqlConnections'),
        usableLimit: usableConnections(scenario.cloudSql),
        maxConnections: scenario.cloudSql.maxConnections,
        background: cloudSqlBackground(scenario),
      },
      connectorInstances: spread('peakConnectorInstances'),
      connectorUtilisation: spread('peakConnectorUtilisation'),
      poolWaiters: spread('peakPoolWaiters'),
      droppedHandshakes: spread('droppedHandshakes'),
      refusedConnections: spread('refusedConnections'),
    },
    utilisation: { cloudSqlCpu: spread('cloudSqlCpuUtilisation'), handshakeQueue: spread('meanHandshakeQueue') },
    alerts,
    timeSeries: { t: Array.from({ length: GRID_INTERVALS + 1 }, (_, k) => round(k * step)), bands, states },
    detail: agg.detail,
    events: c.events,
    truncatedReplications: c.truncated,
  };
}

/**
 * Fraction of the wave's containers given up by the horizon (a failed start with no restart left: restarts off,
 * or the limit reached): the last grid point of the state series.
 */
export function gaveUpByHorizon(r: SimulationResult): number {
  const g = r.timeSeries.states.gaveUp;
  return r.containers.perReplication > 0 && g.length > 0 ? g[g.length - 1] / r.containers.perReplication : 0;
}

/**
 * What an initialization timeout hides, when it is most of the failures: Phase 3 was still at work when the
 * outer timeout fired, and the connects it was retrying meanwhile were refused or dropped. Null otherwise.
 */
export function initTimeoutContext(r: SimulationResult, initialization?: number): string | null {
  if (r.phase3.breaches === 0 || r.failures.init_timeout * 2 <= r.phase3.breaches) return null;
  const refused = r.peaks.refusedConnections.mean;
  const dropped = r.peaks.droppedHandshakes.mean;
  const parts = [
    ...(refused > 0 ? [`${fmtCompared(refused)} connects were refused by Cloud SQL (53300)`] : []),
    ...(dropped > 0 ? [`${fmtCompared(dropped)} SYNs dropped by the connector`] : []),
  ];
  // Both are means per wave: said once, for both.
  const meanwhile = parts.length ? `; meanwhile, per wave, ${parts.join(' and ')}` : '';
  return `An initialization timeout is Phase 3 still at work (opening connections, table setup or the health check) when the ${initialization === undefined ? 'initialization' : `${initialization} s`} timeout fired${meanwhile}.`;
}

/** Each alert by name, and what its threshold is a share of. */
const ALERT_NAMES: Record<Alert, [name: string, of: string]> = {
  connectorPressure: ['connector pressure', ''],
  poolPressure: ['pool pressure', ''],
  cloudSqlPressure: ['Cloud SQL pressure', ' of max_connections'],
};

/** The alerts that fired in at least one wave, in ALERTS order. */
export function firingAlerts(r: Pick<SimulationResult, 'alerts'>): Alert[] {
  return ALERTS.filter((a) => r.alerts[a].fraction > 0);
}

/** Alerts with their thresholds as the summary holds them: "connector pressure (>70%), pool pressure (>80%)". */
export function alertsText(r: Pick<SimulationResult, 'alerts'>, which: readonly Alert[] = ALERTS): string {
  return which.map((a) => `${ALERT_NAMES[a][0]} (>${Math.round(100 * r.alerts[a].threshold)}%${ALERT_NAMES[a][1]})`).join(', ');
}

/** Share of start attempts the horizon may cut short before their verdict without the breach rate reading low. */
export const HORIZON_CUT_LIMIT = 0.05;

/**
 * Start attempts the horizon cut short before their Phase 3 verdict are not counted. A breach that runs into the
 * initialization timeout takes it all, a pass a few seconds, so the attempts cut lean to breaches, and the rate can
 * read low (the incident at a 150 s horizon: 68% instead of the same attempts' 79%). Past HORIZON_CUT_LIMIT of the
 * attempts, this says so; null otherwise.
 */
export function horizonCutNote(r: SimulationResult): string | null {
  const cut = horizonCutShare(r);
  if (cut === null) return null;
  const share = cutShareText(cut);
  return `The ${r.horizon} s horizon cut ${share} of the start attempts short of a Phase 3 verdict, and they are not counted. A breach takes longer than a pass, so the attempts cut lean to breaches and the breach rate can read low: lengthen the horizon (simulation.horizon).`;
}

/**
 * Starts the startup probe killed outside Phase 3 fail without a Phase 3 breach: those killed before it have no
 * verdict and are not in the breach rate, those killed after it passed are in it as passes. Said whenever there
 * are any (they are restarts, and the containers' healthy share shows them).
 */
export function probeKillNote(r: Pick<SimulationResult, 'killedOutsidePhase3' | 'killedAfterPhase3' | 'failures' | 'replications'>): string | null {
  const n = r.killedOutsidePhase3;
  if (!(n > 0)) return null;
  const inPhase3 = r.failures.startup_probe;
  const also = inPhase3 > 0 ? ` (the ${inPhase3.toLocaleString('en-US')} it killed in Phase 3 are breaches, cause startup_probe)` : '';
  return `Cloud Run's startup probe killed ${probeKillsText(r)}, over ${r.replications.toLocaleString('en-US')} replications: they failed without a Phase 3 breach${also}. Lengthen timeouts.startupProbe, or shorten the phases.`;
}

/**
 * The share of start attempts Cloud Run's startup probe killed outside Phase 3 (failed, without a Phase 3 breach: the
 * breach rate does not show them), or null when it killed none. Explorations flag every point with any.
 */
export function probeKillShare(r: Pick<SimulationResult, 'starts' | 'unfinished' | 'killedOutsidePhase3' | 'killedAfterPhase3'>): number | null {
  const killed = r.killedOutsidePhase3;
  if (!(killed > 0)) return null;
  const attempts = r.starts + r.unfinished + killed - r.killedAfterPhase3;
  return attempts > 0 ? killed / attempts : null;
}

/** "3 starts before Phase 3 began (not in the breach rate) and 1 start after it passed (in it, as a pass)". */
export function probeKillsText(r: Pick<SimulationResult, 'killedOutsidePhase3' | 'killedAfterPhase3'>): string {
  const after = r.killedAfterPhase3;
  const before = r.killedOutsidePhase3 - after;
  const parts = [
    before > 0 ? `${plural(before, 'start')} before Phase 3 began (not in the breach rate)` : '',
    after > 0 ? `${plural(after, 'start')} after Phase 3 passed (in the breach rate, as ${after === 1 ? 'a pass' : 'passes'})` : '',
  ];
  return parts.filter(Boolean).join(' and ');
}

/**
 * Why a result has no breach rate (no start reached a Phase 3 verdict), from what became of the starts: the startup
 * probe killed them before Phase 3 ended, the horizon cut them (in any phase), or none began before the horizon.
 */
export function noVerdictText(r: Pick<SimulationResult, 'killedOutsidePhase3' | 'unfinished'> & Partial<Pick<SimulationResult, 'replications'>>): string {
  // A partial merge of empty shards: nothing ran at all.
  if (r.replications === 0) return 'no replication in this result';
  const killed = r.killedOutsidePhase3 > 0;
  const cut = r.unfinished > 0;
  if (killed && cut) return 'no start reached a Phase 3 verdict: the startup probe killed some first, the horizon cut the rest';
  if (killed) return "no start reached a Phase 3 verdict: Cloud Run's startup probe killed every one first";
  if (cut) return 'no start reached a Phase 3 verdict before the horizon';
  return 'no start began before the horizon';
}

/** What a reader of the breach rate must know about the starts it leaves out: the horizon's cut, the probe's kills. */
export function resultNotes(r: SimulationResult): string[] {
  return [horizonCutNote(r), probeKillNote(r)].filter((n): n is string => n !== null);
}

/** The share of start attempts the horizon cut short of a verdict, when past HORIZON_CUT_LIMIT; else null. */
export function horizonCutShare(r: Pick<SimulationResult, 'starts' | 'unfinished'>): number | null {
  const attempts = r.starts + r.unfinished;
  // Counts a result from before `unfinished` was kept cannot say: not cut (NaN would read as cut).
  if (!Number.isFinite(attempts) || attempts === 0) return null;
  return r.unfinished / attempts <= HORIZON_CUT_LIMIT ? null : r.unfinished / attempts;
}

/** The horizon cut more than HORIZON_CUT_LIMIT of these start attempts short of a verdict (horizonCutShare). */
export const isHorizonCut = (r: Pick<SimulationResult, 'starts' | 'unfinished'>): boolean => horizonCutShare(r) !== null;

/** How tables mark a rate the horizon cut short, in the CLI and the dashboard alike. */
export const HORIZON_CUT_MARK = '?';

/** A rate's text, marked when the horizon cut its point short: "? 3.03%". */
export const markCut = (text: string, r: Pick<SimulationResult, 'starts' | 'unfinished'>): string => (isHorizonCut(r) ? `${HORIZON_CUT_MARK} ${text}` : text);

/** A cut share as a percentage with the digits that keep it above the limit: 5.3% is "5.3%", never "5%" beside "over 5%". */
export const cutShareText = (share: number): string => `${(100 * share).toFixed(share < 0.1 ? 1 : 0)}%`;

/** The limit as it is written: "5%". */
export const HORIZON_CUT_LIMIT_TEXT = `${100 * HORIZON_CUT_LIMIT}%`;

/**
 * A quantile of the time until all containers were healthy, as text: the time in `seconds`, or "> the horizon" where
 * fewer replications than that quantile ended all healthy (null).
 */
export function allHealthyTimeText(t: number | null, horizon: number, seconds: (x: number) => string): string {
  return t === null ? `> ${horizon} s (the horizon)` : seconds(t);
}

/**
 * Why a result has no alert lead time, or null when it has one: no wave had a breach to lead, no alert fired at
 * all, or alerts fired but never before a wave's first breach. (One text for the CLI, the report and the card.)
 */
export function noLeadTimeReason(r: Pick<SimulationResult, 'alerts'> & Partial<Pick<SimulationResult, 'failures'>>): string | null {
  const lead = r.alerts.leadTime;
  if (lead.p50 !== null) return null;
  if (lead.replicationsWithBreach === 0) return 'no wave had a breach';
  // A monitoring gap: say how many waves breached unannounced, and when the breaches are of a kind no alert watches.
  const n = lead.replicationsWithBreach;
  const waves = n === 1 ? 'the one wave with a breach' : `any of the ${n.toLocaleString('en-US')} waves with a breach`;
  const why = ALERTS.some((a) => r.alerts[a].fraction > 0) ? `no alert fired before the first breach in ${waves}` : `no alert fired in ${waves}`;
  const unwatched = r.failures ? unwatchedBreaches(r.failures) : null;
  return unwatched === null ? why : `${why}: ${unwatchedText(unwatched)}`;
}

/**
 * Breach causes none of the alerts (connector utilisation, pool use, Cloud SQL connections) watches: a CREATE TABLE
 * race, or table setup or a health check that overran with the connections in hand.
 */
const UNWATCHED_CAUSES: readonly FailureCause[] = ['table_setup_timeout', 'table_setup_race', 'health_check_timeout'];

/**
 * The share of breaches of causes no alert watches, and the commonest of them, when they are most of the breaches
 * (a missing lead time is then no monitoring gap a load alert would close); null otherwise.
 */
export function unwatchedBreaches(failures: Record<FailureCause, number>): { share: number; cause: FailureCause } | null {
  const all = FAILURE_CAUSES.reduce((sum, c) => sum + failures[c], 0);
  const unwatched = UNWATCHED_CAUSES.reduce((sum, c) => sum + failures[c], 0);
  if (all === 0 || unwatched / all < 0.5) return null;
  const cause = UNWATCHED_CAUSES.reduce((a, b) => (failures[b] > failures[a] ? b : a));
  return { share: unwatched / all, cause };
}

/** "97% of the breaches are table setup, race or health check failures (mostly table setup timeout), which no load alert watches". */
export function unwatchedText(u: { share: number; cause: FailureCause }): string {
  return `${fmtPct(u.share, 0)} of the breaches are table setup, race or health check failures (mostly ${labelInSentence(FAILURE_LABEL[u.cause])}), which no load alert watches`;
}

/** How a given-up share reads: why there was no restart left, when the restart settings are known. */
export function gaveUpText(fraction: number, restart?: Scenario['restart']): string {
  // fmtPct: one container in 4,800 reads 0.02%, not 0.0% beside a healthy share under 100%.
  const pct = fmtPct(fraction);
  if (!restart) return `${pct} given up (no restart left)`;
  if (!restart.enabled) return `${pct} given up (restarts are off)`;
  return `${pct} given up after ${restart.maxRestarts} restart${restart.maxRestarts === 1 ? '' : 's'}`;
}
