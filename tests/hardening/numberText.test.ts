import { describe, expect, it } from 'vitest';
import { parseDecimal, parseQuantity } from '../../sim-core/scenario/numberText';
import { parseNum } from '../../src/lib/exploreSettings';
import { unitAt } from '../../sim-core/scenario/catalogue';

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
    // A What-if entry for a time reads its unit as the sidebar does; another keeps the text.
    expect(parseNum('2 min', 's')).toBe(120);
    expect(parseNum('2 min', 'containers')).toBe('2 min');
  });
});

describe('parseQuantity: a time typed with its unit', () => {
  it('reads ms, s and min for a field in seconds, and only there', () => {
    expect(parseQuantity('5 s', 's')).toBe(5);
    expect(parseQuantity('500ms', 's')).toBe(0.5);
    expect(parseQuantity('2 min', 's')).toBe(120);
    expect(parseQuantity('1.5 Minutes', 's')).toBe(90);
    expect(parseQuantity('75', 's')).toBe(75);
    // Not a time unit, not a time field, or no number: not a quantity.
    expect(parseQuantity('5 h', 's')).toBeNull();
    expect(parseQuantity('5 s', 'connections')).toBeNull();
    expect(parseQuantity('s', 's')).toBeNull();
    expect(parseQuantity('0x10 s', 's')).toBeNull();
  });
  it('knows the unit of a field and of a distribution or pattern parameter', () => {
    expect(unitAt(['timeouts', 'initialization'])).toBe('s');
    expect(unitAt(['wave', 'containers'])).toBe('containers');
    expect(unitAt(['phase3', 'tableSetup', 'median'])).toBe('s');
    expect(unitAt(['wave', 'pattern', 'interval'])).toBe('s');
  });
});
