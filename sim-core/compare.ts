import type { ReplicationResult } from './model/replication';
import { Aggregate, type AggregateJSON } from './results/aggregate';
import { summarize, type SimulationResult } from './results/summary';
import { replicate } from './run';
import type { Scenario } from './scenario/schema';
import {
  PairedMeans, PairedRates, pairedMeanDifference, pairedRateDifference,
  type PairedDifference, type PairedMeansJSON, type PairedRatesJSON,
} from './stats/pairedDifference';

/**
 * Baseline vs proposal on the same replication indices. Replication r of both scenarios draws from the same
 * per-component streams (common random numbers), so the per-replication differences are paired and their
 * spread is far smaller than two independent runs': a real improvement is told apart from noise.
 */

/** Headline metrics compared as proportions pooled over replications (events / trials). */
export const PAIRED_RATES = {
  breachRate: (r: ReplicationResult) => ({ events: r.breaches, trials: r.starts }),
  firstAttemptBreachRate: (r: ReplicationResult) => ({ events: r.firstBreaches, trials: r.firstStarts }),
  healthyByHorizon: (r: ReplicationResult) => ({ events: r.healthyAtHorizon, trials: r.containers }),
} as const;

/**
 * The baseline as it is run against `proposal`: its system configuration with the proposal's simulation
 * settings (replications, seed, horizon, replication shown), so both arms draw the same random numbers on
 * the same time grid and the proposal's arm equals a single run of the proposal.
 */
export function pairedBaseline(baseline: Scenario, proposal: Scenario): Scenario {
  return { ...baseline, simulation: { ...proposal.simulation } };
}

/** Headline metrics compared as per-replication means, with the resolution they are quantized to. */
export const PAIRED_MEANS = {
  exitCode3: [(r: ReplicationResult) => r.breaches - r.failures.startup_probe, 1],
  restarts: [(r: ReplicationResult) => r.restarts, 1],
  peakCloudSqlConnections: [(r: ReplicationResult) => r.peakCloudSqlConnections, 1],
  peakConnectorUtilisation: [(r: ReplicationResult) => r.peakConnectorUtilisation, 1e-4],
  peakConnectorInstances: [(r: ReplicationResult) => r.peakConnectorInstances, 1],
  peakPoolWaiters: [(r: ReplicationResult) => r.peakPoolWaiters, 1],
} as const satisfies Record<string, readonly [(r: ReplicationResult) => number, number]>;

export type PairedRateMetric = keyof typeof PAIRED_RATES;
export type PairedMeanMetric = keyof typeof PAIRED_MEANS;
export type PairedMetric = PairedRateMetric | PairedMeanMetric;

export interface ComparisonJSON {
  format: 'bootstorm-comparison/1';
  baseline: AggregateJSON;
  proposal: AggregateJSON;
  rates: Record<PairedRateMetric, PairedRatesJSON>;
  means: Record<PairedMeanMetric, PairedMeansJSON>;
}

export class Comparison {
  readonly rates = Object.fromEntries(Object.keys(PAIRED_RATES).map((k) => [k, new PairedRates()])) as Record<PairedRateMetric, PairedRates>;
  readonly means = Object.fromEntries(
    Object.entries(PAIRED_MEANS).map(([k, [, res]]) => [k, new PairedMeans(res)]),
  ) as Record<PairedMeanMetric, PairedMeans>;

  constructor(
    readonly baseline: Aggregate,
    readonly proposal: Aggregate,
  ) {}

  static forScenarios(b: Scenario, p: Scenario): Comparison {
    return new Comparison(Aggregate.forScenario(b), Aggregate.forScenario(p));
  }

  add(b: ReplicationResult, p: ReplicationResult): void {
    this.baseline.add(b);
    this.proposal.add(p);
    for (const [k, f] of Object.entries(PAIRED_RATES)) this.rates[k as PairedRateMetric].add(f(b), f(p));
    for (const [k, [f]] of Object.entries(PAIRED_MEANS)) this.means[k as PairedMeanMetric].add(f(b), f(p));
  }

  merge(o: Comparison): this {
    this.baseline.merge(o.baseline);
    this.proposal.merge(o.proposal);
    for (const k of Object.keys(this.rates) as PairedRateMetric[]) this.rates[k].merge(o.rates[k]);
    for (const k of Object.keys(this.means) as PairedMeanMetric[]) this.means[k].merge(o.means[k]);
    return this;
  }

  toJSON(): ComparisonJSON {
    return {
      format: 'bootstorm-comparison/1',
      baseline: this.baseline.toJSON(),
      proposal: this.proposal.toJSON(),
      rates: Object.fromEntries(Object.entries(this.rates).map(([k, v]) => [k, v.toJSON()])) as ComparisonJSON['rates'],
      means: Object.fromEntries(Object.entries(this.means).map(([k, v]) => [k, v.toJSON()])) as ComparisonJSON['means'],
    };
  }

