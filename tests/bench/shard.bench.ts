/**
 * Sharding: what splitting a run into part files and merging them costs beside the simulation itself. In this
 * process (no process start-up, which a batch engine pays per task anyway): N replications run whole, vs the
 * same N as n shards, each built into a part file and serialized to JSON, then parsed, checked (schema,
 * scenario, checksums) and merged. The summaries are compared byte for byte before anything is timed.
 */
import { buildPart, mergeParts, pointRange, validatePart, type NamedPart } from '../../sim-core/results/partFile';
import { summarize } from '../../sim-core/results/summary';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { time, type BenchRow } from './harness';

const N = 400;
const SHARDS = 8;
const base = presetById('incident-1278-staging')!.scenario;
const scenario: Scenario = { ...base, simulation: { ...base.simulation, replications: N } };

const whole = () => JSON.stringify(summarize(runRange(scenario, 0, N), scenario));

/** The shards' part files, as text. */
function partTexts(aggregates = shardAggregates()): string[] {
  return aggregates.map((aggregate, i) =>
    JSON.stringify(buildPart({ kind: 'run', shard: { index: i + 1, count: SHARDS }, points: [{ scenario, aggregate }] })));
}

function shardAggregates() {
  return Array.from({ length: SHARDS }, (_, i) => runRange(scenario, ...pointRange(scenario, { index: i + 1, count: SHARDS })));
}

function mergeTexts(texts: string[]): string {
  const parts: NamedPart[] = texts.map((t, i) => {
    const r = validatePart(JSON.parse(t));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return { file: `part-${i + 1}.json`, part: r.part };
  });
  const m = mergeParts(parts);
  if (!m.ok) throw new Error(m.problems.join('\n'));
  return JSON.stringify(summarize(m.job.points[0].aggregate, scenario));
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (mergeTexts(partTexts()) !== whole()) throw new Error('sharded and whole runs differ');

  const opts = { warmup: 1, runs: 5 };
  const one = time(() => whole(), opts);
  const sharded = time(() => mergeTexts(partTexts()), opts);
  rows.push({ name: `shard: ${N} reps whole, 1 thread`, value: one.bestMs, unit: 'ms' });
  rows.push({
    name: `shard: ${N} reps as ${SHARDS} parts → JSON → merged`, value: sharded.bestMs, unit: 'ms',
    baselineName: 'whole', baselineValue: one.bestMs, ratio: sharded.bestMs / one.bestMs, note: 'simulation + split + merge; ≈ 1',
  });

  // The split and merge alone: build + serialize the parts, then parse, check and merge them.
  const aggregates = shardAggregates();
  const texts = partTexts(aggregates);
  const write = time(() => partTexts(aggregates), { warmup: 2, runs: 7 });
  const merge = time(() => mergeTexts(texts), { warmup: 2, runs: 7 });
  rows.push({
    name: `shard: write ${SHARDS} part files`, value: write.bestMs, unit: 'ms',
    baselineName: 'simulation', baselineValue: one.bestMs, ratio: write.bestMs / one.bestMs, note: 'build + checksum + JSON.stringify',
  });
  rows.push({
    name: `shard: read + check + merge ${SHARDS} parts`, value: merge.bestMs, unit: 'ms',
    baselineName: 'simulation', baselineValue: one.bestMs, ratio: merge.bestMs / one.bestMs, note: 'JSON.parse + zod + scenario + checksums + merge + summary',
  });
  const perReplication = one.bestMs / N;
  rows.push({
    name: 'shard: write + read + merge, per part', value: (write.bestMs + merge.bestMs) / SHARDS, unit: 'ms',
    baselineName: 'one replication', baselineValue: perReplication, ratio: (write.bestMs + merge.bestMs) / SHARDS / perReplication,
    note: 'fixed cost per part, in replications: negligible for shards of thousands',
  });
  const bytes = texts.reduce((s, t) => s + t.length, 0) / SHARDS;
  rows.push({ name: 'shard: part file size', value: bytes / 1024, unit: 'KiB', note: `mean of ${SHARDS}; does not grow with replications` });
  return rows;
}
