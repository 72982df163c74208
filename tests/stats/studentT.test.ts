import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../sim-core/stats/studentT';
import { Z95 } from '../../sim-core/stats/wilson';

// Reference values from scipy.stats.t.ppf / t.cdf (SciPy 1.17).
const PPF_975: Array<[df: number, t: number]> = [
  [1, 12.706204736174694], // closed form tan(π·0.475)
  [2, 4.302652729749462], // closed form (2p−1)/√(2p(1−p))
  [3, 3.1824463052837078],
  [9, 2.262157162798205],
  [10, 2.228138851986274],
  [30, 2.0422724563012378],
  [100, 1.9839715185235518],
  [199, 1.9719565442517533], // last df inverted numerically
  [200, 1.9718962236339088], // first df by Cornish–Fisher
  [1000, 1.9623390808264083],
  [1e6, 1.959966356814107],
];

describe('Student t', () => {
  it('0.975 quantiles match reference values on both sides of the method switch', () => {
    for (const [df, t] of PPF_975) expect(studentTQuantile(0.975, df), `df=${df}`).toBeCloseTo(t, 11);
  });

  it('other quantiles, and df = Infinity gives the normal', () => {
    expect(studentTQuantile(0.999, 1)).toBeCloseTo(318.30883898555015, 8);
    expect(studentTQuantile(0.6, 5)).toBeCloseTo(0.2671808657041451, 12);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138851986274, 11);
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(Z95, 15);
  });

  it('the CDF matches reference values and inverts the quantile', () => {
    expect(studentTCdf(1.5, 0.5)).toBeCloseTo(0.7460491046759459, 12);
    expect(studentTCdf(-1, 3)).toBeCloseTo(0.19550110947788524, 12);
    expect(studentTCdf(-3, 30)).toBeCloseTo(0.0026949820328259727, 14);
    expect(studentTCdf(0, 4)).toBe(0.5);
    for (const df of [1, 2.5, 7, 50, 150]) {
      for (const p of [0.6, 0.9, 0.975, 0.999]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 12);
    }
  });

  it('rejects bad degrees of freedom and p', () => {
    expect(() => studentTQuantile(0.975, 0)).toThrow('degrees of freedom must be > 0, got 0');
    expect(() => studentTCdf(1, Infinity)).toThrow(/finite/);
    expect(() => studentTQuantile(1, 5)).toThrow('p must be in (0, 1), got 1');
  });
});
