/**
 * A saturated Serverless VPC Access connector drops new SYNs; TCP retransmits them after 1, 2, 4, 8, 16 s
 * (cumulative 1, 3, 7, 15, 31 s; Linux initial RTO 1 s). The connector scales out one instance at a time,
 * effective the scale-out delay after utilisation first passed its threshold.
 *
 * Constant base (tests/helpers/scenario.ts): Phase 3 at 3 s, connector latency 0.25 s (constant), handshake
 * 0.125 s on 1 vCPU, table setup + health check 3.5 s. Here: 2 instances × 1 connection = capacity 2, and
 * 3 containers with one connection each. Containers 0 and 1 take both slots at 3 s (utilisation 1 > 0.7
 * starts a scale-out) and keep them, being healthy; container 2's SYN is dropped at 3 s.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { expectTime, handScenario, P3_START, recordsOf } from '../helpers/scenario';

const saturated = (connection: number, scaleOutDelay: number) =>
  handScenario({
    wave: { containers: 3 },
    timeouts: { connection },
    connector: { mode: 'serverless-vpc-access', connectionsPerInstance: 1, minInstances: 2, maxInstances: 3, scaleOutDelay },
  });

describe('no capacity within the connection timeout (scale-out after 120 s)', () => {
  // Retransmits at 1, 3, 7, 15, 31 s after the first SYN; the next would be at 63 s.
  // computed by hand: SYNs sent (and dropped) before the timeout T: T = 2.5 → at 0, 1 (2);
  // T = 5 → 0, 1, 3 (3); T = 10 → + 7 (4); T = 20 → + 15 (5); T = 34 → + 31 (6). A retransmit due exactly at the
  // deadline is not sent: T = 3 → 0, 1 (2); T = 7 → 0, 1, 3 (3).
  for (const [timeout, drops] of [[2.5, 2], [3, 2], [5, 3], [7, 3], [10, 4], [20, 5], [34, 6]] as const) {
    it(`connection timeout ${timeout} s: ${drops} dropped SYNs, connect_timeout at exactly ${timeout} s`, () => {
      const r = runReplication(saturated(timeout, 120), 0, true);
      expect(r.droppedHandshakes).toBe(drops);
      const [rec] = recordsOf(r.records, 2);
      expect(rec.outcome).toBe('connect_timeout');
      expectTime(rec.phase3Duration, timeout);
      expect(r.breaches).toBe(1);
    });
  }
});

describe('the connect completes at the first retransmit after the scale-out', () => {
  it('scale-out delay 30 s: the new instance carries traffic at 33 s, the SYN of 3 + 31 = 34 s gets through', () => {
    // computed by hand: Phase 3 of container 2 = 31 + 0.25 + 0.125 + 3 + 0.5 = 34.875 s; 5 drops (0, 1, 3,
    // 7, 15 s). Containers 0 and 1: latency, then handshakes 3.25–3.375 and 3.375–3.5: 3.875 s and 4.0 s.
    const r = runReplication(saturated(35, 30), 0, true);
    expect(r.scaleOuts).toEqual([P3_START + 30, 3]);
    expect(r.peakConnectorInstances).toBe(3);
    expect(r.droppedHandshakes).toBe(5);
    expectTime(recordsOf(r.records, 0)[0].phase3Duration, 3.875);
    expectTime(recordsOf(r.records, 1)[0].phase3Duration, 4.0);
    const [rec] = recordsOf(r.records, 2);
    expect(rec.outcome).toBe('healthy');
    expectTime(rec.phase3Duration, 34.875);
  });

  it('scale-out delay 20 s: capacity at 23 s, but TCP only tries again at 34 s', () => {
    // computed by hand: the same 34.875 s: a dropped SYN is not woken by the scale-out.
    const r = runReplication(saturated(35, 20), 0, true);
    expect(r.scaleOuts).toEqual([P3_START + 20, 3]);
    expectTime(recordsOf(r.records, 2)[0].phase3Duration, 34.875);
  });

  it('the connector pressure alert fires when the second slot is taken', () => {
    // computed by hand: utilisation 2/2 = 1 > 0.7 at 3 s.
    const r = runReplication(saturated(35, 30), 0, false);
    expectTime(r.connectorPressureTime, P3_START);
    expect(r.peakConnectorUtilisation).toBe(1);
  });
});

describe('scale-out threshold at its maximum, 1', () => {
  it('a dropped SYN is demand beyond capacity: the connector still scales out', () => {
    // Utilisation never exceeds 2/2 = 1, but the SYN dropped at 3 s asks for more than the capacity.
    // computed by hand: scale-out at 3 + 30 = 33 s, container 2 connects at 3 + 31 = 34 s: 34.875 s.
    const s = handScenario({
      wave: { containers: 3 },
      connector: { mode: 'serverless-vpc-access', connectionsPerInstance: 1, minInstances: 2, maxInstances: 3, scaleOutThreshold: 1 },
    });
    const r = runReplication(s, 0, true);
    expect(r.scaleOuts).toEqual([P3_START + 30, 3]);
    expectTime(recordsOf(r.records, 2)[0].phase3Duration, 34.875);
  });
});

describe('machine type scales the per-instance capacity by documented throughput', () => {
  it('e2-standard-4 carries 3200 / 200 = 16× an e2-micro: 2 × 16 = 32 slots, the other 8 of 40 are dropped', () => {
    // Connection timeout 0.5 s < the first retransmit: every dropped SYN is a connect_timeout at 0.5 s; 64
    // vCPUs serve the 32 admitted handshakes at once (0.25 + 0.125 = 0.375 s < 0.5 s).
    // computed by hand: 40 − 32 = 8 drops and 8 connect_timeouts.
    const s = handScenario({
      wave: { containers: 40 },
      timeouts: { connection: 0.5 },
      cloudSql: { vcpus: 64 },
      connector: { mode: 'serverless-vpc-access', machineType: 'e2-standard-4', connectionsPerInstance: 1, scaleOutDelay: 120 },
    });
    const r = runReplication(s, 0, false);
    expect(r.droppedHandshakes).toBe(8);
    expect(r.failures.connect_timeout).toBe(8);
  });
});

describe('scale-out, one instance at a time', () => {
  it('still past the threshold when an instance arrives: the next is asked for at once', () => {
    // computed by hand: 4 containers, 1 connection an instance, 2 instances, threshold 0.5. At 3 s two connect and two
    // SYNs are dropped (utilisation 1: an instance asked for, effective at 33 s). At 33 s utilisation is 2 of 3,
    // still above 0.5, so the next is asked for at once and arrives at 63 s (not at 64 s, after the next SYN at 34 s).
    const s = handScenario({
      wave: { containers: 4 }, timeouts: { connection: 120, initialization: 200 }, simulation: { horizon: 300 },
      connector: { mode: 'serverless-vpc-access', connectionsPerInstance: 1, minInstances: 2, maxInstances: 4, scaleOutThreshold: 0.5 },
    });
    expect(runReplication(s, 0, false).scaleOuts).toEqual([33, 3, 63, 4]);
  });

  it('utilisation exactly at the threshold does not scale out (it must pass it)', () => {
    // 2 containers × 1 connection on 2 instances × 2 = 2 of 4 = 0.5.
    const s = handScenario({ wave: { containers: 2 }, connector: { mode: 'serverless-vpc-access', connectionsPerInstance: 2, minInstances: 2, maxInstances: 3, scaleOutThreshold: 0.5 } });
    expect(runReplication(s, 0, false).scaleOuts).toEqual([]);
  });
});
