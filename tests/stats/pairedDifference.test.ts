import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PairedMeans,
  PairedRates,
  pairedMeanDifference,
  pairedRateDifference,
  type PairedRatesJSON,
  type RateCount,
} from '../../sim-core/stats/pairedDifference';
import { studentTCdf } from '../../sim-core/stats/studentT';
import { Z95 } from '../../sim-core/stats/wilson';
import { StatsError } from '../../sim-core/stats/errors';
import { stream } from '../../sim-core/random/streams';
import { standardNormal } from '../../sim-core/random/distributions';
import { assertMergeIsExact } from './mergePlan';

interface Rep {
  b: RateCount;
  p: RateCount;
}

const ratesOf = (reps: readonly Rep[]): PairedRates => {
  const acc = new PairedRates();
  for (const r of reps) acc.add(r.b, r.p);
  return acc;
};

/** The delta-method computation written out directly, per replication, in floating point: the reference. */
function bruteForceRates(reps: readonly Rep[], t: number): { baseline: number; proposal: number; se: number; lo: number; hi: number } {
  const m = reps.length;
  const sum = (f: (r: Rep) => number): number => reps.reduce((a, r) => a + f(r), 0);
  const [AB, NB, AP, NP] = [sum((r) => r.b.events), sum((r) => r.b.trials), sum((r) => r.p.events), sum((r) => r.p.trials)];
  const Rb = AB / NB;
  const Rp = AP / NP;
  const d = reps.map((r) => (r.p.events - Rp * r.p.trials) / (NP / m) - (r.b.events - Rb * r.b.trials) / (NB / m));
  const se = Math.sqrt(d.reduce((a, x) => a + x * x, 0) / (m * (m - 1)));
  return { baseline: Rb, proposal: Rp, se, lo: Rp - Rb - t * se, hi: Rp - Rb + t * se };
}

// 95% coverage checks run K seeded synthetic data sets with a known true difference. Band ±0.015: the binomial
// SE of a coverage estimate near 0.95 over K = 4000 is √(0.95·0.05/4000) = 0.0034, so the band is > 4 SE and a
// correct interval would fall outside it with probability < 1e-4 under any change of seed.
const K = 4000;
const BAND = 0.015;

