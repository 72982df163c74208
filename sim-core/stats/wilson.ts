import { StatsError } from './errors';

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
  const z2 = Z95 * Z95;
  const p = successes / n;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At p = 1 the upper end is exactly 1 in exact arithmetic; floating point can land a hair below.
  const hi = successes === n ? 1 : Math.min(1, centre + half);
  return { lo: Math.max(0, centre - half), hi, method: 'wilson' };
}
