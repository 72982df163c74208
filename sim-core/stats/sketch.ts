import { StatsError } from './errors';
import { addExact, assertSafeInteger } from './safeInt';
import { exp, log, log1p } from '../math/portable';

/** Parameters of a {@link QuantileSketch}; two sketches merge only if these are identical. */
export interface SketchOptions {
  /** Relative accuracy α of reported quantiles, in (0, 1). Default 0.01 (1%). */
  relativeAccuracy?: number;
  /** Values below this (and ≥ 0) go to the zero bucket and are reported as 0. Default 1e-3. */
  minValue?: number;
}

/** Plain-data form of a {@link QuantileSketch}. `buckets` are [key, count] pairs sorted by key. */
export interface SketchJSON {
  relativeAccuracy: number;
  minValue: number;
  count: number;
  zeroCount: number;
  /** Smallest and largest value added; null when empty. Exact, and min/max are order-independent. */
  min: number | null;
  max: number | null;
  buckets: Array<[key: number, count: number]>;
}

/**
 * Mergeable quantile sketch with relative accuracy α, after DDSketch (Masson, Rim & Lee, VLDB 2019).
 *
 * A value x ≥ minValue goes to bucket k = ⌈log_γ x⌉ with γ = (1+α)/(1−α), i.e. x ∈ (γ^(k−1), γ^k]; the
 * bucket reports 2γ^k/(γ+1), within α·x of every value in it. Values in [0, minValue) go to a zero bucket
 * (reported as 0, clamped up to the exact min). Negative values are rejected: these are latencies and durations.
 *
 * Only integer counts, plus the exact min and max, are stored, so merging (adding counts) gives byte-identical
 * `toJSON()` output for any grouping and order. (The bucket of a value is computed with log; engines that
 * round log differently could place a value lying within an ulp of a bucket boundary differently. V8 and
 * SpiderMonkey both use fdlibm's log, so in practice they agree.)
 *
 * @example
 * const s = new QuantileSketch();
 * for (let i = 1; i <= 100; i++) s.add(i);
 * s.quantile(0.5)  // 49.90… (rank ⌊0.5·99⌋ = 49 → value 50; within 1%)
 * s.quantile(1)    // 100 (clamped to the exact max)
 * s.count          // 100
 */
export class QuantileSketch {
  readonly relativeAccuracy: number;
  readonly minValue: number;
  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly buckets = new Map<number, number>();
  private zeroCount = 0;
  private total = 0;
  private lo = Infinity;
  private hi = -Infinity;

  constructor(options: SketchOptions = {}) {
    const alpha = options.relativeAccuracy ?? 0.01;
    const minValue = options.minValue ?? 1e-3;
    if (!(alpha > 0 && alpha < 1)) throw new StatsError(`relativeAccuracy must be in (0, 1), got ${alpha}`);
    if (!(minValue > 0) || !Number.isFinite(minValue)) throw new StatsError(`minValue must be a positive finite number, got ${minValue}`);
    this.relativeAccuracy = alpha;
    this.minValue = minValue;
    this.gamma = (1 + alpha) / (1 - alpha);
    // log1p keeps precision for small α, where γ is close to 1.
    this.logGamma = log1p((2 * alpha) / (1 - alpha));
  }

  /** Number of values added. @example new QuantileSketch().add(5).count // 1 */
  get count(): number {
    return this.total;
  }

  /** Smallest value added (exact), or NaN when empty. @example new QuantileSketch().add(2).add(7).min // 2 */
  get min(): number {
    return this.total === 0 ? Number.NaN : this.lo;
  }

  /** Largest value added (exact), or NaN when empty. @example new QuantileSketch().add(2).add(7).max // 7 */
  get max(): number {
    return this.total === 0 ? Number.NaN : this.hi;
  }

  /** Adds one value (finite, ≥ 0). @example new QuantileSketch().add(1.5).quantile(0.5) // 1.5 (clamped to min/max) */
  add(x: number): this {
    if (!(x >= 0) || !Number.isFinite(x)) throw new StatsError(`sketch values must be finite and ≥ 0, got ${x}`);
    // The total bounds every bucket count, so checking it first keeps the bucket additions exact.
    this.total = addExact(this.total, 1);
    if (x < this.minValue) {
      this.zeroCount += 1;
    } else {
      const k = Math.ceil(log(x) / this.logGamma);
      this.buckets.set(k, (this.buckets.get(k) ?? 0) + 1);
    }
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    return this;
  }

  /**
   * Adds `other`'s counts into this sketch (`other` is unchanged). Throws unless both have identical
   * parameters: buckets of different widths cannot be added.
   *
   * @example a.merge(b).count // a.count + b.count
   */
  merge(other: QuantileSketch): this {
    if (other.relativeAccuracy !== this.relativeAccuracy || other.minValue !== this.minValue) {
      throw new StatsError(
        `cannot merge sketches with different parameters: (α=${this.relativeAccuracy}, min=${this.minValue}) vs (α=${other.relativeAccuracy}, min=${other.minValue})`,
      );
    }
    this.total = addExact(this.total, other.total); // bounds every bucket count: the additions below are exact
    for (const [k, c] of other.buckets) this.buckets.set(k, (this.buckets.get(k) ?? 0) + c);
    this.zeroCount += other.zeroCount;
    if (other.lo < this.lo) this.lo = other.lo;
    if (other.hi > this.hi) this.hi = other.hi;
    return this;
  }

