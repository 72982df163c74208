/**
 * Each Phase 3 step under its own timeout, the whole phase under the initialization timeout. Constant base:
 * tests/helpers/scenario.ts (Phase 3 at 3 s, handshake 0.125 s on 1 vCPU, table setup 3 s, health check
 * 0.5 s; timeouts 75 / 35 / 25 / 20 s), restarts off.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';
import { constant, expectTime, handScenario, P3_START, recordsOf } from '../helpers/scenario';

describe('table setup longer than its timeout', () => {
  // Table setup 30 s under a 25 s table-setup timeout.
  const s = handScenario({ wave: { containers: 3 }, phase3: { tableSetup: constant(30) } });
  const r = runReplication(s, 0, true);

  it('every start breaches with table_setup_timeout exactly 25 s after its table setup begins', () => {
    // Handshakes FIFO end at 0.125, 0.25, 0.375 s into Phase 3; table setup starts then.
    // computed by hand: Phase 3 = (c + 1)·0.125 + 25 = 25.125, 25.25, 25.375 s
    expect(r.breaches).toBe(3);
    expect(r.failures.table_setup_timeout).toBe(3);
    for (let c = 0; c < 3; c++) {
      const [rec] = recordsOf(r.records, c);
      expect(rec.outcome).toBe('table_setup_timeout');
      expectTime(rec.phase3Duration, (c + 1) * 0.125 + 25);
      expectTime(rec.phase3End, P3_START + (c + 1) * 0.125 + 25);
      expect(rec.phaseEnds).toHaveLength(2);
    }
    expectTime(r.firstBreachTime, P3_START + 25.125);
  });

  it('no container becomes healthy', () => {
    expect(r.healthyAtHorizon).toBe(0);
    expect(r.allHealthyTime).toBe(-1);
  });
});

describe('health check longer than its timeout', () => {
  it('breaches with health_check_timeout exactly 20 s after the health check begins', () => {
    // computed by hand: 0.125 + 3 + 20 = 23.125 s
    const r = runReplication(handScenario({ phase3: { healthCheck: constant(25) } }), 0, true);
    const [rec] = recordsOf(r.records, 0);
    expect(rec.outcome).toBe('health_check_timeout');
    expectTime(rec.phase3Duration, 23.125);
  });
});

describe('every step within its own limit, the sum beyond the initialization timeout', () => {
  it("the incident's trap: 34 + 24 + 19 = 77 s > 75 s ⇒ init_timeout at exactly 75 s", () => {
    // Handshake 34 s < 35 s connection timeout, table setup 24 s < 25 s, health check 19 s < 20 s.
    // computed by hand: the health check starts at 58 s and would end at 77 s; the phase ends at 75 s.
    const s = handScenario({
      phase3: { tableSetup: constant(24), healthCheck: constant(19) },
      cloudSql: { handshakeTime: constant(34) },
    });
    expect(scenarioWarnings(s).map((w) => w.id)).toContain('substeps-exceed-init');
    const r = runReplication(s, 0, true);
    const [rec] = recordsOf(r.records, 0);
    expect(rec.outcome).toBe('init_timeout');
    expectTime(rec.phase3Duration, 75);
    expect(r.failures.init_timeout).toBe(1);
  });

  it('the same steps with 1 s to spare pass: 33 + 24 + 19 = 76 s under a 76 s initialization timeout', () => {
    // computed by hand: 33 + 24 + 19 = 76 s ≤ 76 s: passes at exactly the deadline.
    const s = handScenario({
      phase3: { tableSetup: constant(24), healthCheck: constant(19) },
      cloudSql: { handshakeTime: constant(33) },
      timeouts: { initialization: 76 },
    });
    const [rec] = recordsOf(runReplication(s, 0, true).records, 0);
    expect(rec.outcome).toBe('healthy');
    expectTime(rec.phase3Duration, 76);
  });

  it('a smaller example: 10 + 20 + 15 = 45 s > 40 s ⇒ init_timeout at 40 s', () => {
    // computed by hand: connect ends at 10, table setup at 30, the health check would end at 45; cut at 40.
    const s = handScenario({
      phase3: { tableSetup: constant(20), healthCheck: constant(15) },
      cloudSql: { handshakeTime: constant(10) },
      timeouts: { initialization: 40 },
    });
    const [rec] = recordsOf(runReplication(s, 0, true).records, 0);
    expect(rec.outcome).toBe('init_timeout');
    expectTime(rec.phase3Duration, 40);
  });
});
