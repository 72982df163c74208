/**
 * The CREATE TABLE IF NOT EXISTS race: the first setup to commit creates the tables; one that overlapped it, finding
 * no tables when it began, can fail with a unique violation; once the tables exist, IF NOT EXISTS does nothing.
 * Constant base: tests/helpers/scenario.ts (Phase 3 at 3 s, handshakes 0.125 s FIFO on 1 vCPU, table setup 3 s).
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { presetById } from '../../sim-core/scenario/presets';
import { expectTime, handScenario, merge, P3_START, recordsOf, scenarioOf } from '../helpers/scenario';

describe('before the tables exist', () => {
  it('of two setups that overlap, the first to commit creates the tables and the other loses the race (probability 1)', () => {
    // computed by hand: handshakes end 0.125 and 0.25 s into Phase 3, the setups run 3 s from then and overlap;
    // container 0's commits first (3.125 s), so container 1's, still running then, loses when it ends (3.25 s).
    const r = runReplication(handScenario({ wave: { containers: 2 }, phase3: { tableSetupRace: 1 } }), 0, true);
    expect(r.failures.table_setup_race).toBe(1);
    const [first] = recordsOf(r.records, 0);
    expect(first.outcome).toBe('healthy');
    const [second] = recordsOf(r.records, 1);
    expect(second.outcome).toBe('table_setup_race');
    expectTime(second.phase3Duration, 0.25 + 3);
    expectTime(second.phase3End, P3_START + 0.25 + 3);
  });

  it('there is always a winner: of three overlapping setups one commits, the two it overtook lose', () => {
    const r = runReplication(handScenario({ wave: { containers: 3 }, phase3: { tableSetupRace: 1 } }), 0, true);
    expect(r.failures.table_setup_race).toBe(2);
    expect(recordsOf(r.records, 0)[0].outcome).toBe('healthy');
    for (const c of [1, 2]) expect(recordsOf(r.records, c)[0].outcome).toBe('table_setup_race');
  });

  it('a setup that overlaps no other creates the tables, whatever the probability', () => {
    // Starts 4 s apart: the first setup ends at 6.125 s, before the second begins at 7.125 s.
    const r = runReplication(handScenario({ wave: { containers: 2, pattern: { kind: 'batches', size: 1, interval: 4 } }, phase3: { tableSetupRace: 1 } }), 0, true);
    expect(r.failures.table_setup_race).toBe(0);
    expect(r.healthyAtHorizon).toBe(2);
  });
});

describe('after the tables exist', () => {
  // The incident fleet, every overlap losing the race while it can: its restarts overlap one another long after
  // the first start passed Phase 3 (which it can only do once its table setup has committed the tables).
  const s = scenarioOf(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 30 }, phase3: { tableSetupRace: 1 } }));

  it('no start whose Phase 3 began once a start had passed Phase 3 loses the race', () => {
    let late = 0;
    let lateRaces = 0;
    let races = 0;
    for (let rep = 0; rep < s.simulation.replications; rep++) {
      const records = runReplication(s, rep, true).records!;
      const passed = records.filter((x) => x.phaseEnds.length >= 3).map((x) => x.phaseEnds[2]);
      const tablesBy = Math.min(...passed);
      for (const x of records) {
        if (x.outcome === 'table_setup_race') races++;
        if (x.phaseEnds.length < 2 || x.phaseEnds[1] <= tablesBy) continue;
        late++;
        if (x.outcome === 'table_setup_race') lateRaces++;
      }
    }
    expect(races).toBeGreaterThan(0); // the race is real before the tables exist
    expect(late).toBeGreaterThan(100); // and the later starts are many (they overlap: 12 containers restart together)
    expect(lateRaces).toBe(0);
  });
});

describe('which setup loses: the later to commit', () => {
  it('of two setups whose windows overlap, exactly one loses, also when the later one to start commits first', () => {
    // 2 containers 1 s apart, table setup uniform 0.5–6 s, race probability 1. Each setup runs from its Phase 3 start
    // plus the handshake (0.125 s) to its end (the Phase 3 end, less the 0.5 s health check for a healthy start).
    const s = handScenario({
      simulation: { replications: 40 },
      wave: { containers: 2, pattern: { kind: 'batches', size: 1, interval: 1 } },
      phase3: { tableSetupRace: 1, tableSetup: { kind: 'uniform', min: 0.5, max: 6 } },
    });
    let overlaps = 0;
    let laterFirst = 0;
    for (let rep = 0; rep < 40; rep++) {
      const r = runReplication(s, rep, true);
      const windows = [0, 1].map((c) => {
        const x = recordsOf(r.records, c)[0];
        return [x.phaseEnds[1] + 0.125, x.phase3End! - (x.outcome === 'healthy' ? 0.5 : 0)];
      });
      const overlap = windows[1][0] < windows[0][1];
      if (overlap) overlaps++;
      if (overlap && windows[1][1] < windows[0][1]) laterFirst++;
      expect(r.failures.table_setup_race, `replication ${rep}`).toBe(overlap ? 1 : 0);
    }
    expect(laterFirst).toBeGreaterThan(0);
    expect(overlaps).toBeGreaterThan(laterFirst);
  });
});
