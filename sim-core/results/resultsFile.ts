import type { MigrationNote } from '../scenario/migrate';
import * as z from 'zod';
import { FAILURE_CAUSES } from '../model/outcomes';
import { BAND_SERIES, GRID_INTERVALS, STATE_SERIES } from '../model/replication';
import { SCENARIO_DEFAULTS, type Scenario } from '../scenario/schema';
import { validateScenario } from '../scenario/validate';
import { isPlainObject } from '../scenario/json';
import { ALERTS } from './aggregate';
import { detailSchema } from './aggregateSchema';
import { describeZodIssue, joinPath, type FileIssue } from './fileIssues';
import { perReplication, type SimulationResult } from './summary';

/**
 * A results file: what `sim <scenario> --out results.json` and `sim merge parts… --out merged.json` write, and
 * what the dashboard opens to show the charts with the scenario loaded.
 *
 *   { format: 'bootstorm-results/1', scenario, result, partial? }
 *
 * - `scenario`: the full validated scenario (every field, defaults filled in);
 * - `result`: the summary, exactly the object `--json` prints (`summarize(aggregate, scenario)`);
 * - `partial`: present only for a merge made with `--allow-partial` that lacks shards; the numbers then cover
 *   `partial.replications` of `partial.of` replications.
 */
export const RESULTS_FORMAT = 'bootstorm-results/1';

/** What a partial merge lacks. Ranges are [from, to) replication indices. */
export interface PartialInfo {
  replications: number;
  of: number;
  missing: Array<[number, number]>;
  /** Missing shard numbers (1-based) when every part used the same shard count; otherwise null. */
  missingShards: number[] | null;
  shardCount: number | null;
}

export interface ResultsFile {
  format: typeof RESULTS_FORMAT;
  scenario: Scenario;
  result: SimulationResult;
  partial?: PartialInfo;
}

/**
 * Whether `json` is a results summary (a run's `--json`, the dashboard's Results JSON): the numbers without the
 * scenario they came from, so it can be neither run again nor shown as a run. Opened by mistake for a results
 * file, it is named as what it is (SUMMARY_IS_NO_SCENARIO) rather than refused as a scenario missing its version.
 */
export function isResultsSummary(json: unknown): boolean {
  if (!isPlainObject(json) || 'version' in json || 'format' in json) return false;
  // A run's summary, or a comparison's (`--baseline --json`: both arms' summaries and their differences).
  return (typeof json.bootstorm === 'string' && isPlainObject(json.phase3)) || (isPlainObject(json.proposal) && isPlainObject(json.differences));
}

/** What a results summary lacks, after its name: "x.summary.json is a results summary …". */
export const SUMMARY_IS_NO_SCENARIO =
  "is a results summary (a run's or a comparison's --json, the dashboard's Results JSON): it holds the numbers but not the scenario they came from; open the results file instead (--out, or Export → Results file)";

/**
 * The replications of [0, of) outside `held`, ranges [from, to) sorted by their start (they may overlap).
 * @example missingRanges([[0, 100], [200, 300]], 400) // [[100, 200], [300, 400]]
 */
export function missingRanges(held: ReadonlyArray<readonly [number, number]>, of: number): Array<[number, number]> {
  const missing: Array<[number, number]> = [];
  let at = 0;
  for (const [from, to] of held) {
    if (from > at) missing.push([at, from]);
    at = Math.max(at, to);
  }
  if (at < of) missing.push([at, of]);
  return missing;
}

/** What results holding replications `held` of [0, of) lack, run by run (no shards), or null when nothing is missing. */
export function partialOfRun(held: ReadonlyArray<readonly [number, number]>, of: number): PartialInfo | null {
  const missing = missingRanges(held, of);
  if (missing.length === 0) return null;
  const replications = of - missing.reduce((s, [a, b]) => s + b - a, 0);
  return { replications, of, missing, missingShards: null, shardCount: null };
}

/** Whether partial results are a merge that lacks shards (else a run that stopped: cancelled, or merged across shard counts). */
export const lacksShards = (p: PartialInfo): boolean => (p.missingShards?.length ?? 0) > 0;

export function buildResultsFile(scenario: Scenario, result: SimulationResult, partial?: PartialInfo): ResultsFile {
  return partial ? { format: RESULTS_FORMAT, scenario, result, partial } : { format: RESULTS_FORMAT, scenario, result };
}

// Finite by construction (zod's number refuses NaN and ±Infinity); what the engine never gives is refused too:
// negative times and counts, fractions outside [0, 1], time series of another length than the grid's.
const num = z.number();
const nonNegative = z.number().min(0);
const fraction = z.number().min(0).max(1);
const count = z.int().min(0);
const nullableTime = nonNegative.nullable();

