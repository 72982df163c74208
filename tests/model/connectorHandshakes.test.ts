/**
 * The connector's limit on concurrent handshakes per instance (the field report's burst drops): a SYN that finds
 * every handshake slot taken is dropped and retransmitted, even with connection slots free. Constant base
 * (tests/helpers/scenario.ts): Phase 3 at 3 s, connector latency 0.25 s, one vCPU with 0.125 s handshakes, table
 * setup 3 s and health check 0.5 s after the connection, SYN retransmitted after 1 s.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { expectTime, handScenario } from '../helpers/scenario';

const burst = (connector: object) =>
  handScenario({ wave: { containers: 3 }, connector: { mode: 'serverless-vpc-access', ...connector } });
const phase3Times = (s: ReturnType<typeof burst>) => {
  const r = runReplication(s, 0, true);
  return { r, times: r.records!.map((x) => x.phase3Duration!).sort((a, b) => a - b) };
};

describe('concurrent handshakes per connector instance', () => {
  it('2 instances × 1 handshake: the third SYN is dropped and gets through on its retransmit at 4 s', () => {
    // computed by hand: A and B pass at 3 s, reach Cloud SQL at 3.25 and are served 3.25–3.375 and 3.375–3.5;
    // C's SYN is dropped at 3 s, retransmitted at 4 s, at Cloud SQL 4.25, served to 4.375. Each then spends
    // 3 + 0.5 s: Phase 3 takes 3.875, 4.0 and 4.875 s.
    const { r, times } = phase3Times(burst({ handshakesPerInstance: 1 }));
    expect(r.droppedHandshakes).toBe(1);
    [3.875, 4.0, 4.875].forEach((t, i) => expectTime(times[i], t));
  });

  it('without the limit (0) the third connect queues on the vCPU instead: 3.875, 4.0, 4.125 s, nothing dropped', () => {
    const { r, times } = phase3Times(burst({ handshakesPerInstance: 0 }));
    expect(r.droppedHandshakes).toBe(0);
    [3.875, 4.0, 4.125].forEach((t, i) => expectTime(times[i], t));
  });

  it('scales with the machine type like connections: e2-standard-4 sets up 16 per instance, so 3 fit', () => {
    const { r, times } = phase3Times(burst({ handshakesPerInstance: 1, machineType: 'e2-standard-4' }));
    expect(r.droppedHandshakes).toBe(0);
    expectTime(times[2], 4.125);
  });

  it('a handshake ends when Cloud SQL answers, not when the connection closes: connections beyond the limit are held', () => {
    // 2 handshake slots, 3 connections each (6 at once, served in pairs); all end up established.
    const s = handScenario({
      wave: { containers: 2 }, phase3: { lazyConnections: 3 },
      connector: { mode: 'serverless-vpc-access', handshakesPerInstance: 1 },
    });
    const r = runReplication(s, 0, true, (world) => {
      expect(world.connector.handshaking).toBe(0);
    });
    expect(r.breaches).toBe(0);
    expect(r.droppedHandshakes).toBeGreaterThan(0);
    expect(r.records!.every((x) => x.outcome === 'healthy')).toBe(true);
  });
});

describe('a connector short of handshake slots scales out', () => {
  it('the dropped SYN asks for an instance (far below the connections threshold), which arrives after the delay', () => {
    // 3 connections of 2 × 50 slots is 3% utilisation, under any threshold: only the handshake drop at 3 s can ask.
    // computed by hand: drop at 3 s + scale-out delay 30 s → a third instance at 33 s.
    const r = runReplication(burst({ handshakesPerInstance: 1 }), 0, true);
    expect(r.scaleOuts.slice(0, 2)).toEqual([33, 3]);
    expect(r.peakConnectorInstances).toBe(3);
    const none = runReplication(burst({ handshakesPerInstance: 0 }), 0, true);
    expect(none.scaleOuts).toEqual([]);
  });
});
