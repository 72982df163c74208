import { describe, expect, it } from 'vitest';
import { setAt } from '../../sim-core/scenario/catalogue';
import { simulate } from '../../sim-core/run';
import { drive, inProcessExecutor } from '../../sim-core/explore/work';
import { sweepPlanner, type SweepSpec } from '../../sim-core/explore/sweep';
import { cellStanding, heatmapPlanner, crossings, type HeatmapCell } from '../../sim-core/explore/heatmap';
import type { Scenario } from '../../sim-core/scenario/schema';
import { scenarioOf } from '../helpers/scenario';
import { CHEAP, HEALTHY, INCIDENT, cheap, recordingExecutor, reversedExecutor } from './fixtures';
import type { WorkUnit } from '../../sim-core/explore/work';

function planner(base: Scenario, spec: SweepSpec) {
  const p = sweepPlanner(base, spec);
  if (!p.ok) throw new Error(p.message);
  return p.value;
}

describe('sweep', () => {
  it('every point reproduces the single run of that scenario and seed, byte for byte (incident-1278-staging, 40 replications, blocks of 15)', async () => {
    const input = setAt(INCIDENT.input, ['simulation', 'replications'], 40);
    const base = scenarioOf(input);
    const p = planner(base, { axis: { field: 'timeouts.initialization', from: 30, to: 90, steps: 3 }, blockSize: 15 });
    const r = await drive(p, inProcessExecutor);
    expect(r.points.map((x) => x.value)).toEqual([30, 60, 90]);
    r.points.forEach((pt, i) => {
      const single = simulate(scenarioOf(setAt(input, ['timeouts', 'initialization'], pt.value)));
      expect(JSON.stringify(p.grid.summary(i))).toBe(JSON.stringify(single));
      expect(pt.ok && pt.breachRate).toBe(single.phase3.breachRate);
      expect(pt.ok && pt.metrics['phase3.durationQuantiles.p95']).toBe(single.phase3.durationQuantiles.p95);
    });
  });

  it('is one batch of every block of every point, and does not depend on the order blocks finish', async () => {
    const spec: SweepSpec = { axis: { field: 'timeouts.initialization', from: 2, to: 20, steps: 4 }, replications: 60, blockSize: 25 };
    const batches: WorkUnit[][] = [];
    const inOrder = await drive(planner(CHEAP, spec), recordingExecutor(batches));
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(4 * 3); // 60 replications in blocks of 25, 25, 10
    const reversed = await drive(planner(CHEAP, spec), reversedExecutor);
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(inOrder));
    expect(inOrder.replicationsSpent).toBe(240);
  });

  it('common random numbers: the breach rate falls as the timeout grows (no restart noise: restarts off)', async () => {
    const base = cheap({ restart: { enabled: false } });
    const r = await drive(planner(base, { axis: { field: 'timeouts.initialization', from: 2, to: 12, steps: 11 }, replications: 100 }), inProcessExecutor);
    const breaches = r.points.map((p) => (p.ok ? p.breaches : NaN));
    // Same replications at every point: a start that passes within t also passes within any t' > t.
    for (let i = 1; i < breaches.length; i++) expect(breaches[i]).toBeLessThanOrEqual(breaches[i - 1]);
    expect(breaches[0]).toBeGreaterThan(breaches[breaches.length - 1]);
  });

  it('reports a point the schema rejects, with the validator\'s message, and runs the others', async () => {
    const base = cheap({ connector: { maxInstances: 5 }, simulation: { replications: 5 } });
    const r = await drive(planner(base, { axis: { field: 'connector.minInstances', from: 2, to: 9, steps: 8 } }), inProcessExecutor);
    expect(r.points.map((p) => p.ok)).toEqual([true, true, true, false, false, false, false, false]);
    const bad = r.points[3];
    expect(bad.ok === false && bad.issues).toEqual([{ path: 'connector.maxInstances', message: '5 must be greater than min instances (5): allowed 6–10 instances here' }]);
    expect(r.replicationsSpent).toBe(15);
  });

  it('rejects an unknown field and an out-of-range end, saying which', () => {
    expect(sweepPlanner(CHEAP, { axis: { field: 'wave.pattern', from: 1, to: 2, steps: 2 } })).toMatchObject({ ok: false, message: expect.stringContaining('not a numeric scenario field') });
    expect(sweepPlanner(CHEAP, { axis: { field: 'wave.containers', from: 0, to: 2, steps: 2 } })).toMatchObject({ ok: false, message: 'from 0 is out of range: wave.containers allows 1–5000 containers, whole numbers' });
    expect(sweepPlanner(CHEAP, { axis: { field: 'wave.containers', from: 1, to: 2, steps: 2 }, replications: 0 })).toMatchObject({ ok: false });
  });

  it('adaptive: each point replicates until its half-width is below the goal or it reaches the cap', async () => {
    const rule = { halfWidth: 0.02, maxReplications: 400, initialReplications: 20 };
    const r = await drive(planner(HEALTHY.scenario, { axis: { field: 'phase3.tableSetupRace', from: 0, to: 0.2, steps: 3 }, replications: rule }), inProcessExecutor);
    for (const p of r.points) {
      if (!p.ok) throw new Error('invalid point');
      expect(p.halfWidth < rule.halfWidth || p.replications === rule.maxReplications).toBe(true);
    }
  });
});