const rate = {
  starts: count,
  breaches: count,
  breachRate: fraction,
  breachCi95: z.tuple([fraction, fraction]),
  ciMethod: z.enum(['wilson', 'rule-of-three', 'none']),
};
const spread = { mean: nonNegative, p50: nonNegative, p95: nonNegative, max: nonNegative };
const grid = z.array(nonNegative).length(GRID_INTERVALS + 1);
const bin = z.strictObject({ lo: num, hi: num, count });
const keyed = <K extends string, S extends z.ZodType>(keys: readonly K[], shape: S) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, shape])) as Record<K, S>);

/** The shape of `SimulationResult` (summary.ts); a test keeps the two in step. */
export const simulationResultSchema = z.strictObject({
  bootstorm: z.string(),
  scenarioVersion: z.int(),
  seed: count,
  replications: count,
  horizon: nonNegative,
  starts: count,
  unfinished: count,
  // Written since bootstorm 0.5.0 (the startup probe): a results file from before it had none, i.e. 0.
  killedOutsidePhase3: count.default(0),
  // Written since bootstorm 0.5.3: before it, kills after Phase 3 were not counted apart.
  killedAfterPhase3: count.default(0),
  restarts: count,
  // Written since bootstorm 0.5.2; an older file's are derived from its totals (see withPerReplication).
  restartsPerReplication: nonNegative,
  exitCode3PerReplication: nonNegative,
  phase3: z.strictObject({
    ...rate,
    exitCode3: count,
    firstAttempt: z.strictObject(rate),
    durationQuantiles: z.strictObject({ p50: nonNegative, p90: nonNegative, p95: nonNegative, p99: nonNegative }),
    meanDuration: nonNegative,
    histogram: z.strictObject({ passed: z.array(bin), breached: z.array(bin), overflow: count }),
  }),
  failures: z.strictObject({ ...keyed(FAILURE_CAUSES, count).shape, startup_probe: count.default(0) }),
  containers: z.strictObject({
    perReplication: count,
    healthyByHorizon: fraction,
    allHealthyFraction: fraction,
    // null before 0.5.1 when no wave was all healthy: the same as both times past the horizon.
    timeToAllHealthy: z
      .strictObject({ p50: nonNegative.nullable(), p95: nonNegative.nullable() })
      .nullable()
      .transform((t) => t ?? { p50: null, p95: null }),
  }),
  peaks: z.strictObject({
    cloudSqlConnections: z.strictObject({ ...spread, usableLimit: nonNegative, maxConnections: nonNegative, background: nonNegative.optional() }),
    connectorInstances: z.strictObject(spread),
    connectorUtilisation: z.strictObject(spread),
    poolWaiters: z.strictObject(spread),
    droppedHandshakes: z.strictObject(spread),
    refusedConnections: z.strictObject(spread),
  }),
  utilisation: z.strictObject({ cloudSqlCpu: z.strictObject(spread), handshakeQueue: z.strictObject(spread) }),
  alerts: z.strictObject({
    ...keyed(ALERTS, z.strictObject({ threshold: fraction, fraction, meanTime: nullableTime, beforeFirstBreach: count })).shape,
    leadTime: z.strictObject({ replicationsWithBreach: count, alertedFirst: fraction, mean: nullableTime, p50: nullableTime }),
  }),
  timeSeries: z.strictObject({
    t: grid,
    bands: keyed(BAND_SERIES, z.strictObject({ mean: grid, p10: grid, p90: grid })),
    states: keyed(STATE_SERIES, grid),
  }),
  detail: detailSchema,
  events: count,
  truncatedReplications: count,
});

const partialSchema = z.strictObject({
  replications: count,
  of: count,
  missing: z.array(z.tuple([count, count])),
  missingShards: z.array(count).nullable(),
  shardCount: count.nullable(),
});

const fileSchema = z.strictObject({
  format: z.literal(RESULTS_FORMAT),
  scenario: z.unknown(),
  result: simulationResultSchema,
  partial: partialSchema.optional(),
});

/**
 * A results file from before 0.5.1 has no end time in its start records: each gets the one the timeline derived then
 * (a probe kill at start + the probe's deadline, a Phase 3 exit at its verdict, a healthy start at its last phase, none
 * for a start the horizon cut). The rest of the file is left for the schema to judge.
 */
