import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Histogram, type HistogramJSON } from '../../sim-core/stats/histogram';
import { StatsError } from '../../sim-core/stats/errors';
import { assertMergeIsExact } from './mergePlan';

const histOf = (xs: readonly number[], lo = 0, hi = 10, bins = 5): Histogram => {
  const h = new Histogram(lo, hi, bins);
  for (const x of xs) h.add(x);
  return h;
};

describe('Histogram', () => {
  it('doc example (by hand: bins of width 2; 10 is overflow since bins are half-open)', () => {
    const h = histOf([1, 3, 3, 9.99, 10, -1]);
    expect(h.bins()).toEqual([
      { lo: 0, hi: 2, count: 1 },
      { lo: 2, hi: 4, count: 2 },
      { lo: 4, hi: 6, count: 0 },
      { lo: 6, hi: 8, count: 0 },
      { lo: 8, hi: 10, count: 1 },
    ]);
    expect(h.underflow).toBe(1);
    expect(h.overflow).toBe(1);
    expect(h.count).toBe(6);
  });

  it('±Infinity go to under/overflow; an edge value goes to the bin it starts', () => {
    const h = histOf([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 0, 2, 4]);
    expect(h.underflow).toBe(1);
    expect(h.overflow).toBe(1);
    expect(h.bins().map((b) => b.count)).toEqual([1, 1, 1, 0, 0]);
  });

  it('every value lands in the bin whose reported edges contain it, even where division rounds across an edge (property)', () => {
    // [0.2, 1.1) × 9: (0.5 − 0.2)/0.9·9 = 2.999999999999999 → floor 2, yet bins() reports edge(3) = 0.5 → bin 3.
    expect(histOf([0.5], 0.2, 1.1, 9).bins()[3]).toMatchObject({ lo: 0.5, count: 1 });
    fc.assert(
      fc.property(
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (lo, width, bins, f) => {
          const hi = lo + width;
          fc.pre(hi > lo);
          const x = lo + f * (hi - lo);
          fc.pre(x < hi);
          const h = histOf([x], lo, hi, bins);
          const hit = h.bins().filter((b) => b.count === 1);
          return hit.length === 1 && hit[0].lo <= x && x < hit[0].hi;
        },
      ),
    );
  });

  it('merge of parts equals the whole: byte-identical JSON for random partitions and orders', () => {
    assertMergeIsExact(fc.double({ min: -3, max: 13, noNaN: true }), (xs) => histOf(xs));
  });

  it('merging requires identical bins', () => {
    expect(() => histOf([]).merge(new Histogram(0, 10, 4))).toThrow(/different bins/);
    expect(() => histOf([]).merge(new Histogram(0, 9, 5))).toThrow(StatsError);
  });

  it('JSON round trip and validation', () => {
    const h = histOf([1, 1, 5, 12, -4]);
    const json: HistogramJSON = JSON.parse(JSON.stringify(h));
    expect(json).toEqual({ lo: 0, hi: 10, binCount: 5, counts: [2, 0, 1, 0, 0], underflow: 1, overflow: 1 });
    const back = Histogram.fromJSON(json);
    expect(back.count).toBe(5);
    expect(JSON.stringify(back)).toBe(JSON.stringify(h));
    expect(() => Histogram.fromJSON({ ...json, counts: [1, 2] })).toThrow('counts has 2 entries, expected binCount 5');
    expect(() => Histogram.fromJSON({ ...json, underflow: -1 })).toThrow(/underflow must be ≥ 0/);
    expect(() => Histogram.fromJSON({ ...json, counts: [0.5, 0, 0, 0, 0] })).toThrow(/safe integer/);
  });

  it('rejects nonsense construction and NaN, naming the value', () => {
    expect(() => new Histogram(1, 1, 3)).toThrow('histogram range needs finite lo < hi, got [1, 1)');
    expect(() => new Histogram(0, 1, 0)).toThrow('binCount must be a positive integer, got 0');
    expect(() => new Histogram(0, 1, 2).add(Number.NaN)).toThrow(/NaN/);
  });
});
