/**
 * The split of a run into shards — part of the part-file format (`shard.rule: 'contiguous'`), so every machine
 * and every merge agrees on it:
 *
 *   shard k of n (k = 1 … n, 1-based) runs replications [⌊(k − 1)·N / n⌋, ⌊k·N / n⌋) of N.
 *
 * The shards are contiguous, cover 0 … N − 1 exactly once, and differ in size by at most one. When n > N some
 * shards are empty; they still write a (valid, empty) part, so a fixed-width batch array always merges.
 *
 * @example shardRange(10, 1, 3) // [0, 3]
 * @example shardRange(10, 2, 3) // [3, 6]
 * @example shardRange(10, 3, 3) // [6, 10]
 */

export interface Shard {
  /** 1-based: 1 … count. */
  index: number;
  count: number;
}

/** What is wrong with a shard k/n, or null. */
export function shardProblem({ index, count }: Shard): string | null {
  if (!Number.isSafeInteger(count) || count < 1) return `the shard count must be a whole number ≥ 1, got ${count}`;
  if (!Number.isSafeInteger(index) || index < 1 || index > count) return `shards are numbered 1 to ${count}, got ${index}`;
  return null;
}

/** ⌊a·b / c⌋ for non-negative safe integers whose product stays safe: integer arithmetic, no rounding. */
function floorMulDiv(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isSafeInteger(p)) throw new RangeError(`shard bounds overflow: ${a} × ${b}`);
  return (p - (p % c)) / c;
}

/** Replications [from, to) of shard `index`/`count` of `total`. Throws on an invalid shard. */
export function shardRange(total: number, index: number, count: number): [number, number] {
  const problem = shardProblem({ index, count });
  if (problem) throw new RangeError(problem);
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total replications must be a whole number ≥ 0, got ${total}`);
  return [floorMulDiv(index - 1, total, count), floorMulDiv(index, total, count)];
}

/** The shard (1-based) of a count-way split of `total` that holds replication r (0 ≤ r < total). */
export function shardOf(total: number, count: number, r: number): number {
  let k = Math.min(count, Math.floor((r * count) / total) + 1); // an estimate within one of the answer
  while (k > 1 && shardRange(total, k, count)[0] > r) k--;
  while (k < count && shardRange(total, k, count)[1] <= r) k++;
  return k;
}

/**
 * Shards (1-based, ascending) of a count-way split of `total` holding any replication of the given sorted,
 * disjoint ranges. Visits only those shards, so a huge count costs nothing.
 */
export function shardsTouching(total: number, count: number, ranges: ReadonlyArray<readonly [number, number]>): number[] {
  const out: number[] = [];
  for (const [from, to] of ranges) {
    for (let r = from; r < to; ) {
      const k = shardOf(total, count, r);
      if (out[out.length - 1] !== k) out.push(k);
      r = shardRange(total, k, count)[1];
    }
  }
  return out;
}

/** Shard numbers with runs joined: `2, 5, 7–9`. */
export function shardListText(shards: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < shards.length; ) {
    let j = i;
    while (j + 1 < shards.length && shards[j + 1] === shards[j] + 1) j++;
    parts.push(j - i >= 2 ? `${shards[i]}–${shards[j]}` : shards.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

/** Replications as people count them: `0–39` for [0, 40), `7` for [7, 8). */
export function replicationRangeText([from, to]: readonly [number, number]): string {
  return to - from === 1 ? `${from}` : `${from}–${to - 1}`;
}
