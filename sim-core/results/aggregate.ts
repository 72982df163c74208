import { FixedPointSum, type FixedPointSumJSON } from '../stats/exactSum';
import { Histogram, type HistogramJSON } from '../stats/histogram';
import { QuantileSketch, type SketchJSON } from '../stats/sketch';
import { ValueCounts, type ValueCountsJSON } from '../stats/valueCounts';
import { addExact } from '../stats/safeInt';
import type { Scenario } from '../scenario/schema';
import { FAILURE_CAUSES, type FailureCause, type StartRecord } from '../model/outcomes';
import { BAND_SERIES, GRID_INTERVALS, STATE_SERIES, type BandSeries, type ReplicationResult, type StateSeries } from '../model/replication';
import type { TraceEntry } from '../model/world';
import type { ClusteredCounts } from '../stats/wilson';

/**
 * The mergeable aggregate of a set of replications.
 *
 * Every accumulator holds integers only (counts, or values quantized to a fixed resolution and summed as
 * integers): merging two aggregates adds them, which is exact, so any split of the replications across
 * workers, shards or machines, merged in any order, gives the same aggregate and the same JSON. Floats
 * appear only in `summarize()`.
 */

/** Fixed resolutions of the quantized accumulators (part of the format: changing one changes results). */
const TIME_RESOLUTION = 1e-3; // 1 ms
/**
 * Utilisations and mean queues: 1e-4, so a Cloud SQL that is busy 0.02% of the horizon reads 0.0002, not 0 (as at
 * 1e-3), while the exact value counts of a utilisation stay bounded (at most 10,001 distinct values on [0, 1]; a mean
 * queue is not bounded above, but is a few handshakes at most in any storm we model).
 */
const UTILISATION_RESOLUTION = 1e-4;
/**
 * Quantile sketches report within 0.1%: a Phase 3 cut off at exactly 75 s then reads 75.0 s, not 74.4 s as it
 * would at 1%, which an SRE comparing against the configured timeout would take for a bug.
 */
const SKETCH = { relativeAccuracy: 1e-3 } as const;

/** Scalars recorded once per replication: their distribution across replications. */
export const PER_REPLICATION = [
  'peakCloudSqlConnections',
  'peakConnectorInstances',
  'peakConnectorUtilisation',
  'peakPoolWaiters',
  'droppedHandshakes',
  'refusedConnections',
  'cloudSqlCpuUtilisation',
  'meanHandshakeQueue',
  'restarts',
  'breaches',
] as const;
export type PerReplication = (typeof PER_REPLICATION)[number];

export const ALERTS = ['connectorPressure', 'poolPressure', 'cloudSqlPressure'] as const;
export type Alert = (typeof ALERTS)[number];

export interface Detail {
  replication: number;
  records: StartRecord[];
  trace: TraceEntry[];
  /** Flat [time, instances, …] */
  scaleOuts: number[];
}

/** A detail's fields with nothing in them: the shape an --assert path under `detail` is checked against before a run. */
export const EMPTY_DETAIL: Readonly<Detail> = Object.freeze({ replication: 0, records: [], trace: [], scaleOuts: [] });

