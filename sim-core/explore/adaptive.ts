import { Aggregate, breachClusters, type AggregateJSON, type BreachCounts } from '../results/aggregate';
import { summarize, type SimulationResult } from '../results/summary';
import type { Scenario } from '../scenario/schema';
import { Z95, clusteredWilson95, effectiveTrials } from '../stats/wilson';
import type { Checked } from './grid';
import { replicationsProblem, withReplications } from './points';
import { DEFAULT_BLOCK_SIZE, unitsFor, type Planner, type WorkUnit } from './work';

/**
 * Adaptive replications: keep replicating until the breach rate's 95% interval is narrow enough, instead of
 * running a fixed count. Each round aims straight at the count the current estimate says is needed (with 10%
 * to spare), growing at least 25% and at most 4× per round, and never past the cap.
 *
 * Stopping when an interval is narrow enough is a sequential rule; for the precision targets it is meant for
 * (half-widths of a few tenths of a percent, hundreds of replications) its effect on coverage is negligible.
 */
export interface AdaptiveRule {
  /** Stop once the 95% interval lies within ± this of the estimate (`halfWidth` below; e.g. 0.005 for ±0.5 points). */
  halfWidth: number;
  /** Stop here even if the interval is still wider. */
  maxReplications: number;
  /** The first round (default min(200, maxReplications)). */
  initialReplications?: number;
}

/** Fixed count, or adaptive. */
export type ReplicationPolicy = number | AdaptiveRule;

/** What the rule reads: counts of a point so far (an aggregate's counts). */
export type RateCounts = BreachCounts;

/**
 * How far the breach rate's 95% interval (clusteredWilson95, as the summary reports it) reaches from the estimate,
 * on its longer side: the H of "rate ± H", which holds on both sides only so. (A Wilson interval below 50% is longer
 * above the estimate than below: half its width would understate the upper side.) 1 with no start.
 * @example halfWidth({ replications: 1, starts: 100, breaches: 5, breachesSquared: 25, breachesTimesStarts: 500, startsSquared: 10_000 })  // 0.0618 = 0.11175 − 0.05
 */
export function halfWidth(c: RateCounts): number {
  const ci = clusteredWilson95(breachClusters(c));
  const p = c.starts > 0 ? c.breaches / c.starts : 0;
  return Math.max(ci.hi - p, p - ci.lo);
}

/** Whether counts with this many starts and this half-width meet the rule's precision goal. */
export function goalMet(rule: AdaptiveRule, starts: number, hw: number): boolean {
  return starts > 0 && hw < rule.halfWidth;
}

export function checkRule(rule: AdaptiveRule): Checked<AdaptiveRule> {
  if (!(rule.halfWidth > 0 && rule.halfWidth < 0.5)) return { ok: false, message: `half-width ${rule.halfWidth}: expected a number above 0 and below 0.5` };
  const max = replicationsProblem('max replications', rule.maxReplications);
  if (max) return { ok: false, message: max };
  const init = rule.initialReplications === undefined ? null : replicationsProblem('initial replications', rule.initialReplications);
  if (init) return { ok: false, message: init };
  return { ok: true, value: rule };
}

/** The total replication count to reach next, or null when the rule is satisfied (or capped). */
export function nextTotal(rule: AdaptiveRule, c: RateCounts): number | null {
  const max = rule.maxReplications;
  if (c.replications === 0) return Math.min(max, rule.initialReplications ?? 200);
  if (c.replications >= max || goalMet(rule, c.starts, halfWidth(c))) return null;
  if (c.starts === 0) return Math.min(max, c.replications * 4);
  // Starts needed: Wald's n = z²·p(1−p)/h² at the Agresti–Coull estimate (never 0), times what the interval's
  // effective sample takes off so far (trials ÷ effectiveTrials, at least 1), and 3/h for the rule of three's
  // [0, 3/n] (its side above 0 is all of it). Replications needed = starts needed / starts per replication so far.
  // (Wilson's longer side is a little over Wald's h: the 10% to spare covers most of it.)
  const p = (c.breaches + 2) / (c.starts + 4);
  const clusters = breachClusters(c);
  const inflation = c.starts / effectiveTrials(clusters, 0.025);
  const starts = Math.max(((Z95 * Z95 * p * (1 - p)) / (rule.halfWidth * rule.halfWidth)) * inflation, 3 / rule.halfWidth);
  const wanted = Math.ceil(((starts * c.replications) / c.starts) * 1.1);
  const lo = Math.ceil(c.replications * 1.25);
  return Math.min(max, Math.max(lo, Math.min(wanted, c.replications * 4)));
}

export interface AdaptiveResult {
  replications: number;
  halfWidth: number;
  /** The half-width fell below the goal (false: stopped at maxReplications). */
  reached: boolean;
  rounds: number;
  summary: SimulationResult;
}

/** One scenario, replicated until `rule` is met. Replication indices 0, 1, … as in a fixed run of the same count. */
export class AdaptivePlanner implements Planner<AdaptiveResult> {
  readonly points: readonly Scenario[];
  private readonly agg: Aggregate;
  private scheduled = 0;
  private rounds = 0;
  private summary: SimulationResult | null = null;

  /** `scenario` must allow `rule.maxReplications` replications; use `adaptivePlanner` to get one that does. */
  constructor(
    scenario: Scenario,
    readonly rule: AdaptiveRule,
    readonly blockSize = DEFAULT_BLOCK_SIZE,
  ) {
    this.points = [scenario];
    this.agg = Aggregate.forScenario(scenario);
  }

  next(): WorkUnit[] | null {
    const target = nextTotal(this.rule, this.counts());
    if (target === null || target <= this.scheduled) return null;
    const units = unitsFor(0, this.scheduled, target, this.blockSize);
    this.scheduled = target;
    this.rounds++;
    return units;
  }

  report(unit: WorkUnit, aggregate: AggregateJSON): void {
    this.agg.merge(Aggregate.fromJSON(aggregate));
    this.summary = null;
  }

  /** Current at any time; the summary is recomputed only after new results. */
  result(): AdaptiveResult {
    const c = this.counts();
    const hw = halfWidth(c);
    this.summary ??= summarize(this.agg, this.points[0]);
    return { replications: c.replications, halfWidth: hw, reached: goalMet(this.rule, c.starts, hw), rounds: this.rounds, summary: this.summary };
  }

  private counts(): RateCounts {
    return this.agg.counts;
  }
}

/** An adaptive planner for `scenario`, or the problems with the rule or with the scenario at that cap. */
export function adaptivePlanner(scenario: Scenario, rule: AdaptiveRule, blockSize = DEFAULT_BLOCK_SIZE): Checked<AdaptivePlanner> {
  const r = checkRule(rule);
  if (!r.ok) return r;
  const s = withReplications(scenario, rule.maxReplications);
  if (!s.ok) return { ok: false, message: s.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
  return { ok: true, value: new AdaptivePlanner(s.scenario, rule, blockSize) };
}
