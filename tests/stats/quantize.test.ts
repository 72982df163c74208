import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Quantizer } from '../../sim-core/stats/quantize';
import { StatsError } from '../../sim-core/stats/errors';

describe('Quantizer', () => {
  it('rounds to the nearest grid point, half toward +∞ (Math.round)', () => {
    const q = new Quantizer(1e-3);
    expect(q.toInt(0.0125)).toBe(13);
    expect(q.toInt(0.0124)).toBe(12);
    expect(q.toInt(-0.0125)).toBe(-12);
    expect(Object.is(q.toInt(-0.0001), 0)).toBe(true); // canonical 0, not -0
    expect(new Quantizer(1).toInt(2.5)).toBe(3);
  });

  it('converts back by dividing by 1/resolution when that is whole, so decimals print as written', () => {
    const q = new Quantizer(1e-3);
    expect(q.toValue(13)).toBe(0.013);
    expect(q.toValue(300)).toBe(0.3); // 300 × 1e-3 would also do here, 3 × 0.1 would not: 0.30000000000000004
    expect(new Quantizer(0.1).toValue(3)).toBe(0.3);
    expect(new Quantizer(0.25).toValue(6)).toBe(1.5);
    expect(new Quantizer(3).toValue(2)).toBe(6); // 1/3 is not whole: multiplies
  });

  it('round-trips grid values exactly', () => {
    const q = new Quantizer(1e-3);
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), (k) => q.toInt(q.toValue(k)) === k));
  });

  it('rejects nonsense, naming the value', () => {
    expect(() => new Quantizer(0)).toThrow('resolution must be a positive finite number, got 0');
    expect(() => new Quantizer(-1)).toThrow(StatsError);
    expect(() => new Quantizer(1).toInt(Number.NaN)).toThrow('value must be finite, got NaN');
    expect(() => new Quantizer(1e-9).toInt(1e10)).toThrow(/safe-integer range/);
  });
});
