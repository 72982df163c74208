import { StatsError } from './errors';
import { bigRatio } from './safeInt';
import { ratioSpread } from './pairedDifference';
import { studentTQuantile } from './studentT';
import { normalQuantile } from './normal';
import { log } from '../math/portable';

/** Two-sided 95% standard-normal quantile, Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

/** A 95% interval for a binomial proportion, saying which rule produced it. */
export interface ProportionInterval {
  lo: number;
  hi: number;
  /**
   * - `'wilson'`: Wilson score interval (Wilson 1927).
   * - `'rule-of-three'`: 0 successes in n > 0 trials → [0, min(1, 3/n)] (Hanley & Lippman-Hand 1983), the
   *   usual statement for "no breaches seen", and what a reader expects from it.
   * - `'none'`: n = 0, nothing observed → [0, 1].
   */
  method: 'wilson' | 'rule-of-three' | 'none';
}

/**
 * 95% interval for a proportion `successes / n`.
 *
 * With some successes it is the Wilson score interval (good coverage even for small n or p near 0/1, unlike
 * the Wald interval). With none, it is the rule of three. When every trial succeeds the Wilson interval is
 * used (its upper end is then 1).
 *
 * @example wilson95(5, 100)  // { lo: 0.02154…, hi: 0.11175…, method: 'wilson' }
 * @example wilson95(0, 200)  // { lo: 0, hi: 0.015, method: 'rule-of-three' }
 * @example wilson95(0, 2)    // { lo: 0, hi: 1, method: 'rule-of-three' }  (3/n capped at 1)
 * @example wilson95(0, 0)    // { lo: 0, hi: 1, method: 'none' }
 */
export function wilson95(successes: number, n: number): ProportionInterval {
  if (!Number.isSafeInteger(n) || n < 0) throw new StatsError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isSafeInteger(successes) || successes < 0 || successes > n) {
    throw new StatsError(`successes must be an integer in [0, n=${n}], got ${successes}`);
  }
  if (n === 0) return { lo: 0, hi: 1, method: 'none' };
  if (successes === 0) return { lo: 0, hi: Math.min(1, 3 / n), method: 'rule-of-three' };
  return wilsonScore(successes / n, n, successes === n, Z95);
}

/** The Wilson score interval at estimate p on a sample of size n (not necessarily a whole number), z for its level. */
function wilsonScore(p: number, n: number, all: boolean, z: number): ProportionInterval {
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At p = 1 the upper end is exactly 1 in exact arithmetic; floating point can land a hair below.
  const hi = all ? 1 : Math.min(1, centre + half);
  return { lo: Math.max(0, centre - half), hi, method: 'wilson' };
}

/**
 * Sums over replications of a rate's per-replication events a and trials n (breaches and starts): the pooled
 * counts, and the squares and cross products the between-replication variance needs. Integers, so they merge exactly.
 */
export interface ClusteredCounts {
  replications: number;
  events: number;
  trials: number;
  /** Σ a², Σ a·n, Σ n² over replications. */
  eventsSquared: number;
  eventsTimesTrials: number;
  trialsSquared: number;
}

/**
 * 95% interval for a pooled rate Σa/Σn whose trials come in clusters: the starts of one replication share its
 * storm (and a breach makes a restart, another start), so they are not independent, and a binomial interval on
 * Σn starts can be too narrow. Replications are independent, so the rate's variance is estimated between them
 * (delta method for a ratio estimator, as pairedRateDifference does) and enters as a design effect
 * deff = that variance ÷ the binomial one. After Korn & Graubard (1998) for proportions from clustered samples, with
 * two changes: Wilson's score interval in place of Clopper–Pearson, and the t factor (for the few replications the
 * variance came from) applied to that estimate only, not to the binomial floor, which needs no estimate. So Wilson
 * on the effective sample n* = Σn / max(1, deff · (t(m − 1) / z)²) (effectiveTrials). The floor keeps it never
 * narrower than the binomial interval: replications often disagree less than independent starts would (the
 * incident's deff is ~0.2), but trusting a deff below 1 undercovers when replications are few (0.915 over 400 runs
 * of 10 replications of a tight fleet, in the check that chose this rule). No event: the rule of three on Σn. One
 * replication: the binomial interval.
 *
 * Returns the design effect estimated (null when there is nothing to estimate it from) beside the interval.
 * @example
 * // 10 replications of 10 starts: 5 all breached, 5 none. 50/100, but really 10 observations of a storm or not.
 * clusteredWilson95({ replications: 10, events: 50, trials: 100, eventsSquared: 500, eventsTimesTrials: 500, trialsSquared: 1000 })
 * // { lo: 0.199, hi: 0.801, method: 'wilson', designEffect: 11.1 }  (wilson95(50, 100) would say [0.404, 0.596])
 */
export function clusteredWilson95(c: ClusteredCounts): ProportionInterval & { designEffect: number | null } {
  const r = clusteredWilson(c, 0.025);
  // No event: the rule of three (3/n, a one-sided 95% bound), as reports state "none seen".
  return r.method === 'rule-of-three' ? { ...wilson95(c.events, c.trials), designEffect: null } : r;
}

/** The rate's design effect (between-replication variance ÷ binomial variance), or null with nothing to estimate it from. */
export function designEffect(c: ClusteredCounts): number | null {
  const { replications: m, events: a, trials: n } = c;
  if (m < 2 || a === 0 || a === n) return null;
  const [bm, bA, bN] = [BigInt(m), BigInt(a), BigInt(n)];
  const spread = ratioSpread(bA, bN, BigInt(c.eventsSquared), BigInt(c.eventsTimesTrials), BigInt(c.trialsSquared));
  // Var(R) = m·spread / ((m − 1)·N⁴); the binomial variance is A(N − A)/N³.
  return bigRatio(bm * spread, (bm - 1n) * bN * bA * (bN - bA));
}

/** The sample size the clustered interval treats the trials as: Σn / max(1, deff · (t(m − 1) / z)²); Σn without a deff. */
export function effectiveTrials(c: ClusteredCounts, tail: number): number {
  const deff = designEffect(c);
  if (deff === null) return c.trials;
  const ratio = studentTQuantile(1 - tail, c.replications - 1) / zOf(tail);
  return c.trials / Math.max(1, deff * ratio * ratio); // a product, not ** 2: IEEE's, not the engine's
}

const zOf = (tail: number) => (tail === 0.025 ? Z95 : -normalQuantile(tail));

/**
 * clusteredWilson95 at another level: each end errs with probability `tail` (0.025 for a 95% interval; solve's
 * repeated looks use less). With no event the upper end is the exact one-sided bound at that error, −ln(tail)/n
 * (the rule of three, 3/n ≈ −ln 0.05/n, errs twice as often: clusteredWilson95 keeps it for reports).
 */
export function clusteredWilson(c: ClusteredCounts, tail: number): ProportionInterval & { designEffect: number | null } {
  if (!(tail > 0 && tail < 0.5)) throw new StatsError(`tail must be in (0, 0.5), got ${tail}`);
  const { events: a, trials: n } = c;
  const plain = wilson95(a, n); // checks the counts
  if (plain.method === 'none') return { ...plain, designEffect: null };
  if (plain.method === 'rule-of-three') return { ...plain, hi: Math.min(1, -log(tail) / n), designEffect: null };
  return { ...wilsonScore(a / n, effectiveTrials(c, tail), a === n, zOf(tail)), designEffect: designEffect(c) };
}
