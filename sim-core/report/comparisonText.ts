import type { ComparedDifference, PairedMetric } from '../compare';
import type { PairedDifference } from '../stats/pairedDifference';

/**
 * How a comparison against a baseline is worded, in one place for the dashboard, the print view, the Markdown
 * report and the CLI: which metrics, their labels, how a difference is written, and the verdict.
 */
export const COMPARED: ReadonlyArray<{ metric: PairedMetric; label: string; kind: 'rate' | 'count' }> = [
  { metric: 'breachRate', label: 'Phase 3 breach rate', kind: 'rate' },
  { metric: 'firstAttemptBreachRate', label: 'Breach rate, first attempts', kind: 'rate' },
  { metric: 'healthyByHorizon', label: 'Containers healthy by the horizon', kind: 'rate' },
  { metric: 'exitCode3', label: 'Exit-3 starts per wave', kind: 'count' },
  { metric: 'restarts', label: 'Restarts per wave', kind: 'count' },
  { metric: 'peakCloudSqlConnections', label: 'Peak Cloud SQL connections', kind: 'count' },
  { metric: 'peakConnectorUtilisation', label: 'Peak connector utilisation', kind: 'rate' },
  { metric: 'peakConnectorInstances', label: 'Peak connector instances', kind: 'count' },
  { metric: 'peakPoolWaiters', label: 'Peak pool waiters', kind: 'count' },
];

/**
 * A signed difference: percentage points for rates (one decimal; below 0.1, to the first significant digit, at
 * least two decimals and at most four); counts to two decimals, one from
 * 10, none from 100 (−65.0 and +19,663, not −65.00 and +19662.60); or to `digits` when given; "±0" only for
 * what rounds to zero, so an interval that excludes 0 never reads as reaching it unless it nearly does.
 * @example fmtDiff(-0.0005, 'rate') // "−0.05 pts"
 * @example fmtDiff(-0.00004, 'rate') // "−0.004 pts"
 * @example fmtDiff(19662.6, 'count') // "+19,663"
 */
export function fmtDiff(x: number, kind: 'rate' | 'count', fixedDigits?: number): string {
  if (!Number.isFinite(x)) return '–';
  const v = kind === 'rate' ? x * 100 : x;
  if (v === 0) return kind === 'rate' ? '0 pts' : '0';
  const digits = fixedDigits ?? (kind === 'rate' ? digitsForPoints(v) : digitsForCount(v));
  const text = Math.abs(v).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const sign = Number(v.toFixed(digits)) === 0 ? '±' : v > 0 ? '+' : '−';
  return `${sign}${text}${kind === 'rate' ? ' pts' : ''}`;
}

const digitsForCount = (v: number) => (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2);
/** Percentage points: one decimal; below 0.1, the first significant digit (−0.004 pts, not ±0.00), 2 to 4 decimals. */
const digitsForPoints = (v: number) => (v === 0 || Math.abs(v) >= 0.1 ? 1 : Math.min(4, Math.max(2, -Math.floor(Math.log10(Math.abs(v))))));

/**
 * A count per wave (a mean over waves) to the decimals its size needs, as its difference: 97.0, 29.9, 4.00, 1,234;
 * a positive mean too small for two decimals is "<0.01", never a "0.00" beside a count of 1 over 400 waves.
 */
export function fmtCompared(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x > 0 && x < 0.005) return '<0.01';
  const digits = digitsForCount(x);
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * A difference and its interval as "Δ (lo to hi)" parts (`interval` is "lo to hi", or says the difference was the
 * same in every wave), all three to the same decimals: a count's as its
 * difference's size needs; a rate's as the finest of the three needs (−0.20 pts (−0.40 to +0.06), not −0.2 (−0.4 to +0.06)).
 */
export function fmtDifference(d: { diff: number; lo: number; hi: number }, kind: 'rate' | 'count'): { diff: string; lo: string; hi: string; interval: string } {
  const finite = [d.diff, d.lo, d.hi].filter(Number.isFinite);
  const digits =
    kind === 'rate' ? Math.max(1, ...finite.map((x) => digitsForPoints(x * 100))) : countDigits(d);
  const [diff, lo, hi] = [fmtDiff(d.diff, kind, digits), fmtDiff(d.lo, kind, digits), fmtDiff(d.hi, kind, digits)];
  // An interval of no width: every paired wave differed by exactly this much (peak connections at a fixed
  // 12 × 10 + 20 in both), which "+43.0 to +43.0" would leave looking like a bug.
  const interval = Number.isFinite(d.lo) && d.lo === d.hi ? SAME_EVERY_WAVE : `${lo} to ${hi}`;
  return { diff, lo, hi, interval };
}

/**
 * A count difference's decimals: its size's, or more (at most 4) where a bound that is not 0 would round to ±0 at
 * those, so that "−0.010 (−0.020 to +0.002)" shows which side of 0 the interval ends on (not "to ±0.00").
 */
function countDigits(d: { diff: number; lo: number; hi: number }): number {
  let digits = Number.isFinite(d.diff) ? digitsForCount(d.diff) : 2;
  for (const x of [d.lo, d.hi])
    if (Number.isFinite(x) && x !== 0 && Number(x.toFixed(digits)) === 0) digits = Math.max(digits, Math.min(4, -Math.floor(Math.log10(Math.abs(x)))));
  return digits;
}

/** The interval text of a difference that is exactly the same in every paired wave. */
export const SAME_EVERY_WAVE = 'the same in every wave';

/** Metrics where a higher value is better; for the rest lower is better, except the loads below. */
const HIGHER_IS_BETTER = new Set<PairedMetric>(['healthyByHorizon']);

/**
 * Loads with no better direction of their own: more Cloud SQL connections at the peak is what a larger
 * max_connections or more healthy containers give (a fix), as well as what a storm gives; more connector instances
 * is the connector scaling to what it is asked. Their headroom is judged elsewhere (the card's "/ N usable", the
 * utilisation, the refusals), so their verdict says which way they moved, without a tone.
 */
const LOADS = new Set<PairedMetric>(['peakCloudSqlConnections', 'peakConnectorInstances']);

/** Better, worse, or no significant change (the 95% interval contains 0, or too few events for it to be trusted). */
export function verdictOf(metric: PairedMetric, d: Pick<ComparedDifference, keyof PairedDifference | 'significant'>): { text: string; tone: 'good' | 'bad' | 'neutral' } {
  if (!Number.isFinite(d.lo) || !Number.isFinite(d.hi)) return { text: d.replications < 2 ? 'too few replications for an interval' : 'no interval', tone: 'neutral' };
  if (!d.significant) return { text: d.lo > 0 || d.hi < 0 ? 'too few events to tell' : 'no significant change', tone: 'neutral' };
  if (LOADS.has(metric)) return { text: `${d.diff < 0 ? 'lower' : 'higher'} (a load, neither better nor worse in itself)`, tone: 'neutral' };
  const better = HIGHER_IS_BETTER.has(metric) ? d.diff > 0 : d.diff < 0;
  return { text: `${d.diff < 0 ? 'lower' : 'higher'}: ${better ? 'better' : 'worse'}`, tone: better ? 'good' : 'bad' };
}
