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
  it('a plain number in another notation is named as typed, with the number it reads as', () => {
    expect(asTyped('1000000000 is out of range: allowed 1–5000 containers', '1e9', 1e9, 'containers')).toBe('1e9 (1000000000) is out of range: allowed 1–5000 containers');
    expect(asTyped('10000 is out of range: allowed 1–5000 containers', '10 000', 10_000, 'containers')).toBe('10 000 (10000) is out of range: allowed 1–5000 containers');
  });
  it('a plain number, or a message about something else, is left as it is', () => {
    expect(asTyped('700 is out of range: allowed 0–600 s', '700', 700, 's')).toBe('700 is out of range: allowed 0–600 s');
    expect(asTyped('must be below the cap', '11 min', 660, 's')).toBe('must be below the cap');
  });
});
