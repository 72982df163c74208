import { describe, expect, it } from 'vitest';
import { parseDecimal, parseQuantity } from '../../sim-core/scenario/numberText';
import { unitAt } from '../../sim-core/scenario/catalogue';
import { validateScenario } from '../../sim-core/scenario/validate';
import { parseArgs } from '../../sim-core/cli/args';
import { checkExplore, EXPLORE_DEFAULT, parseNum } from '../../src/lib/exploreSettings';

describe('parseDecimal: what a number field accepts', () => {
  it.each([
    ['12', 12],
    [' 12 ', 12],
    ['-0.5', -0.5],
    ['+3', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['1e2', 100],
    ['2.5E-1', 0.25],
    ['10 000', 10000],
    ['10_000', 10000],
    ['1 000 000.5', 1000000.5],
    ['0', 0],
    ['007', 7],
    ['\u22120.5', -0.5],
    ['1e\u22122', 0.01],
  ])('%j is %d', (text, n) => {
    expect(parseDecimal(text)).toBe(n);
  });

  it.each(['', ' ', '-', '.', 'e5', '1e', 'abc', '12abc', '1,000', '1 2', '10 00', '0x10', '0b101', '0o17', 'Infinity', '-Infinity', 'NaN', '1e400', '1..2', '--1'])(
    '%j is not a number',
    (text) => {
      expect(parseDecimal(text)).toBeNull();
    },
  );

  it('the What-if settings read numbers the same way (and keep other text as typed)', () => {
    expect(parseNum('10 000')).toBe(10000);
    expect(parseNum('0x10')).toBe('0x10');
    // A What-if entry for a time reads its unit as the sidebar does; another keeps the text.
    expect(parseNum('2 min', 's')).toBe(120);
    expect(parseNum('2 min', 'containers')).toBe('2 min');
  });
});

describe('parseQuantity: a time typed with its unit', () => {
  it('reads ms, s, min and h for a field in seconds, and only there', () => {
    expect(parseQuantity('5 s', 's')).toBe(5);
    expect(parseQuantity('500ms', 's')).toBe(0.5);
    expect(parseQuantity('2 min', 's')).toBe(120);
    expect(parseQuantity('1.5 Minutes', 's')).toBe(90);
    expect(parseQuantity('75', 's')).toBe(75);
    // As Go and Kubernetes write durations.
    expect(parseQuantity('2m', 's')).toBe(120);
    expect(parseQuantity('1h', 's')).toBe(3600);
    expect(parseQuantity('0.5 hours', 's')).toBe(1800);
    // Not a time unit, not a time field, or no number: not a quantity.
    expect(parseQuantity('5 d', 's')).toBeNull();
    expect(parseQuantity('5 s', 'connections')).toBeNull();
    expect(parseQuantity('s', 's')).toBeNull();
    expect(parseQuantity('0x10 s', 's')).toBeNull();
  });
  it('reads a percentage for a share of 1 (a probability, a threshold), and only there', () => {
    expect(parseQuantity('70%', 'fraction')).toBe(0.7);
    expect(parseQuantity('2 %', 'probability')).toBe(0.02);
    expect(parseQuantity('0.5%', 'probability')).toBe(0.005);
    expect(parseQuantity('0.7', 'fraction')).toBe(0.7);
    expect(parseQuantity('70%', 's')).toBeNull();
    expect(parseQuantity('70%', 'connections')).toBeNull();
    expect(parseQuantity('%', 'fraction')).toBeNull();
    expect(parseQuantity('1,5%', 'fraction')).toBeNull();
  });

  it('a time with a unit no field reads is told the units, in a file or link and in a flag', () => {
    const v = validateScenario({ version: 2, timeouts: { initialization: '90 sek' }, wave: { containers: '5 pods' } });
    const byPath = new Map(!v.ok ? v.issues.map((i) => [i.path, i.message]) : []);
    expect(byPath.get('timeouts.initialization')).toBe(
      '"90 sek" is not a valid number (a time is a number of seconds; the form and the command line also read ms, s, min or h, e.g. "2 min"): allowed 1–1800 s',
    );
    // A unit a flag or the form reads, in a file or link (JSON holds seconds): told the number to write.
    const file = validateScenario({ version: 2, timeouts: { connection: '2 min' } });
    expect(!file.ok && file.issues[0].message).toBe('"2 min" is not a valid number (a scenario holds a time as a number of seconds: 120): allowed 0.5–600 s');
    // Not a time field: no word on time units.
    expect(byPath.get('wave.containers')).toBe('"5 pods" is not a valid number: allowed 1–5000 containers, whole numbers');
  });

  it('knows the unit of a field and of a distribution or pattern parameter', () => {
    expect(unitAt(['timeouts', 'initialization'])).toBe('s');
    expect(unitAt(['wave', 'containers'])).toBe('containers');
    expect(unitAt(['phase3', 'tableSetup', 'median'])).toBe('s');
    expect(unitAt(['wave', 'pattern', 'interval'])).toBe('s');
  });
});

describe('"1,000": a comma is refused everywhere, and the message says why', () => {
  // Thousands to some readers, a decimal mark to others ("1,000" is one in much of Europe): no field guesses.
  const hint = /a comma is ambiguous: write thousands as 1000 or 1 000, decimals with a point/;

  it('in a scenario field (the sidebar, a file, a link), with the field and its range', () => {
    const v = validateScenario({ version: 2, wave: { containers: '1,000' }, pool: { poolSize: 'abc' } });
    expect(v.ok).toBe(false);
    const byPath = new Map(!v.ok ? v.issues.map((i) => [i.path, i.message]) : []);
    expect(byPath.get('wave.containers')).toMatch(hint);
    expect(byPath.get('wave.containers')).toMatch(/allowed 1–5000 containers, whole numbers$/);
    // Text without a comma gets no hint.
    expect(byPath.get('pool.poolSize')).not.toMatch(/comma/);
  });

  it('in a command-line flag', () => {
    expect(() => parseArgs(['x', '--replications', '1,000'])).toThrow(hint);
    expect(() => parseArgs(['x', '--replications', 'ten'])).toThrow(/^--replications "ten": expected a whole number 1–200000$/);
  });

  it('in a What-if entry', () => {
    const c = checkExplore({ ...EXPLORE_DEFAULT, kind: 'sweep', sweep: { ...EXPLORE_DEFAULT.sweep, axis: { field: 'wave.containers', from: '1,000', to: 20, steps: 5, scale: 'linear' } } });
    expect(!c.ok && c.issues.map((i) => i.message)).toEqual([expect.stringMatching(hint)]);
  });
});

describe('a number too large to hold, written out in full', () => {
  it('is told it is past the largest number, with the field\'s range, not that it is no number', () => {
    const huge = `1${'0'.repeat(5000)}`;
    const v = validateScenario({ version: 2, wave: { containers: huge } });
    expect(!v.ok && v.issues[0].message).toMatch(/is not a valid number \(past the largest number, about 1\.8e308\): allowed 1–5000 containers/);
    // Text that is no number is not told so.
    const t = validateScenario({ version: 2, wave: { containers: 'many' } });
    expect(!t.ok && t.issues[0].message).not.toMatch(/largest/);
  });
});
