/** Tooltip text in a series' colour must read at 4.5:1 on white (WCAG AA), however light the series is. */
import { describe, expect, it } from 'vitest';
import { C, contrastOnWhite, OI, readableOnWhite, STATE_STYLE } from '../../src/lib/palette';

describe('readableOnWhite', () => {
  it('known contrasts: black 21:1, white 1:1, the axis grey above 4.5:1', () => {
    expect(contrastOnWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastOnWhite('#ffffff')).toBeCloseTo(1, 5);
    expect(contrastOnWhite(C.axis)).toBeGreaterThan(4.5);
  });

  it('darkens every light series colour to 4.5:1 and leaves dark ones as they are', () => {
    const colours = [...Object.values(OI), ...Object.values(STATE_STYLE).map((s) => s.color), C.band, C.breached];
    for (const c of colours) expect(contrastOnWhite(readableOnWhite(c)), c).toBeGreaterThanOrEqual(4.5);
    expect(contrastOnWhite(OI.sky)).toBeLessThan(4.5); // the case that needed it
    expect(readableOnWhite(OI.blue)).toBe(OI.blue); // already 5.1:1
    expect(readableOnWhite(OI.black)).toBe(OI.black);
  });

  it('keeps the hue: the darkened colour is the same channels scaled down', () => {
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(readableOnWhite('#56B4E9').slice(i, i + 2), 16));
    expect(r / b).toBeCloseTo(0x56 / 0xe9, 1);
    expect(g / b).toBeCloseTo(0xb4 / 0xe9, 1);
  });

  it('a colour it cannot read (a gradient, none) gives the axis grey', () => {
    expect(readableOnWhite('url(#band)')).toBe(C.axis);
    expect(readableOnWhite(undefined)).toBe(C.axis);
  });
});
