import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { presetById } from '../../sim-core/scenario/presets';
import { getAt } from '../../sim-core/scenario/catalogue';
import { EXPLORE_FIELDS, SYSTEM_FIELDS, checkInRange, exploreField, gridValues, snap, type ExploreField } from '../../sim-core/explore/grid';
import { buildPoint, validSpan } from '../../sim-core/explore/points';

const field = (key: string): ExploreField => {
  const f = exploreField(key);
  if (!f.ok) throw new Error(f.message);
  return f.value;
};
const values = (key: string, spec: Parameters<typeof gridValues>[1]) => {
  const v = gridValues(field(key), spec);
  if (!v.ok) throw new Error(v.message);
  return v.value;
};

describe('explore fields', () => {
  it('offers every numeric scenario field but replications, seed and detailReplication', () => {
    const keys = EXPLORE_FIELDS.map((f) => f.key);
    expect(keys).toContain('timeouts.initialization');
    expect(keys).toContain('cloudSql.maxConnections');
    expect(keys).toContain('simulation.horizon');
    for (const k of ['simulation.replications', 'simulation.seed', 'simulation.detailReplication']) expect(keys).not.toContain(k);
  });

  it('takes range, unit, integer flag and log hint from the schema', () => {
    expect(field('timeouts.initialization')).toMatchObject({ min: 1, max: 1800, unit: 's', integer: false, log: false });
    expect(field('cloudSql.maxConnections')).toMatchObject({ min: 5, max: 100_000, integer: true, log: true });
  });

  it('rejects a non-numeric or unknown path and lists the valid fields', () => {
    for (const key of ['wave.pattern', 'phases.init', 'restart.enabled', 'nope']) {
      const r = exploreField(key);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).toContain(JSON.stringify(key));
        expect(r.message).toContain('Valid fields: ');
        expect(r.message).toContain('timeouts.initialization');
      }
    }
    const seed = exploreField('simulation.seed');
    expect(!seed.ok && seed.message).toMatch(/cannot be explored/);
  });
});

describe('gridValues', () => {
  it('linear: 30 to 90 in 4 steps = 30, 50, 70, 90 (by hand: step 20)', () => {
    expect(values('timeouts.initialization', { from: 30, to: 90, steps: 4 })).toEqual([30, 50, 70, 90]);
  });

  it('linear steps print cleanly: 0 to 1 in 11 steps = 0, 0.1, …, 1', () => {
    expect(values('phase3.tableSetupRace', { from: 0, to: 1, steps: 11 })).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  it('log: 10 to 1000 in 3 steps = 10, 100, 1000 (ratio 10)', () => {
    expect(values('cloudSql.maxConnections', { from: 10, to: 1000, steps: 3, scale: 'log' })).toEqual([10, 100, 1000]);
  });

  it('log on a whole-number field rounds: 5 to 100000 in 5 steps = 5, 59, 707, 8409, 100000 (5·20000^(k/4))', () => {
    expect(values('cloudSql.maxConnections', { from: 5, to: 100_000, steps: 5, scale: 'log' })).toEqual([5, 59, 707, 8409, 100_000]);
  });

  it('whole-number fields round and drop repeats: 1 to 3 in 5 steps = 1, 2, 3', () => {
    expect(values('wave.containers', { from: 1, to: 3, steps: 5 })).toEqual([1, 2, 3]);
  });

  it('runs downwards when from > to; 1 step is a single value, which a different to contradicts', () => {
    expect(values('timeouts.initialization', { from: 90, to: 30, steps: 4 })).toEqual([90, 70, 50, 30]);
    expect(values('timeouts.initialization', { from: 42, to: 42, steps: 1 })).toEqual([42]);
    expect(gridValues(field('timeouts.initialization'), { from: 42, to: 90, steps: 1 })).toEqual({
      ok: false, message: 'timeouts.initialization: steps 1 visits from (42) only, not to (90): give 2 or more steps, or the same from and to',
    });
  });

  it('rejects ends outside the range, naming the range, and bad step counts', () => {
    const f = field('timeouts.initialization');
    const r = gridValues(f, { from: 0, to: 90, steps: 4 });
    expect(r).toEqual({ ok: false, message: 'from 0 is out of range: timeouts.initialization allows 1–1800 s' });
    expect(gridValues(f, { from: 1, to: 90, steps: 0 }).ok).toBe(false);
    expect(gridValues(f, { from: 1, to: 90, steps: 2.5 }).ok).toBe(false);
    expect(gridValues(field('wave.jitter'), { from: 0, to: 60, steps: 3, scale: 'log' })).toMatchObject({ ok: false, message: expect.stringMatching(/above 0/) });
    expect(checkInRange(field('wave.containers'), 9000, '--to')).toEqual({ ok: false, message: '--to 9000 is out of range: wave.containers allows 1–5000 containers, whole numbers' });
  });

  it('snap clamps to the range and rounds whole-number fields', () => {
    expect(snap(field('wave.containers'), 0.2)).toBe(1);
    expect(snap(field('wave.containers'), 12.5)).toBe(13);
    expect(snap(field('wave.containers'), 1e9)).toBe(5000);
    expect(snap(field('timeouts.initialization'), 12.5)).toBe(12.5);
  });

  it('every value lies in the range, whole where the field is whole, ends exact, monotone (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXPLORE_FIELDS), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 2, max: 40 }), fc.boolean(), (f, a, b, steps, log) => {
        const span = (t: number) => snap(f, f.min + t * (Math.min(f.max, 1e6) - f.min));
        let from = span(a);
        let to = span(b);
        if (log) {
          from = Math.max(from, f.integer ? 1 : 1e-3);
          to = Math.max(to, f.integer ? 1 : 1e-3);
          if (from < f.min || to < f.min) return;
        }
        const r = gridValues(f, { from, to, steps, scale: log ? 'log' : 'linear' });
        if (!r.ok) throw new Error(r.message);
        const v = r.value;
        expect(v[0]).toBe(from);
        expect(v[v.length - 1]).toBe(to);
        for (const x of v) {
          expect(x).toBeGreaterThanOrEqual(f.min);
          expect(x).toBeLessThanOrEqual(f.max);
          if (f.integer) expect(Number.isInteger(x)).toBe(true);
        }
        const dir = Math.sign(to - from);
        for (let i = 1; i < v.length; i++) expect(Math.sign(v[i] - v[i - 1])).toBe(dir);
      }),
      { numRuns: 300 },
    );
  });
});