export interface AggregateJSON {
  format: 'bootstorm-aggregate/1';
  /** Sorted, disjoint [from, to) ranges of replication indices included. */
  ranges: Array<[number, number]>;
  counts: {
    replications: number;
    starts: number;
    breaches: number;
    firstStarts: number;
    firstBreaches: number;
    /** Σ over replications of breaches², breaches·starts, starts², and the same of first attempts: the breach rates' clustered intervals. */
    breachesSquared: number;
    breachesTimesStarts: number;
    startsSquared: number;
    firstBreachesSquared: number;
    firstBreachesTimesStarts: number;
    firstStartsSquared: number;
    unfinished: number;
    /** Starts Cloud Run's startup probe killed before Phase 3 began or after it passed: failed, but no Phase 3 verdict of failure. */
    killedOutsidePhase3: number;
    /** Of those, the starts killed after Phase 3 passed: in `starts`, as Phase 3 passes. */
    killedAfterPhase3: number;
    restarts: number;
    containers: number;
    healthyAtHorizon: number;
    allHealthyReplications: number;
    events: number;
    /** Replications the event guard cut short (see MAX_EVENTS_PER_REPLICATION). */
    truncated: number;
  };
  failures: Record<FailureCause, number>;
  phase3Duration: SketchJSON;
  phase3Sum: FixedPointSumJSON;
  histogramPassed: HistogramJSON;
  histogramBreached: HistogramJSON;
  allHealthyTime: SketchJSON;
  perReplication: Record<PerReplication, ValueCountsJSON>;
  alerts: Record<Alert, { crossed: number; time: FixedPointSumJSON; beforeFirstBreach: number }>;
  leadTime: SketchJSON;
  leadTimeSum: FixedPointSumJSON;
  repsWithBreach: number;
  bands: Record<BandSeries, ValueCountsJSON[]>;
  /** Integer sums over replications of containers in each state, per grid point. */
  states: Record<StateSeries, number[]>;
  detail: Detail | null;
}

/** What the breach rate over all starts needs of an aggregate's counts. */
export type BreachCounts = Pick<AggregateJSON['counts'], 'replications' | 'starts' | 'breaches' | 'breachesSquared' | 'breachesTimesStarts' | 'startsSquared'>;

/** The breach rate over all starts as clustered counts (replications are the clusters). */
export function breachClusters(c: BreachCounts): ClusteredCounts {
  return { replications: c.replications, events: c.breaches, trials: c.starts, eventsSquared: c.breachesSquared, eventsTimesTrials: c.breachesTimesStarts, trialsSquared: c.startsSquared };
}

/** The breach rate over first attempts as clustered counts. */
export function firstAttemptClusters(c: AggregateJSON['counts']): ClusteredCounts {
  return { replications: c.replications, events: c.firstBreaches, trials: c.firstStarts, eventsSquared: c.firstBreachesSquared, eventsTimesTrials: c.firstBreachesTimesStarts, trialsSquared: c.firstStartsSquared };
}

const FRACTIONAL: ReadonlySet<string> = new Set(['peakConnectorUtilisation', 'connectorUtilisation', 'cloudSqlCpuUtilisation', 'meanHandshakeQueue']);
const resolutionOf = (s: PerReplication | BandSeries) => (FRACTIONAL.has(s) ? UTILISATION_RESOLUTION : 1);

/**
 * Histogram range for Phase 3 durations: bins of 1/60 of the initialization timeout, which bounds every Phase 3, so
 * 60 bins reach it and a 61st holds the starts it cut off (see Aggregate.add: they end at the timeout give or take
 * an ulp, so they are put there by rule, not by where their last bits fall).
 */
export function durationHistogramRange(s: Scenario): [number, number, number] {
  return [0, (s.timeouts.initialization * 61) / 60, 61];
}

