import { describe, expect, it } from 'vitest';
import { adaptivePlanner, halfWidth, nextTotal, type AdaptiveRule, type RateCounts } from '../../sim-core/explore/adaptive';
import { drive, inProcessExecutor, type WorkUnit } from '../../sim-core/explore/work';
import { runRange, simulate } from '../../sim-core/run';
import { withReplications } from '../../sim-core/explore/points';
import type { Scenario } from '../../sim-core/scenario/schema';
import { HEALTHY, recordingExecutor } from './fixtures';

function planner(s: Scenario, rule: AdaptiveRule, block = 100) {
  const p = adaptivePlanner(s, rule, block);
  if (!p.ok) throw new Error(p.message);
  return p.value;
}

/** Counts of `replications` replications sharing `starts` and `breaches` as evenly as whole numbers allow. */
function even(replications: number, starts: number, breaches: number): RateCounts {
  const c = { replications, starts, breaches, breachesSquared: 0, breachesTimesStarts: 0, startsSquared: 0 };
  for (let r = 0; r < replications; r++) {
    const n = Math.floor((starts * (r + 1)) / replications) - Math.floor((starts * r) / replications);
    const a = Math.floor((breaches * (r + 1)) / replications) - Math.floor((breaches * r) / replications);
    c.breachesSquared += a * a;
    c.breachesTimesStarts += a * n;
    c.startsSquared += n * n;
  }
  return c;
}

describe('nextTotal', () => {
  const rule: AdaptiveRule = { halfWidth: 0.005, maxReplications: 10_000, initialReplications: 100 };

  it('starts with the initial count and stops once the half-width is below the goal', () => {
    expect(nextTotal(rule, even(0, 0, 0))).toBe(100);
    // 0 of 1000 starts: rule of three [0, 0.003], half-width 0.0015 < 0.005.
    expect(nextTotal(rule, even(100, 1000, 0))).toBeNull();
  });

  it('aims at the count the estimate needs, growing 1.25× to 4× per round, never past the cap', () => {
    // p ≈ 0.1 on 300 starts: needs ≈ 1.96² · 0.1 · 0.9 / 0.005² ≈ 13,830 starts, ≈ 4,600 replications: capped at 4×.
    expect(nextTotal(rule, even(100, 300, 30))).toBe(400);
    // Nearly there: at least 1.25×.
    const near = even(1000, 20_000, 200);
    expect(halfWidth(near)).toBeGreaterThan(0.00135); // ≈ 1.96 · √(0.01 · 0.99 / 20000) = 0.00138
    expect(nextTotal({ ...rule, halfWidth: 0.00135 }, near)).toBe(1250); // estimate ≈ 1,159 < 1.25 × 1000
    expect(nextTotal(rule, even(9000, 9000, 4500))).toBe(10_000);
    expect(nextTotal(rule, even(10_000, 10_000, 5000))).toBeNull();
  });
});

describe('AdaptivePlanner', () => {
  it('stops at the first round whose 95% half-width is below the goal, and equals a fixed run of that count', async () => {
    const rule = { halfWidth: 0.01, maxReplications: 5000, initialReplications: 50 };
    const batches: WorkUnit[][] = [];
    const p = planner(HEALTHY.scenario, rule, 37);
    const r = await drive(p, recordingExecutor(batches));
    expect(r.reached).toBe(true);
    expect(r.halfWidth).toBeLessThan(rule.halfWidth);
    expect(r.rounds).toBe(batches.length);
    expect(r.rounds).toBeGreaterThan(1);
    // The round before the last had not reached the goal.
    const before = batches.at(-1)![0].from;
    expect(halfWidth(runRange(HEALTHY.scenario, 0, before).counts)).toBeGreaterThanOrEqual(rule.halfWidth);
    // Same numbers as a fixed run of the final count.
    expect(JSON.stringify(r.summary)).toBe(JSON.stringify(simulate(withReplicationsOrThrow(HEALTHY.scenario, r.replications))));
  });

  it('stops at the cap when the goal is out of reach, and says so', async () => {
    const r = await drive(planner(HEALTHY.scenario, { halfWidth: 0.0001, maxReplications: 150, initialReplications: 50 }), inProcessExecutor);
    expect(r).toMatchObject({ reached: false, replications: 150 });
  });

  it('rejects a nonsense rule', () => {
    expect(adaptivePlanner(HEALTHY.scenario, { halfWidth: 0, maxReplications: 10 }).ok).toBe(false);
    expect(adaptivePlanner(HEALTHY.scenario, { halfWidth: 0.01, maxReplications: 0 }).ok).toBe(false);
  });
});

function withReplicationsOrThrow(s: Scenario, n: number): Scenario {
  const r = withReplications(s, n);
  if (!r.ok) throw new Error('invalid');
  return r.scenario;
}

describe('halfWidth', () => {
  it('is the longer side of the interval from the estimate, so rate ± H holds on both sides', async () => {
    const { wilson95 } = await import('../../sim-core/stats/wilson');
    for (const [breaches, starts] of [[26, 1000], [0, 500], [5, 100], [500, 1000], [990, 1000]]) {
      const hw = halfWidth(even(1, starts, breaches));
      const ci = wilson95(breaches, starts);
      const p = breaches / starts;
      expect(hw).toBeLessThanOrEqual(ci.hi - ci.lo); // never more than the whole width
      expect(ci.hi - p).toBeLessThanOrEqual(hw);
      expect(p - ci.lo).toBeLessThanOrEqual(hw);
    }
    // Below 50% the upper side is the longer: half the width would understate it.
    const ci = wilson95(26, 1000);
    expect(halfWidth(even(1, 1000, 26))).toBeGreaterThan((ci.hi - ci.lo) / 2);
  });
});
