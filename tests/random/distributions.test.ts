/**
 * Each distribution knows its mean, variance and quantiles; one helper checks seeded samples against them,
 * with tolerances from the sample size (4 standard errors), not hand-picked.
 */
import { describe, expect, it } from 'vitest';
import { mean, quantile, sampler, variance, lognormalSigma, type ShiftedDistribution } from '../../sim-core/random/distributions';
import { stream } from '../../sim-core/random/streams';

const N = 200_000;

function checkAgainstTheory(d: ShiftedDistribution, seed: number) {
  const draw = sampler(d);
  const rng = stream(seed, 0, 'distribution-test');
  const xs = new Float64Array(N);
  let sum = 0;
  for (let i = 0; i < N; i++) sum += xs[i] = draw(rng);
  const m = sum / N;
  let ss = 0;
  for (let i = 0; i < N; i++) ss += (xs[i] - m) ** 2;
  const v = ss / (N - 1);
  const mu = mean(d);
  const sigma2 = variance(d);
  // Mean: SE = sigma / sqrt(N). Variance: SE ≈ sigma² · sqrt(2/N) for near-normal tails; heavier tails
  // (lognormal, exponential) need the fourth moment, so bound it loosely by 4 sigma² · sqrt(kurtosis/N) with a
  // conservative kurtosis of 50.
  expect(Math.abs(m - mu)).toBeLessThanOrEqual(4 * Math.sqrt(sigma2 / N) + 1e-12);
  expect(Math.abs(v - sigma2)).toBeLessThanOrEqual(4 * sigma2 * Math.sqrt(50 / N) + 1e-12);
  // Quantiles: the empirical p-quantile lies within the interval implied by binomial order statistics.
  xs.sort();
  for (const p of [0.1, 0.5, 0.95]) {
    const k = Math.sqrt(N * p * (1 - p)) * 4;
    const lo = xs[Math.max(0, Math.floor(N * p - k))];
    const hi = xs[Math.min(N - 1, Math.ceil(N * p + k))];
    const q = quantile(d, p);
    expect(q).toBeGreaterThanOrEqual(lo - 1e-9);
    expect(q).toBeLessThanOrEqual(hi + 1e-9);
  }
  expect(xs[0]).toBeGreaterThanOrEqual(0); // every duration is non-negative
}

describe('duration distributions against their own mean, variance and quantiles', () => {
  const cases: Array<[string, ShiftedDistribution]> = [
    ['constant', { kind: 'constant', value: 2.5 }],
    ['uniform', { kind: 'uniform', min: 1, max: 4 }],
    ['uniform, shifted', { kind: 'uniform', min: 0, max: 2, shift: 10 }],
    ['exponential', { kind: 'exponential', mean: 3 }],
    ['normal (far from 0)', { kind: 'normal', mean: 10, sd: 2 }],
    ['normal truncated at 0', { kind: 'normal', mean: 0.5, sd: 1 }],
    ['lognormal by median and p95', { kind: 'lognormal', median: 1.5, p95: 6 }],
    ['lognormal, shifted', { kind: 'lognormal', median: 0.012, p95: 0.03, shift: 0.5 }],
  ];
  it.each(cases)('%s', (_, d) => checkAgainstTheory(d, 7));

  it('a lognormal given by median and p95 has exactly that median and p95', () => {
    const d = { kind: 'lognormal', median: 2, p95: 9 } as const;
    expect(quantile(d, 0.5)).toBeCloseTo(2, 12);
    expect(quantile(d, 0.95)).toBeCloseTo(9, 9);
    // computed by hand: sigma = ln(9/2) / 1.6448536 = 0.914430…
    expect(lognormalSigma(2, 9)).toBeCloseTo(Math.log(4.5) / 1.6448536269514722, 12);
  });
});

describe('seeded streams', () => {
  it('give the same numbers for the same (seed, replication, component), whoever asks', () => {
    const a = stream(1278, 42, 'container:3');
    const b = stream(1278, 42, 'container:3');
    for (let i = 0; i < 100; i++) expect(a()).toBe(b());
  });

  it('differ across seed, replication and component', () => {
    const first = (s: number, r: number, c: string) => stream(s, r, c)();
    const base = first(1, 0, 'x');
    expect(first(2, 0, 'x')).not.toBe(base);
    expect(first(1, 1, 'x')).not.toBe(base);
    expect(first(1, 0, 'y')).not.toBe(base);
  });

  it('are uniform on [0, 1): mean 1/2 and variance 1/12 within 4 standard errors', () => {
    const rng = stream(5, 0, 'uniformity');
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < N; i++) {
      const u = rng();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
      s2 += u * u;
    }
    const m = s / N;
    expect(Math.abs(m - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(s2 / N - m * m - 1 / 12)).toBeLessThan(4 * Math.sqrt(1 / 180 / N));
  });
});
