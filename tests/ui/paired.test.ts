import { describe, expect, it } from 'vitest';
import { runPairedRange, summarizeComparison } from '../../sim-core/compare';
import { presetById } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { api } from '../../src/worker/api';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { ScenarioRejected, SimPool } from '../../src/worker/pool';

function small(id: string, reps = 25): Scenario {
  const s = structuredClone(presetById(id)!.scenario);
  s.simulation.replications = reps;
  return s;
}

describe('worker api: runPairedBlock', () => {
  it('returns Comparison.toJSON() of the block', () => {
    const b = small('pre-fix-45s');
    const p = small('mitigated');
    const r = api.runPairedBlock(b, p, 3, 9);
    expect(r.ok).toBe(true);
    expect(r.ok && r.comparison).toEqual(runPairedRange(b, p, 3, 9).toJSON());
  });

  it('validates both scenarios; the baseline\'s issues are named baseline.…', () => {
    const r = api.runPairedBlock({ version: 1, wave: { containers: 0 } }, { version: 1, pool: { poolSize: -1 } }, 0, 1);
    expect(r.ok).toBe(false);
    expect(!r.ok && 'issues' in r && r.issues.map((i) => i.path)).toEqual(['baseline.wave.containers', 'pool.poolSize']);
    const range = api.runPairedBlock(small('mitigated', 5), small('mitigated', 10), 0, 8);
    expect(!range.ok && 'issues' in range && range.issues.map((i) => i.path)).toEqual(['baseline.simulation.replications']);
  });
});

describe('pool: runPaired', () => {
  it('merging paired blocks from several workers equals one runPairedRange, in any split', async () => {
    const b = small('pre-fix-45s', 47);
    const p = small('mitigated', 47);
    const expected = summarizeComparison(runPairedRange(b, p, 0, 47), b, p);
    for (const [size, blockSize] of [[1, 47], [3, 5], [2, 13]]) {
      const pool = new SimPool({ factory: inProcessWorkerFactory, size, blockSize });
      const progress: number[] = [];
      const c = await pool.runPaired(b, p, 47, { onProgress: (x) => progress.push(x.done) });
      expect(JSON.stringify(summarizeComparison(c, b, p))).toBe(JSON.stringify(expected));
      expect(progress[progress.length - 1]).toBe(47);
    }
  });

  it('a refused scenario rejects with its issues', async () => {
    const pool = new SimPool({ factory: inProcessWorkerFactory, size: 1, blockSize: 5 });
    const err = await pool.runPaired({ version: 1, wave: { containers: 0 } }, small('mitigated', 10), 10).catch((e) => e);
    expect(err).toBeInstanceOf(ScenarioRejected);
    expect((err as ScenarioRejected).issues[0].path).toBe('baseline.wave.containers');
  });
});
