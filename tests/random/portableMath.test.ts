/**
 * The engine's portable log/exp: exact at known points, within 1 ulp of the platform's (fdlibm-derived)
 * Math.log/Math.exp across the range, and correct at the edges.
 */
import { describe, expect, it } from 'vitest';
import { exp, log, log1p, pow10 } from '../../sim-core/math/portable';
import { stream } from '../../sim-core/random/streams';

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  return Number(buf.getBigInt64(0) - buf.getBigInt64(8)) * (a < 0 ? -1 : 1);
}

describe('portable log and exp', () => {
  it('are exact where the answer is', () => {
    expect(log(1)).toBe(0);
    expect(log(2)).toBe(Math.LN2);
    expect(exp(0)).toBe(1);
    // fdlibm's exp(1) is 1 ulp above e (as Java's StrictMath.exp(1) = 2.7182818284590455): < 1 ulp, not
    // correctly rounded. What matters is that it is the same everywhere.
    expect(exp(1)).toBe(2.7182818284590455);
    expect(log(Math.E)).toBe(1);
    expect(pow10(-3)).toBe(0.001);
  });

  it('handle the edges like Math.log / Math.exp', () => {
    expect(log(0)).toBe(-Infinity);
    expect(log(-1)).toBeNaN();
    expect(log(Infinity)).toBe(Infinity);
    expect(log(NaN)).toBeNaN();
    expect(log(5e-324)).toBeCloseTo(-744.4400719213812, 12);
    expect(exp(-Infinity)).toBe(0);
    expect(exp(Infinity)).toBe(Infinity);
    expect(exp(710)).toBe(Infinity);
    expect(exp(-746)).toBe(0);
    expect(Math.abs(ulps(exp(-740), Math.exp(-740)))).toBeLessThanOrEqual(1); // subnormal result
    expect(log1p(1e-20)).toBe(1e-20);
  });

  it('agree with the platform within 1 ulp over 200,000 random arguments', () => {
    const rng = stream(1, 0, 'portable-math');
    let worstLog = 0;
    let worstExp = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = Math.pow(10, 40 * rng() - 20) * rng(); // spans many binades
      worstLog = Math.max(worstLog, Math.abs(ulps(log(x), Math.log(x))));
      const y = 1400 * rng() - 700;
      worstExp = Math.max(worstExp, Math.abs(ulps(exp(y), Math.exp(y))));
    }
    expect(worstLog).toBeLessThanOrEqual(1);
    expect(worstExp).toBeLessThanOrEqual(1);
  });

  it('log1p stays accurate where log(1 + x) would lose digits', () => {
    for (const x of [1e-10, 1e-5, 0.001, 0.5, 3]) expect(log1p(x)).toBeCloseTo(Math.log1p(x), 15);
  });
});
