import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../sim-core/stats/normal';
import { Z95 } from '../../sim-core/stats/wilson';

describe('normalQuantile (AS 241)', () => {
  it('matches reference values', () => {
    // References: Python 3 statistics.NormalDist().inv_cdf (same algorithm) and scipy.stats.norm.ppf.
    expect(normalQuantile(0.975)).toBeCloseTo(Z95, 15); // AS 241 is 1 ulp below the nearest double here
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.5244005127080409, 14);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 13); // tail branch, r > 5
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306167813, 14);
  });

  it('is antisymmetric', () => {
    for (const p of [0.001, 0.2, 0.4, 0.49]) expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 13); // 1 − p rounds
  });

  it('rejects p outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow('p must be in (0, 1), got 0');
    expect(() => normalQuantile(1)).toThrow();
  });
});
