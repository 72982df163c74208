import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wilson95 } from '../../sim-core/stats/wilson';
import { StatsError } from '../../sim-core/stats/errors';

describe('wilson95', () => {
  it('5/100 = [0.02154, 0.11175] (Wilson score formula, z = 1.959963984540054)', () => {
    const r = wilson95(5, 100);
    expect(r.method).toBe('wilson');
    expect(r.lo).toBeCloseTo(0.02154367915436796, 12);
    expect(r.hi).toBeCloseTo(0.11175046923191913, 12);
  });

  it("matches Newcombe (1998, Stat Med 17:857, Table I, method 3) to the published 4 decimals", () => {
    const cases: Array<[s: number, n: number, lo: number, hi: number]> = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [s, n, lo, hi] of cases) {
      const r = wilson95(s, n);
      expect(r.lo, `${s}/${n}`).toBeCloseTo(lo, 4);
      expect(r.hi, `${s}/${n}`).toBeCloseTo(hi, 4);
    }
  });

  it('0 successes uses the rule of three, capped at 1; n = 0 says nothing', () => {
    expect(wilson95(0, 200)).toEqual({ lo: 0, hi: 0.015, method: 'rule-of-three' });
    expect(wilson95(0, 2)).toEqual({ lo: 0, hi: 1, method: 'rule-of-three' });
    expect(wilson95(0, 0)).toEqual({ lo: 0, hi: 1, method: 'none' });
  });

  it('all successes: Wilson, with the upper end exactly 1 (10/10 → [0.72247, 1] by the formula)', () => {
    const r = wilson95(10, 10);
    expect(r).toMatchObject({ hi: 1, method: 'wilson' });
    expect(r.lo).toBeCloseTo(0.7224672001371107, 12);
  });

  it('always a sub-interval of [0, 1] containing the point estimate (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const s = Math.floor(f * n);
        const { lo, hi } = wilson95(s, n);
        return 0 <= lo && lo <= s / n && s / n <= hi && hi <= 1;
      }),
    );
  });

  it('rejects impossible counts, naming the value', () => {
    expect(() => wilson95(3, 2)).toThrow('successes must be an integer in [0, n=2], got 3');
    expect(() => wilson95(1.5, 4)).toThrow(StatsError);
    expect(() => wilson95(0, -1)).toThrow('n must be a non-negative integer, got -1');
  });
});
