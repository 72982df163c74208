/** How differences against a baseline are written: the same words in the dashboard, the reports and the CLI. */
import { describe, expect, it } from 'vitest';
import { PAIRED_MEANS, PAIRED_RATES } from '../../sim-core/compare';
import { COMPARED, fmtDiff } from '../../sim-core/report/comparisonText';

describe('fmtDiff', () => {
  it('an interval that excludes 0 does not read as reaching it', () => {
    expect(fmtDiff(-0.0005, 'rate')).toBe('−0.05 pts');
    expect(fmtDiff(-0.005, 'rate')).toBe('−0.5 pts');
    expect(fmtDiff(0.00004, 'rate')).toBe('±0.00 pts');
    expect(fmtDiff(0, 'rate')).toBe('0 pts');
  });
  it('counts per wave keep two decimals, so an estimate is not written as an end of its interval', () => {
    expect([fmtDiff(-0.43, 'count'), fmtDiff(-0.49, 'count'), fmtDiff(-0.36, 'count')]).toEqual(['−0.43', '−0.49', '−0.36']);
    expect(fmtDiff(Number.NaN, 'count')).toBe('–');
  });
  it('every paired metric has exactly one row', () => {
    expect(COMPARED.map((c) => c.metric).sort()).toEqual([...Object.keys(PAIRED_RATES), ...Object.keys(PAIRED_MEANS)].sort());
  });
});
