/**
 * When each container starts: the wave's pattern, plus a uniform 0–jitter s delay drawn from the
 * container's own stream. Constant base (tests/helpers/scenario.ts), 5 containers.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { handScenario } from '../helpers/scenario';

const startsOf = (pattern: object, jitter = 0) =>
  runReplication(handScenario({ wave: { containers: 5, pattern, jitter } }), 0, true).records!
    .filter((r) => r.attempt === 0)
    .map((r) => r.start);

describe('start patterns', () => {
  it('all at once: every container at 0', () => {
    expect(startsOf({ kind: 'all-at-once' })).toEqual([0, 0, 0, 0, 0]);
  });

  it('batches of 2 every 10 s: 0, 0, 10, 10, 20', () => {
    expect(startsOf({ kind: 'batches', size: 2, interval: 10 })).toEqual([0, 0, 10, 10, 20]);
  });

  it('a ramp over 100 s: i · 100 / 5 = 0, 20, 40, 60, 80', () => {
    expect(startsOf({ kind: 'ramp', duration: 100 })).toEqual([0, 20, 40, 60, 80]);
  });

  it('Poisson: the first at 0, then increasing gaps drawn from the wave stream', () => {
    const t = startsOf({ kind: 'poisson', rate: 0.1 });
    expect(t[0]).toBe(0);
    for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]);
  });
});

describe('jitter', () => {
  it('delays each start by a uniform draw in [0, jitter), independent of the pattern', () => {
    const plain = startsOf({ kind: 'batches', size: 2, interval: 10 });
    const jittered = startsOf({ kind: 'batches', size: 2, interval: 10 }, 30);
    const delays = jittered.map((t, i) => t - plain[i]);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(30);
    }
    // The draw is the container stream's first number, made even at jitter 0: the same for any pattern.
    const rampJittered = startsOf({ kind: 'ramp', duration: 100 }, 30);
    const rampPlain = startsOf({ kind: 'ramp', duration: 100 });
    rampJittered.forEach((t, i) => expect(t - rampPlain[i]).toBeCloseTo(delays[i], 9));
  });
});
