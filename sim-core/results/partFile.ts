import * as z from 'zod';
import type { Scenario } from '../scenario/schema';
import { validateScenario } from '../scenario/validate';
import { Aggregate, type AggregateJSON } from './aggregate';
import { aggregateSchema } from './aggregateSchema';
import { describeZodIssue, joinPath, type FileIssue } from './fileIssues';
import { hashJson } from './hash';
import { partialOfRun, type PartialInfo } from './resultsFile';
import { replicationRangeText, shardListText, shardProblem, shardRange, shardsTouching, type Shard } from './shard';
import { BOOTSTORM_VERSION } from './summary';
import { isPlainObject } from '../scenario/json';

/**
 * Part files: the mergeable result of one shard of a job, written by `sim <scenario> --shard k/n` on any machine
 * and merged by `sim merge` into exactly the output of the same run in one process.
 *
 * A job is a list of points, each its own scenario (a plain run is one point; a sweep is K). Shard k/n runs
 * replications `shardRange(N, k, n)` (shard.ts) of every point and writes, for each, the integer-only aggregate
 * of those replications. Merging adds aggregates, which is exact and order-independent.
 *
 *   {
 *     format: 'bootstorm-part/1',
 *     bootstorm: '0.5.3',                      // BOOTSTORM_VERSION that wrote it; parts merge only with it
 *     job: { kind: 'run' | 'sweep', hash, points: K, label? },
 *     shard: { index: k, count: n, rule: 'contiguous' },   // k is 1-based
 *     points: [{                              // exactly K, in job order
 *       index, label?, params?,               // position in the job; what the point varies (sweeps)
 *       seed, replications,                   // = scenario.simulation.seed / .replications (N, the total)
 *       range: [from, to),                    // = shardRange(N, k, n)
 *       scenarioHash, aggregateHash,          // hashJson (FNV-1a 64 of canonical JSON) of the two below
 *       scenario,                             // the full validated scenario
 *       aggregate,                            // Aggregate.toJSON() of replications [from, to)
 *     }],
 *   }
 *
 * `job.hash` = hashJson({ kind, points: [{ scenarioHash, params }] }): parts of one job share it. The two
 * checksums catch a file edited or damaged after it was written (they are not signatures).
 */
export const PART_FORMAT = 'bootstorm-part/1';

export type JobKind = 'run' | 'sweep';
export type PointParams = Record<string, string | number | boolean>;

export interface PartPointJSON {
  index: number;
  label?: string;
  params?: PointParams;
  seed: number;
  replications: number;
  range: [number, number];
  scenarioHash: string;
  aggregateHash: string;
  scenario: Scenario;
  aggregate: AggregateJSON;
}

export interface PartFile {
  format: typeof PART_FORMAT;
  bootstorm: string;
  job: { kind: JobKind; hash: string; points: number; label?: string };
  shard: { index: number; count: number; rule: 'contiguous' };
  points: PartPointJSON[];
}

/** One point of a job, as the runner hands it over: its scenario and the aggregate of this shard's range. */
export interface PointInput {
  scenario: Scenario;
  aggregate: Aggregate;
  label?: string;
  params?: PointParams;
}

const jobHash = (kind: JobKind, points: ReadonlyArray<{ scenarioHash: string; params?: PointParams }>) =>
  hashJson({ kind, points: points.map((p) => ({ scenarioHash: p.scenarioHash, params: p.params ?? null })) });

/** The replications a shard runs of a point: `shardRange(scenario.simulation.replications, k, n)`. */
export function pointRange(scenario: Scenario, shard: Shard): [number, number] {
  return shardRange(scenario.simulation.replications, shard.index, shard.count);
}

const sameRanges = (a: ReadonlyArray<readonly [number, number]>, b: ReadonlyArray<readonly [number, number]>) =>
  a.length === b.length && a.every(([x, y], i) => x === b[i][0] && y === b[i][1]);

/** The aggregate's `ranges` for [from, to): one range, or none when the shard is empty. */
const expectedRanges = ([from, to]: [number, number]): Array<[number, number]> => (from < to ? [[from, to]] : []);

