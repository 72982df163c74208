/**
 * The time series grid: GRID_INTERVALS + 1 points t = k · horizon / GRID_INTERVALS, k = 0..GRID_INTERVALS,
 * the last at the horizon. Every point counts every container in exactly one state.
 */
import { describe, expect, it } from 'vitest';
import { ContainerState } from '../../sim-core/model/container';
import { BAND_SERIES, GRID_INTERVALS, runReplication } from '../../sim-core/model/replication';
import { handScenario } from '../helpers/scenario';

const connections = BAND_SERIES.indexOf('cloudSqlConnections');
const instances = BAND_SERIES.indexOf('connectorInstances');

describe('grid points', () => {
  // 62 / 120 · 120 = 62.00000000000001 > 62 in binary floating point (found by scanning horizons 60–600 in
  // steps of 0.1: 135 of them round up this way), so the last point must be clamped to the horizon.
  for (const horizon of [62, 61.3, 123.6, 600, 900]) {
    it(`horizon ${horizon} s: every point, the last included, holds all 3 containers`, () => {
      const s = handScenario({ simulation: { horizon }, wave: { containers: 3 }, connector: { mode: 'serverless-vpc-access' } });
      const r = runReplication(s, 0, false);
      for (let k = 0; k <= GRID_INTERVALS; k++) {
        const total = r.states.reduce((sum, series) => sum + series[k], 0);
        expect(total, `grid point ${k}`).toBe(3);
      }
      // All healthy by 3 + 4.125 + 1 s (tests/model/handshakeQueue.test.ts), holding 1 connection each, on
      // the 2 instances the connector started with.
      expect(r.states[ContainerState.healthy][GRID_INTERVALS]).toBe(3);
      expect(r.bands[connections][GRID_INTERVALS]).toBe(3);
      expect(r.bands[instances][GRID_INTERVALS]).toBe(2);
    });
  }

  it('at t = 0 every container is starting (Phase 1)', () => {
    const r = runReplication(handScenario({ wave: { containers: 3 } }), 0, false);
    expect(r.states[1][0]).toBe(3);
  });
});
