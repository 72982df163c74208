import { describe, expect, it } from 'vitest';
import { wholeValuesNote } from '../../src/components/explore/inputs';
import { fieldOf } from '../../src/lib/exploreSettings';

describe('wholeValuesNote', () => {
  const pool = fieldOf('pool.poolSize');
  const axis = (from: number, to: number, steps: number, scale: 'linear' | 'log' = 'linear') => ({ field: 'pool.poolSize', from, to, steps, scale });
  it('names the whole values a sweep skips, and the steps that visit every one', () => {
    expect(wholeValuesNote(pool, axis(1, 12, 10), 40)).toBe('Visits 10 of the 12 whole values, skipping 4 and 9; 12 steps would visit every one.');
    expect(wholeValuesNote(pool, axis(1, 100, 10), 40)).toBe('Visits 10 of the 100 whole values from 1 to 100.');
    // Most skipped: the values visited are the shorter list.
    expect(wholeValuesNote(pool, axis(1, 30, 3), 40)).toBe('Visits 3 of the 30 whole values, 1, 16 and 30; 30 steps would visit every one.');
    // Many visited and many skipped: the skipped ones, cut short.
    expect(wholeValuesNote(pool, axis(1, 40, 19), 40)).toMatch(/^Visits 19 of the 40 whole values, skipping \d+, \d+, \d+, \d+, \d+ and 16 more; 40 steps/);
    expect(wholeValuesNote(pool, axis(1, 20, 12), 40)).toBe('Visits 12 of the 20 whole values, skipping 2, 5, 7, 9, 12 and 3 more; 20 steps would visit every one.');
  });
  it('says nothing when every value is visited, on a log axis, for a continuous field or an unparsed entry', () => {
    expect(wholeValuesNote(pool, axis(1, 12, 12), 40)).toBeNull();
    expect(wholeValuesNote(pool, axis(1, 5, 10), 40)).toBeNull();
    expect(wholeValuesNote(pool, axis(1, 12, 10, 'log'), 40)).toBeNull();
    expect(wholeValuesNote(fieldOf('timeouts.initialization'), { ...axis(1, 12, 10), field: 'timeouts.initialization' }, 40)).toBeNull();
    expect(wholeValuesNote(pool, { ...axis(1, 12, 10), steps: 'ten' }, 40)).toBeNull();
  });
});