describe('validSpan: the part of a range the scenario accepts', () => {
  const incident = presetById('incident-1278-staging')!.scenario;
  const field = (key: string) => EXPLORE_FIELDS.find((f) => f.key === key)!;
  const accepts = (key: string, v: number) => buildPoint(incident, [[field(key), v]]).ok;

  it('moves an end the scenario refuses to the first value it accepts, and keeps ends it accepts', () => {
    // max_connections must leave room for the 3 reserved and the 20 other clients' connections.
    expect(validSpan(incident, field('cloudSql.maxConnections'), 10, 1000)).toEqual({ from: 23, to: 1000 });
    expect(accepts('cloudSql.maxConnections', 23) && !accepts('cloudSql.maxConnections', 22)).toBe(true);
    // retry.cap may not be below retry.base (0.5 s): the boundary itself, to two significant digits.
    expect(validSpan(incident, field('retry.cap'), 0.01, 600)).toEqual({ from: 0.5, to: 600 });
    // retry.base may not be above the cap (10 s).
    expect(validSpan(incident, field('retry.base'), 0.01, 120)).toEqual({ from: 0.01, to: 10 });
    expect(validSpan(incident, field('wave.containers'), 1, 5000)).toEqual({ from: 1, to: 5000 });
  });

  it('leaves a range that does not hold the scenario\'s own value as it is (nothing valid to move toward)', () => {
    expect(validSpan(incident, field('cloudSql.maxConnections'), 200, 1000)).toEqual({ from: 200, to: 1000 });
  });

  it('keeps the scenario\'s own value inside, with valid ends, near a cross-field bound (property)', () => {
    // retry.base ≤ retry.cap, each near the other; max_connections near the 3 reserved + other clients it must hold.
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 50, noNaN: true }), fc.double({ min: 0, max: 0.1, noNaN: true }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 30 }), (base, gap, clients, slack) => {
        const s = buildPoint(incident, [[field('retry.base'), base], [field('retry.cap'), Math.min(600, base * (1 + gap))], [field('cloudSql.otherClients'), clients], [field('cloudSql.maxConnections'), 3 + clients + 1 + slack]]);
        if (!s.ok) return true; // another rule (the budget against the limit, say): not this property's case
        for (const key of ['retry.base', 'retry.cap', 'cloudSql.maxConnections']) {
          const f = field(key);
          const now = getAt(s.scenario, f.path as string[]) as number;
          const r = validSpan(s.scenario, f, f.min, f.max);
          expect(r.from <= now && now <= r.to, `${key} ${now} in ${r.from}–${r.to}`).toBe(true);
          expect(buildPoint(s.scenario, [[f, r.from]]).ok && buildPoint(s.scenario, [[f, r.to]]).ok, `${key} ends ${r.from}, ${r.to}`).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
    // The case a review found: rounding the lower end up to 1.3 left out base = cap = 1.234.
    const tight = buildPoint(incident, [[field('retry.base'), 1.234], [field('retry.cap'), 1.234]]);
    if (!tight.ok) throw new Error('tight scenario');
    expect(validSpan(tight.scenario, field('retry.cap'), 0.01, 600).from).toBeLessThanOrEqual(1.234);
    expect(validSpan(tight.scenario, field('retry.base'), 0.01, 120).to).toBeGreaterThanOrEqual(1.234);
  });

  it('gives ends the scenario accepts, whatever the field and range (property)', () => {
    for (const f of SYSTEM_FIELDS) {
      const r = validSpan(incident, f, f.min, f.max);
      expect(accepts(f.key, r.from), `${f.key} from ${r.from}`).toBe(true);
      expect(accepts(f.key, r.to), `${f.key} to ${r.to}`).toBe(true);
      expect(r.from <= r.to).toBe(true);
    }
  });
});
