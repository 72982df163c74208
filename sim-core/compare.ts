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

/** Headline metrics compared as per-replication means, with the resolution they are quantized to. */
export const PAIRED_MEANS = {
  exitCode3: [(r: ReplicationResult) => r.breaches, 1],
  restarts: [(r: ReplicationResult) => r.restarts, 1],
  peakCloudSqlConnections: [(r: ReplicationResult) => r.peakCloudSqlConnections, 1],
  peakConnectorUtilisation: [(r: ReplicationResult) => r.peakConnectorUtilisation, 1e-3],
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
  differences: Record<PairedMetric, PairedDifference & { significant: boolean }>;
}

export function summarizeComparison(c: Comparison, baseline: Scenario, proposal: Scenario): ComparisonResult {
  const differences = {} as ComparisonResult['differences'];
  const mark = (d: PairedDifference) => ({ ...d, significant: d.lo > 0 || d.hi < 0 });
  for (const k of Object.keys(c.rates) as PairedRateMetric[]) differences[k] = mark(pairedRateDifference(c.rates[k]));
  for (const k of Object.keys(c.means) as PairedMeanMetric[]) differences[k] = mark(pairedMeanDifference(c.means[k]));
  return { baseline: summarize(c.baseline, baseline), proposal: summarize(c.proposal, proposal), differences };
}
