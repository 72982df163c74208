import { Aggregate, breachClusters, type AggregateJSON } from '../results/aggregate';
import { summarize, type SimulationResult } from '../results/summary';
import type { Scenario } from '../scenario/schema';
import { clusteredWilson95 } from '../stats/wilson';
import { goalMet, halfWidth, nextTotal, type ReplicationPolicy } from './adaptive';
import { DEFAULT_BLOCK_SIZE, unitsFor, type Planner, type WorkUnit } from './work';

/** The breach rate of one point so far. */
export interface PointRate {
  replications: number;
  starts: number;
  breaches: number;
  breachRate: number;
  breachCi95: [number, number];
  ciMethod: 'wilson' | 'rule-of-three' | 'none';
  halfWidth: number;
  /** Replications the per-replication event guard cut short: when not 0, this point's numbers are partial. */
  truncatedReplications: number;
  /**
   * Start attempts the horizon cut short of a Phase 3 verdict (not in `starts`). Past HORIZON_CUT_LIMIT of all
   * attempts (horizonCutShare) the rate leans to the quick outcomes: no point counts as meeting a target then.
   */
  unfinished: number;
  /**
   * Start attempts Cloud Run's startup probe killed outside Phase 3: failed without a Phase 3 breach (probeKillShare).
   * Those killed after Phase 3 passed are in `starts`, as passes; the others are in no count above.
   */
  killedOutsidePhase3: number;
  killedAfterPhase3: number;
}

/** A point of a PointSetPlanner: its rate, and whether an adaptive policy's precision goal was met. */
export interface PointSetRate extends PointRate {
  /** The interval got narrower than the adaptive policy's goal; false: it stopped at the cap short of it. Null with a fixed count. */
  goalReached: boolean | null;
}

export function pointRate(agg: Aggregate): PointRate {
  const { replications, starts, breaches } = agg.counts;
  const ci = clusteredWilson95(breachClusters(agg.counts));
  return {
    replications, starts, breaches,
    breachRate: starts > 0 ? breaches / starts : 0,
    breachCi95: [ci.lo, ci.hi],
    ciMethod: ci.method,
    halfWidth: halfWidth(agg.counts),
    truncatedReplications: agg.counts.truncated,
    unfinished: agg.counts.unfinished,
    killedOutsidePhase3: agg.counts.killedOutsidePhase3,
    killedAfterPhase3: agg.counts.killedAfterPhase3,
  };
}

/**
 * A fixed list of points, each run on replications 0, 1, … (the same indices for every point, hence common
 * random numbers): a fixed count for every point, or adaptively per point. Sweeps, heatmaps and sensitivity
 * analyses are this planner plus their own way of building points and reading results.
 *
 * With a fixed count the whole job is one batch, so an executor balances every block of every point over its
 * workers at once.
 */
export class PointSetPlanner implements Planner<PointRate[]> {
  private readonly aggs: Aggregate[];
  private readonly scheduled: number[];
  private readonly summaries: Array<SimulationResult | null>;

  /** Every point must allow the replications the policy may ask (see `policyCap`). */
  constructor(
    readonly points: readonly Scenario[],
    readonly policy: ReplicationPolicy,
    readonly blockSize = DEFAULT_BLOCK_SIZE,
  ) {
    this.aggs = points.map((p) => Aggregate.forScenario(p));
    this.scheduled = points.map(() => 0);
    this.summaries = points.map(() => null);
  }

  next(): WorkUnit[] | null {
    const units: WorkUnit[] = [];
    this.points.forEach((_, i) => {
      const target = typeof this.policy === 'number' ? this.policy : nextTotal(this.policy, this.aggs[i].counts);
      if (target === null || target <= this.scheduled[i]) return;
      units.push(...unitsFor(i, this.scheduled[i], target, this.blockSize));
      this.scheduled[i] = target;
    });
    return units.length ? units : null;
  }

  report(unit: WorkUnit, aggregate: AggregateJSON): void {
    const agg = this.aggs[unit.point];
    if (!agg) throw new Error(`result for point ${unit.point}, but there are ${this.points.length} points`);
    agg.merge(Aggregate.fromJSON(aggregate));
    this.summaries[unit.point] = null;
  }

  result(): PointSetRate[] {
    const policy = this.policy;
    return this.aggs.map((a) => {
      const r = pointRate(a);
      return { ...r, goalReached: typeof policy === 'number' ? null : goalMet(policy, r.starts, r.halfWidth) };
    });
  }

  /** The merged aggregate of point `i` so far (owned by the planner: read, don't keep). */
  aggregate(i: number): Aggregate {
    return this.aggs[i];
  }

  /** Point `i`'s summary: the same object a single run of that scenario over the same replications gives. */
  summary(i: number): SimulationResult {
    return (this.summaries[i] ??= summarize(this.aggs[i], this.points[i]));
  }

  /** Replications run so far, over all points. */
  get replicationsSpent(): number {
    return this.aggs.reduce((s, a) => s + a.counts.replications, 0);
  }
}

/** The most replications `policy` may run on one point. */
export function policyCap(policy: ReplicationPolicy): number {
  return typeof policy === 'number' ? policy : policy.maxReplications;
}
