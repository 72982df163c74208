import { StatsError } from './errors';
import { addExact, assertSafeInteger } from './safeInt';

/** One bin of a {@link Histogram}: values in [lo, hi). */
export interface HistogramBin {
  lo: number;
  hi: number;
  count: number;
}

/** Plain-data form of a {@link Histogram}. */
export interface HistogramJSON {
  lo: number;
  hi: number;
  binCount: number;
  counts: number[];
  underflow: number;
  overflow: number;
}

/**
 * Fixed-bin histogram over [lo, hi) with `binCount` equal bins, plus underflow (x < lo) and overflow (x ≥ hi)
 * counts. Integer counts only, so merging is exact and order-independent.
 *
 * Bin i covers [edge(i), edge(i+1)) with edge(i) = lo + (hi − lo)·i/binCount, and a value is placed by those
 * same edges, so `bins()` never disagrees with `add` about a value lying on an edge.
 *
 * @example
 * const h = new Histogram(0, 10, 5);
 * [1, 3, 3, 9.99, 10, -1].forEach((x) => h.add(x));
 * h.bins()    // [{lo:0,hi:2,count:1}, {lo:2,hi:4,count:2}, {lo:4,hi:6,count:0}, {lo:6,hi:8,count:0}, {lo:8,hi:10,count:1}]
 * h.underflow // 1
 * h.overflow  // 1
 * h.count     // 6
 */
export class Histogram {
  readonly lo: number;
  readonly hi: number;
  readonly binCount: number;
  private readonly counts: number[];
  private under = 0;
  private over = 0;
  /** All values, including under/overflow; it bounds every count, so checking it alone keeps counts exact. */
  private total = 0;

  constructor(lo: number, hi: number, binCount: number) {
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
      throw new StatsError(`histogram range needs finite lo < hi, got [${lo}, ${hi})`);
    }
    if (!Number.isSafeInteger(binCount) || binCount < 1) throw new StatsError(`binCount must be a positive integer, got ${binCount}`);
    this.lo = lo;
    this.hi = hi;
    this.binCount = binCount;
    this.counts = new Array<number>(binCount).fill(0);
  }

  /** Values below lo. @example new Histogram(0, 1, 1).add(-5).underflow // 1 */
  get underflow(): number {
    return this.under;
  }

  /** Values at or above hi. @example new Histogram(0, 1, 1).add(1).overflow // 1 */
  get overflow(): number {
    return this.over;
  }

  /** All values added, including under- and overflow. @example new Histogram(0, 1, 2).add(0.2).add(7).count // 2 */
  get count(): number {
    return this.total;
  }

  /** Left edge of bin i (i = binCount gives hi). @example new Histogram(0, 10, 5).edge(2) // 4 */
  edge(i: number): number {
    return i === this.binCount ? this.hi : this.lo + ((this.hi - this.lo) * i) / this.binCount;
  }

  /** Counts one value (NaN is rejected; ±Infinity go to under/overflow). @example new Histogram(0, 10, 5).add(3).bins()[1].count // 1 */
  add(x: number): this {
    if (Number.isNaN(x)) throw new StatsError('histogram value must not be NaN');
    this.total = addExact(this.total, 1);
    if (x < this.lo) {
      this.under += 1;
    } else if (x >= this.hi) {
      this.over += 1;
    } else {
      let i = Math.min(this.binCount - 1, Math.floor(((x - this.lo) / (this.hi - this.lo)) * this.binCount));
      // The division can round across an edge by an ulp; settle on the edges bins() reports.
      if (i > 0 && x < this.edge(i)) i -= 1;
      else if (i < this.binCount - 1 && x >= this.edge(i + 1)) i += 1;
      this.counts[i] += 1;
    }
    return this;
  }

  /**
   * Adds `other`'s counts into this histogram (`other` unchanged); both must have the same lo, hi and binCount.
   *
   * @example a.merge(b).count // a.count + b.count
   */
  merge(other: Histogram): this {
    if (other.lo !== this.lo || other.hi !== this.hi || other.binCount !== this.binCount) {
      throw new StatsError(
        `cannot merge histograms with different bins: [${this.lo}, ${this.hi})×${this.binCount} vs [${other.lo}, ${other.hi})×${other.binCount}`,
      );
    }
    this.total = addExact(this.total, other.total);
    for (let i = 0; i < this.binCount; i++) this.counts[i] += other.counts[i];
    this.under += other.under;
    this.over += other.over;
    return this;
  }

  /** The bins with their edges and counts. @example new Histogram(0, 2, 2).add(1.5).bins() // [{lo:0,hi:1,count:0},{lo:1,hi:2,count:1}] */
  bins(): HistogramBin[] {
    return this.counts.map((count, i) => ({ lo: this.edge(i), hi: this.edge(i + 1), count }));
  }

  /** @example new Histogram(0, 2, 2).add(1.5).toJSON() // { lo: 0, hi: 2, binCount: 2, counts: [0, 1], underflow: 0, overflow: 0 } */
  toJSON(): HistogramJSON {
    return { lo: this.lo, hi: this.hi, binCount: this.binCount, counts: [...this.counts], underflow: this.under, overflow: this.over };
  }

  /** Inverse of {@link Histogram.toJSON}, with validation. @example Histogram.fromJSON(h.toJSON()).count === h.count // true */
  static fromJSON(data: HistogramJSON): Histogram {
    const h = new Histogram(data.lo, data.hi, data.binCount);
    if (data.counts.length !== data.binCount) {
      throw new StatsError(`counts has ${data.counts.length} entries, expected binCount ${data.binCount}`);
    }
    const check = (c: number, what: string): number => {
      if (assertSafeInteger(c, what) < 0) throw new StatsError(`${what} must be ≥ 0, got ${c}`);
      return c;
    };
    data.counts.forEach((c, i) => (h.counts[i] = check(c, `count of bin ${i}`)));
    h.under = check(data.underflow, 'underflow');
    h.over = check(data.overflow, 'overflow');
    h.total = addExact(h.under, h.over);
    for (const c of h.counts) h.total = addExact(h.total, c);
    return h;
  }
}