/** Build the part file of one shard. Throws if an aggregate does not hold exactly the shard's replications. */
export function buildPart(job: { kind: JobKind; label?: string; shard: Shard; points: readonly PointInput[] }): PartFile {
  const problem = shardProblem(job.shard);
  if (problem) throw new RangeError(`shard ${job.shard.index}/${job.shard.count}: ${problem}`);
  const points = job.points.map((p, index): PartPointJSON => {
    const range = pointRange(p.scenario, job.shard);
    if (!sameRanges(p.aggregate.ranges, expectedRanges(range)))
      throw new Error(`point ${index}: the aggregate holds replications ${JSON.stringify(p.aggregate.ranges)}, shard ${job.shard.index}/${job.shard.count} is [${range}]`);
    const aggregate = p.aggregate.toJSON();
    return {
      index,
      ...(p.label === undefined ? {} : { label: p.label }),
      ...(p.params === undefined ? {} : { params: p.params }),
      seed: p.scenario.simulation.seed,
      replications: p.scenario.simulation.replications,
      range,
      scenarioHash: hashJson(p.scenario),
      aggregateHash: hashJson(aggregate),
      scenario: p.scenario,
      aggregate,
    };
  });
  return {
    format: PART_FORMAT,
    bootstorm: BOOTSTORM_VERSION,
    job: { kind: job.kind, hash: jobHash(job.kind, points), points: points.length, ...(job.label === undefined ? {} : { label: job.label }) },
    shard: { index: job.shard.index, count: job.shard.count, rule: 'contiguous' },
    points,
  };
}

// ─── Reading one part ──────────────────────────────────────────────────────────────────────────────────────

const hash = z.string().regex(/^fnv1a64:[0-9a-f]{16}$/, 'expected fnv1a64:<16 hex digits>');
const count = z.int().min(0);

const partSchema = z.strictObject({
  format: z.literal(PART_FORMAT),
  bootstorm: z.string(),
  job: z.strictObject({ kind: z.enum(['run', 'sweep']), hash, points: z.int().min(1), label: z.string().optional() }),
  shard: z.strictObject({ index: z.int().min(1), count: z.int().min(1), rule: z.literal('contiguous') }),
  points: z
    .array(
      z.strictObject({
        index: count,
        label: z.string().optional(),
        params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
        seed: count,
        replications: count,
        range: z.tuple([count, count]),
        scenarioHash: hash,
        aggregateHash: hash,
        scenario: z.unknown(),
        aggregate: aggregateSchema,
      }),
    )
    .min(1),
});

/** A part that passed every check: its points carry the validated scenario and the rebuilt aggregate. */
export interface ValidPart {
  json: PartFile;
  points: Array<{ scenario: Scenario; aggregate: Aggregate }>;
}

export type PartRead = { ok: true; part: ValidPart } | { ok: false; issues: FileIssue[] };

/**
 * Check parsed JSON as a part file, all at once: format and version, shape (zod), each scenario (the one
 * scenario validator), the checksums, and that seed, total, range, shard and aggregate agree with each other.
 * Never throws.
 */
