/** Display formatting. Model time is seconds everywhere; units appear only here and on axes. */
import { FIELDS, rangeText } from '../../sim-core/scenario/catalogue';
import { perReplicationAdvice } from '../../sim-core/limits';
import { describeValue } from '../../sim-core/report/describe';
import type { Scenario } from '../../sim-core/scenario/schema';

// One formatter per digit count: building an Intl.NumberFormat costs far more than formatting with one, and
// charts format every tick on every render.
const formatters = new Map<number, Intl.NumberFormat>();
function nf(digits: number): Intl.NumberFormat {
  let f = formatters.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    formatters.set(digits, f);
  }
  return f;
}
const INT = nf(0);

export const fmtInt = (x: number) => INT.format(Math.round(x));

export function fmtNum(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '–';
  const abs = Math.abs(x);
  const d = abs >= 100 ? 0 : abs >= 10 ? Math.min(digits, 1) : digits;
  return nf(d).format(x);
}

/**
 * A number with at most `digits` decimals, never fewer than it needs: times on a grid (102.5 s must not read
 * "103", as fmtNum shows numbers of 100 and more).
 */
export function fmtFixed(x: number, digits = 1): string {
  return Number.isFinite(x) ? String(Number(x.toFixed(digits))) : '–';
}

/** A positive amount that would round to 0 shows as "<0.1" (at 1 digit): a count that happened is never "0". */
export function fmtPositive(x: number, digits = 1): string {
  const least = 10 ** -digits;
  return x > 0 && x < least / 2 ? `<${fmtNum(least, digits)}` : fmtNum(x, digits);
}

export { fmtPct } from '../../sim-core/report/percent';

/** Seconds for display: ms below 1 s, seconds up to 2 min, then min + s. */
export function fmtSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '–';
  if (s === 0) return '0 s';
  // Each unit's boundary is where the value rounds into the next (0.9996 s is 1 s, not 1,000 ms), and minutes
  // split the rounded whole seconds (179.6 s is 3 min 00 s, not 2 min 60 s).
  if (s < 0.9995) return `${fmtNum(s * 1000, 0)} ms`;
  if (s < 119.95) return `${fmtNum(s, 1)} s`;
  const total = Math.round(s);
  const m = Math.floor(total / 60);
  return `${m} min ${(total - m * 60).toString().padStart(2, '0')} s`;
}

/** A wall-clock duration: ms below 1 s, tenths of a second up to 2 min, then min + s (as fmtSeconds). */
export const fmtElapsed = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : fmtSeconds(ms / 1000));

/** An end of a range on the page: digits grouped from 10,000 ("5–100,000 connections"). */
export const fmtBound = (x: number): string => (Math.abs(x) >= 10_000 ? INT.format(x) : String(x));

/** Range text for a field, worded as validation words it: "1–5000 containers", "above 0 and up to 3600 s". */
export function fmtRange(min: number | undefined, max: number | undefined, unit: string, minExclusive = false): string {
  if (min === undefined || max === undefined) return unit;
  return rangeText({ min, max, unit, minExclusive }, fmtBound);
}

/** A count with its noun, singular for one: "1 replication", "2,000 replications" (as the CLI and report write it). */
export { plural as fmtCount } from '../../sim-core/report/count';

/** How a scenario reaches Cloud SQL when it has no Serverless VPC Access connector: "Direct VPC egress", "None (direct)". */
export function egressLabel(s: Scenario): string {
  return describeValue(FIELDS.get('connector.mode')!, s.connector.mode);
}

/** What to lower when one replication is too big, the fields named as the form names them: "Lower Containers starting, …, or shorten Horizon." */
export function perReplicationAdviceText(): string {
  const advice = perReplicationAdvice((key) => FIELDS.get(key)?.meta.label ?? key);
  return `${advice[0].toUpperCase()}${advice.slice(1)}.`;
}
