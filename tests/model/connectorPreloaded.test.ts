/**
 * A connector that already carries more before the wave than its min instances hold starts the wave with the
 * instances that load needs: it would have scaled out for it, and it never scales in. Constant base
 * (tests/helpers/scenario.ts): Phase 3 at 3 s, connector latency 0.25 s, one vCPU with 0.125 s handshakes, table
 * setup 3 s and health check 0.5 s, SYN retransmitted after 1 s and doubling, connection timeout 35 s.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { connectorInstancesAtStart } from '../../sim-core/scenario/capacity';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';
import { expectTime, handScenario } from '../helpers/scenario';

const preloaded = (connector: object, wave: object = {}) =>
  handScenario({ wave, connector: { mode: 'serverless-vpc-access', ...connector } });
const warning = (s: ReturnType<typeof preloaded>) => scenarioWarnings(s).find((w) => w.id === 'connector-preloaded');

describe('a connector loaded before the wave', () => {
  it('250 other connections on e2-micro (50 each) start it with 5 instances, full; the wave gets in after the first scale-out', () => {
    const s = preloaded({ otherConnections: 250 });
    expect(connectorInstancesAtStart(s)).toBe(5);
    // computed by hand: 250 of 250 at t = 0 is over the 0.7 threshold, so a 6th instance comes at 30 s. The SYN
    // sent at 3 s is dropped at 3, 4, 6, 10 and 18 s and gets in at 34 s; 0.25 s connector, 0.125 s handshake,
    // 3.5 s of table setup and health check: Phase 3 ends at 37.875 s, 34.875 s after it started.
    const r = runReplication(s, 0, true);
    expect(r.droppedHandshakes).toBe(5);
    expect(r.records![0].outcome).toBe('healthy');
    expectTime(r.records![0].phase3Duration, 34.875);
    expect(r.peakConnectorInstances).toBeGreaterThanOrEqual(6);
    expect(warning(s)?.message).toBe(
      "The connector carries 250 connections before the wave (other services' 250), more than its 2 min instances hold (2 × 50): it starts the wave with 5 instances, as it would have scaled out for them and never scales in.",
    );
  });

  it('counts running containers\' connections, and never starts above max instances', () => {
    const s = preloaded({ otherConnections: 600, maxInstances: 10 }, { runningContainers: 2, runningConnectionsEach: 5 });
    expect(connectorInstancesAtStart(s)).toBe(10);
    expect(warning(s)?.message).toBe(
      "The connector carries 610 connections before the wave (other services' 600 + running containers' 2 × 5), more than even its 10 max instances hold (10 × 50): it starts the wave at 10 instances, over 100% utilisation, and drops every new SYN until connections close.",
    );
    expect(warning(s)?.fields).toContain('wave.runningContainers');
  });

  it('a load its min instances hold changes nothing: exactly full is not preloaded', () => {
    const s = preloaded({ otherConnections: 100 });
    expect(connectorInstancesAtStart(s)).toBe(2);
    expect(warning(s)).toBeUndefined();
    expect(warning(handScenario({ connector: { otherConnections: 250 } }))).toBeUndefined(); // no shared connector
  });
});
