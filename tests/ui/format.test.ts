import { describe, expect, it } from 'vitest';
import { fmtCount, fmtPct, fmtPositive, fmtSeconds } from '../../src/lib/format';
import { pct } from '../../sim-core/cli/exploreArgs';

describe('display formatting', () => {
  it('a positive amount too small to show at the digits asked is "<0.1", never "0"', () => {
    expect(fmtPositive(0.0075, 1)).toBe('<0.1');
    expect(fmtPositive(0.05, 1)).toBe('0.1');
    expect(fmtPositive(2.34, 1)).toBe('2.3');
    expect(fmtPositive(0, 1)).toBe('0');
    expect(fmtPositive(0.004, 2)).toBe('<0.01');
  });
  it('small rates keep digits; 100% only when it rounds there', () => {
    expect(fmtPct(0.0004)).toBe('0.04%');
    expect(fmtPct(0.671)).toBe('67.1%');
    expect(fmtPct(0.99999)).toBe('100%');
    expect(fmtPct(0.99978)).toBe('99.98%');
    // Near 1%, the digits follow the value as it prints: 0.99996% rounds to 1.0%, as 1% prints, not 1.00%.
    expect(fmtPct(0.0099996)).toBe('1.0%');
    expect(fmtPct(0.00994)).toBe('0.99%');
    // A rate that is not 0 never prints as 0: one breach in 40,000 starts keeps two significant digits.
    expect(fmtPct(0.000025)).toBe('0.0025%');
    expect(fmtPct(0.00004, 2)).toBe('0.0040%');
    expect(fmtPct(1e-9)).toBe('0.00000010%');
    expect(fmtPct(0)).toBe('0.0%');
    // What-if tables: two decimals down the column, the same rule for a tiny rate.
    expect([0.0123, 0.004, 0.000025, 1].map(pct)).toEqual(['1.23%', '0.40%', '0.0025%', '100%']);
  });
  it('seconds: ms below 1 s, minutes past 2 min', () => {
    expect(fmtSeconds(0.25)).toBe('250 ms');
    // At each boundary the value as it rounds picks the unit: never "1,000 ms", "120 s" or "2 min 60 s".
    expect(fmtSeconds(0.9996)).toBe('1 s');
    expect(fmtSeconds(119.96)).toBe('2 min 00 s');
    expect(fmtSeconds(179.6)).toBe('3 min 00 s');
    expect(fmtSeconds(418.2)).toBe('6 min 58 s');
    expect(fmtSeconds(75)).toBe('75 s');
    expect(fmtSeconds(130)).toBe('2 min 10 s');
  });
});

describe('fmtCount', () => {
  it('one is singular, any other count plural, with thousands separators', () => {
    expect(fmtCount(1, 'replication')).toBe('1 replication');
    expect(fmtCount(0, 'replication')).toBe('0 replications');
    expect(fmtCount(2000, 'probe')).toBe('2,000 probes');
  });
});
