import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addExact, assertSafeInteger, bigRatio, mulExact } from '../../sim-core/stats/safeInt';
import { StatsError } from '../../sim-core/stats/errors';

describe('safe-integer arithmetic', () => {
  it('adds and multiplies exactly inside the safe range', () => {
    expect(addExact(Number.MAX_SAFE_INTEGER - 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(addExact(-Number.MAX_SAFE_INTEGER, 0)).toBe(-Number.MAX_SAFE_INTEGER);
    expect(mulExact(94906265, 94906265)).toBe(9007199136250225); // 94906265² < 2^53 − 1 = 9007199254740991
    expect(Object.is(mulExact(0, -3), 0)).toBe(true); // no -0
  });

  it('throws a StatsError rather than rounding when a result leaves the safe range', () => {
    expect(() => addExact(Number.MAX_SAFE_INTEGER, 1)).toThrow(StatsError);
    expect(() => addExact(Number.MAX_SAFE_INTEGER, 1)).toThrow(/safe-integer range/);
    expect(() => addExact(-Number.MAX_SAFE_INTEGER, -1)).toThrow(StatsError);
    expect(() => mulExact(94906266, 94906266)).toThrow(/safe-integer range/); // 94906266² > 2^53 − 1
    expect(() => mulExact(2 ** 27, 2 ** 26)).toThrow(StatsError); // exactly 2^53: not safe
  });

  it('names the offending value', () => {
    expect(() => assertSafeInteger(0.5, 'count')).toThrow('count must be a safe integer, got 0.5');
    expect(assertSafeInteger(-7, 'x')).toBe(-7);
  });

  it('bigRatio rounds exact integer ratios once, NaN for a zero denominator', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 40 }), (a, b) =>
        Object.is(bigRatio(BigInt(a), BigInt(b)), a / b === 0 ? 0 : a / b), // both sides exact inputs: one correct rounding
      ),
    );
    expect(bigRatio(1n, 3n)).toBe(1 / 3);
    expect(bigRatio(10n ** 40n, 10n ** 39n)).toBe(10); // converting each side first would give 10.000000000000002
    expect(bigRatio(-7n, 2n)).toBe(-3.5);
    expect(bigRatio(2n ** 200n + 1n, 2n ** 200n)).toBe(1); // correctly rounded: 1 + 2^-200 → 1
    expect(bigRatio(3n * 2n ** 100n, -(2n ** 101n))).toBe(-1.5);
    expect(bigRatio(1n, 0n)).toBeNaN();
  });
});