export class Aggregate {
  ranges: Array<[number, number]> = [];
  counts: AggregateJSON['counts'] = {
    replications: 0, starts: 0, breaches: 0, firstStarts: 0, firstBreaches: 0,
    breachesSquared: 0, breachesTimesStarts: 0, startsSquared: 0, firstBreachesSquared: 0, firstBreachesTimesStarts: 0, firstStartsSquared: 0,
    unfinished: 0, killedOutsidePhase3: 0, killedAfterPhase3: 0,
    restarts: 0, containers: 0, healthyAtHorizon: 0, allHealthyReplications: 0, events: 0, truncated: 0,
  };
  failures = Object.fromEntries(FAILURE_CAUSES.map((c) => [c, 0])) as Record<FailureCause, number>;
  phase3Duration = new QuantileSketch(SKETCH);
  phase3Sum = new FixedPointSum(TIME_RESOLUTION);
  histogramPassed: Histogram;
  histogramBreached: Histogram;
  allHealthyTime = new QuantileSketch(SKETCH);
  perReplication = Object.fromEntries(PER_REPLICATION.map((k) => [k, new ValueCounts(resolutionOf(k))])) as Record<PerReplication, ValueCounts>;
  alerts = Object.fromEntries(
    ALERTS.map((a) => [a, { crossed: 0, time: new FixedPointSum(TIME_RESOLUTION), beforeFirstBreach: 0 }]),
  ) as Record<Alert, { crossed: number; time: FixedPointSum; beforeFirstBreach: number }>;
  leadTime = new QuantileSketch(SKETCH);
  leadTimeSum = new FixedPointSum(TIME_RESOLUTION);
  repsWithBreach = 0;
  bands: Record<BandSeries, ValueCounts[]>;
  states: Record<StateSeries, Float64Array>;
  detail: Detail | null = null;

  constructor(histogramRange: [number, number, number]) {
    this.histogramPassed = new Histogram(...histogramRange);
    this.histogramBreached = new Histogram(...histogramRange);
    const points = GRID_INTERVALS + 1;
    this.bands = Object.fromEntries(
      BAND_SERIES.map((s) => [s, Array.from({ length: points }, () => new ValueCounts(resolutionOf(s)))]),
    ) as Record<BandSeries, ValueCounts[]>;
    this.states = Object.fromEntries(STATE_SERIES.map((s) => [s, new Float64Array(points)])) as Record<StateSeries, Float64Array>;
    const [lo, hi, bins] = histogramRange;
    const width = (hi - lo) / bins;
    this.cutOffFrom = (hi - width) * (1 - 1e-9);
    this.cutOffBin = hi - width / 2;
  }

  /** A breach ending at the last bin's lower edge (the initialization timeout) or later goes to the middle of that bin. */
  private readonly cutOffFrom: number;
  private readonly cutOffBin: number;

  static forScenario(s: Scenario): Aggregate {
    return new Aggregate(durationHistogramRange(s));
  }

