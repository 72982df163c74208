import { StatsError } from './errors';
import { Quantizer } from './quantize';
import { addExact, assertSafeInteger, mulExact } from './safeInt';

/** Plain-data form of {@link ValueCounts}: [quantized value, count] pairs sorted by value. */
export interface ValueCountsJSON {
  resolution: number;
  counts: Array<[key: number, count: number]>;
}

/**
 * Exact distribution of values quantized to a fixed resolution: quantized integer k = round(x / resolution)
 * → how many times it occurred. One per grid point of a time series, each replication adding its value
 * there; merging adds counts, so the result (and its JSON) does not depend on which worker ran what.
 *
 * Values are rounded to the resolution on entry (1 for counts of things, 1e-3 for a utilisation); that
 * rounding is the only approximation.
 *
 * @example
 * const v = new ValueCounts(1);
 * [3, 1, 4, 1, 5].forEach((x) => v.add(x));
 * v.count          // 5
 * v.sum            // 14 (in units of the resolution)
 * v.mean()         // 2.8
 * v.quantile(0.5)  // 3
 * v.quantile(0.9)  // 4.6 (linear interpolation between 4 and 5)
 */
export class ValueCounts {
  readonly resolution: number;
  private readonly quantizer: Quantizer;
  private readonly counts = new Map<number, number>();
  private n = 0;
  private total = 0;

  constructor(resolution: number) {
    this.quantizer = new Quantizer(resolution);
    this.resolution = resolution;
  }

  /** Number of values added. @example new ValueCounts(1).add(2).add(2).count // 2 */
  get count(): number {
    return this.n;
  }

  /**
   * Exact integer sum of the quantized values, in units of the resolution.
   *
   * @example new ValueCounts(1e-3).add(0.25).add(0.5).sum // 750
   */
  get sum(): number {
    return this.total;
  }

  /** Adds one value (rounded to the resolution). @example new ValueCounts(0.5).add(1.3).toJSON().counts // [[3, 1]] */
  add(x: number): this {
    return this.addKey(this.quantizer.toInt(x), 1);
  }

  /**
   * Adds `other`'s counts into this one (`other` unchanged); resolutions must be identical.
   *
   * @example new ValueCounts(1).add(1).merge(new ValueCounts(1).add(3)).mean() // 2
   */
  merge(other: ValueCounts): this {
    if (other.resolution !== this.resolution) {
      throw new StatsError(`cannot merge ValueCounts with different resolutions: ${this.resolution} vs ${other.resolution}`);
    }
    // Totals first: they bound every count, and adding mixed-sign terms one by one could overflow transiently.
    const total = addExact(this.total, other.total);
    const n = addExact(this.n, other.n);
    for (const [k, c] of other.counts) this.counts.set(k, (this.counts.get(k) ?? 0) + c);
    this.total = total;
    this.n = n;
    return this;
  }

  /** Mean of the (quantized) values; NaN when empty. @example new ValueCounts(1e-3).add(0.25).add(0.5).mean() // 0.375 */
  mean(): number {
    return this.n === 0 ? Number.NaN : this.quantizer.toValue(this.total) / this.n;
  }

  /** Smallest value; NaN when empty. @example new ValueCounts(1).add(4).add(2).min() // 2 */
  min(): number {
    return this.n === 0 ? Number.NaN : this.quantizer.toValue(this.sortedKeys()[0]);
  }

  /** Largest value; NaN when empty. @example new ValueCounts(1).add(4).add(2).max() // 4 */
  max(): number {
    const keys = this.sortedKeys();
    return this.n === 0 ? Number.NaN : this.quantizer.toValue(keys[keys.length - 1]);
  }

  /**
   * The q-quantile by linear interpolation between order statistics (Hyndman & Fan type 7, the default of R
   * and NumPy): with sorted values v₀…v_{n−1} and h = q·(n−1), it is v_⌊h⌋ + (h − ⌊h⌋)·(v_⌊h⌋+1 − v_⌊h⌋).
   * Interpolation keeps p10/p90 bands smooth as replications accrue and is continuous in q, so rounding in
   * q·(n−1) cannot jump a whole value. NaN when empty.
   *
   * @example values [1, 1, 3, 4, 5]: quantile(0.5) // 3, quantile(0.1) // 1, quantile(0.9) // 4.6
   */
  quantile(q: number): number {
    return this.quantiles([q])[0];
  }

  /**
   * Several quantiles in one pass over the sorted values.
   *
   * @example values [1, 1, 3, 4, 5]: quantiles([0.1, 0.5, 0.9]) // [1, 3, 4.6]
   */
  quantiles(qs: readonly number[]): number[] {
    for (const q of qs) if (!(q >= 0 && q <= 1)) throw new StatsError(`quantile q must be in [0, 1], got ${q}`);
    if (this.n === 0) return qs.map(() => Number.NaN);
    const keys = this.sortedKeys();
    const cumulative: number[] = [];
    let c = 0;
    for (const k of keys) cumulative.push((c += this.counts.get(k) ?? 0));
    // Value at 0-based sorted position i: the first key whose cumulative count exceeds i.
    const at = (i: number): number => {
      let a = 0;
      let b = keys.length - 1;
      while (a < b) {
        const m = (a + b) >> 1;
        if (cumulative[m] > i) b = m;
        else a = m + 1;
      }
      return this.quantizer.toValue(keys[a]);
    };
    return qs.map((q) => {
      const h = q * (this.n - 1);
      const i = Math.floor(h);
      const frac = h - i;
      const lo = at(i);
      return frac === 0 ? lo : lo + frac * (at(i + 1) - lo);
    });
  }

  /** @example new ValueCounts(1).add(2).add(-1).add(2).toJSON() // { resolution: 1, counts: [[-1, 1], [2, 2]] } */
  toJSON(): ValueCountsJSON {
    return { resolution: this.resolution, counts: this.sortedKeys().map((k) => [k, this.counts.get(k) ?? 0]) };
  }

  /** Inverse of {@link ValueCounts.toJSON}, with validation. @example ValueCounts.fromJSON(v.toJSON()).sum === v.sum // true */
  static fromJSON(data: ValueCountsJSON): ValueCounts {
    const v = new ValueCounts(data.resolution);
    for (const [k, c] of data.counts) {
      assertSafeInteger(k, 'value key');
      if (assertSafeInteger(c, `count of value ${k}`) <= 0) throw new StatsError(`count of value ${k} must be > 0, got ${c}`);
      if (v.counts.has(k)) throw new StatsError(`value key ${k} appears twice`);
      v.addKey(k, c);
    }
    return v;
  }

  /** Adds c occurrences of key k; checks the totals before changing anything, so a throw leaves this intact. */
  private addKey(k: number, c: number): this {
    const total = addExact(this.total, mulExact(k, c));
    const n = addExact(this.n, c);
    this.counts.set(k, (this.counts.get(k) ?? 0) + c); // ≤ n, so exact
    this.total = total;
    this.n = n;
    return this;
  }

  private sortedKeys(): number[] {
    return [...this.counts.keys()].sort((a, b) => a - b);
  }
}
