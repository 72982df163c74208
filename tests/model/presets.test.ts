/**
 * The presets behave as their descriptions say. These are seeded runs of 200 replications judged by their
 * 95% Wilson intervals, not golden numbers: each bound below is far from where the interval lies, so a
 * change of seed or a small model change does not flip them, while a broken model would.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../sim-core/run';
import { gaveUpByHorizon } from '../../sim-core/results/summary';
import { PRESETS, presetById, scenarioTitle } from '../../sim-core/scenario/presets';
import { scenarioSchema } from '../../sim-core/scenario/schema';
import { validateScenario } from '../../sim-core/scenario/validate';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';
import { merge, scenarioOf } from '../helpers/scenario';

const REPS = 200;
const run = (id: string) => simulate(scenarioOf(merge(presetById(id)!.input, { simulation: { replications: REPS } })));

describe('every preset', () => {
  for (const p of PRESETS) {
    it(`${p.id} validates, and its stored scenario is what validation makes of its input`, () => {
      const v = validateScenario(structuredClone(p.input));
      expect(v.ok).toBe(true);
      if (v.ok) expect(v.scenario).toEqual(p.scenario);
      expect(scenarioSchema.safeParse(p.scenario).success).toBe(true);
    });
  }

  it('ids are unique', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });
});

describe('incident-1278-staging', () => {
  const incident = run('incident-1278-staging');
  const mitigated = run('mitigated');

  it('breaches in a clearly non-zero fraction of starts (Wilson lower bound > 0.2)', () => {
    // 12 containers × pool_size 10 = 120 > 77 connections left by other clients, through a connector whose
    // latency climbs towards 10 s under the burst.
    expect(incident.replications).toBe(REPS);
    expect(incident.phase3.ciMethod).toBe('wilson');
    expect(incident.phase3.breachCi95[0]).toBeGreaterThan(0.2);
    expect(incident.phase3.firstAttempt.breachCi95[0]).toBeGreaterThan(0.1);
    expect(incident.peaks.cloudSqlConnections.max).toBeLessThanOrEqual(97);
  });

  it('fails the way the write-up says: Phase 3 runs into the 75 s initialization timeout', () => {
    // Slow connects (the write-up's "10 s+ additional delay") keep pools short until the outer timeout fires,
    // rather than failing fast on refused connects. README: ~85% breach, ~98% of it init_timeout.
    expect(incident.phase3.breachCi95[0]).toBeGreaterThan(0.75);
    expect(incident.failures.init_timeout).toBeGreaterThan(0.95 * incident.phase3.breaches);
    expect(incident.phase3.durationQuantiles.p50).toBeCloseTo(75, 0); // a sketch quantile: within 0.5 s
    expect(incident.peaks.connectorUtilisation.mean).toBeGreaterThan(0.9);
  });

  it('ends as the README says: under two thirds healthy, the rest given up at the restart limit; 45 s is no better', () => {
    expect(incident.containers.healthyByHorizon).toBeGreaterThan(0.2);
    expect(incident.containers.healthyByHorizon).toBeLessThan(0.65);
    expect(incident.containers.healthyByHorizon + gaveUpByHorizon(incident)).toBeCloseTo(1, 2);
    const pre45 = run('pre-fix-45s');
    expect(pre45.phase3.breachCi95[1]).toBeGreaterThan(incident.phase3.breachCi95[0]);
  });

  it('has all four configuration warnings of the write-up', () => {
    const ids = scenarioWarnings(presetById('incident-1278-staging')!.scenario).map((w) => w.id);
    expect(ids).toEqual(expect.arrayContaining(['substeps-exceed-init', 'pool-timeout-never-fires', 'connection-budget', 'connector-burst']));
  });

  it('mitigated breaches far less: its upper bound is below a fifth of the incident\'s lower bound', () => {
    // Lazy connections into budgeted pools (12 × 3 = 36 ≤ 77) remove the connection wall and most of the
    // connector load; a fifth leaves room for the table-setup races and slow table setups that remain.
    expect(mitigated.phase3.breachCi95[1]).toBeLessThan(incident.phase3.breachCi95[0] / 5);
    expect(mitigated.failures.too_many_clients).toBe(0);
    expect(mitigated.peaks.cloudSqlConnections.max).toBeLessThanOrEqual(20 + 12 * 3);
    expect(mitigated.containers.healthyByHorizon).toBe(1);
  });

  it('lazy connections alone do almost all of mitigated\'s fix, as its description says (within 1 point)', () => {
    const lazyOnly = simulate(scenarioOf(merge(presetById('incident-1278-staging')!.input, { phase3: { connectionMode: 'lazy' }, simulation: { replications: REPS } })));
    expect(Math.abs(lazyOnly.phase3.breachRate - mitigated.phase3.breachRate)).toBeLessThan(0.01);
    expect(lazyOnly.phase3.breachCi95[1]).toBeLessThan(incident.phase3.breachCi95[0] / 5);
  });
});

describe('healthy-baseline', () => {
  it('breaches near zero: Wilson upper bound < 5%, and only by the table-setup race or a slow table setup', () => {
    // 3 containers with one lazy connection each: nothing runs out. What remains is the 2% race when two
    // table setups overlap (field report) and the lognormal tail of table setup past its 25 s timeout.
    const r = run('healthy-baseline');
    expect(r.phase3.breachCi95[1]).toBeLessThan(0.05);
    for (const cause of ['connect_timeout', 'too_many_clients', 'pool_timeout', 'health_check_timeout', 'init_timeout'] as const)
      expect(r.failures[cause], cause).toBe(0);
    expect(scenarioWarnings(presetById('healthy-baseline')!.scenario).map((w) => w.id)).not.toContain('connection-budget');
  });
});

describe('scenarioTitle', () => {
  const incident = presetById('incident-1278-staging')!.scenario;
  it('is the preset title while the scenario is the preset, whatever the simulation settings', () => {
    expect(scenarioTitle(incident, 'x')).toBe('Incident #1278 — staging, 75 s');
    expect(scenarioTitle({ ...incident, simulation: { ...incident.simulation, replications: 7, seed: 9 } }, 'x')).toBe('Incident #1278 — staging, 75 s');
  });
  it('says how many settings an edited preset changed, and falls back for an unnamed scenario', () => {
    expect(scenarioTitle({ ...incident, pool: { ...incident.pool, poolSize: 3 } }, 'x')).toBe('Incident #1278 — staging, 75 s (1 setting changed)');
    expect(scenarioTitle({ ...incident, name: 'My plan', pool: { ...incident.pool, poolSize: 3 } }, 'x')).toBe('My plan');
    expect(scenarioTitle({ ...incident, name: undefined }, 'Scenario')).toBe('Scenario');
  });
});