  add(r: ReplicationResult): void {
    addRange(this.ranges, [r.replication, r.replication + 1]);
    const c = this.counts;
    c.replications++;
    c.starts += r.starts;
    c.breaches += r.breaches;
    c.firstStarts += r.firstStarts;
    c.firstBreaches += r.firstBreaches;
    c.breachesSquared += r.breaches * r.breaches;
    c.breachesTimesStarts += r.breaches * r.starts;
    c.startsSquared += r.starts * r.starts;
    c.firstBreachesSquared += r.firstBreaches * r.firstBreaches;
    c.firstBreachesTimesStarts += r.firstBreaches * r.firstStarts;
    c.firstStartsSquared += r.firstStarts * r.firstStarts;
    c.unfinished += r.unfinished;
    c.killedOutsidePhase3 += r.killedOutsidePhase3;
    c.killedAfterPhase3 += r.killedAfterPhase3;
    c.restarts += r.restarts;
    c.containers += r.containers;
    c.healthyAtHorizon += r.healthyAtHorizon;
    c.events += r.eventCount;
    if (r.truncated) c.truncated++;
    if (r.allHealthyTime >= 0) {
      c.allHealthyReplications++;
      this.allHealthyTime.add(r.allHealthyTime);
    }
    for (const cause of FAILURE_CAUSES) this.failures[cause] += r.failures[cause];
    const d = r.phase3Durations;
    for (let i = 0; i < d.length; i++) {
      this.phase3Duration.add(d[i]);
      this.phase3Sum.add(d[i]);
      if (!r.phase3Breached[i]) this.histogramPassed.add(d[i]);
      else this.histogramBreached.add(d[i] >= this.cutOffFrom ? this.cutOffBin : d[i]);
    }
    const pr = this.perReplication;
    pr.peakCloudSqlConnections.add(r.peakCloudSqlConnections);
    pr.peakConnectorInstances.add(r.peakConnectorInstances);
    pr.peakConnectorUtilisation.add(r.peakConnectorUtilisation);
    pr.peakPoolWaiters.add(r.peakPoolWaiters);
    pr.droppedHandshakes.add(r.droppedHandshakes);
    pr.refusedConnections.add(r.refusedConnections);
    pr.cloudSqlCpuUtilisation.add(r.cloudSqlCpuUtilisation);
    pr.meanHandshakeQueue.add(r.meanHandshakeQueue);
    pr.restarts.add(r.restarts);
    pr.breaches.add(r.breaches);
    const alertTimes: Record<Alert, number> = {
      connectorPressure: r.connectorPressureTime,
      poolPressure: r.poolPressureTime,
      cloudSqlPressure: r.cloudSqlPressureTime,
    };
    if (r.firstBreachTime >= 0) this.repsWithBreach++;
    let earliestAlert = Infinity;
    for (const a of ALERTS) {
      const t = alertTimes[a];
      if (t < 0) continue;
      const acc = this.alerts[a];
      acc.crossed++;
      acc.time.add(t);
      if (r.firstBreachTime >= 0 && t <= r.firstBreachTime) acc.beforeFirstBreach++;
      earliestAlert = Math.min(earliestAlert, t);
    }
    if (r.firstBreachTime >= 0 && earliestAlert <= r.firstBreachTime) {
      this.leadTime.add(r.firstBreachTime - earliestAlert);
      this.leadTimeSum.add(r.firstBreachTime - earliestAlert);
    }
    for (let s = 0; s < BAND_SERIES.length; s++) {
      const acc = this.bands[BAND_SERIES[s]];
      const values = r.bands[s];
      for (let k = 0; k < values.length; k++) acc[k].add(values[k]);
    }
    for (let s = 0; s < STATE_SERIES.length; s++) {
      const acc = this.states[STATE_SERIES[s]];
      const values = r.states[s];
      // Container counts are integers, so these float sums are exact (below 2^53) and order-independent.
      for (let k = 0; k < values.length; k++) acc[k] += values[k];
    }
    if (r.records && r.trace) this.detail = { replication: r.replication, records: r.records, trace: r.trace, scaleOuts: r.scaleOuts };
  }

  /** Add another aggregate (of disjoint replications) into this one. */
  merge(o: Aggregate): this {
    for (const range of o.ranges) addRange(this.ranges, range);
    for (const k of Object.keys(this.counts) as (keyof AggregateJSON['counts'])[]) this.counts[k] = addExact(this.counts[k], o.counts[k]);
    for (const cause of FAILURE_CAUSES) this.failures[cause] += o.failures[cause];
    this.phase3Duration.merge(o.phase3Duration);
    this.phase3Sum.merge(o.phase3Sum);
    this.histogramPassed.merge(o.histogramPassed);
    this.histogramBreached.merge(o.histogramBreached);
    this.allHealthyTime.merge(o.allHealthyTime);
    for (const k of PER_REPLICATION) this.perReplication[k].merge(o.perReplication[k]);
    for (const a of ALERTS) {
      this.alerts[a].crossed += o.alerts[a].crossed;
      this.alerts[a].time.merge(o.alerts[a].time);
      this.alerts[a].beforeFirstBreach += o.alerts[a].beforeFirstBreach;
    }
    this.leadTime.merge(o.leadTime);
    this.leadTimeSum.merge(o.leadTimeSum);
    this.repsWithBreach += o.repsWithBreach;
    for (const s of BAND_SERIES) this.bands[s].forEach((v, k) => v.merge(o.bands[s][k]));
    for (const s of STATE_SERIES) this.states[s].forEach((_, k) => (this.states[s][k] += o.states[s][k]));
    if (o.detail) this.detail = o.detail;
    return this;
  }

