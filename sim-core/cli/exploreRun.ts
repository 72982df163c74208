/** What the what-if commands share: loading the scenario, the replication policy, running a planner on threads. */
import { performance } from 'node:perf_hooks';
import { progressLine } from './progress';
import type { AdaptiveRule, ReplicationPolicy } from '../explore/adaptive';
import { MAX_REPLICATIONS } from '../explore/points';
import { checkInRange, type Checked, type ExploreField } from '../explore/grid';
import { rangeText } from '../scenario/catalogue';
import { drive, type Planner } from '../explore/work';
import { ExplainedUsageError, MAX_WORKERS, UsageError, usageErrorText } from './args';
import { outputFormat, targetOf, type OutputFormat } from './exploreArgs';
import { Flags, type FlagKind } from './flags';
import { estimatePointsWork, workProblem } from '../limits';
import type { Scenario } from '../scenario/schema';
import { scenarioWarnings } from '../scenario/warnings';
import { cutShareText, HORIZON_CUT_LIMIT_TEXT, HORIZON_CUT_MARK, horizonCutShare, probeKillShare } from '../results/summary';
import { loadScenario, printNotes, ScenarioError, simulationOverrides, type LoadedScenario } from './scenarioSource';
import { UnitThreadPool, workersToUse } from './threads';

/** Flags for adaptive replications. */
export const ADAPTIVE_FLAGS = { '--half-width': 'value', '--max-replications': 'value' } as const;

export const ADAPTIVE_USAGE = `  --half-width H        adaptive: replicate each point until its breach-rate 95% CI lies within ±H (e.g. 0.005)
  --max-replications N  adaptive: at most N replications per point (default 20000)`;

/** Run `body`; a UsageError prints this command's usage and exits 2 (main.ts handles scenario errors). */
export async function withUsage(usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(usageErrorText(e, usage));
    return 2;
  }
}

/**
 * The shared start of `sweep`, `solve` and `sensitivity`: parse the flags, answer --help, read the output
 * format and the one scenario argument, then run `body`; a usage error prints the command's usage (exit 2).
 */
export function exploreCommand(
  argv: string[],
  usage: string,
  spec: Record<string, FlagKind>,
  body: (f: Flags, fmt: OutputFormat, target: string) => Promise<number>,
): Promise<number> {
  return withUsage(usage, async () => {
    const f = new Flags(argv, spec);
    if (f.has('--help')) {
      process.stdout.write(usage);
      return 0;
    }
    return body(f, outputFormat(f), targetOf(f));
  });
}

/** The value, or a UsageError with the message (which names the flag or field and its range). */
export function orUsage<T>(c: Checked<T>, prefix = ''): T {
  if (!c.ok) throw new UsageError(`${prefix}${c.message}`);
  return c.value;
}

/**
 * A flag that holds a value of the explorable field `field` (--from, --to): read in the field's unit as the dashboard
 * reads it ("2 min"), checked against its range; undefined when the flag is not given.
 */
export function fieldValueFlag(f: Flags, flag: string, field: ExploreField): number | undefined {
  const allowed = `${field.key} allows ${rangeText(field)}`;
  const v = f.num(flag, { field: { unit: field.unit, allowed } });
  if (v === undefined) return undefined;
  // Said, not rounded behind the user's back (1.5 containers would run as 2).
  if (field.integer && Number.isFinite(v) && !Number.isInteger(v)) throw new UsageError(`${f.asTyped(flag)} ${v} is not a whole number: ${allowed}`);
  return orUsage(checkInRange(field, v, f.asTyped(flag)));
}

/** The value of a name looked up in a list (--field, --metric), or an error whose message lists them all: no usage after it. */
export function orList<T>(c: Checked<T>, prefix: string): T {
  if (!c.ok) throw new ExplainedUsageError(`${prefix}${c.message}`);
  return c.value;
}