  static fromJSON(j: ComparisonJSON): Comparison {
    const c = new Comparison(Aggregate.fromJSON(j.baseline), Aggregate.fromJSON(j.proposal));
    for (const k of Object.keys(c.rates) as PairedRateMetric[]) c.rates[k] = PairedRates.fromJSON(j.rates[k]);
    for (const k of Object.keys(c.means) as PairedMeanMetric[]) c.means[k] = PairedMeans.fromJSON(j.means[k]);
    return c;
  }
}

/** Run replications [from, to) of both scenarios, paired by replication index. */
export function runPairedRange(baseline: Scenario, proposal: Scenario, from: number, to: number): Comparison {
  const c = Comparison.forScenarios(baseline, proposal);
  for (let r = from; r < to; r++) {
    c.add(replicate(baseline, r), replicate(proposal, r));
  }
  return c;
}

export interface ComparisonResult {
  baseline: SimulationResult;
  proposal: SimulationResult;
  /** proposal − baseline for each headline metric, with a 95% interval from the paired replications. */
  differences: Record<PairedMetric, ComparedDifference>;
}

/** A headline metric's paired difference with its verdict. */
export type ComparedDifference = PairedDifference & {
  significant: boolean;
  /**
   * The events the verdict rests on, both arms together: breaches, exits or restarts, or, for a share of healthy
   * containers, whichever of healthy and never-healthy is rarer. Fewer than FEW_EVENTS and the interval alone
   * decides nothing (significance() asks the exact test too; a --assert on it fails). null for peaks, which are
   * no counts of events.
   */
  events: number | null;
};

/** Fewer events than this in the two arms together, and an interval's verdict must pass the exact test too. */
export const FEW_EVENTS = 10;

/**
 * Two-sided exact p-value that `k` of `total` events fell in the proposal when each falls there with probability
 * `share` (equal rates, the arms' trials in that ratio): the conditional binomial test. Small totals only.
 * @example exactSplitP(0, 4, 0.5) // 0.125
 */
export function exactSplitP(k: number, total: number, share: number): number {
  if (!(share >= 0 && share <= 1) || total === 0) return 1; // no trials, or no events: nothing against equal rates
  // pmf[i] = C(total, i) · share^i · (1 − share)^(total − i), by products (IEEE's, not the engine's `**`).
  const pmf: number[] = [];
  let c = 1; // C(total, i)
  for (let i = 0; i <= total; i++) {
    let p = c;
    for (let j = 0; j < i; j++) p *= share;
    for (let j = 0; j < total - i; j++) p *= 1 - share;
    pmf.push(p);
    c = (c * (total - i)) / (i + 1);
  }
  const observed = pmf[k];
  // Outcomes no likelier than the one seen (with a little slack for rounding), as in R's binom.test.
  return Math.min(1, pmf.filter((p) => p <= observed * (1 + 1e-7)).reduce((s, p) => s + p, 0));
}

/**
 * Whether a difference is significant: its 95% interval excludes 0, and, where the events (or non-events, for a
 * share of healthy containers) number fewer than FEW_EVENTS in both arms together, the exact conditional test
 * agrees. A delta-method or t interval is not to be trusted on a handful of events: 0 breaches against 4 in 400
 * replications gave an interval excluding 0, while the 4 alone would split 4–0 one time in eight.
 */
export function significance(d: PairedDifference, events: [baseline: number, proposal: number], trials: [number, number]): boolean {
  if (!(d.lo > 0 || d.hi < 0)) return false;
  const total = events[0] + events[1];
  if (total >= FEW_EVENTS) return true;
  return exactSplitP(events[1], total, trials[1] / (trials[0] + trials[1])) < 0.05;
}

export function summarizeComparison(c: Comparison, baseline: Scenario, proposal: Scenario): ComparisonResult {
  const differences = {} as ComparisonResult['differences'];
  for (const k of Object.keys(c.rates) as PairedRateMetric[]) {
    const d = pairedRateDifference(c.rates[k]);
    const [aB, nB, aP, nP] = c.rates[k].toJSON().sums;
    // Rare either way: few events, or few non-events (a share of healthy containers near 100%).
    const rare: [number, number] = aB + aP <= nB - aB + (nP - aP) ? [aB, aP] : [nB - aB, nP - aP];
    differences[k] = { ...d, significant: significance(d, rare, [nB, nP]), events: rare[0] + rare[1] };
  }
  for (const k of Object.keys(c.means) as PairedMeanMetric[]) {
    const d = pairedMeanDifference(c.means[k]);
    const j = c.means[k].toJSON();
    // Whole counts per replication (exits, restarts): as few events as rates can have. Peaks are not rare events.
    const counts = k === 'exitCode3' || k === 'restarts';
    differences[k] = counts
      ? { ...d, significant: significance(d, [j.sumBaseline, j.sumProposal], [j.replications, j.replications]), events: j.sumBaseline + j.sumProposal }
      : { ...d, significant: d.lo > 0 || d.hi < 0, events: null };
  }
  return { baseline: summarize(c.baseline, baseline), proposal: summarize(c.proposal, proposal), differences };
}
