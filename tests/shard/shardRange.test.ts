/** The split rule (sim-core/results/shard.ts) and `--shard k/n` parsing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArgs, parseShard, UsageError } from '../../sim-core/cli/args';
import { replicationRangeText, shardListText, shardOf, shardRange, shardsTouching } from '../../sim-core/results/shard';

describe('shardRange: shard k of n runs [⌊(k−1)·N/n⌋, ⌊k·N/n⌋)', () => {
  it('splits 10 into 3 as computed by hand: ⌊10/3⌋ = 3, ⌊20/3⌋ = 6', () => {
    expect([1, 2, 3].map((k) => shardRange(10, k, 3))).toEqual([[0, 3], [3, 6], [6, 10]]);
  });

  it('gives empty shards when there are more shards than replications', () => {
    expect([1, 2, 3].map((k) => shardRange(2, k, 3))).toEqual([[0, 0], [0, 1], [1, 2]]);
  });

  it('covers 0 … N − 1 exactly once, in order, with sizes differing by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 1, max: 500 }), (N, n) => {
        let at = 0;
        const sizes: number[] = [];
        for (let k = 1; k <= n; k++) {
          const [from, to] = shardRange(N, k, n);
          expect(from).toBe(at);
          sizes.push(to - from);
          at = to;
        }
        expect(at).toBe(N);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is exact for huge counts (integer arithmetic, no float rounding)', () => {
    expect(shardRange(200_000, 999_999_999, 1_000_000_000)).toEqual([199_999, 199_999]);
    expect(shardRange(200_000, 1_000_000_000, 1_000_000_000)).toEqual([199_999, 200_000]);
  });

  it('rejects shards outside 1 … n', () => {
    expect(() => shardRange(10, 0, 3)).toThrow('shards are numbered 1 to 3, got 0');
    expect(() => shardRange(10, 4, 3)).toThrow('shards are numbered 1 to 3, got 4');
    expect(() => shardRange(10, 1, 0)).toThrow('the shard count must be a whole number ≥ 1, got 0');
  });

  it('names the shards that hold given replications, and writes ranges and shard lists compactly', () => {
    expect(shardsTouching(120, 7, [[17, 34], [68, 85]])).toEqual([2, 5]);
    expect(shardsTouching(60, 1_000_000_000, [[59, 60]])).toEqual([1_000_000_000]);
    expect(replicationRangeText([40, 80])).toBe('40–79');
    expect(replicationRangeText([7, 8])).toBe('7');
    expect(shardListText([2, 5, 6, 9, 10, 11, 12])).toBe('2, 5, 6, 9–12');
  });

  it('finds the shard of a replication, and the shards of ranges, as a scan of all shards would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.array(fc.nat(), { maxLength: 6 }), (N, n, cuts) => {
        for (let r = 0; r < N; r++) {
          const [a, b] = shardRange(N, shardOf(N, n, r), n);
          expect(a <= r && r < b).toBe(true);
        }
        const points = [...new Set(cuts.map((c) => c % (N + 1)))].sort((x, y) => x - y);
        const ranges: Array<[number, number]> = [];
        for (let i = 0; i + 1 < points.length; i += 2) if (points[i] < points[i + 1]) ranges.push([points[i], points[i + 1]]);
        const scan = Array.from({ length: n }, (_, i) => i + 1).filter((k) => {
          const [a, b] = shardRange(N, k, n);
          return a < b && ranges.some(([x, y]) => x < b && a < y);
        });
        expect(shardsTouching(N, n, ranges)).toEqual(scan);
      }),
      { numRuns: 200 },
    );
  });
});

describe('--shard k/n', () => {
  it('parses k/n with k from 1 to n', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseArgs(['mitigated', '--shard', '2/8', '--out', 'p.json'])).toMatchObject({ shard: { index: 2, count: 8 }, out: 'p.json' });
  });

  it.each([
    ['0/3', '--shard 0/3: shards are numbered 1 to 3, got 0'],
    ['4/3', '--shard 4/3: shards are numbered 1 to 3, got 4'],
    ['1/0', '--shard 1/0: the shard count must be a whole number ≥ 1, got 0'],
    ['junk', '--shard "junk": expected k/n, e.g. 2/8 for the second of 8 shards (k from 1 to n)'],
    ['1/', '--shard "1/": expected k/n'],
    ['-1/3', '--shard "-1/3": expected k/n'],
    ['1.5/3', '--shard "1.5/3": expected k/n'],
    ['1/99999999999999999999', 'the shard count must be a whole number ≥ 1'],
  ])('rejects %s', (value, message) => {
    expect(() => parseArgs(['mitigated', '--shard', value])).toThrow(UsageError);
    expect(() => parseArgs(['mitigated', '--shard', value])).toThrow(message);
  });

  it('needs values for --shard and --out', () => {
    expect(() => parseArgs(['mitigated', '--shard'])).toThrow('--shard needs a value k/n');
    expect(() => parseArgs(['mitigated', '--out'])).toThrow('--out needs a file path');
  });
});
