import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ValueCounts, type ValueCountsJSON } from '../../sim-core/stats/valueCounts';
import { StatsError } from '../../sim-core/stats/errors';
import { assertMergeIsExact } from './mergePlan';

const countsOf = (xs: readonly number[], resolution = 1): ValueCounts => {
  const v = new ValueCounts(resolution);
  for (const x of xs) v.add(x);
  return v;
};

/** Hyndman & Fan type 7 on a plain sorted array, as the reference (NumPy's default `np.quantile`). */
function type7(sorted: readonly number[], q: number): number {
  const h = q * (sorted.length - 1);
  const i = Math.floor(h);
  return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

describe('ValueCounts', () => {
  it('doc example [3, 1, 4, 1, 5] (by hand; np.quantile gives 3 and 4.6)', () => {
    const v = countsOf([3, 1, 4, 1, 5]);
    expect(v.count).toBe(5);
    expect(v.sum).toBe(14);
    expect(v.mean()).toBe(2.8);
    expect(v.quantile(0.5)).toBe(3);
    expect(v.quantile(0.9)).toBeCloseTo(4.6, 14);
    expect(v.quantile(0.1)).toBe(1);
    expect(v.quantiles([0, 1])).toEqual([1, 5]);
    expect([v.min(), v.max()]).toEqual([1, 5]);
  });

  it('quantizes to the resolution and keeps an exact integer sum (0.25 + 0.5 → 750 thousandths)', () => {
    const v = countsOf([0.25, 0.5, 0.1004], 1e-3);
    expect(v.toJSON()).toEqual({ resolution: 0.001, counts: [[100, 1], [250, 1], [500, 1]] });
    expect(v.sum).toBe(850);
    expect(v.mean()).toBeCloseTo(0.85 / 3, 15);
    expect(v.quantile(0.5)).toBe(0.25);
  });

  it('quantiles equal type-7 interpolation of the expanded sorted values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const ref = type7([...xs].sort((a, b) => a - b), q);
        return Math.abs(countsOf(xs).quantile(q) - ref) <= 1e-9;
      }),
    );
  });

  it('merge of parts equals the whole: byte-identical JSON for random partitions and orders', () => {
    assertMergeIsExact(fc.integer({ min: -20, max: 40 }), (xs) => countsOf(xs));
    assertMergeIsExact(fc.double({ min: 0, max: 1, noNaN: true }), (xs) => countsOf(xs, 1e-3));
  });

  it('a merged sum that would leave the safe-integer range throws and leaves the receiver unchanged', () => {
    const big = countsOf([2 ** 52]);
    const before = JSON.stringify(big);
    expect(() => big.merge(countsOf([2 ** 52]))).toThrow(/safe-integer range/);
    expect(JSON.stringify(big)).toBe(before);
    expect(big.sum).toBe(2 ** 52);
  });

  it('empty: NaN statistics', () => {
    const v = new ValueCounts(1);
    expect(v.mean()).toBeNaN();
    expect(v.quantile(0.5)).toBeNaN();
    expect(v.min()).toBeNaN();
    expect(v.max()).toBeNaN();
  });

  it('JSON round trip and validation', () => {
    const v = countsOf([2, -1, 2]);
    const json: ValueCountsJSON = JSON.parse(JSON.stringify(v));
    expect(json).toEqual({ resolution: 1, counts: [[-1, 1], [2, 2]] });
    expect(JSON.stringify(ValueCounts.fromJSON(json))).toBe(JSON.stringify(v));
    expect(ValueCounts.fromJSON(json).sum).toBe(3);
    expect(() => ValueCounts.fromJSON({ resolution: 1, counts: [[1, 1], [1, 2]] })).toThrow(/twice/);
    expect(() => ValueCounts.fromJSON({ resolution: 1, counts: [[1, 0]] })).toThrow(/must be > 0/);
    expect(() => ValueCounts.fromJSON({ resolution: 0, counts: [] })).toThrow(StatsError);
  });

  it('merging requires the same resolution; q outside [0, 1] is rejected', () => {
    expect(() => new ValueCounts(1).merge(new ValueCounts(0.5))).toThrow(/different resolutions/);
    expect(() => new ValueCounts(1).quantile(-0.1)).toThrow('quantile q must be in [0, 1], got -0.1');
  });
});
