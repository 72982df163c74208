import { describe, expect, it } from 'vitest';
import { TimeWeighted } from '../../sim-core/stats/timeWeighted';
import { StatsError } from '../../sim-core/stats/errors';

describe('TimeWeighted', () => {
  it('integral, mean and max of a step function (computed by hand: 0·2 + 3·3 + 1·5 = 14 over 10 s)', () => {
    const tw = new TimeWeighted(0, 0);
    tw.set(2, 3).set(5, 1);
    expect(tw.integral(10)).toBe(14);
    expect(tw.mean(10)).toBe(1.4);
    expect(tw.max).toBe(3);
    expect(tw.value).toBe(1);
    expect(tw.time).toBe(5);
  });

  it('reading integral or mean does not change state, so it can be read mid-run', () => {
    const tw = new TimeWeighted(0, 2);
    expect(tw.integral(3)).toBe(6);
    expect(tw.integral(4)).toBe(8);
    tw.set(4, 0);
    expect(tw.integral(10)).toBe(8);
  });

  it('occupancy by +1/−1 deltas (by hand: 1 busy over [1,3), 2 over [2,3) → area 3 over 4 s)', () => {
    const tw = new TimeWeighted();
    tw.add(1, +1).add(2, +1).add(3, -1).add(3, -1);
    expect(tw.integral(4)).toBe(3);
    expect(tw.mean(4)).toBe(0.75);
    expect(tw.max).toBe(2);
    expect(tw.value).toBe(0);
  });

  it('non-zero start time: the mean is over [start, until]', () => {
    const tw = new TimeWeighted(10, 4);
    tw.set(12, 0);
    expect(tw.mean(14)).toBe(2); // 4·2 / 4
    expect(new TimeWeighted(5, 7).mean(5)).toBe(7); // empty window → the current level
  });

  it('the initial level counts towards max, also when negative values follow', () => {
    const tw = new TimeWeighted(0, 5);
    tw.set(1, -2);
    expect(tw.max).toBe(5);
  });

  it('rejects time running backwards and non-finite input, naming the value', () => {
    const tw = new TimeWeighted(0, 0).set(5, 1);
    expect(() => tw.set(4, 2)).toThrow('time 4 is before the latest update at 5');
    expect(() => tw.integral(4.9)).toThrow(StatsError);
    expect(() => tw.set(6, Number.NaN)).toThrow('value must be finite, got NaN');
    expect(() => new TimeWeighted(Number.POSITIVE_INFINITY)).toThrow(/startTime/);
    expect(tw.value).toBe(1); // failed calls left it unchanged
  });
});
