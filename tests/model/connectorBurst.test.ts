/** The connector-burst warning: a wave started all at once that opens more connections than the connector has free slots. */
import { describe, expect, it } from 'vitest';
import { presetById } from '../../sim-core/scenario/presets';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';
import { merge, scenarioOf } from '../helpers/scenario';

const incident = presetById('incident-1278-staging')!.input;
const burst = (over: object) => scenarioWarnings(scenarioOf(merge(incident, over))).find((w) => w.id === 'connector-burst');

describe('connector-burst warning', () => {
  it('names the burst and the free slots, computed by hand: 12 × 10 = 120 against 2 × 50 − 10 = 90', () => {
    const w = burst({});
    expect(w?.message).toBe(
      'Startup burst: 12 containers × 10 connections = 120 opened at once through a connector with 90 free slots (2 instances × 50 − 10 already carried): the excess SYNs are dropped and retried after 1 s, doubling, while it adds one instance per 30 s.',
    );
    expect(w?.fields).toContain('pool.poolSize');
  });

  it('is silent when the burst fits: 9 × 10 = 90 slots exactly, lazy connections, or a bigger machine type (e2-standard-4: 16 × 50 per instance)', () => {
    expect(burst({ wave: { containers: 9 } })).toBeUndefined();
    expect(burst({ wave: { containers: 10 } })).toBeDefined();
    expect(burst({ phase3: { connectionMode: 'lazy' } })).toBeUndefined();
    expect(burst({ connector: { machineType: 'e2-standard-4' } })).toBeUndefined();
  });

  it('counts running containers\' connections as carried, and names lazy mode\'s own field', () => {
    const w = burst({ wave: { runningContainers: 2, runningConnectionsEach: 5 }, phase3: { connectionMode: 'lazy', lazyConnections: 8 } });
    expect(w?.message).toMatch(/12 containers × 8 connections = 96 .* 80 free slots \(2 instances × 50 − 20 already carried\)/);
    expect(w?.fields).toContain('phase3.lazyConnections');
  });

  it('does not judge a spread-out wave or a path without a shared connector', () => {
    expect(burst({ wave: { jitter: 5 } })).toBeUndefined();
    expect(burst({ wave: { pattern: { kind: 'ramp', duration: 60 } } })).toBeUndefined();
    expect(burst({ connector: { mode: 'direct-vpc-egress' } })).toBeUndefined();
    expect(burst({ connector: { mode: 'none' } })).toBeUndefined();
  });
});

describe('connector-burst warning, handshake limit', () => {
  it('a burst that fits the free slots but not the handshakes the instances set up at once: 9 × 10 = 90 against 2 × 8 = 16', () => {
    const w = burst({ wave: { containers: 9 }, connector: { handshakesPerInstance: 8 } });
    expect(w?.message).toBe(
      'Startup burst: 9 containers × 10 connections = 90 opened at once through a connector with at most 16 handshakes at once (2 instances × 8): the excess SYNs are dropped and retried after 1 s, doubling.',
    );
    expect(w?.fields).toContain('connector.handshakesPerInstance');
    // 45 per instance fit 90; a bigger machine type scales the handshakes too (e2-standard-4: 16 × 8 = 128 each).
    expect(burst({ wave: { containers: 9 }, connector: { handshakesPerInstance: 45 } })).toBeUndefined();
    expect(burst({ wave: { containers: 9 }, connector: { handshakesPerInstance: 8, machineType: 'e2-standard-4' } })).toBeUndefined();
  });

  it('names both limits when a burst is over both', () => {
    const w = burst({ connector: { handshakesPerInstance: 4 } });
    expect(w?.message).toMatch(/through a connector with 90 free slots \(2 instances × 50 − 10 already carried\) and at most 8 handshakes at once \(2 instances × 4\): /);
    expect(w?.fields).toEqual(expect.arrayContaining(['connector.connectionsPerInstance', 'connector.handshakesPerInstance']));
  });

  it('counts the instances a preloaded connector starts with: 250 carried keep 8 instances under 70%, leaving 150 free of 400', () => {
    expect(burst({ wave: { containers: 20 }, connector: { otherConnections: 250 } })?.message).toMatch(/200 opened at once through a connector with 150 free slots \(8 instances × 50 − 250 already carried\)/);
    // 12 × 10 = 120 SYNs fit in those 150.
    expect(burst({ connector: { otherConnections: 250 } })).toBeUndefined();
  });
});

describe('connector-burst warning, serial opening', () => {
  it('is silent when each container opens its connections one at a time (12 SYNs at once, not 120)', () => {
    expect(burst({ phase3: { opening: 'serial' } })).toBeUndefined();
    // One connection each is the same burst either way.
    expect(burst({ wave: { containers: 100 }, phase3: { connectionMode: 'lazy', opening: 'serial' } })).toBeDefined();
  });
});
