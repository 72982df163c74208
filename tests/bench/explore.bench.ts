/**
 * What-if exploration: a 20-point sweep of incident-1278-staging (initialization timeout 20–115 s) at 1,000
 * replications per point, in this thread and on 2 worker threads (thread start-up included), and the
 * speed-up. Both runs must give identical points (checked, not timed).
 */
import { performance } from 'node:perf_hooks';
import { UnitThreadPool } from '../../sim-core/cli/threads';
import { sweepPlanner, type SweepResult } from '../../sim-core/explore/sweep';
import { drive, type UnitExecutor } from '../../sim-core/explore/work';
import { presetById } from '../../sim-core/scenario/presets';
import type { BenchRow } from './harness';

const POINTS = 20;
const REPS = 1000;

async function sweepOn(workers: number): Promise<{ ms: number; result: SweepResult }> {
  const p = sweepPlanner(presetById('incident-1278-staging')!.scenario, {
    axis: { field: 'timeouts.initialization', from: 20, to: 115, steps: POINTS },
    replications: REPS,
  });
  if (!p.ok) throw new Error(p.message);
  const pool = new UnitThreadPool(workers);
  const execute: UnitExecutor = pool.execute;
  const t0 = performance.now();
  try {
    const result = await drive(p.value, execute);
    return { ms: performance.now() - t0, result };
  } finally {
    await pool.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  const one = await sweepOn(1);
  const two = await sweepOn(2);
  if (JSON.stringify(one.result) !== JSON.stringify(two.result)) throw new Error('the sweep on 2 threads differs from the sweep on 1');
  const total = POINTS * REPS;
  const name = `explore: sweep ${POINTS} points × ${REPS.toLocaleString('en-US')} reps (incident-1278-staging)`;
  return [
    { name: `${name}, 1 thread`, value: one.ms / 1000, unit: 's', note: `${Math.round((total / one.ms) * 1000).toLocaleString('en-US')} reps/s` },
    {
      name: `${name}, 2 worker threads`, value: two.ms / 1000, unit: 's', baselineName: '1 thread', baselineValue: one.ms / 1000, ratio: one.ms / two.ms,
      note: 'speed-up (higher is better); thread start-up included; identical points',
    },
  ];
}
