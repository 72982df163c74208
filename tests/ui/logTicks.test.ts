/** Log-axis ticks (src/components/results/chartParts.tsx): enough labels over a wide or a narrow range. */
import { describe, expect, it } from 'vitest';
import { axisTicks, logTicks } from '../../src/components/results/chartParts';

describe('logTicks', () => {
  it('1, 2, 5 per decade with both ends', () => {
    expect(logTicks(1, 100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(logTicks(5, 100_000)).toEqual([5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000]);
  });
  it('every 1–9 within a decade when 1, 2, 5 leave too few', () => {
    expect(logTicks(12, 90)).toEqual([12, 20, 30, 40, 50, 60, 70, 80, 90]);
  });
  it('no NaN or zero for a degenerate range', () => {
    expect(logTicks(7, 7)).toEqual([7]);
    expect(logTicks(0, 10)).toEqual([]);
  });
});

describe('axisTicks', () => {
  it('from 0 to the first nice value at or above the top, whole steps for counts', () => {
    expect(axisTicks(104.8, true)).toEqual([0, 20, 40, 60, 80, 100, 120]);
    expect(axisTicks(100, true)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(axisTicks(2.3, true)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(0.93)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});
