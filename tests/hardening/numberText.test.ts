import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../sim-core/scenario/numberText';
import { parseNum } from '../../src/lib/exploreSettings';

describe('parseDecimal: what a number field accepts', () => {
  it.each([
    ['12', 12],
    [' 12 ', 12],
    ['-0.5', -0.5],
    ['+3', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['1e2', 100],
    ['2.5E-1', 0.25],
    ['10 000', 10000],
    ['10_000', 10000],
    ['1 000 000.5', 1000000.5],
    ['0', 0],
    ['007', 7],
  ])('%j is %d', (text, n) => {
    expect(parseDecimal(text)).toBe(n);
  });

  it.each(['', ' ', '-', '.', 'e5', '1e', 'abc', '12abc', '1,000', '1 2', '10 00', '0x10', '0b101', '0o17', 'Infinity', '-Infinity', 'NaN', '1e400', '1..2', '--1'])(
    '%j is not a number',
    (text) => {
      expect(parseDecimal(text)).toBeNull();
    },
  );

  it('the What-if settings read numbers the same way (and keep other text as typed)', () => {
    expect(parseNum('10 000')).toBe(10000);
    expect(parseNum('0x10')).toBe('0x10');
  });
});
