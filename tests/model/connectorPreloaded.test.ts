/**
 * A connector whose load before the wave keeps its min instances above the scale-out threshold starts the wave with
 * the instances that bring that load under the threshold: it would have scaled out for it, and it never scales in.
 * Constant base (tests/helpers/scenario.ts): Phase 3 at 3 s, connector latency 0.25 s, one vCPU with 0.125 s
 * handshakes, table setup 3 s and health check 0.5 s, SYN retransmitted after 1 s and doubling, connection timeout
 * 35 s, scale-out threshold 0.7.
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
  it('250 other connections on e2-micro (50 each) start it with 8 instances (62.5%, under 70%); the wave gets in at once', () => {
    const s = preloaded({ otherConnections: 250 });
    // computed by hand: 250 / (k × 50) ≤ 0.7 first holds at k = 8. The SYN sent at 3 s finds a free slot: 0.25 s
    // connector, 0.125 s handshake, 3.5 s of table setup and health check, so Phase 3 takes 3.875 s, and 251 of 400
    // slots (62.75%) never call for another instance.
    expect(connectorInstancesAtStart(s)).toBe(8);
    const r = runReplication(s, 0, true);
    expect(r.droppedHandshakes).toBe(0);
    expect(r.records![0].outcome).toBe('healthy');
    expectTime(r.records![0].phase3Duration, 3.875);
    expect(r.peakConnectorInstances).toBe(8);
    expect(warning(s)?.message).toBe(
      "The connector carries 250 connections before the wave (other services' 250), 250% of 2 × 50 on its 2 min instances, above the 70% scale-out threshold: it starts the wave with 8 instances (62.5% of 8 × 50), as it would have scaled out for them and never scales in.",
    );
    expect(warning(s)?.fields).toContain('connector.scaleOutThreshold');
  });

  it('a load within the min instances\' capacity but above the threshold counts too: 81 on 2 × 50 starts with 3', () => {
    const s = preloaded({ otherConnections: 81 });
    expect(connectorInstancesAtStart(s)).toBe(3);
    // No scale-out during the lone start: 82 of 150 is under 70%.
    const r = runReplication(s, 0, true);
    expect(r.peakConnectorInstances).toBe(3);
    expectTime(r.records![0].phase3Duration, 3.875);
  });

  it('counts running containers\' connections, and never starts above max instances', () => {
    const s = preloaded({ otherConnections: 600, maxInstances: 10 }, { runningContainers: 2, runningConnectionsEach: 5 });
    expect(connectorInstancesAtStart(s)).toBe(10);
    expect(warning(s)?.message).toBe(
      "The connector carries 610 connections before the wave (other services' 600 + running containers' 2 × 5), more than even its 10 max instances hold (10 × 50): it starts the wave at 10 instances, over 100% utilisation, and drops every new SYN until connections close.",
    );
    expect(warning(s)?.fields).toContain('wave.runningContainers');
    const hot = preloaded({ otherConnections: 400, maxInstances: 10 });
    expect(connectorInstancesAtStart(hot)).toBe(10);
    expect(warning(hot)?.message).toBe(
      "The connector carries 400 connections before the wave (other services' 400), 400% of 2 × 50 on its 2 min instances, above the 70% scale-out threshold even on its 10 max instances (80% of 10 × 50): it starts the wave at 10 instances, as it would have scaled out and never scales in.",
    );
  });

  it('a load its min instances keep at or under the threshold changes nothing', () => {
    const s = preloaded({ otherConnections: 70 });
    expect(connectorInstancesAtStart(s)).toBe(2);
    expect(warning(s)).toBeUndefined();
    expect(connectorInstancesAtStart(preloaded({ otherConnections: 71 }))).toBe(3);
    expect(warning(handScenario({ connector: { otherConnections: 250 } }))).toBeUndefined(); // no shared connector
  });
});