export function validatePart(json: unknown): PartRead {
  const fail = (issues: FileIssue[]): PartRead => ({ ok: false, issues });
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return fail([{ path: '', message: 'is not a JSON object' }]);
  const head = json as { format?: unknown; bootstorm?: unknown };
  if (head.format !== PART_FORMAT) {
    const f = head.format;
    const hint =
      typeof f === 'string' && f.startsWith('bootstorm-results/') ? ' (this is a results file, not a part)'
      : typeof f === 'string' && f.startsWith('bootstorm-part/') ? ' (a part format this bootstorm does not read)'
      : '';
    return fail([{ path: 'format', message: `${JSON.stringify(f) ?? 'missing'} is not ${JSON.stringify(PART_FORMAT)}${hint}` }]);
  }
  if (typeof head.bootstorm === 'string' && head.bootstorm !== BOOTSTORM_VERSION)
    return fail([{ path: 'bootstorm', message: `written by bootstorm ${head.bootstorm}, this is bootstorm ${BOOTSTORM_VERSION}: merge parts with the version that wrote them` }]);
  const r = partSchema.safeParse(json, { reportInput: true });
  if (!r.success) return fail(r.error.issues.map((i) => describeZodIssue(i)));
  const part = r.data;
  const issues: FileIssue[] = [];
  const shard = shardProblem(part.shard);
  if (shard) issues.push({ path: 'shard', message: shard });
  if (part.points.length !== part.job.points)
    issues.push({ path: 'points', message: `has ${part.points.length} points, job.points says ${part.job.points}` });
  const points: ValidPart['points'] = [];
  part.points.forEach((p, i) => {
    const at = (field: string) => joinPath(`points[${i}]`, field);
    const add = (field: string, message: string) => issues.push({ path: at(field), message });
    if (p.index !== i) add('index', `${p.index}: expected ${i} (points are listed in job order)`);
    const v = validateScenario(p.scenario);
    if (!v.ok) {
      issues.push(...v.issues.map((x) => ({ path: joinPath(at('scenario'), x.path), message: x.message })));
      return;
    }
    const s = v.scenario;
    if (hashJson(s) !== p.scenarioHash) {
      // As stored it matches: this build reads the same text as another scenario (a field added or a default changed
      // without a new BOOTSTORM_VERSION), so the part is another build's, not an edited one.
      add('scenario', hashJson(p.scenario) === p.scenarioHash
        ? `was written by another build of bootstorm ${part.bootstorm}, whose scenario fields or defaults differ from this build's: merge parts with the build that wrote them (a change to the scenario's fields needs a new BOOTSTORM_VERSION)`
        : `does not match scenarioHash ${p.scenarioHash}: the scenario was changed after the part was written`);
      return;
    }
    if (p.seed !== s.simulation.seed) add('seed', `${p.seed} does not match the scenario's simulation.seed ${s.simulation.seed}`);
    if (p.replications !== s.simulation.replications)
      add('replications', `${p.replications} does not match the scenario's simulation.replications ${s.simulation.replications}`);
    if (shard) return;
    const range = pointRange(s, part.shard);
    if (p.range[0] !== range[0] || p.range[1] !== range[1])
      add('range', `[${p.range}] is not shard ${part.shard.index}/${part.shard.count} of ${s.simulation.replications} replications: expected [${range}]`);
    if (hashJson(p.aggregate) !== p.aggregateHash) {
      add('aggregate', `does not match aggregateHash ${p.aggregateHash}: the results were changed after the part was written, or the file is damaged`);
      return;
    }
    const a = p.aggregate as AggregateJSON;
    if (!sameRanges(a.ranges, expectedRanges(range)))
      add('aggregate.ranges', `${JSON.stringify(a.ranges)} does not hold exactly replications [${range}] of this shard`);
    if (a.counts.replications !== range[1] - range[0])
      add('aggregate.counts.replications', `${a.counts.replications}: shard ${part.shard.index}/${part.shard.count} has ${range[1] - range[0]}`);
    const d = s.simulation.detailReplication;
    const holdsDetail = range[0] <= d && d < range[1];
    if (holdsDetail !== (a.detail !== null) || (a.detail && a.detail.replication !== d))
      add('aggregate.detail', holdsDetail ? `missing: replication ${d} (simulation.detailReplication) is in this shard` : `must be null: replication ${d} is not in this shard`);
    try {
      points.push({ scenario: s, aggregate: Aggregate.forScenario(s).merge(Aggregate.fromJSON(a)) });
    } catch (e) {
      add('aggregate', (e as Error).message);
    }
  });
  if (!issues.length && jobHash(part.job.kind, part.points) !== part.job.hash)
    issues.push({ path: 'job.hash', message: `${part.job.hash} does not match the job's points: the file was changed after it was written` });
  if (issues.length) return fail(issues);
  return { ok: true, part: { json: part as PartFile, points } };
}

// ─── Checking and merging a set of parts ──────────────────────────────────────────────────────────────────

export interface NamedPart {
  file: string;
  part: ValidPart;
}

