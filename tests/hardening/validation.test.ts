/**
 * Every bad scenario gets a clear answer: random mutations of valid scenarios (wrong types, NaN, ±Infinity,
 * 1e308, -0, huge strings, arrays, null, deep nesting, extra fields, prototype-pollution keys, a missing
 * version …) always come back from the one validator as issues naming a path — never an exception, never a
 * hang, never a polluted prototype. Then the messages themselves: the field path, the value, and the allowed
 * range or choices, every problem at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS, fieldKeyOf } from '../../sim-core/scenario/catalogue';
import { PRESETS } from '../../sim-core/scenario/presets';
import { formatIssues, showValue, validateScenario } from '../../sim-core/scenario/validate';
import { scenarioInputArb } from '../helpers/arbitraries';
import { mutate, mutationArb, pollution } from './arbitraries';

const RUNS = 600;

/** A valid input and one mutation of it. */
const mutatedArb = fc
  .oneof(scenarioInputArb, fc.constantFrom(...PRESETS.map((p) => p.input as unknown)))
  .chain((input) => mutationArb(input).map((m) => ({ input, m, mutated: mutate(input, m) })));

describe('mutated scenarios', () => {
  it(`are refused with issues naming a path, or accepted as valid — never an exception (${RUNS} cases)`, () => {
    let refused = 0;
    let accepted = 0;
    let slowest = 0;
    fc.assert(
      fc.property(mutatedArb, ({ m, mutated }) => {
        const t0 = performance.now();
        const v = validateScenario(mutated);
        slowest = Math.max(slowest, performance.now() - t0);
        if (v.ok) {
          // Only a mutation that leaves a valid scenario passes: a value still in range (-0 where 0 is allowed,
          // a deleted field that has a default), never one with an unknown field or a wrong type.
          expect(m.op).not.toBe('add');
          accepted++;
          return;
        }
        refused++;
        expect(v.issues.length).toBeGreaterThan(0);
        for (const i of v.issues) {
          expect(typeof i.path).toBe('string');
          expect(i.message.length).toBeGreaterThan(0);
          expect(i.message.length).toBeLessThan(600);
        }
        // The issue is where the mutation is: at its path, above it (a group that became junk) or below it
        // (junk that kept the shape of an object), in the same setting (a median above its p95 is named at the
        // p95), or a cross-field rule naming another field.
        const where = (m.op === 'add' ? m.path : m.path).join('.');
        const setting = fieldKeyOf(where);
        const related = v.issues.some(
          (i) => i.path === where || where.startsWith(`${i.path}.`) || i.path.startsWith(`${where}.`) || i.path === '' || FIELDS.has(i.path) || (setting !== null && fieldKeyOf(i.path) === setting),
        );
        expect(related).toBe(true);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS, seed: 1_2026 },
    );
    console.log(`mutated scenarios: ${RUNS} cases, ${refused} refused with named issues, ${accepted} still valid; slowest validation ${slowest.toFixed(1)} ms`);
    expect(refused).toBeGreaterThan(RUNS / 2);
  });

  it('anything at all (any JSON value) is validated without an exception', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (x) => {
        const v = validateScenario(x);
        if (!v.ok) expect(v.issues.every((i) => typeof i.path === 'string' && i.message.length > 0)).toBe(true);
        n++;
      }),
      { numRuns: 300, seed: 2_2026 },
    );
    console.log(`arbitrary values as scenarios: ${n} cases, none threw`);
  });

  it('hostile shapes: cycles, 100,000-deep nesting, a million-element array, a 10 MB name, prototype keys', () => {
    const cyclic: Record<string, unknown> = { version: 1, wave: {} };
    (cyclic.wave as Record<string, unknown>).self = cyclic;
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const cases: unknown[] = [
      cyclic,
      { version: 1, wave: deep },
      { version: 1, wave: new Array(1_000_000).fill(7) },
      { version: 1, name: 'x'.repeat(10_000_000) },
      { ...pollution(), version: 1 },
      Object.assign(Object.create(null), { version: 1 }),
    ];
    for (const c of cases) {
      const t0 = performance.now();
      const v = validateScenario(c);
      expect(performance.now() - t0).toBeLessThan(2000);
      if (!v.ok) for (const i of v.issues) expect(i.message.length).toBeLessThan(600);
    }
    expect(validateScenario(cases[0]).ok).toBe(false);
    expect(formatIssues((validateScenario(cases[3]) as { ok: false; issues: [] }).issues)).toMatch(/^name: "x{50,}… \(10000000 characters\) is too long: at most 120 characters$/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('messages name the path, the value and what is allowed', () => {
  const issues = (x: unknown) => {
    const v = validateScenario(x);
    return v.ok ? [] : v.issues;
  };

  it('an unknown or missing distribution kind lists the kinds', () => {
    const kinds = '"constant", "uniform", "exponential", "normal", "lognormal"';
    expect(issues({ version: 1, phases: { init: { kind: 'weibull', shape: 2 } } })).toEqual([{ path: 'phases.init.kind', message: `"weibull" is not a known kind: choose one of ${kinds}` }]);
    expect(issues({ version: 1, phases: { init: { median: 2 } } })).toEqual([{ path: 'phases.init.kind', message: `is required: choose one of ${kinds}` }]);
    expect(issues({ version: 1, phases: { init: 2 } })).toEqual([{ path: 'phases.init', message: `2 is not a valid distribution: expected an object with "kind" one of ${kinds}` }]);
    expect(issues({ version: 1, wave: { pattern: { kind: 'burst' } } })).toEqual([
      { path: 'wave.pattern.kind', message: '"burst" is not a known kind: choose one of "all-at-once", "batches", "ramp", "poisson"' },
    ]);
  });

  it('non-finite and huge numbers are shown as written, once', () => {
    const range = 'allowed 1–5000 containers, whole numbers';
    const past = ' (any number past 1.8e308, e.g. 1e400)';
    for (const [x, shown] of [[NaN, 'NaN'], [Infinity, `Infinity${past}`], [-Infinity, `-Infinity${past}`]] as const)
      expect(issues({ version: 1, wave: { containers: x } })).toEqual([{ path: 'wave.containers', message: `${shown} is not a valid number: ${range}` }]);
    expect(issues({ version: 1, wave: { containers: 1e308 } })).toEqual([{ path: 'wave.containers', message: `1e+308 is out of range: ${range}` }]);
    expect(validateScenario({ version: 1, wave: { jitter: -0 } }).ok).toBe(true); // -0 is 0
  });

  it('parameters of a distribution or start pattern give their own range and unit', () => {
    expect(issues({ version: 1, phases: { init: { kind: 'uniform', min: 0, max: 4000 } } })).toEqual([{ path: 'phases.init.max', message: '4000 is out of range: allowed 0–3600 s' }]);
    expect(issues({ version: 1, wave: { pattern: { kind: 'batches', size: 0.5, interval: 1 } } })).toEqual([{ path: 'wave.pattern.size', message: '0.5 is not a valid whole number: allowed 1–5000 containers, whole numbers' }]);
    expect(issues({ version: 1, wave: { pattern: { kind: 'poisson', rate: 0 } } })).toEqual([{ path: 'wave.pattern.rate', message: '0 is out of range: allowed above 0 and up to 1000 /s' }]);
  });

  it('a switch says it takes true or false, unquoted', () => {
    for (const [x, shown] of [['yes', '"yes"'], ['true', '"true"'], [1, '1']] as const)
      expect(issues({ version: 2, retry: { withinConnectionTimeout: x } })).toEqual([{ path: 'retry.withinConnectionTimeout', message: `${shown} is not a valid boolean: allowed true or false (unquoted)` }]);
  });

  it('wrong groups, prototype keys and text versions say what is expected', () => {
    expect(issues({ version: 1, wave: null })).toEqual([
      { path: 'wave', message: 'null is not a valid group: expected an object of its fields (containers, pattern, jitter, runningContainers, runningConnectionsEach), or leave it out for the defaults' },
    ]);
    expect(issues({ ...pollution(), version: 1 }).map((i) => i.message)).toEqual([
      'unknown fields "__proto__", "constructor", "prototype": allowed fields are version, name, wave, phases, phase3, pool, connector, cloudSql, timeouts, retry, restart, simulation',
    ]);
    expect(issues({ version: '1' })).toEqual([{ path: 'version', message: '"1" is not a known version (write it as the number 1, not as text): this bootstorm reads versions 1–2' }]);
    // Text that is no readable version gets no advice to write it as a number ("1e+200").
    expect(issues({ version: '9'.repeat(200) })[0].message).toMatch(/^"9+… is not a known version: this bootstorm reads versions 1–2$/);
    expect(issues({ version: '7' })[0].message).toBe('"7" is not a known version: this bootstorm reads versions 1–2');
    expect(issues({ wave: {} })).toEqual([{ path: 'version', message: 'is required (current version is 2)' }]);
  });

  it('several problems come together', () => {
    const all = issues({ version: 1, wave: { containers: 0, jitter: 'x' }, pool: { poolSize: 2.5 }, retry: { policy: 'linear' }, phases: { init: { kind: 'weibull' } }, extra: 1 });
    expect(all.map((i) => i.path).sort()).toEqual(['', 'phases.init.kind', 'pool.poolSize', 'retry.policy', 'wave.containers', 'wave.jitter']);
  });

  it('a preview of a value is short and says what it is', () => {
    // JSON reads 1e400 as Infinity: the preview says how a file without "Infinity" in it came to hold one.
    expect(issues(JSON.parse('{"version": 2, "wave": {"containers": 1e400}}'))).toEqual([
      { path: 'wave.containers', message: 'Infinity (any number past 1.8e308, e.g. 1e400) is not a valid number: allowed 1–5000 containers, whole numbers' },
    ]);
    expect(showValue('a'.repeat(1000))).toMatch(/^"a{50,}…$/);
    expect(showValue('a'.repeat(1000)).length).toBeLessThanOrEqual(60);
    expect(showValue({ b: [1, 2, { c: NaN }] })).toBe('{"b":[1,2,{"c":NaN}]}');
    expect(showValue(undefined)).toBe('missing');
    expect(showValue(-0)).toBe('-0');
    expect(showValue(() => 1)).toBe('a function');
    expect(showValue(new Array(1e6).fill(1)).length).toBeLessThanOrEqual(60);
  });
});
