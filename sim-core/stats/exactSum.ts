import { StatsError } from './errors';
import { Quantizer } from './quantize';
import { addExact, assertSafeInteger, bigRatio, mulExact } from './safeInt';

/** Plain-data form of a {@link FixedPointSum}; `sum` is in units of `resolution`. */
export interface FixedPointSumJSON {
  resolution: number;
  sum: number;
  count: number;
}

/**
 * Sum and mean of real values, each rounded to a fixed resolution and summed as integers, so merging partial
 * sums in any order gives exactly the same result (a float sum would not). Throws if the integer sum would
 * leave the safe-integer range (|sum| ≤ 2^53 − 1 units) instead of silently losing exactness.
 *
 * @example
 * const s = new FixedPointSum(1e-3);
 * s.add(0.1).add(0.2);
 * s.total()  // 0.3 (integer sum 300 / 1000; a float sum gives 0.30000000000000004)
 * s.mean()   // 0.15
 */
export class FixedPointSum {
  readonly resolution: number;
  private readonly quantizer: Quantizer;
  private units = 0;
  private n = 0;

  constructor(resolution: number) {
    this.quantizer = new Quantizer(resolution);
    this.resolution = resolution;
  }

  /** Integer sum, in units of the resolution. @example new FixedPointSum(1e-3).add(1.5).sum // 1500 */
  get sum(): number {
    return this.units;
  }

  /** Number of values added. @example new FixedPointSum(1).add(1).add(2).count // 2 */
  get count(): number {
    return this.n;
  }

  /** Adds one value, rounded to the resolution. @example new FixedPointSum(1).add(2.6).sum // 3 */
  add(x: number): this {
    const units = addExact(this.units, this.quantizer.toInt(x));
    this.n = addExact(this.n, 1);
    this.units = units;
    return this;
  }

  /** Adds `other` into this sum (`other` unchanged); resolutions must match. @example a.merge(b).sum // a.sum + b.sum */
  merge(other: FixedPointSum): this {
    if (other.resolution !== this.resolution) {
      throw new StatsError(`cannot merge FixedPointSums with different resolutions: ${this.resolution} vs ${other.resolution}`);
    }
    const units = addExact(this.units, other.units);
    this.n = addExact(this.n, other.n);
    this.units = units;
    return this;
  }

  /** The sum in real units. @example new FixedPointSum(0.5).add(1).add(2).total() // 3 */
  total(): number {
    return this.quantizer.toValue(this.units);
  }

  /** Mean in real units; NaN when empty. @example new FixedPointSum(1).add(1).add(2).mean() // 1.5 */
  mean(): number {
    return this.n === 0 ? Number.NaN : this.quantizer.toValue(this.units) / this.n;
  }

  /** @example new FixedPointSum(1e-3).add(0.25).toJSON() // { resolution: 0.001, sum: 250, count: 1 } */
  toJSON(): FixedPointSumJSON {
    return { resolution: this.resolution, sum: this.units, count: this.n };
  }

  /** Inverse of {@link FixedPointSum.toJSON}, with validation. @example FixedPointSum.fromJSON({ resolution: 1, sum: 6, count: 3 }).mean() // 2 */
  static fromJSON(data: FixedPointSumJSON): FixedPointSum {
    const s = new FixedPointSum(data.resolution);
    s.units = assertSafeInteger(data.sum, 'sum');
    if (assertSafeInteger(data.count, 'count') < 0) throw new StatsError(`count must be ≥ 0, got ${data.count}`);
    s.n = data.count;
    return s;
  }
}

/** Plain-data form of {@link IntMoments}. */
export interface IntMomentsJSON {
  n: number;
  sum: number;
  sumSq: number;
}

/**
 * Count, Σx and Σx² of integer observations (one per replication: starts, breaches, peak connections), all
 * exact integers, so merging is exact and order-independent. The variance is finished with BigInt
 * arithmetic, (n·Σx² − (Σx)²) / (n(n−1)), so the usual cancellation of the one-pass formula cannot occur.
 * Throws if Σx² would leave the safe-integer range (it caps |x| near 9.5e7 for a single value).
 *
 * @example
 * const m = IntMoments.of([2, 4, 4, 4, 5, 5, 7, 9]);
 * m.mean()     // 5
 * m.variance() // 4.571428571428571 (sample, = 32 / 7)
 */
export class IntMoments {
  private count = 0;
  private s1 = 0;
  private s2 = 0;

  /** Accumulator holding the integers `xs`. @example IntMoments.of([1, 2, 3]).sum // 6 */
  static of(xs: Iterable<number>): IntMoments {
    const m = new IntMoments();
    for (const x of xs) m.add(x);
    return m;
  }

  /** Number of observations. */
  get n(): number {
    return this.count;
  }

  /** Σx. @example IntMoments.of([1, 2, 3]).sum // 6 */
  get sum(): number {
    return this.s1;
  }

  /** Σx². @example IntMoments.of([1, 2, 3]).sumSq // 14 */
  get sumSq(): number {
    return this.s2;
  }

  /** Adds one integer observation. @example new IntMoments().add(3).sumSq // 9 */
  add(x: number): this {
    assertSafeInteger(x, 'IntMoments observation');
    // Compute every sum before assigning, so an overflow error leaves the accumulator unchanged.
    const s2 = addExact(this.s2, mulExact(x, x));
    const s1 = addExact(this.s1, x);
    this.count = addExact(this.count, 1);
    this.s1 = s1;
    this.s2 = s2;
    return this;
  }

  /** Adds `other` into this (`other` unchanged). @example IntMoments.of([1]).merge(IntMoments.of([3])).mean() // 2 */
  merge(other: IntMoments): this {
    const s1 = addExact(this.s1, other.s1);
    const s2 = addExact(this.s2, other.s2);
    this.count = addExact(this.count, other.count);
    this.s1 = s1;
    this.s2 = s2;
    return this;
  }

  /** Mean; NaN when empty. @example IntMoments.of([1, 2]).mean() // 1.5 */
  mean(): number {
    return this.count === 0 ? Number.NaN : this.s1 / this.count;
  }

  /** Sample variance (divisor n − 1); NaN when n < 2. @example IntMoments.of([1, 2, 3]).variance() // 1 */
  variance(): number {
    if (this.count < 2) return Number.NaN;
    const n = BigInt(this.count);
    const s1 = BigInt(this.s1);
    return bigRatio(n * BigInt(this.s2) - s1 * s1, n * (n - 1n));
  }

  /** Sample standard deviation. @example IntMoments.of([1, 2, 3]).sd() // 1 */
  sd(): number {
    return Math.sqrt(this.variance());
  }

  /** @example IntMoments.of([1, 2]).toJSON() // { n: 2, sum: 3, sumSq: 5 } */
  toJSON(): IntMomentsJSON {
    return { n: this.count, sum: this.s1, sumSq: this.s2 };
  }

  /** Inverse of {@link IntMoments.toJSON}, with validation. @example IntMoments.fromJSON({ n: 2, sum: 3, sumSq: 5 }).variance() // 0.5 */
  static fromJSON(data: IntMomentsJSON): IntMoments {
    const m = new IntMoments();
    if (assertSafeInteger(data.n, 'n') < 0) throw new StatsError(`n must be ≥ 0, got ${data.n}`);
    if (assertSafeInteger(data.sumSq, 'sumSq') < 0) throw new StatsError(`sumSq must be ≥ 0, got ${data.sumSq}`);
    m.count = data.n;
    m.s1 = assertSafeInteger(data.sum, 'sum');
    m.s2 = data.sumSq;
    return m;
  }
}
