import { describe, expect, it } from 'vitest';
import { drive, inProcessExecutor } from '../../sim-core/explore/work';
import { sensitivityPlanner, stepValues, type SensitivitySpec } from '../../sim-core/explore/sensitivity';
import { SYSTEM_CHOICES, SYSTEM_FIELDS, exploreField, type ExploreField } from '../../sim-core/explore/grid';
import { presetById } from '../../sim-core/scenario/presets';
import { merge, scenarioOf } from '../helpers/scenario';
import type { Scenario } from '../../sim-core/scenario/schema';
import { runRange } from '../../sim-core/run';
import { buildPoint } from '../../sim-core/explore/points';
import { HEALTHY } from './fixtures';

const field = (key: string): ExploreField => {
  const f = exploreField(key);
  if (!f.ok) throw new Error(f.message);
  return f.value;
};

function planner(base: Scenario, spec: SensitivitySpec) {
  const p = sensitivityPlanner(base, spec);
  if (!p.ok) throw new Error(p.message);
  return p.value;
}

/** The aggregate JSON of `base` with `key` = value over replications [0, n). */
function aggregateAt(base: Scenario, key: string, value: number, n: number): string {
  const s = buildPoint(base, [[field(key), value]], n);
  if (!s.ok) throw new Error('invalid');
  return JSON.stringify(runRange(s.scenario, 0, n).toJSON());
}

describe('stepValues', () => {
  it('±10% of the value; whole numbers rounded and moved by at least 1; clamped; 10% of the range from 0', () => {
    expect(stepValues(field('timeouts.initialization'), 75, 0.1)).toEqual({ low: 67.5, high: 82.5 });
    expect(stepValues(field('wave.containers'), 12, 0.1)).toEqual({ low: 11, high: 13 }); // 10.8 → 11, 13.2 → 13
    expect(stepValues(field('cloudSql.vcpus'), 2, 0.1)).toEqual({ low: 1, high: 3 }); // 1.8 and 2.2 round back to 2
    expect(stepValues(field('connector.maxInstances'), 10, 0.1)).toEqual({ low: 9, high: 10 }); // max 10
    expect(stepValues(field('connector.minInstances'), 2, 0.1)).toEqual({ low: 2, high: 3 }); // min 2
    expect(stepValues(field('wave.jitter'), 0, 0.1)).toEqual({ low: 0, high: 60 }); // 10% of 0–600 s
    expect(stepValues(field('wave.jitter'), 0, 0.1, 15)).toEqual({ low: 0, high: 15 }); // an absolute step
  });
});

