import { StatsError } from './errors';

/** Plain-data form of a {@link Welford} accumulator. */
export interface WelfordJSON {
  n: number;
  mean: number;
  m2: number;
}

/**
 * Streaming mean and variance (Welford 1962), with `merge` by Chan, Golub & LeVeque (1979).
 *
 * Floating-point: numerically stable, but a merged result equals a one-pass result only to rounding, and
 * differs between merge orders. Use it within one replication and in tests; across replications use the
 * integer accumulators in exactSum.ts, whose merges are exact.
 *
 * @example
 * const w = Welford.of([2, 4, 4, 4, 5, 5, 7, 9]);
 * w.mean                 // 5
 * w.populationVariance() // 4
 * w.variance()           // 4.571428571428571 (= 32 / 7)
 */
export class Welford {
  private count = 0;
  private mu = 0;
  /** Sum of squared deviations from the running mean. */
  private sumSqDev = 0;

  /** Number of observations. */
  get n(): number {
    return this.count;
  }

  /** Mean of the observations (0 when there are none). */
  get mean(): number {
    return this.mu;
  }

  /** Sum of squared deviations from the mean. */
  get m2(): number {
    return this.sumSqDev;
  }

  /** An accumulator holding `xs`. @example Welford.of([1, 3]).mean // 2 */
  static of(xs: Iterable<number>): Welford {
    const w = new Welford();
    for (const x of xs) w.add(x);
    return w;
  }

  /** Adds one observation. @example new Welford().add(3).mean // 3 */
  add(x: number): this {
    if (!Number.isFinite(x)) throw new StatsError(`value must be finite, got ${x}`);
    this.count += 1;
    const delta = x - this.mu;
    this.mu += delta / this.count;
    this.sumSqDev += delta * (x - this.mu);
    return this;
  }

  /**
   * Folds `other` into this accumulator (Chan et al.); `other` is unchanged.
   *
   * @example Welford.of([1, 2]).merge(Welford.of([3, 4])).mean // 2.5
   */
  merge(other: Welford): this {
    if (other.n === 0) return this;
    if (this.count === 0) {
      this.count = other.n;
      this.mu = other.mean;
      this.sumSqDev = other.m2;
      return this;
    }
    const n = this.count + other.n;
    const delta = other.mean - this.mu;
    this.mu += (delta * other.n) / n;
    this.sumSqDev += other.m2 + (delta * delta * this.count * other.n) / n;
    this.count = n;
    return this;
  }

  /** Sample variance (divisor n − 1); NaN when n < 2. @example Welford.of([1, 2, 3]).variance() // 1 */
  variance(): number {
    return this.count < 2 ? Number.NaN : this.sumSqDev / (this.count - 1);
  }

  /** Population variance (divisor n); NaN when n = 0. @example Welford.of([1, 2, 3]).populationVariance() // 0.6666666666666666 */
  populationVariance(): number {
    return this.count === 0 ? Number.NaN : this.sumSqDev / this.count;
  }

  /** Sample standard deviation. @example Welford.of([1, 2, 3]).sd() // 1 */
  sd(): number {
    return Math.sqrt(this.variance());
  }

  /** @example Welford.of([1, 3]).toJSON() // { n: 2, mean: 2, m2: 2 } */
  toJSON(): WelfordJSON {
    return { n: this.count, mean: this.mu, m2: this.sumSqDev };
  }

  /** Inverse of {@link Welford.toJSON}. @example Welford.fromJSON({ n: 2, mean: 2, m2: 2 }).variance() // 2 */
  static fromJSON(data: WelfordJSON): Welford {
    if (!Number.isSafeInteger(data.n) || data.n < 0) throw new StatsError(`n must be a non-negative integer, got ${data.n}`);
    if (!Number.isFinite(data.mean)) throw new StatsError(`mean must be finite, got ${data.mean}`);
    if (!(data.m2 >= 0) || !Number.isFinite(data.m2)) throw new StatsError(`m2 must be finite and ≥ 0, got ${data.m2}`);
    const w = new Welford();
    w.count = data.n;
    w.mu = data.mean;
    w.sumSqDev = data.m2;
    return w;
  }
}