/** What a set of parts lacks, for one point. */
export interface Gap {
  point: number;
  info: PartialInfo;
}

export interface PartSetCheck {
  /** Why these parts cannot be merged at all (different jobs, overlaps). Each names the files. */
  problems: string[];
  /** Replications in no part, per point with a gap; mergeable only as a flagged partial result. */
  gaps: Gap[];
}

/** `1278 (a.json, b.json); 7 (c.json)` */
function byValue(parts: readonly NamedPart[], value: (p: NamedPart) => string): string[] | null {
  const groups = new Map<string, string[]>();
  for (const p of parts) groups.set(value(p), [...(groups.get(value(p)) ?? []), p.file]);
  return groups.size > 1 ? [...groups].map(([v, files]) => `${v} (${files.join(', ')})`) : null;
}

/** Leaf fields where two scenarios differ, e.g. `wave.containers (3 vs 12)`. */
function scenarioDiff(a: unknown, b: unknown, path = '', out: string[] = []): string[] {
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) scenarioDiff(a[k], b[k], path ? `${path}.${k}` : k, out);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path} (${JSON.stringify(a) ?? 'absent'} vs ${JSON.stringify(b) ?? 'absent'})`);
  return out;
}

/** `missing shards 2, 5 of 7: replications 17–33, 68–84 are in no part` */
export function describeGap(info: PartialInfo): string {
  const reps = info.missing.map(replicationRangeText).join(', ');
  const shards = info.missingShards && info.shardCount !== null
    ? `missing shard${info.missingShards.length > 1 ? 's' : ''} ${shardListText(info.missingShards)} of ${info.shardCount}: `
    : 'missing ';
  return `${shards}replications ${reps} are in no part (have ${info.replications} of ${info.of})`;
}

/** Compatibility, overlaps and coverage of a set of valid parts. Every message names the files involved. */
export function checkParts(parts: readonly NamedPart[]): PartSetCheck {
  const problems: string[] = [];
  if (parts.length === 0) return { problems: ['no parts to merge'], gaps: [] };
  const job = (p: NamedPart) => p.part.json.job;
  const kinds = byValue(parts, (p) => `${job(p).kind} with ${job(p).points} point${job(p).points > 1 ? 's' : ''}`);
  if (kinds) return { problems: [`different jobs: ${kinds.join('; ')}`], gaps: [] };
  const K = job(parts[0]).points;
  const pointOf = (p: NamedPart, i: number) => p.part.json.points[i];
  for (let i = 0; i < K; i++) {
    const lead = K > 1 ? `point ${i}: ` : '';
    const seeds = byValue(parts, (p) => `seed ${pointOf(p, i).seed}`);
    if (seeds) problems.push(`${lead}different seeds: ${seeds.join('; ')}`);
    const totals = byValue(parts, (p) => `${pointOf(p, i).replications} replications`);
    if (totals) problems.push(`${lead}different total replications: ${totals.join('; ')}`);
    const hashes = byValue(parts, (p) => `scenario ${pointOf(p, i).scenarioHash}`);
    if (hashes) {
      const first = parts[0].part.points[i].scenario;
      const other = parts.find((p) => pointOf(p, i).scenarioHash !== pointOf(parts[0], i).scenarioHash)!.part.points[i].scenario;
      const strip = (s: Scenario) => ({ ...s, simulation: { ...s.simulation, seed: 0, replications: 0 } });
      const diff = scenarioDiff(strip(first), strip(other));
      if (diff.length) {
        const shown = diff.length > 4 ? [...diff.slice(0, 4), `${diff.length - 4} more`] : diff;
        problems.push(`${lead}different scenarios: ${hashes.join('; ')}; they differ in ${shown.join(', ')}`);
      }
    }
  }
  if (!problems.length) {
    const jobs = byValue(parts, (p) => `job ${job(p).hash}`);
    if (jobs) problems.push(`different jobs (the points' parameters differ): ${jobs.join('; ')}`);
  }
  if (problems.length) return { problems, gaps: [] };

  // Overlaps: any two parts holding a common replication of a point (reported once per pair of files).
  const reported = new Set<string>();
  const gaps: Gap[] = [];
  const counts = new Set(parts.map((p) => p.part.json.shard.count));
  for (let i = 0; i < K; i++) {
    const held = parts
      .map((p) => ({ file: p.file, shard: p.part.json.shard, range: pointOf(p, i).range }))
      .filter((h) => h.range[0] < h.range[1])
      .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
    for (let x = 0; x < held.length; x++) {
      for (let y = x + 1; y < held.length && held[y].range[0] < held[x].range[1]; y++) {
        const [a, b] = [held[x], held[y]];
        const key = `${a.file}\u0000${b.file}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const common: [number, number] = [b.range[0], Math.min(a.range[1], b.range[1])];
        problems.push(
          a.file === b.file
            ? `${a.file} is given twice`
            : `${a.file} (shard ${a.shard.index}/${a.shard.count}, replications ${replicationRangeText(a.range)}) and ${b.file} (shard ${b.shard.index}/${b.shard.count}, replications ${replicationRangeText(b.range)}) overlap: replications ${replicationRangeText(common)} are in both`,
        );
      }
    }
    // Gaps in [0, N).
    const N = pointOf(parts[0], i).replications;
    // What the parts lack, as a run's gaps, then named by shard when every part used one shard count.
    const gap = partialOfRun(held.map((h) => h.range), N);
    if (gap) {
      const shardCount = counts.size === 1 ? [...counts][0] : null;
      gaps.push({ point: i, info: { ...gap, missingShards: shardCount === null ? null : shardsTouching(N, shardCount, gap.missing), shardCount } });
    }
  }
  return { problems, gaps };
}

export interface MergedPoint {
  index: number;
  label?: string;
  params?: PointParams;
  scenario: Scenario;
  aggregate: Aggregate;
  /** Present only when replications are missing (a merge with allowPartial). */
  partial?: PartialInfo;
}

export interface MergedJob {
  kind: JobKind;
  label?: string;
  points: MergedPoint[];
  /** True when any point lacks replications. */
  partial: boolean;
}

export type MergeOutcome = { ok: true; job: MergedJob } | { ok: false; problems: string[] };

/**
 * Merge a set of valid parts of one job. Refuses (naming the files) parts of different jobs, seeds or
 * scenarios, overlapping parts, and — unless `allowPartial` — missing shards. The result does not depend on
 * the order of `parts`.
 */
export function mergeParts(parts: readonly NamedPart[], { allowPartial = false } = {}): MergeOutcome {
  const check = checkParts(parts);
  if (check.problems.length) return { ok: false, problems: check.problems };
  if (check.gaps.length && !allowPartial) {
    const K = parts[0].part.json.job.points;
    return { ok: false, problems: check.gaps.map((g) => `${K > 1 ? `point ${g.point}: ` : ''}${describeGap(g.info)}`) };
  }
  // Merging is order-independent; sorting only makes the choice of labels below independent of the order too.
  const sorted = [...parts].sort((a, b) => {
    const [x, y] = [a.part.json.points[0].range, b.part.json.points[0].range];
    return x[0] - y[0] || x[1] - y[1] || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  });
  const first = sorted[0].part.json;
  const points = first.points.map((p, i): MergedPoint => {
    const scenario = sorted[0].part.points[i].scenario;
    const aggregate = Aggregate.forScenario(scenario);
    for (const part of sorted) aggregate.merge(part.part.points[i].aggregate);
    const gap = check.gaps.find((g) => g.point === i);
    return {
      index: i,
      ...(p.label === undefined ? {} : { label: p.label }),
      ...(p.params === undefined ? {} : { params: p.params }),
      scenario,
      aggregate,
      ...(gap ? { partial: gap.info } : {}),
    };
  });
  // Labels are not part of the job's identity (the same scenario may come from a preset or a file): they are
  // the first part's in replication order.
  const label = first.job.label;
  return { ok: true, job: { kind: first.job.kind, ...(label === undefined ? {} : { label }), points, partial: check.gaps.length > 0 } };
}