  toJSON(): AggregateJSON {
    return {
      format: 'bootstorm-aggregate/1',
      ranges: this.ranges.map(([a, b]) => [a, b]),
      counts: { ...this.counts },
      failures: { ...this.failures },
      phase3Duration: this.phase3Duration.toJSON(),
      phase3Sum: this.phase3Sum.toJSON(),
      histogramPassed: this.histogramPassed.toJSON(),
      histogramBreached: this.histogramBreached.toJSON(),
      allHealthyTime: this.allHealthyTime.toJSON(),
      perReplication: Object.fromEntries(PER_REPLICATION.map((k) => [k, this.perReplication[k].toJSON()])) as AggregateJSON['perReplication'],
      alerts: Object.fromEntries(
        ALERTS.map((a) => [a, { crossed: this.alerts[a].crossed, time: this.alerts[a].time.toJSON(), beforeFirstBreach: this.alerts[a].beforeFirstBreach }]),
      ) as AggregateJSON['alerts'],
      leadTime: this.leadTime.toJSON(),
      leadTimeSum: this.leadTimeSum.toJSON(),
      repsWithBreach: this.repsWithBreach,
      bands: Object.fromEntries(BAND_SERIES.map((s) => [s, this.bands[s].map((v) => v.toJSON())])) as AggregateJSON['bands'],
      states: Object.fromEntries(STATE_SERIES.map((s) => [s, Array.from(this.states[s])])) as AggregateJSON['states'],
      detail: this.detail,
    };
  }

  static fromJSON(j: AggregateJSON): Aggregate {
    const h = j.histogramPassed;
    const a = new Aggregate([h.lo, h.hi, h.binCount]);
    a.ranges = j.ranges.map(([x, y]) => [x, y]);
    a.counts = { ...j.counts };
    a.failures = { ...j.failures };
    a.phase3Duration = QuantileSketch.fromJSON(j.phase3Duration);
    a.phase3Sum = FixedPointSum.fromJSON(j.phase3Sum);
    a.histogramPassed = Histogram.fromJSON(j.histogramPassed);
    a.histogramBreached = Histogram.fromJSON(j.histogramBreached);
    a.allHealthyTime = QuantileSketch.fromJSON(j.allHealthyTime);
    for (const k of PER_REPLICATION) a.perReplication[k] = ValueCounts.fromJSON(j.perReplication[k]);
    for (const x of ALERTS)
      a.alerts[x] = { crossed: j.alerts[x].crossed, time: FixedPointSum.fromJSON(j.alerts[x].time), beforeFirstBreach: j.alerts[x].beforeFirstBreach };
    a.leadTime = QuantileSketch.fromJSON(j.leadTime);
    a.leadTimeSum = FixedPointSum.fromJSON(j.leadTimeSum);
    a.repsWithBreach = j.repsWithBreach;
    for (const s of BAND_SERIES) a.bands[s] = j.bands[s].map((v) => ValueCounts.fromJSON(v));
    for (const s of STATE_SERIES) a.states[s] = Float64Array.from(j.states[s]);
    a.detail = j.detail;
    return a;
  }
}

/** Insert [from, to) into a sorted list of disjoint ranges, joining neighbours. Overlap is an error. */
export function addRange(ranges: Array<[number, number]>, [from, to]: [number, number]): void {
  let i = 0;
  while (i < ranges.length && ranges[i][1] <= from) i++;
  if (i < ranges.length && ranges[i][0] < to && from < ranges[i][1])
    throw new Error(`replications ${from}–${to - 1} overlap replications ${ranges[i][0]}–${ranges[i][1] - 1} already merged`);
  ranges.splice(i, 0, [from, to]);
  // Join touching neighbours.
  for (let j = Math.max(0, i - 1); j < ranges.length - 1; ) {
    if (ranges[j][1] === ranges[j + 1][0]) {
      ranges[j][1] = ranges[j + 1][1];
      ranges.splice(j + 1, 1);
    } else j++;
  }
}
