/**
 * A checkout killed mid-handshake (the app raised: another concurrent open failed) still costs Cloud SQL the
 * whole handshake: the server finishes it, holding the vCPU and the connector slot, then frees both. Hand-computed
 * with constant durations (tests/helpers/scenario.ts: Phase 3 starts at 3 s, handshake 0.125 s, connector
 * latency 0.25 s).
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import type { World } from '../../sim-core/model/world';
import { expectTime, handScenario, recordsOf } from '../helpers/scenario';

describe('a checkout killed mid-handshake', () => {
  it('keeps its vCPU and connector slot until the server finishes the handshake', () => {
    // One usable Cloud SQL connection left (96 other clients of 97 usable), 2 vCPUs, three concurrent openers
    // through the connector. All reach Cloud SQL at 3.25: A and B take the vCPUs (3.25–3.375), C queues.
    // At 3.375 A is admitted and C starts its handshake (3.375–3.5); B is refused: Phase 3 fails with
    // too_many_clients at 3.375 and the app's other opens die with it, C mid-handshake.
    const horizon = 60;
    const s = handScenario({
      simulation: { horizon },
      phase3: { connectionMode: 'warm-pool' },
      pool: { poolSize: 3, maxOverflow: 0 },
      connector: { mode: 'serverless-vpc-access' },
      cloudSql: { otherClients: 96, vcpus: 2 },
    });
    let atHorizon: { cpuInUse: number; connectorBusy: number } | null = null;
    const r = runReplication(s, 0, true, (w: World) => {
      atHorizon = { cpuInUse: w.cloudSql.cpu.inUse, connectorBusy: w.connector.busy };
    });
    const [rec] = recordsOf(r.records, 0);
    expect(rec.outcome).toBe('too_many_clients');
    expectTime(rec.phase3Duration, 0.375);
    // computed by hand: three whole handshakes of vCPU time, 3 × 0.125 s, over 2 vCPUs and the 60 s horizon.
    // Had the killed handshake freed its vCPU at the kill (3.375), it would be 2 × 0.125.
    expectTime(r.cloudSqlCpuUtilisation, (3 * 0.125) / (2 * horizon));
    // Everything is given back by the horizon: A's connection closed with the exiting container, C's slot
    // and vCPU at 3.5.
    expect(atHorizon).toEqual({ cpuInUse: 0, connectorBusy: 0 });
    expect(r.refusedConnections).toBe(1);
  });
});
