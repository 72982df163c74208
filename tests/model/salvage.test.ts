/** Opening a refused scenario for repair (sim-core/scenario/salvage.ts): what a link or a file with one bad value keeps. */
import { describe, expect, it } from 'vitest';
import { repairTitle, salvageScenario } from '../../sim-core/scenario/salvage';
import { SCENARIO_DEFAULTS, SCENARIO_NAME_MAX } from '../../sim-core/scenario/schema';

describe('salvageScenario', () => {
  it('keeps every valid field, puts each refused field at its default, and gives back the value as written', () => {
    const s = salvageScenario({ version: 2, wave: { containers: 9000 }, pool: { poolSize: 5 }, simulation: { replications: 100, seed: 7 } })!;
    expect(s.refused).toEqual([{ path: 'wave.containers', value: 9000 }]);
    expect(s.scenario.wave.containers).toBe(SCENARIO_DEFAULTS.wave.containers);
    expect([s.scenario.pool.poolSize, s.scenario.simulation.replications, s.scenario.simulation.seed]).toEqual([5, 100, 7]);
    expect(repairTitle('This link', s)).toBe('This link holds a value its field refuses: the rest of it is open; fix the marked field to run it');
  });

  it('a refused parameter of a distribution gives back the whole distribution (its kind with it)', () => {
    const init = { kind: 'lognormal', median: 5, p95: 1 };
    const s = salvageScenario({ version: 2, phases: { init } })!;
    expect(s.refused).toEqual([{ path: 'phases.init', value: init }]);
    expect(s.scenario.phases.init).toEqual(SCENARIO_DEFAULTS.phases.init);
  });

  it('a rule across fields marks the field it names; unknown fields, nested too, are left out and listed', () => {
    const s = salvageScenario({ version: 2, connector: { minInstances: 8, maxInstances: 4 }, wave: { containerz: 3 }, phases: { init: { kind: 'constant', value: 1, foo: 2 } } })!;
    expect(s.refused).toEqual([{ path: 'connector.maxInstances', value: 4 }]);
    expect(s.scenario.connector.minInstances).toBe(8);
    expect(s.dropped.sort()).toEqual(['phases.init.foo', 'wave.containerz']);
    expect(s.scenario.phases.init).toEqual({ kind: 'constant', value: 1 });
  });

  it("a rule whose flagged field's default breaks it too sets the rule's other written fields aside, to give back unmarked", () => {
    // Base 20 s with cap 10 s: the cap is refused, and its default is under 20 s as well.
    expect(SCENARIO_DEFAULTS.retry.cap).toBeLessThan(20);
    const s = salvageScenario({ version: 2, retry: { base: 20, cap: 10 }, pool: { poolSize: 5 } })!;
    expect(s.refused).toEqual([{ path: 'retry.cap', value: 10 }]);
    expect(s.setAside).toEqual([{ path: 'retry.base', value: 20 }]);
    expect([s.scenario.retry.base, s.scenario.retry.cap, s.scenario.pool.poolSize]).toEqual([SCENARIO_DEFAULTS.retry.base, SCENARIO_DEFAULTS.retry.cap, 5]);
    // The set-aside value is no refused one: the title counts only the cap.
    expect(repairTitle('This link', s)).toBe('This link holds a value its field refuses: the rest of it is open; fix the marked field to run it');
    // A rule settled by the flagged field's default sets nothing aside.
    expect(salvageScenario({ version: 2, connector: { minInstances: 2, maxInstances: 1 } })!.setAside).toEqual([]);
    // The connection budget flags max_connections and other clients both: their defaults settle it, nothing goes aside.
    const budget = salvageScenario({ version: 2, cloudSql: { maxConnections: 30, otherClients: 40, reservedConnections: 3 } })!;
    expect(budget.refused.map((r) => r.path)).toEqual(['cloudSql.maxConnections', 'cloudSql.otherClients']);
    expect(budget.setAside).toEqual([]);
    // Two issues of one rule sharing what to set aside: the first moves it for both (max_connections 90 with 85
    // reserved: neither default of the two flagged fields fits beside the 85).
    const shared = salvageScenario({ version: 2, cloudSql: { maxConnections: 90, reservedConnections: 85, otherClients: 10 } })!;
    expect(shared.refused.map((r) => r.path)).toEqual(['cloudSql.maxConnections', 'cloudSql.otherClients']);
    expect(shared.setAside).toEqual([{ path: 'cloudSql.reservedConnections', value: 85 }]);
  });

  it('a rule that flags a field the scenario leaves out marks that field at its default and sets the written one aside', () => {
    // A retry base of 20 s with no cap: the default cap (under 20 s) breaks the rule; the base is all the user wrote.
    const s = salvageScenario({ version: 2, retry: { base: 20 }, pool: { poolSize: 5 } })!;
    expect(s.refused).toEqual([{ path: 'retry.cap', value: SCENARIO_DEFAULTS.retry.cap }]);
    expect(s.setAside).toEqual([{ path: 'retry.base', value: 20 }]);
    expect([s.scenario.retry.base, s.scenario.retry.cap, s.scenario.pool.poolSize]).toEqual([SCENARIO_DEFAULTS.retry.base, SCENARIO_DEFAULTS.retry.cap, 5]);
    // Restarts: an initial backoff over the default cap, the same way.
    const r = salvageScenario({ version: 2, restart: { initialBackoff: 1000 } })!;
    expect(r.refused.map((x) => x.path)).toEqual(['restart.cap']);
    expect(r.setAside).toEqual([{ path: 'restart.initialBackoff', value: 1000 }]);
  });

  it('a name too long for titles opens cut to fit, whole characters only, with every setting', () => {
    const long = `${'x'.repeat(SCENARIO_NAME_MAX - 1)}😀 and more`;
    const s = salvageScenario({ version: 2, name: long, wave: { containers: 9 } })!;
    expect(s.nameShortened).toBe(true);
    // The emoji is two UTF-16 units, the 120th and 121st: it goes whole rather than in half.
    expect(s.scenario.name).toBe('x'.repeat(SCENARIO_NAME_MAX - 1));
    expect(s.scenario.wave.containers).toBe(9);
    expect(s.refused).toEqual([]);
    expect(repairTitle('This link', s)).toBe(`This link holds a name over ${SCENARIO_NAME_MAX} characters (cut to fit): the rest of it is open`);
    const both = salvageScenario({ version: 2, name: 'n'.repeat(500), wave: { containers: -1 } })!;
    expect(both.scenario.name).toBe('n'.repeat(SCENARIO_NAME_MAX));
    expect(repairTitle('This file', both)).toBe(`This file holds a value its field refuses and a name over ${SCENARIO_NAME_MAX} characters (cut to fit): the rest of it is open; fix the marked field to run it`);
    expect(salvageScenario({ version: 2, name: 'short' })).toBeNull(); // valid already
  });

  it('an unknown field inside a refused distribution is left out of the value given back, and named', () => {
    const s = salvageScenario({ version: 2, phases: { init: { kind: 'lognormal', median: 5, p95: 1, foo: 2 } } })!;
    expect(s.refused).toEqual([{ path: 'phases.init', value: { kind: 'lognormal', median: 5, p95: 1 } }]);
    expect(s.dropped).toEqual(['phases.init.foo']);
  });

  it('a number field gives back whatever it was written with (the form shows it as text)', () => {
    const s = salvageScenario({ version: 2, wave: { containers: [3] }, timeouts: { connection: '35s' } })!;
    expect(s.refused).toEqual([{ path: 'wave.containers', value: [3] }, { path: 'timeouts.connection', value: '35s' }]);
  });

  it('a version 1 scenario is migrated first, with its notes', () => {
    const s = salvageScenario({ version: 1, wave: { containers: -1 } })!;
    expect(s.scenario.version).toBe(2);
    expect(s.notes.length).toBeGreaterThan(0);
    expect(s.refused).toEqual([{ path: 'wave.containers', value: -1 }]);
  });

  it('nothing to open when the damage is not in the form’s fields, or when the scenario is valid', () => {
    for (const bad of [
      null,
      [1],
      { wave: { containers: 3 } }, // no version
      { version: 9 },
      { version: 2, wave: 5 }, // a group that is no group of fields
      { version: 2, name: 42 },
      { version: 2, retry: { policy: 'sometimes' } }, // a choice the form does not offer
      { version: 2, retry: { withinConnectionTimeout: 'yes' } }, // nor a switch
      { version: 2, phases: { init: { kind: 'bogus', value: 1 } } }, // a distribution of no known kind
      { version: 2, phases: { init: 5 } },
      { version: 2 },
    ])
      expect(salvageScenario(bad), JSON.stringify(bad)).toBeNull();
  });
});
