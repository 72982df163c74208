import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QuantileSketch, type SketchJSON } from '../../sim-core/stats/sketch';
import { StatsError } from '../../sim-core/stats/errors';
import { stream } from '../../sim-core/random/streams';
import { standardNormal } from '../../sim-core/random/distributions';
import { assertMergeIsExact } from './mergePlan';

const sketchOf = (xs: readonly number[], opts?: ConstructorParameters<typeof QuantileSketch>[0]): QuantileSketch => {
  const s = new QuantileSketch(opts);
  for (const x of xs) s.add(x);
  return s;
};

/** The value the sketch estimates: rank ⌊q·(n−1)⌋ of the sorted sample (0-based). */
const lowerRank = (sorted: readonly number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))];

const QS = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

describe('QuantileSketch', () => {
  it('doc example: 1..100', () => {
    const s = sketchOf(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s.count).toBe(100);
    expect(s.quantile(0)).toBe(1); // clamped to the exact min
    expect(s.quantile(1)).toBe(100); // clamped to the exact max
    expect(Math.abs(s.quantile(0.5) - 50) / 50).toBeLessThanOrEqual(0.01);
  });

  it('bucket keys are ⌈ln x / ln γ⌉, γ = 1.01/0.99 (by hand: ln 2 / ln γ = 34.66 → 35, ln 3 / ln γ = 54.93 → 55)', () => {
    expect(sketchOf([1, 2, 3]).toJSON()).toEqual({
      relativeAccuracy: 0.01,
      minValue: 0.001,
      count: 3,
      zeroCount: 0,
      min: 1,
      max: 3,
      buckets: [[0, 1], [35, 1], [55, 1]],
    });
  });

  it('quantiles of lognormal and exponential samples are within the stated relative accuracy', () => {
    for (const alpha of [0.01, 0.02, 0.05]) {
      const rng = stream(7, 0, `sketch-accuracy-${alpha}`);
      // Lognormal (median 0.8 s, σ = 1.2) spans 4 decades; exponential (mean 3 s) has many small values.
      const xs = Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? 0.8 * Math.exp(1.2 * standardNormal(rng)) : -3 * Math.log(1 - rng())));
      const s = sketchOf(xs, { relativeAccuracy: alpha, minValue: 1e-9 });
      const sorted = [...xs].sort((a, b) => a - b);
      for (const q of QS) {
        const truth = lowerRank(sorted, q);
        // α is the guarantee in exact arithmetic; 1e-12 allows for the rounding of γ^k.
        expect(Math.abs(s.quantile(q) - truth) / truth, `α=${alpha} q=${q}`).toBeLessThanOrEqual(alpha + 1e-12);
      }
    }
  });

  it('relative accuracy holds for arbitrary samples (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-3, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const truth = lowerRank([...xs].sort((a, b) => a - b), q);
        return Math.abs(sketchOf(xs).quantile(q) - truth) <= (0.01 + 1e-12) * truth;
      }),
    );
  });

  it('valueAtRank: the value of a 0-based rank, the exact min and max at the ends, within 1% between', () => {
    const s = new QuantileSketch();
    for (const x of [1000, 3, 1, 4, 2]) s.add(x);
    expect(s.valueAtRank(0)).toBe(1);
    expect(s.valueAtRank(4)).toBe(1000);
    for (const [rank, v] of [[1, 2], [2, 3], [3, 4]]) expect(Math.abs(s.valueAtRank(rank) - v)).toBeLessThanOrEqual(0.01 * v);
    // quantile(q) is the value at rank ⌊q·(n − 1)⌋
    expect(s.quantile(0.5)).toBe(s.valueAtRank(2));
    for (const bad of [-1, 5, 1.5, NaN]) expect(() => s.valueAtRank(bad)).toThrow(StatsError);
  });

  it('values below minValue go to the zero bucket and are reported as the exact min', () => {
    const s = sketchOf([0, 0.0005, 0.0002, 5, 6]);
    expect(s.toJSON().zeroCount).toBe(3);
    expect(s.quantile(0)).toBe(0);
    expect(s.quantile(0.5)).toBe(0); // rank 2 is in the zero bucket
    expect(sketchOf([0.0004, 0.0007, 1]).quantile(0.3)).toBe(0.0004);
    expect(s.quantile(1)).toBe(6); // rank n−1: the exact max, not the bucket's 5.9895
  });

  it('merge of parts equals the sketch of the whole: byte-identical JSON for random partitions and orders', () => {
    const value = fc.oneof(
      fc.constant(0),
      fc.double({ min: 0, max: 1e-3, noNaN: true }), // zero bucket
      fc.double({ min: 1e-3, max: 1e7, noNaN: true }),
      fc.integer({ min: 1, max: 20 }), // repeated values: bucket counts above 1
    );
    assertMergeIsExact(value, (xs) => sketchOf(xs));
  });

  it('merging requires identical parameters', () => {
    expect(() => new QuantileSketch().merge(new QuantileSketch({ relativeAccuracy: 0.02 }))).toThrow(/different parameters/);
    expect(() => new QuantileSketch().merge(new QuantileSketch({ minValue: 1e-6 }))).toThrow(StatsError);
  });

  it('JSON round trip is exact and validates its input', () => {
    const s = sketchOf([0, 0.5, 2, 2, 300]);
    const json: SketchJSON = JSON.parse(JSON.stringify(s));
    const back = QuantileSketch.fromJSON(json);
    expect(JSON.stringify(back)).toBe(JSON.stringify(s));
    for (const q of QS) expect(back.quantile(q)).toBe(s.quantile(q));
    expect(JSON.stringify(QuantileSketch.fromJSON(new QuantileSketch().toJSON()))).toBe(JSON.stringify(new QuantileSketch()));
    expect(() => QuantileSketch.fromJSON({ ...json, count: 99 })).toThrow(/does not equal/);
    expect(() => QuantileSketch.fromJSON({ ...json, buckets: [[1, 1], [1, 1]] , count: 3 })).toThrow(/twice/);
    expect(() => QuantileSketch.fromJSON({ ...json, buckets: [[1.5, 4]] })).toThrow(/bucket key/);
    expect(() => QuantileSketch.fromJSON({ ...json, min: null })).toThrow(/min\/max/);
  });

  it('empty sketch, and bad input named', () => {
    const s = new QuantileSketch();
    expect(s.quantile(0.5)).toBeNaN();
    expect(s.min).toBeNaN();
    expect(s.toJSON()).toMatchObject({ count: 0, min: null, max: null, buckets: [] });
    expect(() => s.add(-1)).toThrow('sketch values must be finite and ≥ 0, got -1');
    expect(() => s.add(Number.POSITIVE_INFINITY)).toThrow(StatsError);
    expect(() => s.quantile(1.5)).toThrow('quantile q must be in [0, 1], got 1.5');
    expect(() => new QuantileSketch({ relativeAccuracy: 1 })).toThrow('relativeAccuracy must be in (0, 1), got 1');
    expect(() => new QuantileSketch({ minValue: 0 })).toThrow(/minValue/);
  });
});