function withRecordEnds(json: object): object {
  const result = (json as { result?: unknown }).result;
  const detail = isPlainObject(result) ? result.detail : undefined;
  const records = isPlainObject(detail) ? detail.records : undefined;
  if (!Array.isArray(records) || !records.some((r) => isPlainObject(r) && !Object.hasOwn(r, 'end'))) return json;
  const scenario = (json as { scenario?: unknown }).scenario;
  const timeouts = isPlainObject(scenario) ? scenario.timeouts : undefined;
  const given = isPlainObject(timeouts) ? timeouts.startupProbe : undefined;
  const probe = typeof given === 'number' ? given : SCENARIO_DEFAULTS.timeouts.startupProbe;
  const endOf = (r: Record<string, unknown>): unknown => {
    const ends = Array.isArray(r.phaseEnds) ? r.phaseEnds : [];
    if (r.outcome === 'unfinished') return null;
    if (r.outcome === 'startup_probe') return typeof r.start === 'number' ? r.start + probe : null;
    if (r.outcome === 'healthy') return ends[ends.length - 1] ?? null;
    return r.phase3End ?? null;
  };
  const filled = records.map((r) => (isPlainObject(r) && !Object.hasOwn(r, 'end') ? { ...r, end: endOf(r) } : r));
  return { ...json, result: { ...(result as object), detail: { ...(detail as object), records: filled } } };
}

/** A results file from before 0.5.2 has no per-wave restarts and exits: derived from its totals, as summarize does. */
function withPerReplication(json: object): object {
  const result = (json as { result?: unknown }).result;
  // Only a file that has neither: one with one of them is damaged, and the schema says so.
  if (!isPlainObject(result) || Object.hasOwn(result, 'restartsPerReplication') || Object.hasOwn(result, 'exitCode3PerReplication')) return json;
  const { replications, restarts, phase3 } = result;
  const exits = isPlainObject(phase3) ? phase3.exitCode3 : undefined;
  if (typeof replications !== 'number' || typeof restarts !== 'number' || typeof exits !== 'number') return json;
  return { ...json, result: { ...result, restartsPerReplication: perReplication(restarts, replications), exitCode3PerReplication: perReplication(exits, replications) } };
}

/** `notes`: what migrating the file's older scenario version kept (see migrate.ts). */
export type ResultsFileRead = { ok: true; file: ResultsFile; notes?: MigrationNote[] } | { ok: false; issues: FileIssue[] };

/**
 * Check parsed JSON as a results file: its format, its scenario (through the one scenario validator, so an old
 * scenario version is migrated) and its result's shape, and that the two belong together. Never throws.
 */
export function validateResultsFile(json: unknown): ResultsFileRead {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, issues: [{ path: '', message: 'is not a JSON object' }] };
  const format = (json as { format?: unknown }).format;
  if (format !== RESULTS_FORMAT) {
    const what = typeof format === 'string' && format.startsWith('bootstorm-part/') ? ' (this is a part file: merge parts with `sim merge`)' : '';
    return { ok: false, issues: [{ path: 'format', message: `${JSON.stringify(format) ?? 'missing'} is not a results file format: expected ${JSON.stringify(RESULTS_FORMAT)}${what}` }] };
  }
  const issues: FileIssue[] = [];
  const r = fileSchema.safeParse(withPerReplication(withRecordEnds(json)), { reportInput: true });
  if (!r.success) issues.push(...r.error.issues.map((i) => describeZodIssue(i)));
  const v = validateScenario((json as { scenario?: unknown }).scenario);
  if (!v.ok) issues.push(...v.issues.map((i) => ({ path: joinPath('scenario', i.path), message: i.message })));
  if (issues.length || !r.success || !v.ok) return { ok: false, issues };
  const result = r.data.result as SimulationResult;
  const s = v.scenario;
  const mismatch = (path: string, a: unknown, b: unknown) =>
    a === b ? [] : [{ path, message: `${JSON.stringify(a)} does not match the scenario's ${JSON.stringify(b)}` }];
  issues.push(
    ...mismatch('result.seed', result.seed, s.simulation.seed),
    ...mismatch('result.horizon', result.horizon, s.simulation.horizon),
  );
  // The result was computed from the scenario as written; a file re-exported after migration carries the newer
  // scenario version beside the older result's (migration keeps the meaning), so an older result version fits.
  const written = (json as { scenario: { version?: unknown } }).scenario.version;
  if (!(result.scenarioVersion === written || (typeof written === 'number' && result.scenarioVersion < written)))
    issues.push({ path: 'result.scenarioVersion', message: `${JSON.stringify(result.scenarioVersion)} does not match the scenario's ${JSON.stringify(written)}` });
  if (issues.length) return { ok: false, issues };
  const file = buildResultsFile(s, result, r.data.partial);
  return v.notes ? { ok: true, file, notes: v.notes } : { ok: true, file };
}
