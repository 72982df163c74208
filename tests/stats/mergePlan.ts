import fc from 'fast-check';

/**
 * How a set of observations is split across workers and how the parts are merged back: the test side of the
 * "merging in any grouping and order gives byte-identical JSON" rule.
 */
export interface MergePlan {
  /** Number of parts (workers); some may end up empty. */
  parts: number;
  /** Sort keys that shuffle the observations before they are dealt out. */
  shuffle: number[];
  /** Part index (mod parts) for the j-th shuffled observation. */
  assign: number[];
  /** Choices of which two parts merge next, and which is the receiver: any binary merge tree. */
  picks: number[];
}

export const mergePlanArb: fc.Arbitrary<MergePlan> = fc.record({
  parts: fc.integer({ min: 1, max: 7 }),
  shuffle: fc.array(fc.nat(1000), { maxLength: 200 }),
  assign: fc.array(fc.nat(50), { maxLength: 200 }),
  picks: fc.array(fc.nat(1000), { minLength: 1, maxLength: 20 }),
});

/** Anything with an in-place `merge` that returns the receiver. */
export interface Mergeable<T> {
  merge(other: T): unknown;
}

/**
 * Splits `items` per `plan`, builds one accumulator per part with `build`, and merges them pairwise in the
 * order the plan dictates. Returns the single merged accumulator.
 */
export function mergeByPlan<I, T extends Mergeable<T>>(items: readonly I[], plan: MergePlan, build: (part: I[]) => T): T {
  const order = items.map((_, i) => i).sort((a, b) => (plan.shuffle[a] ?? a) - (plan.shuffle[b] ?? b) || a - b);
  const groups: I[][] = Array.from({ length: plan.parts }, () => []);
  order.forEach((itemIndex, j) => groups[(plan.assign[j] ?? j) % plan.parts].push(items[itemIndex]));
  const accs = groups.map(build);
  for (let t = 0; accs.length > 1; t++) {
    const i = plan.picks[t % plan.picks.length] % accs.length;
    const j = (i + 1 + (plan.picks[(t + 1) % plan.picks.length] % (accs.length - 1))) % accs.length;
    accs[i].merge(accs[j]);
    accs.splice(j, 1);
  }
  return accs[0];
}

/**
 * Asserts the merge property for one accumulator type: for arbitrary observations and plans, the merged
 * parts serialise to exactly the same JSON string as the accumulator built from all observations at once.
 */
export function assertMergeIsExact<I, T extends Mergeable<T>>(
  itemArb: fc.Arbitrary<I>,
  build: (part: I[]) => T,
  numRuns = 200,
): void {
  fc.assert(
    fc.property(fc.array(itemArb, { maxLength: 150 }), mergePlanArb, (items, plan) => {
      const whole = JSON.stringify(build(items));
      const merged = JSON.stringify(mergeByPlan(items, plan, build));
      return merged === whole;
    }),
    { numRuns },
  );
}