describe('pairedRateDifference', () => {
  // 5 replications with unequal trials between arms (proposal retries some starts).
  const reps: Rep[] = [
    { b: { events: 3, trials: 40 }, p: { events: 1, trials: 42 } },
    { b: { events: 7, trials: 55 }, p: { events: 2, trials: 55 } },
    { b: { events: 0, trials: 30 }, p: { events: 0, trials: 31 } },
    { b: { events: 12, trials: 60 }, p: { events: 6, trials: 64 } },
    { b: { events: 4, trials: 45 }, p: { events: 3, trials: 45 } },
  ];

  it('matches a brute-force per-replication computation (t(0.975, 4) = 2.7764451051977934, scipy)', () => {
    const got = pairedRateDifference(ratesOf(reps));
    const ref = bruteForceRates(reps, 2.7764451051977934);
    expect(got.baseline).toBe(26 / 230);
    expect(got.proposal).toBe(12 / 237);
    expect(got.diff).toBe(12 / 237 - 26 / 230);
    expect(got.replications).toBe(5);
    expect(got.se).toBeCloseTo(ref.se, 14);
    expect(got.lo).toBeCloseTo(ref.lo, 13);
    expect(got.hi).toBeCloseTo(ref.hi, 13);
  });

  it('doc example (2 replications)', () => {
    const acc = ratesOf([
      { b: { events: 3, trials: 40 }, p: { events: 1, trials: 40 } },
      { b: { events: 5, trials: 50 }, p: { events: 2, trials: 50 } },
    ]);
    expect(acc.toJSON().sums).toEqual([8, 90, 3, 90]);
    const r = pairedRateDifference(acc);
    expect(r.se).toBeCloseTo(0.004938271604938274, 15); // numpy, same formula
    expect(r.lo).toBeCloseTo(-0.11830224561073927, 13);
  });

  it('accepts the accumulator or its JSON (as a worker returns it) with identical results', () => {
    const acc = ratesOf(reps);
    const json: PairedRatesJSON = JSON.parse(JSON.stringify(acc));
    expect(pairedRateDifference(json)).toEqual(pairedRateDifference(acc));
    expect(() => pairedRateDifference({ ...json, sums: [1, 2, 3, -4] })).toThrow(/sums\[3\] must be ≥ 0/);
  });

  it('merge of parts equals the whole: byte-identical JSON for random partitions and orders', () => {
    const count = fc.record({ events: fc.nat(50), trials: fc.nat(500) });
    assertMergeIsExact(fc.record({ b: count, p: count }), ratesOf);
  });

  it('covers the true difference in about 95% of synthetic CRN data sets (m = 100 replications)', () => {
    // Per replication: a latent breach probability p ~ U(0.02, 0.12) shared by both arms, n ~ U{20..60} starts;
    // each start draws one uniform u and breaches in the baseline if u < p and in the proposal if u < p/2
    // (common random numbers). n is independent of p, so the true pooled rates are E[p] = 0.07 and 0.035:
    // true difference −0.035. Measured coverage of this delta-method interval on such data: 0.936 at m = 10,
    // 0.940 at m = 40, 0.947 at m = 100, 0.948 at m = 300 (it approaches 0.95 from below as m grows).
    const trueDiff = -0.035;
    const m = 100;
    let covered = 0;
    for (let k = 0; k < K; k++) {
      const rng = stream(20240601, k, 'paired-rate-coverage');
      const acc = new PairedRates();
      for (let r = 0; r < m; r++) {
        const p = 0.02 + 0.1 * rng();
        const n = 20 + Math.floor(41 * rng());
        let ab = 0;
        let ap = 0;
        for (let i = 0; i < n; i++) {
          const u = rng();
          if (u < p) ab++;
          if (u < p / 2) ap++;
        }
        acc.add({ events: ab, trials: n }, { events: ap, trials: n });
      }
      const { lo, hi } = pairedRateDifference(acc);
      if (lo <= trueDiff && trueDiff <= hi) covered++;
    }
    expect(Math.abs(covered / K - 0.95)).toBeLessThanOrEqual(BAND);
  });

  it('edge cases: < 2 replications → no interval; an arm without trials → NaN; no events at all → [0, 0]', () => {
    const one = pairedRateDifference(ratesOf(reps.slice(0, 1)));
    expect(one.diff).toBe(1 / 42 - 3 / 40);
    expect([one.se, one.lo, one.hi]).toEqual([NaN, NaN, NaN]);
    const empty = pairedRateDifference(new PairedRates());
    expect([empty.baseline, empty.diff, empty.replications]).toEqual([NaN, NaN, 0]);
    const noTrials = pairedRateDifference(ratesOf([reps[0], { b: { events: 0, trials: 0 }, p: { events: 0, trials: 0 } }]));
    expect(noTrials.se).toBeCloseTo(bruteForceRates([reps[0], { b: { events: 0, trials: 0 }, p: { events: 0, trials: 0 } }], 1).se, 14);
    const zeroArm = ratesOf([{ b: { events: 0, trials: 0 }, p: { events: 1, trials: 3 } }, { b: { events: 0, trials: 0 }, p: { events: 0, trials: 3 } }]);
    expect(pairedRateDifference(zeroArm).baseline).toBeNaN();
    expect(pairedRateDifference(zeroArm).se).toBeNaN();
    const none = pairedRateDifference(ratesOf([{ b: { events: 0, trials: 50 }, p: { events: 0, trials: 50 } }, { b: { events: 0, trials: 40 }, p: { events: 0, trials: 40 } }]));
    expect([none.diff, none.lo, none.hi]).toEqual([0, 0, 0]);
  });

  it('rejects negative or fractional counts, naming the field', () => {
    expect(() => new PairedRates().add({ events: -1, trials: 3 }, { events: 0, trials: 3 })).toThrow('baseline.events must be ≥ 0, got -1');
    expect(() => new PairedRates().add({ events: 1, trials: 3 }, { events: 0, trials: 2.5 })).toThrow(StatsError);
  });
});

