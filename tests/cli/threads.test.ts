/**
 * Worker threads (sim-core/cli/threads.ts): blocks of replications run on Node worker threads and merged as
 * they finish, in whatever order; the merge is exact, so any worker count gives the same aggregate.
 */
import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE, blocks, runOnThreads, workersToUse } from '../../sim-core/cli/threads';
import { summarize } from '../../sim-core/results/summary';
import { presetById } from '../../sim-core/scenario/presets';
import { merge, scenarioOf } from '../helpers/scenario';

describe('workersToUse', () => {
  it('one thread per core unless --workers says; more than the cores runs, with a note on why it will not be faster', () => {
    const notes: string[] = [];
    const warn = (line: string) => void notes.push(line);
    expect(workersToUse(undefined, 2, warn)).toBe(2);
    expect(workersToUse(2, 2, warn)).toBe(2);
    expect(workersToUse(1, 2, warn)).toBe(1);
    expect(notes).toEqual([]);
    expect(workersToUse(64, 2, warn)).toBe(64);
    expect(workersToUse(2, 1, warn)).toBe(2);
    expect(notes).toEqual([
      'note: --workers 64 on 2 cores: threads past the cores add memory and switching, not speed (the numbers are the same for any count)\n',
      'note: --workers 2 on 1 core: threads past the cores add memory and switching, not speed (the numbers are the same for any count)\n',
    ]);
  });
});

describe('blocks', () => {
  it('split [from, to) into consecutive blocks of at least BLOCK_SIZE', () => {
    expect(blocks(0, 250, 2)).toEqual([[0, 100], [100, 200], [200, 250]]);
    expect(blocks(5, 5, 2)).toEqual([]);
    expect(blocks(3, 10, 2, 4)).toEqual([[3, 7], [7, 10]]);
    expect(BLOCK_SIZE).toBe(100);
  });

  it('hand out a long run in shrinking blocks: a 1/(4 · workers) share of what is left, down to the minimum', () => {
    const split = blocks(0, 10_000, 2);
    // 10,000 / 8 = 1,250, then 8,750 / 8 → 1,094, …; the tail in blocks of 100.
    expect(split.slice(0, 3)).toEqual([[0, 1250], [1250, 2344], [2344, 3301]]);
    expect(split.slice(-2)).toEqual([[9812, 9912], [9912, 10_000]]);
    for (let i = 1; i < split.length; i++) {
      expect(split[i][0]).toBe(split[i - 1][1]); // consecutive, no gap, no overlap
      expect(split[i][1] - split[i][0]).toBeLessThanOrEqual(split[i - 1][1] - split[i - 1][0]); // never growing
    }
    expect(split.length).toBe(27); // against 100 blocks of 100
    // More threads, smaller shares.
    expect(blocks(0, 10_000, 4)[0]).toEqual([0, 625]);
  });
});

describe('runOnThreads', () => {
  it('1, 2 and 3 workers give byte-identical aggregates and summaries', async () => {
    // 250 replications = 3 blocks, so 2 and 3 workers really run in parallel threads and finish in any order.
    const s = scenarioOf(merge(presetById('healthy-baseline')!.input, { simulation: { replications: 250, detailReplication: 120 } }));
    const results = [];
    for (const workers of [1, 2, 3]) results.push(await runOnThreads(s, 0, 250, workers));
    const aggregates = results.map((a) => JSON.stringify(a.toJSON()));
    const summaries = results.map((a) => JSON.stringify(summarize(a, s)));
    expect(aggregates[1]).toBe(aggregates[0]);
    expect(aggregates[2]).toBe(aggregates[0]);
    expect(summaries[1]).toBe(summaries[0]);
    expect(summaries[2]).toBe(summaries[0]);
    expect(results[0].counts.replications).toBe(250);
    expect(results[2].detail?.replication).toBe(120);
  }, 60_000);
});
