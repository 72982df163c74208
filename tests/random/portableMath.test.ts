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

function nextUp(x: number): number {
  const b = new Float64Array([x]);
  const w = new BigInt64Array(b.buffer);
  w[0] += x >= 0 ? 1n : -1n;
  return b[0];
}
function nextDown(x: number): number {
  return -nextUp(-x);
}

/** fdlibm's __ieee754_exp as the C writes it, on the words of the double: the reference the engine's exp must match bit for bit. */
function fdlibmExp(x: number): number {
  const f = new Float64Array([x]);
  const w = new Uint32Array(f.buffer);
  let hx = w[1];
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  const ln2Hi = 6.93147180369123816490e-01;
  const ln2Lo = 1.90821492927058770002e-10;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | w[0]) !== 0) return x + x;
      return xsb === 0 ? x : 0;
    }
    if (x > 7.09782712893383973096e2) return Infinity;
    if (x < -7.45133219101941108420e2) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      hi = x - (xsb === 0 ? ln2Hi : -ln2Hi);
      lo = xsb === 0 ? ln2Lo : -ln2Lo;
      k = 1 - xsb - xsb;
    } else {
      k = Math.trunc(1.44269504088896338700 * x + (xsb === 0 ? 0.5 : -0.5));
      hi = x - k * ln2Hi;
      lo = k * ln2Lo;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (1.66666666666666019037e-01 + t * (-2.77777777770155933842e-03 + t * (6.61375632143793436117e-05 + t * (-1.65339022054652515390e-06 + t * 4.13813679705723846039e-08))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  f[0] = y;
  if (k >= -1021) {
    w[1] = (w[1] + (k << 20)) >>> 0;
    return f[0];
  }
  w[1] = (w[1] + ((k + 1000) << 20)) >>> 0;
  return f[0] * 9.33263618503218878990e-302;
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

  it('exp gives exactly the bits of fdlibm e_exp.c, written with bit manipulation as the C does', () => {
    const rng = stream(2, 0, 'portable-exp');
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    let compared = 0;
    const same = (x: number): void => {
      compared++;
      if (!Object.is(exp(x), fdlibmExp(x))) expect.fail(`exp(${x}) = ${exp(x)}, fdlibm ${fdlibmExp(x)}`);
    };
    for (let i = 0; i < 50_000; i++) {
      same(1500 * rng() - 750); // every range: overflow, normal, subnormal, underflow
      same(4 * rng() - 2); // around the reduction thresholds 0.5 ln2 and 1.5 ln2
      same((rng() - 0.5) * 2e-8); // around the tiny threshold 2^-28
      words[0] = rng() * 2 ** 32;
      words[1] = rng() * 2 ** 32;
      same(bits[0]); // any double at all, NaNs included
    }
    // The thresholds themselves, the doubles on either side, and the largest k (1024) and the subnormal scaling.
    for (const hi of [0x40862e42, 0x3fd62e42, 0x3fd62e43, 0x3ff0a2b2, 0x3e300000, 0x7ff00000]) {
      words[1] = hi;
      words[0] = 0;
      for (const x of [bits[0], -bits[0]]) for (const y of [x, nextUp(x), nextDown(x)]) same(y);
    }
    for (const x of [0, -0, 709.78, 709.782712893384, -708.39, -708.4, -740, -745.13, -745.14]) same(x);
    expect(compared).toBeGreaterThan(200_000);
  });

  it('log1p stays accurate where log(1 + x) would lose digits', () => {
    for (const x of [1e-10, 1e-5, 0.001, 0.5, 3]) expect(log1p(x)).toBeCloseTo(Math.log1p(x), 15);
  });
});