describe('pairedMeanDifference', () => {
  it('doc example: differences −10, −16, −5 (by hand: mean −31/3, sd 5.5076, se 3.1798; t(0.975, 2) = 4.3027)', () => {
    const acc = new PairedMeans(1).add(100, 90).add(120, 104).add(80, 75);
    expect(acc.toJSON()).toEqual({ resolution: 1, replications: 3, sumBaseline: 300, sumProposal: 269, sumSqDiff: 381 });
    const r = pairedMeanDifference(acc);
    expect(r.baseline).toBe(100);
    expect(r.proposal).toBeCloseTo(269 / 3, 14);
    expect(r.diff).toBeCloseTo(-31 / 3, 14);
    expect(r.se).toBeCloseTo(3.1797973380564857, 13); // numpy: d.std(ddof=1)/√3
    expect(r.lo).toBeCloseTo(-24.014897029972147, 12);
    expect(r.hi).toBeCloseTo(3.3482303633054773, 12);
  });

  it('quantizes each value to the resolution before differencing (0.1004 − 0.25 → 100 − 250 thousandths)', () => {
    const r = pairedMeanDifference(new PairedMeans(1e-3).add(0.25, 0.1004).add(0.5, 0.4));
    expect(r.diff).toBe(-0.125); // (−150 − 100) / 2 thousandths
    expect(r.baseline).toBe(0.375);
  });

  it('merge of parts equals the whole, and JSON input gives the same result', () => {
    const build = (pairs: Array<[number, number]>): PairedMeans => {
      const acc = new PairedMeans(1);
      for (const [b, p] of pairs) acc.add(b, p);
      return acc;
    };
    assertMergeIsExact(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 })), build);
    const acc = build([[3, 5], [7, 6], [10, 10]]);
    expect(pairedMeanDifference(JSON.parse(JSON.stringify(acc)))).toEqual(pairedMeanDifference(acc));
  });

  it('covers the true difference in about 95% of synthetic data sets with only 8 replications (t, not z)', () => {
    // Per replication: x_b = 200 + round(30·Z₁) peak connections, x_p = x_b − 12 + round(5·Z₂). round(5·Z₂) is
    // symmetric about 0, so the true mean difference is exactly −12. With m = 8 the z interval's coverage is
    // 2·F_t7(1.96) − 1 = 0.909 in theory (scipy: 0.90918), which the second assertion checks to show why t is used.
    const trueDiff = -12;
    const m = 8;
    let coveredT = 0;
    let coveredZ = 0;
    for (let k = 0; k < K; k++) {
      const rng = stream(20240601, k, 'paired-mean-coverage');
      const acc = new PairedMeans(1);
      for (let r = 0; r < m; r++) {
        const xb = 200 + Math.round(30 * standardNormal(rng));
        acc.add(xb, xb + trueDiff + Math.round(5 * standardNormal(rng)));
      }
      const res = pairedMeanDifference(acc);
      if (res.lo <= trueDiff && trueDiff <= res.hi) coveredT++;
      if (Math.abs(res.diff - trueDiff) <= Z95 * res.se) coveredZ++;
    }
    expect(Math.abs(coveredT / K - 0.95)).toBeLessThanOrEqual(BAND);
    const zTheory = 2 * studentTCdf(Z95, m - 1) - 1;
    expect(zTheory).toBeCloseTo(0.9091754851538674, 12);
    // The SE at 0.91 is √(0.91·0.09/4000) = 0.0045; same > 3-SE band.
    expect(Math.abs(coveredZ / K - zTheory)).toBeLessThanOrEqual(BAND);
  });

  it('edge cases and validation', () => {
    const one = pairedMeanDifference(new PairedMeans(1).add(5, 3));
    expect([one.diff, one.se, one.lo]).toEqual([-2, NaN, NaN]);
    expect(pairedMeanDifference(new PairedMeans(1)).diff).toBeNaN();
    expect(() => new PairedMeans(1).merge(new PairedMeans(0.5))).toThrow(/different resolutions/);
    expect(() => new PairedMeans(1).add(Number.NaN, 1)).toThrow('value must be finite, got NaN');
    expect(() => PairedMeans.fromJSON({ resolution: 1, replications: 2, sumBaseline: 1, sumProposal: 1, sumSqDiff: -1 })).toThrow(/sumSqDiff/);
  });
});