/** The scenario argument with --replications / --seed applied (validated like any field); its notes are printed. */
export function loadBase(f: Flags, target: string, replications = true): LoadedScenario {
  const loaded = loadScenario(target, simulationOverrides({ replications: replications ? f.setting('--replications', 'simulation.replications') : undefined, seed: f.setting('--seed', 'simulation.seed') }));
  printNotes(loaded);
  // A dashboard link may pin a baseline: the what-if commands explore one scenario, so say it is left aside.
  if (loaded.pinnedBaseline !== undefined) process.stderr.write("note: the link's pinned baseline (its &b= part) is not used: this command explores the link's scenario alone\n");
  return loaded;
}

export function workersOf(f: Flags): number {
  return workersToUse(f.int('--workers', 1, MAX_WORKERS));
}

/** A fixed count (the scenario's, after --replications) or, with --half-width, an adaptive rule. */
export function policyOf(f: Flags, scenarioReplications: number): ReplicationPolicy {
  const h = f.num('--half-width', { gt: 0, lt: 0.5, fraction: true });
  const max = f.int('--max-replications', 1, MAX_REPLICATIONS);
  if (h === undefined) {
    if (max !== undefined) throw new UsageError('--max-replications goes with --half-width');
    return scenarioReplications;
  }
  const cap = max ?? 20_000;
  const initial = f.has('--replications') ? Math.min(scenarioReplications, cap) : Math.min(200, cap);
  return { halfWidth: h, maxReplications: cap, initialReplications: initial } satisfies AdaptiveRule;
}

/**
 * Drive `planner` on `workers` threads (progress on stderr when it is a terminal). Once the work is accepted, what
 * a run of `base` would warn about goes to stderr first (the explored values may add or clear some).
 */
export async function runPlanner<R>(planner: Planner<R>, workers: number, base?: Scenario): Promise<{ result: R; seconds: number }> {
  if (base) for (const w of scenarioWarnings(base)) process.stderr.write(`warning: the base scenario: ${w.message}\n`);
  const pool = new UnitThreadPool(workers);
  const t0 = performance.now();
  // The replications an exploration will need are not known in advance (probes double, points stop early).
  const progress = progressLine(null);
  try {
    const result = await drive(planner, pool.execute, { onProgress: (p) => progress.update(p.replications) });
    return { result, seconds: (performance.now() - t0) / 1000 };
  } finally {
    progress.end();
    await pool.close();
  }
}

export function describePolicy(p: ReplicationPolicy): string {
  return typeof p === 'number' ? `${p.toLocaleString('en-US')} replications per point` : `adaptive: until the 95% CI lies within ±${p.halfWidth} (at most ${p.maxReplications.toLocaleString('en-US')} per point)`;
}

/**
 * Refuse, before any work, a what-if whose estimate passes the work limit (exit 2, like an invalid scenario):
 * `points` scenarios × `replications` each (for an adaptive rule, the most it may run), at the cost of the
 * costliest of `pilots`. `fix` says what to lower, given the most replications per point that would fit.
 */
export function checkWork(pilots: readonly Scenario[], points: number, replications: number, fix: (max: number) => string): void {
  if (points === 0 || replications === 0) return;
  const problem = workProblem(estimatePointsWork([...new Set(pilots)], points, replications), fix);
  if (problem) throw new ScenarioError(`refused: ${problem}`);
}

/** How to say "lower the replications" for a policy: --replications, or --max-replications for an adaptive rule. */
export const fewerReplications = (policy: ReplicationPolicy, max: number) =>
  `lower ${typeof policy === 'number' ? '--replications' : '--max-replications'} to at most ${max} per point`; // as it is typed: 4976, not 4,976

/**
 * A line per point of an adaptive what-if that stopped at the cap with its interval still wider than the goal:
 * its estimate is less precise than the run asked for.
 */
