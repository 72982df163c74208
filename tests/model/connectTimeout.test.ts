/**
 * One connect under the connection timeout, retried per the backoff policy. A handshake already on a vCPU
 * runs to its end even when the client has given up (the server does not know), holding the vCPU.
 * Constant base: tests/helpers/scenario.ts (Phase 3 at 3 s, 1 vCPU, table setup + health check 3.5 s).
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { constant, expectTime, handScenario, recordsOf } from '../helpers/scenario';

describe('connection timeout', () => {
  it('a connect queued behind a slow handshake times out at exactly the connection timeout', () => {
    // Handshake 20 s, connection timeout 30 s, 2 containers. Container 0: handshake 3–23, passes at
    // 20 + 3.5 = 23.5 s. Container 1 gets the vCPU at 23; its handshake would end at 43 > 3 + 30 = 33.
    // computed by hand: container 1 fails with connect_timeout at 30 s into Phase 3.
    const s = handScenario({ wave: { containers: 2 }, timeouts: { connection: 30 }, cloudSql: { handshakeTime: constant(20) } });
    const r = runReplication(s, 0, true);
    expectTime(recordsOf(r.records, 0)[0].phase3Duration, 23.5);
    const [rec] = recordsOf(r.records, 1);
    expect(rec.outcome).toBe('connect_timeout');
    expectTime(rec.phase3Duration, 30);
  });

  it('a handshake that ends exactly at the connection timeout connects: a step that ends by its deadline succeeds', () => {
    // computed by hand: the handshake (0.5 s) starts at 3 s and ends at 3.5 s, the attempt's deadline (3 + 0.5);
    // as for table setup, the health check and the phase itself, ending at the deadline meets it. Table setup
    // and health check then take 3.5 s: healthy, Phase 3 = 0.5 + 3.5 = 4 s.
    const s = handScenario({ timeouts: { connection: 0.5 }, cloudSql: { handshakeTime: constant(0.5) } });
    const [rec] = recordsOf(runReplication(s, 0, true).records, 0);
    expect(rec.outcome).toBe('healthy');
    expectTime(rec.phase3Duration, 4);
  });

  it('a table setup that ends exactly at its own timeout passes too', () => {
    // computed by hand: connect 3–3.5 (handshake 0.5 s), table setup 3.5–28.5 (25 s = its timeout), health
    // check 3 s: healthy, Phase 3 = 0.5 + 25 + 3 = 28.5 s.
    const s = handScenario({ phase3: { tableSetup: constant(25), healthCheck: constant(3) }, cloudSql: { handshakeTime: constant(0.5) }, timeouts: { tableSetup: 25 } });
    const [rec] = recordsOf(runReplication(s, 0, true).records, 0);
    expect(rec.outcome).toBe('healthy');
    expectTime(rec.phase3Duration, 28.5);
  });

  it('retries with exponential backoff; abandoned handshakes keep the vCPU busy', () => {
    // Handshake 10 s, connection timeout 5 s, 3 attempts, exponential backoff base 1 s, cap 10 s.
    // Attempt 1: vCPU 3–13, client gives up at 8; sleeps 1·2⁰ = 1 → 9.
    // Attempt 2: vCPU still busy until 13 (abandoned handshake); granted at 13, would end at 23 > 14: gives
    //   up at 14 (the server keeps the vCPU until 23); sleeps 1·2¹ = 2 → 16.
    // Attempt 3: deadline 21, the vCPU is busy until 23: gives up in the queue at 21.
    // computed by hand: connect_timeout at 21 − 3 = 18 s into Phase 3.
    const s = handScenario({
      timeouts: { connection: 5 },
      retry: { policy: 'exponential', attempts: 3, base: 1, cap: 10 },
      cloudSql: { handshakeTime: constant(10) },
    });
    const [rec] = recordsOf(runReplication(s, 0, true).records, 0);
    expect(rec.outcome).toBe('connect_timeout');
    expectTime(rec.phase3Duration, 18);
  });

  it('a retry that lands past the initialization timeout is an init_timeout at the deadline', () => {
    // As above with initialization 15 s (deadline 18): attempt 2 gives up at 14, the 2 s backoff would end
    // at 16 < 18, attempt 3 waits in the queue until min(16 + 5, 18) = 18.
    // computed by hand: init_timeout at exactly 15 s.
    const s = handScenario({
      timeouts: { connection: 5, initialization: 15 },
      retry: { policy: 'exponential', attempts: 3, base: 1, cap: 10 },
      cloudSql: { handshakeTime: constant(10) },
    });
    const [rec] = recordsOf(runReplication(s, 0, true).records, 0);
    expect(rec.outcome).toBe('init_timeout');
    expectTime(rec.phase3Duration, 15);
  });

  it("policy 'none' makes one attempt whatever `attempts` says", () => {
    // computed by hand: one attempt, given up at 5 s.
    const s = handScenario({
      timeouts: { connection: 5 },
      retry: { policy: 'none', attempts: 5 },
      cloudSql: { handshakeTime: constant(10) },
    });
    const [rec] = recordsOf(runReplication(s, 0, true).records, 0);
    expect(rec.outcome).toBe('connect_timeout');
    expectTime(rec.phase3Duration, 5);
  });

  it('a refused connect is retried too, and fails with too_many_clients when every attempt is refused', () => {
    // usable = 5 − 4 = 1; container 0 takes it (handshake 3–3.125) and keeps it. Container 1: refused at
    // 3.25, sleeps 1 → 4.25, refused at 4.375, sleeps 2 → 6.375, refused at 6.5.
    // computed by hand: too_many_clients at 6.5 − 3 = 3.5 s; 3 refusals.
    const s = handScenario({
      wave: { containers: 2 },
      retry: { policy: 'exponential', attempts: 3, base: 1, cap: 10 },
      cloudSql: { maxConnections: 5, reservedConnections: 4 },
    });
    const r = runReplication(s, 0, true);
    const [rec] = recordsOf(r.records, 1);
    expect(rec.outcome).toBe('too_many_clients');
    expectTime(rec.phase3Duration, 3.5);
    expect(r.refusedConnections).toBe(3);
  });
});
