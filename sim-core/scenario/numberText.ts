/**
 * What a number typed by a person means, in a dashboard field or a command-line flag alike.
 *
 * Decimal notation only: "12", "-0.5" (or "−0.5"), ".5", "1e3", and thousands grouped by spaces or underscores ("10 000",
 * "10_000"). Refused: what `Number()` would quietly accept but nobody means in a capacity setting ("0x10",
 * "0b101", "0o17", "Infinity"), spaces that are not grouping ("1 2" is a typo, not 12), and commas (see commaHint).
 */
const DECIMAL = /^[+-]?(?:\d{1,3}(?:[ _\u00a0\u202f]\d{3})+|\d*)(?:\.\d*)?(?:[eE][+-]?\d+)?$/;

/** The value of text in decimal notation, ±Infinity when too large to hold; null when it is not decimal notation. */
function decimalValue(text: string): number | null {
  // The minus sign (U+2212) as this page and typeset text print it ("−0.5"), read as the hyphen-minus.
  const t = text.trim().replace(/\u2212/g, '-');
  const mantissa = t.replace(/[eE].*$/, '');
  if (!DECIMAL.test(t) || !/\d/.test(mantissa)) return null;
  return Number(t.replace(/[ _\u00a0\u202f]/g, ''));
}

/** The number a field's text means, or null when it is not a finite decimal number. */
export function parseDecimal(text: string): number | null {
  const n = decimalValue(text);
  return n !== null && Number.isFinite(n) ? n : null;
}

/**
 * Why a number written out in full is refused when it is too large to hold ("1" and 400 zeros, a 5,000-digit paste):
 * ' (past the largest number, about 1.8e308)', else ''.
 */
export function overflowHint(text: unknown): string {
  const n = typeof text === 'string' ? decimalValue(text) : null;
  return n === Infinity || n === -Infinity ? ' (past the largest number, about 1.8e308)' : '';
}

/**
 * Why "1,000" is refused, to say where it is refused: a comma is a thousands separator to some readers and a
 * decimal mark to others ("1,000" is one in much of Europe), so no field guesses. '' when the text has no comma
 * between digits.
 */
export function commaHint(text: unknown): string {
  return typeof text === 'string' && /\d,\d/.test(text) ? ' (a comma is ambiguous: write thousands as 1000 or 1 000, decimals with a point)' : '';
}

/**
 * Why "12" (in quotes) is refused where a number goes: a scenario from a file or a link holding a number as text. The
 * form never stores typed digits as text, so this names how the file or link wrote it. '' for any other value.
 */
export function quotedNumberHint(value: unknown): string {
  if (typeof value !== 'string') return '';
  const n = parseDecimal(value);
  return n !== null && Number.isFinite(n) ? ` (a number in quotes is text: a scenario writes it without them, ${n}; typed again in the form it is read as a number)` : '';
}

/** Units a time may be typed in, as seconds per unit ("2m" and "1h" as Go and Kubernetes durations write them). */
const TIME_UNITS: Record<string, number> = {
  ms: 0.001, s: 1, sec: 1, secs: 1, second: 1, seconds: 1, m: 60, min: 60, mins: 60, minute: 60, minutes: 60, h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
};

/** A time typed with letters after its number ("2 min", "90 sek"), for a field in seconds. */
const withUnitWord = (text: unknown, unit: string | undefined): text is string => unit === 's' && typeof text === 'string' && /\d\s*[a-zA-Z]+\s*$/.test(text);

/** Why a time with a unit no flag reads ("90 sek", "2 d") is refused: the units flags read; '' otherwise. */
export function timeUnitHint(text: unknown, unit: string | undefined): string {
  if (!withUnitWord(text, unit) || parseQuantity(text, 's') !== null) return '';
  return ' (a time is written in ms, s, min or h, e.g. "2 min")';
}

/**
 * The same for a scenario value (a file, a link, the form's text): JSON holds a time as a number of seconds, so "2 min"
 * there is told its number (120); the form reads units before validation, so what reaches this is a unit it does not.
 */
export function secondsHint(text: unknown, unit: string | undefined): string {
  if (!withUnitWord(text, unit)) return '';
  const seconds = parseQuantity(text, 's');
  return seconds !== null
    ? ` (a scenario holds a time as a number of seconds: ${seconds})`
    : ' (a time is a number of seconds; the form and the command line also read ms, s, min or h, e.g. "2 min")';
}

/** Units of fields that hold a share of 1 (a probability, a utilisation threshold): they also read a percentage. */
const FRACTION_UNITS: ReadonlySet<string> = new Set(['probability', 'fraction']);

/**
 * A quantity typed into a field whose unit is `unit`: a decimal number, or for a time (unit `s`) a number with
 * the unit an SRE would write ("5 s", "500ms", "2 min"), read in seconds, or for a share of 1 a percentage
 * ("70%" is 0.7). Null when it is neither.
 * @example parseQuantity('2 min', 's') // 120
 * @example parseQuantity('70 %', 'fraction') // 0.7
 */
export function parseQuantity(text: string, unit: string): number | null {
  const plain = parseDecimal(text);
  if (plain !== null) return plain;
  if (FRACTION_UNITS.has(unit)) {
    const pct = /^\s*(.+?)\s*%\s*$/.exec(text);
    const n = pct ? parseDecimal(pct[1]) : null;
    return n === null ? null : Number((n / 100).toPrecision(12));
  }
  if (unit !== 's') return null;
  const m = /^(.*?\d)\s*([a-zA-Z]+)\s*$/.exec(text.trim());
  const per = m ? TIME_UNITS[m[2].toLowerCase()] : undefined;
  const n = m && per !== undefined ? parseDecimal(m[1]) : null;
  return n === null ? null : Number((n * per!).toPrecision(12));
}