export function shortOfGoalLines(policy: ReplicationPolicy, points: ReadonlyArray<{ what: string; goalReached: boolean | null; replications: number; halfWidth: number }>): string[] {
  if (typeof policy === 'number') return [];
  const pts = (h: number) => `±${(h * 100).toFixed(2)} points`;
  return points
    .filter((p) => p.goalReached === false)
    .map((p) => `SHORT OF GOAL: ${p.what}: stopped at the cap of ${p.replications.toLocaleString('en-US')} replications with ${pts(p.halfWidth)}, short of ${pts(policy.halfWidth)}.`);
}

/** The points `shareOf` flags (a share, where it is not null), each with its share. */
function flagged<P extends { what: string }>(points: readonly P[], shareOf: (p: P) => number | null): Array<{ what: string; share: number }> {
  return points.flatMap((p) => {
    const share = shareOf(p);
    return share === null ? [] : [{ what: p.what, share }];
  });
}

/** The flagged point with the largest share (the first of equals); `points` is not empty. */
const largest = (points: ReadonlyArray<{ what: string; share: number }>) => points.reduce((a, b) => (b.share > a.share ? b : a));

/**
 * A NOTE per point whose horizon cut more than HORIZON_CUT_LIMIT of its start attempts short of a verdict (as a run's
 * summary says): its rate leans to the quick outcomes, so a sweep could show a fix where there is only a short horizon.
 */
export function horizonCutLines(points: ReadonlyArray<{ what: string; starts: number; unfinished: number }>): string[] {
  const cut = flagged(points, horizonCutShare);
  const why = (one: boolean) => `${one ? 'leans' : 'lean'} to the quick outcomes and ${one ? 'meets' : 'meet'} no target (lengthen simulation.horizon)`;
  // A line a point while they are few; past that one line, so a heatmap's table is not pushed off the screen.
  if (cut.length <= 4)
    return cut.map((c) => `NOTE (${HORIZON_CUT_MARK}): ${c.what}: the horizon cut ${cutShareText(c.share)} of the start attempts short of a Phase 3 verdict; its breach rate ${why(true)}.`);
  const worst = largest(cut);
  return [`NOTE (${HORIZON_CUT_MARK}): at ${cut.length} of ${points.length} points the horizon cut over ${HORIZON_CUT_LIMIT_TEXT} of the start attempts short of a Phase 3 verdict (most: ${cutShareText(worst.share)}, at ${worst.what}); their breach rates ${why(false)}.`];
}

/**
 * A NOTE on the points where Cloud Run's startup probe killed starts outside Phase 3: they failed without a Phase 3
 * breach, so a breach rate (and a gate or target on it) can read well while the containers crash-loop.
 */
export function probeKillLines(points: ReadonlyArray<{ what: string; starts: number; unfinished: number; killedOutsidePhase3: number; killedAfterPhase3: number }>): string[] {
  const killed = flagged(points, probeKillShare);
  if (killed.length === 0) return [];
  const worst = largest(killed);
  const where = points.length === 1 ? `${worst.what}: ` : `at ${killed.length} of ${points.length} points (most: ${cutShareText(worst.share)} of the start attempts, at ${worst.what}) `;
  const share = points.length === 1 ? ` ${cutShareText(worst.share)} of the start attempts` : ' start attempts';
  return [
    `NOTE: ${where}Cloud Run's startup probe killed${share} outside Phase 3: they failed without a Phase 3 breach, so the breach rate does not show them (read containers.healthyByHorizon; lengthen timeouts.startupProbe).`,
  ];
}

/** One PARTIAL line per point whose replications the per-replication event guard cut short (none: no lines). */
export function partialLines(points: ReadonlyArray<{ what: string; truncated: number }>): string[] {
  return points
    .filter((p) => p.truncated > 0)
    .map((p) => `PARTIAL: ${p.what}: ${p.truncated} replication${p.truncated === 1 ? '' : 's'} passed the per-replication event guard and ${p.truncated === 1 ? 'was' : 'were'} cut short; its numbers are partial.`);
}
