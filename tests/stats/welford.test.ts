import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Welford } from '../../sim-core/stats/welford';
import { StatsError } from '../../sim-core/stats/errors';
import { stream } from '../../sim-core/random/streams';

/** The textbook two-pass formulas, as the reference. */
function twoPass(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const ss = xs.reduce((a, x) => a + (x - mean) ** 2, 0);
  return { mean, variance: ss / (xs.length - 1) };
}

const close = (a: number, b: number, rel = 1e-9): boolean => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

describe('Welford', () => {
  it('known small sample (computed by hand: mean 5, Σ(x−5)² = 32)', () => {
    const w = Welford.of([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(w.n).toBe(8);
    expect(w.mean).toBe(5);
    expect(w.m2).toBe(32);
    expect(w.populationVariance()).toBe(4);
    expect(w.variance()).toBeCloseTo(32 / 7, 14);
    expect(Welford.of([1, 2, 3]).sd()).toBe(1);
  });

  it('matches the two-pass formula, including a large offset where the naive Σx² formula fails', () => {
    const rng = stream(1, 0, 'welford-test');
    const xs = Array.from({ length: 10_000 }, () => 1e9 + rng());
    const ref = twoPass(xs);
    const w = Welford.of(xs);
    expect(close(w.mean, ref.mean, 1e-15)).toBe(true);
    expect(close(w.variance(), ref.variance, 1e-6)).toBe(true);
    expect(w.variance()).toBeCloseTo(1 / 12, 2); // uniform[0,1) variance, to sampling error
  });

  it('merge of parts equals one pass, to rounding (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 200 }),
        fc.nat(),
        fc.nat(),
        (xs, c1, c2) => {
          const [i, j] = [c1 % (xs.length + 1), c2 % (xs.length + 1)].sort((a, b) => a - b);
          const merged = Welford.of(xs.slice(j)).merge(Welford.of(xs.slice(0, i)).merge(Welford.of(xs.slice(i, j))));
          const ref = twoPass(xs);
          const scale = Math.max(1, ...xs.map(Math.abs));
          return (
            merged.n === xs.length &&
            Math.abs(merged.mean - ref.mean) <= 1e-9 * scale &&
            Math.abs(merged.variance() - ref.variance) <= 1e-9 * scale * scale
          );
        },
      ),
    );
  });

  it('empty and single-observation edge cases', () => {
    expect(new Welford().variance()).toBeNaN();
    expect(new Welford().populationVariance()).toBeNaN();
    expect(Welford.of([3]).variance()).toBeNaN();
    expect(new Welford().merge(Welford.of([1, 3])).toJSON()).toEqual({ n: 2, mean: 2, m2: 2 });
    expect(Welford.of([1, 3]).merge(new Welford()).toJSON()).toEqual({ n: 2, mean: 2, m2: 2 });
  });

  it('JSON round trip and validation', () => {
    const w = Welford.of([1, 2, 4]);
    expect(Welford.fromJSON(JSON.parse(JSON.stringify(w))).toJSON()).toEqual(w.toJSON());
    expect(() => Welford.fromJSON({ n: -1, mean: 0, m2: 0 })).toThrow(StatsError);
    expect(() => Welford.fromJSON({ n: 2, mean: 0, m2: -1 })).toThrow(/m2/);
    expect(() => new Welford().add(Number.NaN)).toThrow('value must be finite, got NaN');
  });
});
