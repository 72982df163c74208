import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { clusteredWilson, clusteredWilson95, wilson95, type ClusteredCounts } from '../../sim-core/stats/wilson';
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

describe('clusteredWilson95 (Korn–Graubard with Wilson: replications as clusters)', () => {
  /** Clustered counts of per-replication [events, trials]. */
  const counts = (reps: Array<[number, number]>): ClusteredCounts => ({
    replications: reps.length,
    events: reps.reduce((s, [a]) => s + a, 0),
    trials: reps.reduce((s, [, n]) => s + n, 0),
    eventsSquared: reps.reduce((s, [a]) => s + a * a, 0),
    eventsTimesTrials: reps.reduce((s, [a, n]) => s + a * n, 0),
    trialsSquared: reps.reduce((s, [, n]) => s + n * n, 0),
  });
  /** The Wilson score interval at p on a (possibly fractional) sample n, written out independently. */
  const wilsonAt = (p: number, n: number) => {
    const z = 1.959963984540054;
    const c = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const h = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
    return [c - h, c + h];
  };

  it('half the replications all breach, half none: deff = 100/9, Wilson on n* = 9 · (z / t₉)²', () => {
    // computed by hand: R = 0.5; Σ(a − R·n)² = 10 · 5² = 250; Var(R) = m·250 / ((m − 1)·N²) = 2500 / 90,000 = 1/36;
    // binomial variance 0.25 / 100 = 1/400, so deff = 400/36 = 100/9 and n_eff = 100 / deff = 9.
    const reps: Array<[number, number]> = [...Array.from({ length: 5 }, (): [number, number] => [10, 10]), ...Array.from({ length: 5 }, (): [number, number] => [0, 10])];
    const r = clusteredWilson95(counts(reps));
    expect(r.designEffect).toBeCloseTo(100 / 9, 12);
    const [lo, hi] = wilsonAt(0.5, 9 * (1.959963984540054 / 2.2621571627409915) ** 2);
    expect(r.lo).toBeCloseTo(lo, 10);
    expect(r.hi).toBeCloseTo(hi, 10);
    expect(r.method).toBe('wilson');
    // Far wider than if the 100 starts were independent.
    const plain = wilson95(50, 100);
    expect(r.hi - r.lo).toBeGreaterThan(2.5 * (plain.hi - plain.lo));
  });

  it('replications that agree more than independent trials would (deff < 1) keep the binomial interval', () => {
    const r = clusteredWilson95(counts(Array.from({ length: 40 }, (): [number, number] => [5, 50])));
    expect(r).toEqual({ ...wilson95(200, 2000), designEffect: 0 });
    // Below 1, but t(1) = 12.7 makes it count: two replications say little about how much replications vary.
    // computed by hand: R = 0.1, a − R·n = ±1, Var(R) = 2·2 / (1·100²) = 4e-4 against 0.1·0.9 / 100 = 9e-4: deff = 4/9.
    const two = clusteredWilson95(counts([[6, 50], [4, 50]]));
    expect(two.designEffect).toBeCloseTo(4 / 9, 12);
    const [lo, hi] = wilsonAt(0.1, 100 / (two.designEffect! * (12.706204736174705 / 1.959963984540054) ** 2));
    expect(two.lo).toBeCloseTo(lo, 10);
    expect(two.hi).toBeCloseTo(hi, 10);
  });

  it('no event: the rule of three on all trials; one replication, or every trial an event: no design effect', () => {
    expect(clusteredWilson95(counts([[0, 100], [0, 100]]))).toEqual({ lo: 0, hi: 0.015, method: 'rule-of-three', designEffect: null });
    expect(clusteredWilson95(counts([[5, 100]]))).toEqual({ ...wilson95(5, 100), designEffect: null });
    expect(clusteredWilson95(counts([[10, 10], [20, 20]]))).toEqual({ ...wilson95(30, 30), designEffect: null });
  });

  it('is never narrower than the binomial interval, and contains the estimate', () => {
    const rep = fc.tuple(fc.nat(30), fc.nat(30)).map(([a, extra]): [number, number] => [a, a + extra]);
    fc.assert(
      fc.property(fc.array(rep, { minLength: 2, maxLength: 30 }), (reps) => {
        const c = counts(reps);
        if (c.trials === 0) return;
        const r = clusteredWilson95(c);
        const plain = wilson95(c.events, c.trials);
        expect(r.lo).toBeLessThanOrEqual(plain.lo + 1e-12);
        expect(r.hi).toBeGreaterThanOrEqual(plain.hi - 1e-12);
        expect(r.lo).toBeLessThanOrEqual(c.events / c.trials + 1e-12);
        expect(r.hi).toBeGreaterThanOrEqual(c.events / c.trials - 1e-12);
      }),
    );
  });

  it('covers ~95% on clustered data where the binomial interval covers far less (beta-binomial clusters, deff ≈ 4)', () => {
    // Each replication draws its own rate from Beta(1, 9) (mean 0.1), then 30 trials at that rate: trials within a
    // replication share it, as a wave's starts share its storm. ρ = 1/(1 + 1 + 9) = 1/11, deff = 1 + 29ρ ≈ 3.6.
    const rng = seedrandom.alea('clustered-coverage');
    const gamma = (k: number): number => {
      // k is a whole number here: a sum of k exponentials.
      let s = 0;
      for (let i = 0; i < k; i++) s -= Math.log(1 - rng());
      return s;
    };
    const runs = 400;
    let clustered = 0;
    let binomial = 0;
    for (let run = 0; run < runs; run++) {
      const reps: Array<[number, number]> = [];
      for (let r = 0; r < 40; r++) {
        const x = gamma(1);
        const p = x / (x + gamma(9));
        let a = 0;
        for (let i = 0; i < 30; i++) if (rng() < p) a++;
        reps.push([a, 30]);
      }
      const c = counts(reps);
      const k = clusteredWilson95(c);
      const w = wilson95(c.events, c.trials);
      if (k.lo <= 0.1 && 0.1 <= k.hi) clustered++;
      if (w.lo <= 0.1 && 0.1 <= w.hi) binomial++;
    }
    // Measured (seeded, so fixed): 0.935 and 0.6775.
    expect(clustered / runs).toBeGreaterThan(0.92);
    expect(binomial / runs).toBeLessThan(0.8);
  });
});

describe('clusteredWilson at another level', () => {
  const c = { replications: 10, events: 50, trials: 100, eventsSquared: 500, eventsTimesTrials: 500, trialsSquared: 1000 };
  it('is clusteredWilson95 at tail 0.025 (with events), and wider at a smaller tail', () => {
    expect(clusteredWilson(c, 0.025)).toEqual(clusteredWilson95(c));
    const wide = clusteredWilson(c, 0.005);
    expect(wide.lo).toBeLessThan(clusteredWilson95(c).lo);
    expect(wide.hi).toBeGreaterThan(clusteredWilson95(c).hi);
  });
  it('with no event: the exact one-sided bound −ln(tail)/n; the reported 95% interval keeps the rule of three, 3/n', () => {
    const none = { ...c, events: 0, eventsSquared: 0, eventsTimesTrials: 0 };
    // At p = hi, no event in 100 trials has probability (1 − hi)^100 ≈ e^(−100·hi) = tail.
    expect(clusteredWilson(none, 0.005).hi).toBeCloseTo(-Math.log(0.005) / 100, 12);
    expect(clusteredWilson(none, 0.025).hi).toBeCloseTo(-Math.log(0.025) / 100, 12);
    expect(clusteredWilson95(none)).toEqual({ lo: 0, hi: 0.03, method: 'rule-of-three', designEffect: null });
  });
});
