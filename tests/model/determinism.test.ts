/**
 * Determinism: a replication's randomness depends only on (seed, replication index, component), and every
 * accumulator of the aggregate holds integers, so the same scenario and seed give byte-identical results
 * however the replications are split, merged or serialized. (Worker threads: tests/cli/threads.test.ts.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregate } from '../../sim-core/results/aggregate';
import { summarize } from '../../sim-core/results/summary';
import { runRange, simulate } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { scenarioInputArb } from '../helpers/arbitraries';
import { merge, scenarioOf } from '../helpers/scenario';

const incident = (replications: number, seed = 1278): Scenario =>
  scenarioOf(merge(presetById('incident-1278-staging')!.input, { simulation: { replications, seed } }));

const json = (agg: Aggregate, s: Scenario) => JSON.stringify(summarize(agg, s));

describe('same scenario, same seed', () => {
  it('gives byte-identical summaries (incident preset, 30 replications)', () => {
    const s = incident(30);
    const a = JSON.stringify(simulate(s));
    const b = JSON.stringify(simulate(structuredClone(s)));
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(1000);
  });

  it('a different seed gives a different result', () => {
    expect(JSON.stringify(simulate(incident(30, 1)))).not.toBe(JSON.stringify(simulate(incident(30, 2))));
  });
});

/** A random partition of [0, n) into contiguous chunks, as cut points. */
const chunking = (n: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, n - 1) }), { maxLength: Math.max(0, n - 1) })
    .map((cuts) => [0, ...cuts.filter((c) => c < n).sort((a, b) => a - b), n]);

describe('splitting replications into chunks', () => {
  let cases = 0;
  it('any partition, merged in any order, gives the aggregate and summary of one run', () => {
    const arb = fc
      .tuple(scenarioInputArb, fc.integer({ min: 2, max: 10 }), fc.nat())
      .chain(([input, reps, detail]) =>
        fc.tuple(
          fc.constant(scenarioOf(merge(input, { simulation: { replications: reps, detailReplication: detail % reps } }))),
          chunking(reps).chain((cuts) => fc.tuple(fc.constant(cuts), fc.shuffledSubarray([...cuts.keys()].slice(1), { minLength: cuts.length - 1 }))),
        ),
      );
    fc.assert(
      fc.property(arb, ([s, [cuts, order]]) => {
        const whole = runRange(s, 0, s.simulation.replications);
        const merged = Aggregate.forScenario(s);
        for (const i of order) merged.merge(runRange(s, cuts[i - 1], cuts[i]));
        expect(JSON.stringify(merged.toJSON())).toBe(JSON.stringify(whole.toJSON()));
        expect(json(merged, s)).toBe(json(whole, s));
        cases++;
      }),
      { numRuns: 25, seed: 1278 },
    );
    console.log(`determinism: ${cases} random partitions merged in random order`);
  });

  it('merging the same replications twice is refused', () => {
    const s = incident(4);
    const a = runRange(s, 0, 2);
    expect(() => a.merge(runRange(s, 1, 3))).toThrow(/overlap/);
  });
});

describe('Aggregate JSON round trip', () => {
  it('toJSON → JSON text → fromJSON → toJSON is the identity, and summarizes identically', () => {
    const s = incident(20);
    const agg = runRange(s, 0, 20);
    const text = JSON.stringify(agg.toJSON());
    const back = Aggregate.fromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(json(back, s)).toBe(json(agg, s));
  });

  it('a round-tripped aggregate still merges exactly', () => {
    const s = incident(12);
    const left = Aggregate.fromJSON(JSON.parse(JSON.stringify(runRange(s, 0, 5).toJSON())));
    const right = Aggregate.fromJSON(JSON.parse(JSON.stringify(runRange(s, 5, 12).toJSON())));
    expect(JSON.stringify(right.merge(left).toJSON())).toBe(JSON.stringify(runRange(s, 0, 12).toJSON()));
  });
});
