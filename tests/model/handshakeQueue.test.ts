/**
 * Phase 3 times of hand-computable storms: Cloud SQL's vCPUs serve connection handshakes FIFO, then each
 * container sets up tables and runs a health check. Every duration is constant (tests/helpers/scenario.ts:
 * Phase 3 starts at 3 s, handshake h = 0.125 s, table setup 3 s, health check 0.5 s, phases 4–7 take 1 s).
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { expectTime, handScenario, LATER_PHASES, P3_START, recordsOf } from '../helpers/scenario';

const H = 0.125; // handshake
const T = 3; // table setup
const HC = 0.5; // health check

describe('one container, nothing contended', () => {
  it("connector 'none': Phase 3 = handshake + table setup + health check", () => {
    // computed by hand: 0.125 + 3 + 0.5 = 3.625 s; no connector, so its 0.25 s latency does not apply.
    const r = runReplication(handScenario(), 0, true);
    const [rec] = recordsOf(r.records, 0);
    expect(rec.outcome).toBe('healthy');
    expectTime(rec.phase3Duration, 3.625);
    expect(rec.phaseEnds).toHaveLength(7);
    // Phases 1–2 end at 1 and 3; Phase 3 at 6.625; then 0.5, 0.25, 0.125, 0.125 s.
    [1, 3, 6.625, 7.125, 7.375, 7.5, 7.625].forEach((t, i) => expectTime(rec.phaseEnds[i], t));
    expect(rec.connectionsHeld).toBe(1);
    expect(r.breaches).toBe(0);
    expect(r.starts).toBe(1);
    expectTime(r.allHealthyTime, P3_START + 3.625 + LATER_PHASES);
  });

  it('Direct VPC egress: no connector latency, but no connection before the warm-up ends', () => {
    // computed by hand: the attempt starts at 0, egress is ready at 30 s (inside the 35 s connection
    // timeout from Phase 3's start at 3 s), so the connect waits until 30, then handshake 0.125, table setup
    // 3, health check 0.5: 30 + 3.625 − 3 = 30.625 s.
    const r = runReplication(handScenario({ connector: { mode: 'direct-vpc-egress', directVpcWarmup: 30 } }), 0, true);
    expectTime(recordsOf(r.records, 0)[0].phase3Duration, 30.625);
  });

  it('Direct VPC egress: a warm-up past the connection timeout fails the connect at the timeout', () => {
    // computed by hand: ready at 40 s > 3 + 35 = 38 s: connect_timeout at 38, Phase 3 = 35 s.
    const r = runReplication(handScenario({ connector: { mode: 'direct-vpc-egress', directVpcWarmup: 40 } }), 0, true);
    const [rec] = recordsOf(r.records, 0);
    expect(rec.outcome).toBe('connect_timeout');
    expectTime(rec.phase3Duration, 35);
  });

  it('serverless VPC access: the connector adds its latency', () => {
    // computed by hand: latency 0.25 (latencyAtFullLoad 1: constant) + 0.125 + 3 + 0.5 = 3.875 s
    const r = runReplication(handScenario({ connector: { mode: 'serverless-vpc-access' } }), 0, true);
    expectTime(recordsOf(r.records, 0)[0].phase3Duration, 3.875);
  });

  it('connector latency grows as 1 + (m − 1)·u² with its utilisation u', () => {
    // 2 instances × 1 connection = capacity 2, m = 5. Container 0 takes a slot (u = 1/2): latency
    // 0.25·(1 + 4/4) = 0.5; container 1 the second (u = 1): 0.25·5 = 1.25. Handshakes on the one vCPU:
    // container 0 at 3.5–3.625, container 1 at 4.25–4.375.
    // computed by hand: container 0: 0.5 + 0.125 + 3.5 = 4.125 s; container 1: 1.25 + 0.125 + 3.5 = 4.875 s
    const s = handScenario({
      wave: { containers: 2 },
      connector: { mode: 'serverless-vpc-access', connectionsPerInstance: 1, latencyAtFullLoad: 5, scaleOutDelay: 120 },
    });
    const r = runReplication(s, 0, true);
    expectTime(recordsOf(r.records, 0)[0].phase3Duration, 4.125);
    expectTime(recordsOf(r.records, 1)[0].phase3Duration, 4.875);
    expect(r.peakConnectorUtilisation).toBe(1);
  });

  it('Cloud SQL slows handshakes and queries by 1 + (s − 1)·connections / max_connections', () => {
    // 50 connections held by other clients, max 100, s = 3. Handshake at 50 connections: 0.125·(1 + 2·0.5)
    // = 0.25; then 51 connections: table setup 3·(1 + 2·0.51) = 6.06, health check 0.5·2.02 = 1.01.
    // computed by hand: 0.25 + 6.06 + 1.01 = 7.32 s
    const s = handScenario({ cloudSql: { otherClients: 50, slowdownAtLimit: 3 } });
    const r = runReplication(s, 0, true);
    expectTime(recordsOf(r.records, 0)[0].phase3Duration, 7.32);
    expect(r.peakCloudSqlConnections).toBe(51);
  });
});

describe('a fleet opening warm pools through one Cloud SQL instance', () => {
  const N = 4; // containers
  const P = 3; // pool_size, opened at startup (warm pool)
  const fleet = (over: object) =>
    handScenario({ wave: { containers: N }, phase3: { connectionMode: 'warm-pool' }, pool: { poolSize: P }, ...over });

  it('concurrent opening, 1 vCPU: handshakes are served FIFO, container by container', () => {
    // All containers reach Phase 3 at 3 s; container c's P openers queue after those of containers < c,
    // so its last handshake ends at (c + 1)·P·h.
    // computed by hand: Phase 3 of c = (c + 1)·3·0.125 + 3 + 0.5 = 3.875, 4.25, 4.625, 5.0 s
    const r = runReplication(fleet({ phase3: { connectionMode: 'warm-pool', opening: 'concurrent' } }), 0, true);
    for (let c = 0; c < N; c++) {
      const [rec] = recordsOf(r.records, c);
      expect(rec.outcome).toBe('healthy');
      expectTime(rec.phase3Duration, (c + 1) * P * H + T + HC);
      expect(rec.connectionsHeld).toBe(P);
    }
    expect(r.peakCloudSqlConnections).toBe(N * P);
    expect(r.breaches).toBe(0);
  });

  it('concurrent opening, 2 vCPUs: handshake k ends at (⌊k/2⌋ + 1)·h', () => {
    // Container c's last handshake is k = c·P + P − 1 = 2, 5, 8, 11.
    // computed by hand: (1+1)·h, (2+1)·h, (4+1)·h, (5+1)·h + 3.5 = 3.75, 3.875, 4.125, 4.25 s
    const r = runReplication(fleet({ cloudSql: { vcpus: 2 } }), 0, true);
    const expected = [3.75, 3.875, 4.125, 4.25];
    for (let c = 0; c < N; c++) expectTime(recordsOf(r.records, c)[0].phase3Duration, expected[c]);
  });

  it('serial opening, 1 vCPU: containers take turns, one handshake each', () => {
    // Container c asks for its next connection only when the previous one is open, behind every other
    // container's request: its j-th handshake is number j·N + c, ending at (j·N + c + 1)·h.
    // computed by hand: last (j = 2): (8 + c + 1)·0.125 + 3.5 = 4.625, 4.75, 4.875, 5.0 s
    const r = runReplication(fleet({ phase3: { connectionMode: 'warm-pool', opening: 'serial' } }), 0, true);
    for (let c = 0; c < N; c++) expectTime(recordsOf(r.records, c)[0].phase3Duration, ((P - 1) * N + c + 1) * H + T + HC);
  });

  it('restated as the fleet: every container healthy, the last at its Phase 3 end + 1 s', () => {
    // computed by hand: the last Phase 3 ends at 3 + 5.0 = 8 s (concurrent, 1 vCPU), phases 4–7 take 1 s.
    const r = runReplication(fleet({}), 0, false);
    expect(r.healthyAtHorizon).toBe(N);
    expectTime(r.allHealthyTime, P3_START + N * P * H + T + HC + LATER_PHASES);
  });
});
