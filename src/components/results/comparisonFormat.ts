import type { PairedMetric } from '../../../sim-core/compare';
import type { PairedDifference } from '../../../sim-core/stats/pairedDifference';
import { fmtNum } from '../../lib/format';

/** A difference: percentage points for rates, plain for counts; signed. */
export function fmtDiff(x: number, kind: 'rate' | 'count'): string {
  if (!Number.isFinite(x)) return '–';
  const v = kind === 'rate' ? x * 100 : x;
  if (v === 0) return kind === 'rate' ? '0 pts' : '0';
  const abs = Math.abs(v);
  const digits = abs !== 0 && abs < 0.1 ? 2 : 1;
  const text = v.toFixed(digits);
  const sign = Number(text) === 0 ? '±' : v > 0 ? '+' : '−';
  return `${sign}${text.replace('-', '')}${kind === 'rate' ? ' pts' : ''}`;
}

/** Metrics where a higher value is better; for the rest lower is better. */
const HIGHER_IS_BETTER = new Set<PairedMetric>(['healthyByHorizon']);

/** Better, worse, or no significant change (the 95% interval contains 0). */
export function verdictOf(metric: PairedMetric, d: PairedDifference & { significant: boolean }): { text: string; tone: 'good' | 'bad' | 'neutral' } {
  if (!Number.isFinite(d.lo) || !Number.isFinite(d.hi)) return { text: d.replications < 2 ? 'too few replications for an interval' : 'no interval', tone: 'neutral' };
  if (!d.significant) return { text: 'no significant change', tone: 'neutral' };
  const better = HIGHER_IS_BETTER.has(metric) ? d.diff > 0 : d.diff < 0;
  return { text: `${d.diff < 0 ? 'lower' : 'higher'}: ${better ? 'better' : 'worse'}`, tone: better ? 'good' : 'bad' };
}

export const fmtCount = (x: number) => fmtNum(x, 2);
