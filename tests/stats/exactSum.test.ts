import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FixedPointSum, IntMoments } from '../../sim-core/stats/exactSum';
import { StatsError } from '../../sim-core/stats/errors';
import { assertMergeIsExact } from './mergePlan';

const sumOf = (xs: readonly number[], resolution = 1e-3): FixedPointSum => {
  const s = new FixedPointSum(resolution);
  for (const x of xs) s.add(x);
  return s;
};

describe('FixedPointSum', () => {
  it('0.1 + 0.2 = 0.3 exactly (integer sum 300 thousandths), unlike the float sum', () => {
    const s = sumOf([0.1, 0.2]);
    expect(s.sum).toBe(300);
    expect(s.total()).toBe(0.3);
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(s.mean()).toBe(0.15);
    expect(s.toJSON()).toEqual({ resolution: 0.001, sum: 300, count: 2 });
  });

  it('merge of parts equals the whole: byte-identical JSON for random partitions and orders', () => {
    assertMergeIsExact(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (xs) => sumOf(xs));
  });

  it('a float sum of the same values is order-dependent, which is why this exists', () => {
    const xs = [0.1, 0.2, 0.3];
    expect(xs.reduce((a, b) => a + b, 0)).toBe(0.6000000000000001);
    expect([...xs].reverse().reduce((a, b) => a + b, 0)).toBe(0.6);
    expect(sumOf(xs).total()).toBe(0.6);
    expect(sumOf([...xs].reverse()).total()).toBe(0.6);
  });

  it('throws a clear error instead of losing exactness, and leaves the sum unchanged', () => {
    const s = sumOf([2 ** 52], 1);
    expect(() => s.add(2 ** 52)).toThrow(/leaves the safe-integer range/);
    expect(() => s.merge(sumOf([2 ** 52], 1))).toThrow(StatsError);
    expect(s.toJSON()).toEqual({ resolution: 1, sum: 2 ** 52, count: 1 });
  });

  it('validation', () => {
    expect(() => sumOf([1], 1).merge(sumOf([1], 0.1))).toThrow(/different resolutions/);
    expect(() => FixedPointSum.fromJSON({ resolution: 1, sum: 0.5, count: 1 })).toThrow(/sum must be a safe integer/);
    expect(FixedPointSum.fromJSON({ resolution: 1, sum: 6, count: 3 }).mean()).toBe(2);
    expect(new FixedPointSum(1).mean()).toBeNaN();
  });
});

describe('IntMoments', () => {
  it('known sample (by hand: mean 5, Σ(x−5)² = 32, sample variance 32/7)', () => {
    const m = IntMoments.of([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(m.toJSON()).toEqual({ n: 8, sum: 40, sumSq: 232 });
    expect(m.mean()).toBe(5);
    expect(m.variance()).toBe(32 / 7);
    expect(IntMoments.of([1, 2, 3]).sd()).toBe(1);
  });

  it('the variance is exact where the float one-pass formula cancels (1e7+1, 1e7+2, 1e7+3 → variance 1)', () => {
    const xs = [1e7 + 1, 1e7 + 2, 1e7 + 3];
    const m = IntMoments.of(xs);
    expect(m.variance()).toBe(1);
    // Same data with offset 9e7: Σx² ≈ 2.4e16 is beyond 2^53, so it must throw rather than round.
    expect(() => IntMoments.of([9e7, 9e7, 9e7])).toThrow(/safe-integer range/);
  });

  it('variance equals the two-pass formula (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e5, max: 1e5 }), { minLength: 2, maxLength: 100 }), (xs) => {
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const ref = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
        return Math.abs(IntMoments.of(xs).variance() - ref) <= 1e-9 * Math.max(1, ref);
      }),
    );
  });

  it('merge of parts equals the whole: byte-identical JSON for random partitions and orders', () => {
    assertMergeIsExact(fc.integer({ min: -1e6, max: 1e6 }), (xs) => IntMoments.of(xs));
  });

  it('throws on non-integers and overflow, leaving the accumulator unchanged', () => {
    const m = IntMoments.of([1]);
    expect(() => m.add(1.5)).toThrow('IntMoments observation must be a safe integer, got 1.5');
    expect(() => m.add(94906266)).toThrow(/product 94906266 × 94906266/);
    expect(m.toJSON()).toEqual({ n: 1, sum: 1, sumSq: 1 });
    expect(new IntMoments().variance()).toBeNaN();
    expect(IntMoments.of([4]).variance()).toBeNaN();
  });

  it('JSON round trip and validation', () => {
    const m = IntMoments.of([1, 2]);
    expect(IntMoments.fromJSON(JSON.parse(JSON.stringify(m))).toJSON()).toEqual({ n: 2, sum: 3, sumSq: 5 });
    expect(IntMoments.fromJSON({ n: 2, sum: 3, sumSq: 5 }).variance()).toBe(0.5);
    expect(() => IntMoments.fromJSON({ n: -1, sum: 0, sumSq: 0 })).toThrow(/n must be ≥ 0/);
  });
});
