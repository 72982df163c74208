/**
 * What a number typed by a person means, in a dashboard field or a command-line flag alike.
 *
 * Decimal notation only: "12", "-0.5", ".5", "1e3", and thousands grouped by spaces or underscores ("10 000",
 * "10_000"). Refused: what `Number()` would quietly accept but nobody means in a capacity setting ("0x10",
 * "0b101", "0o17", "Infinity") and spaces that are not grouping ("1 2" is a typo, not 12).
 */
const DECIMAL = /^[+-]?(?:\d{1,3}(?:[ _\u00a0\u202f]\d{3})+|\d*)(?:\.\d*)?(?:[eE][+-]?\d+)?$/;

/** The number a field's text means, or null when it is not a finite decimal number. */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  const mantissa = t.replace(/[eE].*$/, '');
  if (!DECIMAL.test(t) || !/\d/.test(mantissa)) return null;
  const n = Number(t.replace(/[ _\u00a0\u202f]/g, ''));
  return Number.isFinite(n) ? n : null;
}