describe('sensitivity', () => {
  // healthy-baseline: 3 containers, lazy connections; its few breaches are table setups (the race, or too slow).
  const base = HEALTHY.scenario;
  const N = 100;

  it('ranks a field with no influence last, and it truly has none: its points run exactly the base\'s numbers', async () => {
    // Listed first, so only the ranking can put it last (equal swings keep the listed order).
    const fields = ['connector.directVpcWarmup', 'phase3.tableSetupRace', 'timeouts.tableSetup'];
    const r = await drive(planner(base, { fields, step: 0.5, replications: N }), inProcessExecutor);
    expect(r.rows.map((x) => x.field).at(-1)).toBe('connector.directVpcWarmup');
    expect(r.rows.slice(0, 2).every((x) => x.swing! > 0)).toBe(true); // strictly last, not tied
    const last = r.rows.at(-1)!;
    expect(last).toMatchObject({ low: 20, high: 60, deltaLow: 0, deltaHigh: 0, swing: 0 });
    // Why it is zero: the egress is a Serverless VPC Access connector, so the Direct VPC egress warm-up is never
    // read. The aggregates at 20 s and 60 s equal the base's (40 s) byte for byte.
    const at40 = aggregateAt(base, 'connector.directVpcWarmup', 40, N);
    expect(aggregateAt(base, 'connector.directVpcWarmup', 20, N)).toBe(at40);
    expect(aggregateAt(base, 'connector.directVpcWarmup', 60, N)).toBe(at40);
    // The race probability does move the breach rate.
    const race = r.rows.find((x) => x.field === 'phase3.tableSetupRace')!;
    expect(race.swing).toBeGreaterThan(0);
    expect(race.deltaHigh! >= race.deltaLow!).toBe(true);
  });

  it('covers every field, largest swing first, zero swings at the bottom; the base row is the base run', async () => {
    const r = await drive(planner(base, { replications: 20 }), inProcessExecutor);
    const swings = r.rows.map((x) => x.swing);
    // Unmeasured (null) after every measured swing, 0 included.
    const rank = (s: number | null) => s ?? -1;
    expect([...swings].sort((a, b) => rank(b) - rank(a))).toEqual(swings);
    expect(r.rows.length).toBeGreaterThan(30);
    // Every field of the system and nothing else: the run settings (the horizon) are not moved by default.
    expect(r.rows.map((x) => x.field).sort()).toEqual(SYSTEM_FIELDS.map((f) => f.key).sort());
    expect(r.rows.map((x) => x.field)).not.toContain('simulation.horizon');
    const firstZero = swings.indexOf(0);
    expect(swings.slice(firstZero).every((s) => s === 0 || s === null)).toBe(true);
    expect(r.rows.slice(firstZero).map((x) => x.field)).toContain('connector.directVpcWarmup');
    expect(r.base.replications).toBe(20);
    expect(r.base.value).toBe(r.base.breachRate);
    for (const row of r.rows) {
      if (row.swing === null) continue;
      expect(row.swing).toBeGreaterThanOrEqual(Math.abs(row.deltaLow ?? 0));
      expect(row.swing).toBeGreaterThanOrEqual(Math.abs(row.deltaHigh ?? 0));
    }
  });

  it('a field no moved point measured has no swing (null), not a swing of 0: it is no evidence of no effect', async () => {
    // From 0, running containers cannot move down (held at 0) and a step up (to 500) breaks the connection budget.
    const r = await drive(planner(base, { fields: ['wave.runningContainers'], replications: 10 }), inProcessExecutor);
    expect(r.rows[0]).toMatchObject({ low: 0, base: 0, notRun: ['high'], swing: null, deltaLow: null });
  });

  it('rejects a bad step, metric or field', () => {
    expect(sensitivityPlanner(base, { step: 0 })).toMatchObject({ ok: false, message: expect.stringMatching(/step 0/) });
    expect(sensitivityPlanner(base, { metric: 'nope' as never })).toMatchObject({ ok: false, message: expect.stringMatching(/not a metric/) });
    expect(sensitivityPlanner(base, { fields: ['wave.pattern'] })).toMatchObject({ ok: false });
  });
});

describe('sensitivity: switching a choice', () => {
  const incident = presetById('incident-1278-staging')!.scenario;

  it('switches every choice of the system to each of its other options, and finds the incident\'s fix first', async () => {
    const r = await drive(planner(incident, { replications: 30 }), inProcessExecutor);
    const expected = SYSTEM_CHOICES.reduce((n, f) => n + f.options.length - 1, 0);
    expect(r.alternatives).toHaveLength(expected);
    expect(r.alternatives[0]).toMatchObject({ field: 'phase3.connectionMode', from: 'warm-pool', to: 'lazy', notRun: false });
    expect(r.alternatives[0].delta!).toBeLessThan(-0.5);
    // Largest change first.
    const sizes = r.alternatives.map((x) => Math.abs(x.delta ?? -1));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    // Each row is the single run of that switch, on the same replications (common random numbers).
    const lazy = scenarioOf(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 30 }, phase3: { connectionMode: 'lazy' } }));
    const direct = runRange(lazy, 0, 30).counts;
    expect(r.alternatives[0].value).toBe(direct.breaches / direct.starts);
  });

  it('a choice the outcome does not depend on changes nothing at all: the machine type with no connector', async () => {
    const noConnector = scenarioOf(merge(presetById('healthy-baseline')!.input, { connector: { mode: 'none' } }));
    const r = await drive(planner(noConnector, { replications: 20, fields: ['connector.machineType'] }), inProcessExecutor);
    expect(r.rows).toEqual([]);
    expect(r.alternatives.map((x) => [x.to, x.delta])).toEqual([['f1-micro', 0], ['e2-standard-4', 0]]);
  });

  it('names the choices too when a field is unknown', () => {
    const p = sensitivityPlanner(incident, { fields: ['phase3.nope'] });
    expect(!p.ok && p.message).toMatch(/and the choices: .*phase3\.connectionMode/);
  });
});