  /**
   * The q-quantile, 0 ≤ q ≤ 1: an estimate of the value of rank ⌊q·(n−1)⌋ (0-based) in sorted order, within
   * relative accuracy α (or 0 if that value is below minValue), clamped to the exact [min, max] (which can
   * only bring it closer). Ranks 0 and n−1 return the exact min and max. NaN when empty.
   *
   * @example sketch of [1, 2, 3, 4, 1000]: quantile(0.5) // 2.974… (true 3; within 1%)
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new StatsError(`quantile q must be in [0, 1], got ${q}`);
    return this.total === 0 ? Number.NaN : this.valueAtRank(Math.floor(q * (this.total - 1)));
  }

  /**
   * Several quantiles at once, `qs` ascending: `qs.map((q) => this.quantile(q))` in one pass over the sorted buckets
   * (quantile sorts them on every call), by the same walk (valuesAtRanks), so the same numbers. NaNs when empty.
   *
   * @example sketch of [1, 2, 3, 4, 1000]: quantiles([0, 0.5, 1]) // [1, 2.974…, 1000]
   */
  quantiles(qs: readonly number[]): number[] {
    let previous = 0;
    for (const q of qs) {
      if (!(q >= 0 && q <= 1) || q < previous) throw new StatsError(`quantiles need ascending q in [0, 1], got ${q} after ${previous}`);
      previous = q;
    }
    if (this.total === 0) return qs.map(() => Number.NaN);
    return this.valuesAtRanks(qs.map((q) => Math.floor(q * (this.total - 1))));
  }

  /**
   * An estimate of the value of 0-based `rank` in sorted order (0 ≤ rank < count), within relative accuracy α,
   * clamped to the exact [min, max]; ranks 0 and count − 1 are the exact min and max. For a quantile of a larger
   * population whose other members all lie above these values (e.g. censored at a horizon).
   *
   * @example sketch of [1, 2, 3, 4, 1000]: valueAtRank(4) // 1000
   */
  valueAtRank(rank: number): number {
    if (!(Number.isInteger(rank) && rank >= 0 && rank < this.total)) throw new StatsError(`rank must be an integer in [0, ${this.total}), got ${rank}`);
    return this.valuesAtRanks([rank])[0];
  }

  /** The values of valid 0-based `ranks`, ascending, in one walk over the sorted buckets (see valueAtRank). */
  private valuesAtRanks(ranks: readonly number[]): number[] {
    const keys = this.sortedKeys();
    let b = 0;
    let seen = this.zeroCount; // values below bucket keys[b]
    return ranks.map((rank) => {
      // The extremes are known exactly.
      if (rank === 0) return this.lo;
      if (rank === this.total - 1) return this.hi;
      if (rank < this.zeroCount) return this.lo; // the zero bucket's 0, clamped up to the exact min
      while (b < keys.length && rank >= seen + (this.buckets.get(keys[b]) ?? 0)) seen += this.buckets.get(keys[b++]) ?? 0;
      return b < keys.length ? Math.min(this.hi, Math.max(this.lo, this.bucketValue(keys[b]))) : this.hi; // past the end: unreachable when counts are consistent
    });
  }

  /**
   * @example sketch.toJSON() // { relativeAccuracy: 0.01, minValue: 0.001, count: 3, zeroCount: 0, min: 1, max: 3,
   *                          //   buckets: [[0, 1], [35, 1], [55, 1]] }
   */
  toJSON(): SketchJSON {
    return {
      relativeAccuracy: this.relativeAccuracy,
      minValue: this.minValue,
      count: this.total,
      zeroCount: this.zeroCount,
      min: this.total === 0 ? null : this.lo,
      max: this.total === 0 ? null : this.hi,
      buckets: this.sortedKeys().map((k) => [k, this.buckets.get(k) ?? 0]),
    };
  }

  /**
   * Rebuilds a sketch from {@link QuantileSketch.toJSON} output, checking it is consistent (it may have crossed
   * a worker boundary or come from a file).
   *
   * @example QuantileSketch.fromJSON(s.toJSON()).quantile(0.9) === s.quantile(0.9) // true
   */
  static fromJSON(data: SketchJSON): QuantileSketch {
    const s = new QuantileSketch({ relativeAccuracy: data.relativeAccuracy, minValue: data.minValue });
    let sum = assertSafeInteger(data.zeroCount, 'zeroCount');
    if (sum < 0) throw new StatsError(`zeroCount must be ≥ 0, got ${sum}`);
    s.zeroCount = sum;
    for (const [k, c] of data.buckets) {
      assertSafeInteger(k, 'bucket key');
      if (assertSafeInteger(c, `count of bucket ${k}`) <= 0) throw new StatsError(`count of bucket ${k} must be > 0, got ${c}`);
      if (s.buckets.has(k)) throw new StatsError(`bucket ${k} appears twice`);
      s.buckets.set(k, c);
      sum = addExact(sum, c);
    }
    if (sum !== data.count) throw new StatsError(`count ${data.count} does not equal the sum of bucket counts ${sum}`);
    s.total = sum;
    if (sum > 0) {
      if (data.min === null || data.max === null || !(data.min >= 0 && data.min <= data.max) || !Number.isFinite(data.max)) {
        throw new StatsError(`min/max must satisfy 0 ≤ min ≤ max < ∞ for a non-empty sketch, got ${data.min}/${data.max}`);
      }
      s.lo = data.min;
      s.hi = data.max;
    }
    return s;
  }

  private bucketValue(k: number): number {
    return (2 * exp(k * this.logGamma)) / (1 + this.gamma);
  }

  private sortedKeys(): number[] {
    return [...this.buckets.keys()].sort((a, b) => a - b);
  }
}
