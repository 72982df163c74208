/** How differences against a baseline are written: the same words in the dashboard, the reports and the CLI. */
import { describe, expect, it } from 'vitest';
import { PAIRED_MEANS, PAIRED_RATES, exactSplitP, significance } from '../../sim-core/compare';
import { COMPARED, fmtCompared, fmtDiff, fmtDifference, verdictOf } from '../../sim-core/report/comparisonText';
import { describeWithUnit } from '../../sim-core/report/describe';
import { FIELDS } from '../../sim-core/scenario/catalogue';

describe('fmtDiff', () => {
  it('an interval that excludes 0 does not read as reaching it', () => {
    expect(fmtDiff(-0.0005, 'rate')).toBe('−0.05 pts');
    expect(fmtDiff(-0.005, 'rate')).toBe('−0.5 pts');
    // Near 0, to the first significant digit: an interval end just below 0 keeps its sign.
    expect(fmtDiff(0.00004, 'rate')).toBe('+0.004 pts');
    expect(fmtDiff(-0.00004, 'rate')).toBe('−0.004 pts');
    expect(fmtDiff(1e-9, 'rate')).toBe('±0.0000 pts');
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

describe('fmtDifference', () => {
  it('formats a count difference and its interval to the decimals the difference needs, with thousands grouped', () => {
    expect(fmtDifference({ diff: -65, lo: -65, hi: -65 }, 'count')).toEqual({ diff: '−65.0', lo: '−65.0', hi: '−65.0', interval: 'the same in every wave' });
    expect(fmtDifference({ diff: 19662.6, lo: 19661.82, hi: 19663.38 }, 'count')).toEqual({ diff: '+19,663', lo: '+19,662', hi: '+19,663', interval: '+19,662 to +19,663' });
    expect(fmtDifference({ diff: -0.43, lo: -0.5, hi: -12.3 }, 'count')).toEqual({ diff: '−0.43', lo: '−0.50', hi: '−12.30', interval: '−0.50 to −12.30' });
    expect(fmtDifference({ diff: -0.05, lo: -0.06, hi: -0.04 }, 'rate')).toEqual({ diff: '−5.0 pts', lo: '−6.0 pts', hi: '−4.0 pts', interval: '−6.0 pts to −4.0 pts' });
  });

  it('gives a count difference more decimals (at most 4) where a bound would round to ±0, so its side of 0 shows', () => {
    expect(fmtDifference({ diff: -0.01, lo: -0.02, hi: 0.002 }, 'count').interval).toBe('−0.020 to +0.002');
    expect(fmtDifference({ diff: -0.01, lo: -0.02, hi: -0.0004 }, 'count')).toMatchObject({ diff: '−0.0100', interval: '−0.0200 to −0.0004' });
    // 0 itself, and what rounds away even at 4 decimals, stay as they were.
    expect(fmtDifference({ diff: -0.01, lo: -0.02, hi: 0 }, 'count').interval).toBe('−0.02 to 0');
    expect(fmtDifference({ diff: -0.01, lo: -0.02, hi: 1e-7 }, 'count').interval).toBe('−0.0200 to ±0.0000');
  });

  it('says a difference of no width was the same in every wave; one that only rounds to no width keeps its ends', () => {
    expect(fmtDifference({ diff: 43, lo: 43, hi: 43 }, 'count').interval).toBe('the same in every wave');
    expect(fmtDifference({ diff: 43, lo: 42.999999, hi: 43.000001 }, 'count').interval).toBe('+43.0 to +43.0');
  });

  it("writes a rate difference and its interval to the same decimals, the finest any of the three needs", () => {
    expect(fmtDifference({ diff: -0.002, lo: -0.004, hi: 0.0006 }, 'rate')).toEqual({ diff: '−0.20 pts', lo: '−0.40 pts', hi: '+0.06 pts', interval: '−0.40 pts to +0.06 pts' });
    expect(fmtDifference({ diff: 0.00004, lo: -0.00001, hi: 0.00009 }, 'rate')).toEqual({ diff: '+0.004 pts', lo: '−0.001 pts', hi: '+0.009 pts', interval: '−0.001 pts to +0.009 pts' });
    expect(fmtDifference({ diff: -0.2, lo: Number.NaN, hi: Number.NaN }, 'rate')).toEqual({ diff: '−20.0 pts', lo: '–', hi: '–', interval: '– to –' });
  });
});

describe('a field whose 0 is not a quantity', () => {
  it('reads "no limit" at 0 and its number with the unit otherwise', () => {
    const f = FIELDS.get('connector.handshakesPerInstance')!;
    expect(describeWithUnit(f, 0)).toBe('no limit');
    expect(describeWithUnit(f, 4)).toBe('4 handshakes');
  });
});

describe('a difference on a handful of events', () => {
  const d = (lo: number, hi: number) => ({ baseline: 0, proposal: 0.01, diff: 0.01, se: 0.001, lo, hi, replications: 400 });
  it('the exact conditional test: 0 of 4 events in one arm of two equal ones happens one time in eight', () => {
    expect(exactSplitP(0, 4, 0.5)).toBeCloseTo(0.125, 12);
    expect(exactSplitP(2, 4, 0.5)).toBeCloseTo(1, 12);
    expect(exactSplitP(0, 12, 0.5)).toBeCloseTo(2 * 0.5 ** 12, 12);
  });
  it('is significant only when the exact test agrees with the interval; from 10 events on, the interval decides', () => {
    expect(significance(d(1.7e-5, 0.02), [0, 4], [4000, 4000])).toBe(false);
    expect(verdictOf('breachRate', { ...d(1.7e-5, 0.02), significant: false }).text).toBe('too few events to tell');
    expect(significance(d(1e-3, 0.02), [0, 9], [4000, 4000])).toBe(true); // p = 2 · 0.5⁹ = 0.004
    expect(significance(d(1e-3, 0.02), [3, 7], [4000, 4000])).toBe(true); // 10 events: the interval alone
    expect(significance(d(-1e-3, 0.02), [0, 9], [4000, 4000])).toBe(false); // the interval reaches 0
  });
});

describe('fmtCompared', () => {
  it('writes a compared count to the decimals its size needs, like its difference', () => {
    expect([97, 29.88, 4, 0.17, 1234.5].map(fmtCompared)).toEqual(['97.0', '29.9', '4.00', '0.17', '1,235']);
  });
  it('never writes a positive count per wave as 0 (1 restart over 400 waves)', () => {
    expect([1 / 400, 0.005, 0].map(fmtCompared)).toEqual(['<0.01', '0.01', '0.00']);
  });
});

describe('verdictOf: better, worse, or a load that moved', () => {
  const sig = (diff: number) => ({ baseline: 10, proposal: 10 + diff, diff, se: 0.1, lo: diff - 0.2, hi: diff + 0.2, replications: 400, significant: true });
  it('judges rates and counts by their direction, and a load by none', () => {
    expect(verdictOf('breachRate', sig(-1))).toEqual({ text: 'lower: better', tone: 'good' });
    expect(verdictOf('healthyByHorizon', sig(-1))).toEqual({ text: 'lower: worse', tone: 'bad' });
    expect(verdictOf('peakPoolWaiters', sig(2))).toEqual({ text: 'higher: worse', tone: 'bad' });
    // A larger max_connections lets more connections through: more at the peak is not a worse Cloud SQL.
    expect(verdictOf('peakCloudSqlConnections', sig(43))).toEqual({ text: 'higher (a load, neither better nor worse in itself)', tone: 'neutral' });
    expect(verdictOf('peakConnectorInstances', sig(-1))).toEqual({ text: 'lower (a load, neither better nor worse in itself)', tone: 'neutral' });
  });
});
