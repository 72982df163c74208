/** ArrowUp / ArrowDown in a number field (src/lib/stepNumber.ts): small readable steps, inside the field's range. */
import { describe, expect, it } from 'vitest';
import { steppedText } from '../../src/lib/stepNumber';

describe('steppedText', () => {
  it('steps whole numbers by 1, others by a unit of the digit below the leading one; Shift ten times as far', () => {
    expect(steppedText('12', 1, { integer: true })).toBe('13');
    expect(steppedText('12', -1, { integer: true }, true)).toBe('2');
    expect(steppedText('75', 1, {})).toBe('76');
    expect(steppedText('1.5', 1, {})).toBe('1.6');
    expect(steppedText('0.5', -1, {})).toBe('0.49');
    expect(steppedText('0.3', 1, {}, true)).toBe('0.4');
    expect(steppedText('0', 1, {})).toBe('0.1');
    // Grouped thousands and the typeset minus are read as typed elsewhere.
    expect(steppedText('10 000', 1, { integer: true })).toBe('10001');
  });

  it('stays inside the range, and leaves alone what is not a plain number or cannot move', () => {
    expect(steppedText('5000', 1, { integer: true, min: 1, max: 5000 })).toBeNull();
    expect(steppedText('4995', 1, { integer: true, min: 1, max: 5000 }, true)).toBe('5000');
    expect(steppedText('1', -1, { integer: true, min: 1 })).toBeNull();
    // Out of range already (typed): the step brings it back in.
    expect(steppedText('9000', -1, { integer: true, min: 1, max: 5000 })).toBe('5000');
    // Above 0 only: 0.01 does not step down to 0.
    expect(steppedText('0.01', -1, { min: 0, minExclusive: true }, true)).toBeNull();
    expect(steppedText('2 min', 1, {})).toBeNull();
    expect(steppedText('7,5', 1, {})).toBeNull();
    expect(steppedText('', 1, {})).toBeNull();
  });
});
