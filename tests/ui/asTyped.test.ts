/** Field messages name the value as the user typed it, not only as the scenario holds it. */
import { describe, expect, it } from 'vitest';
import { asTyped } from '../../src/components/controls/common';

describe('asTyped', () => {
  it('a value typed in another unit is named as typed, with the value in the field unit', () => {
    expect(asTyped('660 is out of range: allowed 0–600 s', '11 min', 660, 's')).toBe('11 min (660 s) is out of range: allowed 0–600 s');
  });
  it("a value typed in the field's own unit is not echoed twice", () => {
    expect(asTyped('-1 is out of range: allowed 0–600 s', '-1 s', -1, 's')).toBe('-1 s is out of range: allowed 0–600 s');
    expect(asTyped('-1 is out of range: allowed 0–600 s', ' -1 s ', -1, 's')).toBe('-1 s is out of range: allowed 0–600 s');
  });
  it('a plain number, or a message about something else, is left as it is', () => {
    expect(asTyped('700 is out of range: allowed 0–600 s', '700', 700, 's')).toBe('700 is out of range: allowed 0–600 s');
    expect(asTyped('must be below the cap', '11 min', 660, 's')).toBe('must be below the cap');
  });
});