describe('heatmap', () => {
  it('crossings: linear interpolation between neighbours across the target (by hand)', () => {
    expect(crossings([10, 20, 30], [0.5, 0.1, 0.0], 0.3)).toEqual([15]);
    expect(crossings([1, 100], [0, 1], 0.5, 'log')).toEqual([10]);
    expect(crossings([1, 2, 3, 4], [0.2, 0.1, 0.1, 0.2], 0.1)).toEqual([2, 3]);
    expect(crossings([1, 2, 3], [0.9, null, 0.1], 0.5)).toEqual([]);
    expect(crossings([1, 2, 3], [0.9, 0.5, 0.1], 0.5)).toEqual([2]);
  });

  it('cells equal the 1-D sweeps of each row, and the contour crosses where the row does', async () => {
    const spec = { x: { field: 'timeouts.initialization', from: 2, to: 12, steps: 3 }, y: { field: 'wave.containers', from: 1, to: 5, steps: 2 }, target: 0.05, replications: 40 };
    const h = heatmapPlanner(CHEAP, spec);
    if (!h.ok) throw new Error(h.message);
    const r = await drive(h.value, inProcessExecutor);
    expect(r.cells.map((c) => [c.x, c.y])).toEqual([[2, 1], [7, 1], [12, 1], [2, 5], [7, 5], [12, 5]]);
    for (const [iy, containers] of [1, 5].entries()) {
      const row = await drive(planner(cheap({ wave: { containers } }), { axis: spec.x, replications: 40 }), inProcessExecutor);
      expect(r.rates[iy]).toEqual(row.points.map((p) => (p.ok ? p.breachRate : null)));
      expect(r.contour.rows[iy].x).toEqual(crossings([2, 7, 12], r.rates[iy], 0.05));
    }
    expect(heatmapPlanner(CHEAP, { ...spec, y: spec.x })).toMatchObject({ ok: false, message: expect.stringMatching(/two different fields/) });
  });
});

describe('cellStanding', () => {
  const cell = (breachRate: number, hi: number, starts = 100, unfinished = 0): HeatmapCell => ({
    x: 0, y: 0, ok: true, metrics: {}, replications: 10, starts, breaches: Math.round(breachRate * starts), breachRate,
    breachCi95: [Math.max(0, 2 * breachRate - hi), hi], ciMethod: 'wilson', halfWidth: hi - breachRate, truncatedReplications: 0, goalReached: null, unfinished, killedOutsidePhase3: 0, killedAfterPhase3: 0,
  });
  it('meets only when the whole 95% interval is at or below the target', () => {
    expect(cellStanding(cell(0.02, 0.05), 0.05)).toBe('meets');
    expect(cellStanding(cell(0.04, 0.07), 0.05)).toBe('estimate');
    expect(cellStanding(cell(0.06, 0.08), 0.05)).toBe('misses');
    expect(cellStanding(cell(0, 0, 0), 0.05)).toBeNull();
    expect(cellStanding({ x: 0, y: 0, ok: false, issues: [] }, 0.05)).toBeNull();
  });
  it('meets nothing when the horizon cut over 5% of the start attempts short of a verdict', () => {
    // 100 verdicts, 6 attempts cut: 5.7% of 106. At 5 cut (4.8%) the rate is trusted.
    expect(cellStanding(cell(0.02, 0.05, 100, 6), 0.05)).toBe('cut');
    expect(cellStanding(cell(0.06, 0.08, 100, 6), 0.05)).toBe('cut');
    expect(cellStanding(cell(0.02, 0.05, 100, 5), 0.05)).toBe('meets');
  });
});
