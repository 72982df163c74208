import { BOOTSTORM_VERSION, HORIZON_CUT_LIMIT_TEXT, markCut } from '../../results/summary';
import { exploreField, MAX_STEPS, type ExploreField } from '../../explore/grid';
import { rangeText } from '../../scenario/catalogue';
import { cellStanding, heatmapPlanner, STANDING_MARK, type HeatmapResult } from '../../explore/heatmap';
import { checkMetric, DEFAULT_METRICS, METRIC_KEYS, METRICS, noneText, type Metric, type MetricKey } from '../../explore/metrics';
import { sweepPlanner, type Axis, type PointOutcome, type SweepResult } from '../../explore/sweep';
import type { ReplicationPolicy } from '../../explore/adaptive';
import { UsageError, EXIT_CODES_TEXT } from '../args';
import { plural, workText } from '../format';
import { COMMON_FLAGS, csv, pct, short, table, type OutputFormat } from '../exploreArgs';
import type { Flags } from '../flags';
import { ScenarioError } from '../scenarioSource';
import { policyCap } from '../../explore/pointSet';
import {
  ADAPTIVE_FLAGS, ADAPTIVE_USAGE, checkWork, describePolicy, fewerReplications, fieldValueFlag, loadBase, orList, orUsage, horizonCutLines, probeKillLines, partialLines, policyOf, runPlanner, shortOfGoalLines,
  exploreCommand, workersOf,
} from '../exploreRun';

export const SWEEP_USAGE = `Usage: npm run -s sim -- sweep <preset | scenario.json | link> --field <path> [--from A] [--to B] [--steps K] [--log] [options]
       npm run -s sim -- sweep <scenario> --field <path> … --field2 <path> [--from2 A] [--to2 B] [--steps2 K] [--log2] [--target T]

Runs the scenario at every value of one field (or every pair of two: a heatmap) on the same seed and
replication indices (common random numbers), and prints the Phase 3 breach rate with its 95% CI per point.
Each point's numbers equal a single run of that scenario.

  --field PATH          numeric scenario field, e.g. timeouts.initialization (see the list on a wrong name)
  --from A --to B       range (default: the field's whole range)
  --steps K             points, ends included (default 11); whole-number fields skip repeated values
  --log                 log-spaced steps (from and to above 0)
  --field2 … --log2     a second field: a heatmap (rows = field2, columns = field)
  --target T            heatmap: the breach rate whose contour is reported (default 0.05)
  --metric M[,M…]       other metrics per point (default ${DEFAULT_METRICS.join(', ')}; 'all' for every one)
  --replications N      replications per point (default: the scenario's simulation.replications); with
                        --half-width, each point's first round (default 200), added to until the goal or the cap
${ADAPTIVE_USAGE}
  --seed S              seed (overrides simulation.seed)
  --workers N           worker threads (default: all cores); results are identical for any N
  --json | --csv        one JSON object, or CSV (header + one row per point), on stdout

${EXIT_CODES_TEXT}`;

const FLAGS = {
  ...COMMON_FLAGS, ...ADAPTIVE_FLAGS,
  '--field': 'value', '--from': 'value', '--to': 'value', '--steps': 'value', '--log': 'bool',
  '--field2': 'value', '--from2': 'value', '--to2': 'value', '--steps2': 'value', '--log2': 'bool',
  '--target': 'value', '--metric': 'repeat',
} as const;

function axisOf(f: Flags, suffix: '' | '2'): Axis {
  const flag = (n: string) => `--${n}${suffix}`;
  const key = f.str(flag('field'));
  if (key === undefined) throw new UsageError(`${flag('field')} is required`);
  const field = orList(exploreField(key), `${flag('field')}: `);
  const from = fieldValueFlag(f, flag('from'), field) ?? field.min;
  const to = fieldValueFlag(f, flag('to'), field) ?? field.max;
  const scale = f.has(flag('log')) ? 'log' : 'linear';
  if (scale === 'log' && (from <= 0 || to <= 0)) throw new UsageError(`${flag('log')} needs ${flag('from')} and ${flag('to')} above 0 (${key} allows ${rangeText(field)})`);
  return { field: key, from, to, steps: f.int(flag('steps'), 1, MAX_STEPS) ?? 11, scale };
}

function metricsOf(f: Flags): MetricKey[] {
  const names = f.list('--metric');
  if (names.length === 0) return [...DEFAULT_METRICS];
  if (names.includes('all')) return METRIC_KEYS.filter((k) => k !== 'phase3.breachRate');
  return names.map((n) => orList(checkMetric(n), '--metric: '));
}

const fmtMetric = (k: MetricKey, v: number | null | undefined) => {
  const m: Metric = METRICS[k];
  if (v === undefined || v === null) return noneText(m);
  return m.fraction ? pct(v) : `${short(v)}${m.unit === 's' ? ' s' : ''}`;
};

const fieldJSON = (f: ExploreField) => ({ key: f.key, label: f.label, unit: f.unit, min: f.min, max: f.max, integer: f.integer });

/** One point's columns for CSV: replications, starts, breaches, rate, CI, metrics, issues. */
function csvCells(o: PointOutcome, metrics: readonly MetricKey[]): unknown[] {
  if (!o.ok) return ['', '', '', '', '', '', ...metrics.map(() => ''), o.issues.map((i) => `${i.path}: ${i.message}`).join('; '), '', '', '', '', ''];
  return [o.replications, o.starts, o.breaches, o.breachRate, o.breachCi95[0], o.breachCi95[1], ...metrics.map((k) => o.metrics[k] ?? ''), '', o.truncatedReplications, o.goalReached ?? '', o.unfinished, o.killedOutsidePhase3, o.killedAfterPhase3];
}
/**
 * `unfinished`: start attempts the horizon cut short of a verdict, not in `starts` (over 5% of the two together: the
 * rate leans to the quick outcomes); `truncatedReplications`: replications the event guard cut short (not 0: the row is partial); `goalReached`
 * (adaptive runs only, else empty): false when the point stopped at the cap short of the --half-width goal;
 * `killedOutsidePhase3`: attempts the startup probe killed outside Phase 3 (failed starts that are no breach), of
 * which `killedAfterPhase3` passed Phase 3 and count in `starts` as passes. New columns go last, so that a script
 * reading them by position keeps working.
 */
const csvHeader = (metrics: readonly MetricKey[]) => ['replications', 'starts', 'breaches', 'breachRate', 'ciLo', 'ciHi', ...metrics, 'issues', 'truncatedReplications', 'goalReached', 'unfinished', 'killedOutsidePhase3', 'killedAfterPhase3'];

function sweepOutput(r: SweepResult, fmt: OutputFormat, label: string, policy: ReplicationPolicy, workers: number, seconds: number): string {
  const f = r.field;
  const unit = f.unit ? ` ${f.unit}` : '';
  if (fmt === 'json') {
    return JSON.stringify({
      bootstorm: BOOTSTORM_VERSION, command: 'sweep', scenario: label, seed: r.seed, field: fieldJSON(f),
      replications: policy, metrics: r.metrics, points: r.points, replicationsSpent: r.replicationsSpent,
    });
  }
  if (fmt === 'csv') return csv([f.key, ...csvHeader(r.metrics)], r.points.map((p) => [p.value, ...csvCells(p, r.metrics)]));
  const adaptive = typeof policy !== 'number';
  const header = [`${f.key}${unit ? ` (${f.unit})` : ''}`, 'breach rate', '95% CI', ...(adaptive ? ['replications'] : []), ...r.metrics.map((k) => METRICS[k].label)];
  const rows = r.points.map((p) =>
    p.ok
      ? [short(p.value), markCut(pct(p.breachRate), p), `${pct(p.breachCi95[0])}–${pct(p.breachCi95[1])}`, ...(adaptive ? [String(p.replications)] : []), ...r.metrics.map((k) => fmtMetric(k, p.metrics[k]))]
      : [short(p.value), 'invalid', '', ...(adaptive ? [''] : []), ...r.metrics.map(() => '')],
  );
  // Why a value did not run, under the table (as sensitivity does): in a cell it would widen its column for every row.
  const notRun = r.points.flatMap((p) => (p.ok ? [] : [`  ${f.key} = ${short(p.value)}${unit}: ${p.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`]));
  const what = (p: { value: number }) => `${f.key} = ${short(p.value)}${unit}`;
  const ran = r.points.flatMap((p) => (p.ok ? [{ ...p, what: what(p) }] : []));
  const partial = [
    ...partialLines(r.points.map((p) => ({ what: what(p), truncated: p.ok ? p.truncatedReplications : 0 }))),
    ...horizonCutLines(ran),
    ...probeKillLines(ran),
    ...shortOfGoalLines(policy, ran),
  ];
  return [
    `bootstorm ${BOOTSTORM_VERSION} — sweep of ${f.key} (${f.label}) on ${label}`,
    `${plural(r.points.length, 'point')}, ${describePolicy(policy)}, seed ${r.seed}; ${r.replicationsSpent.toLocaleString('en-US')} replications, ${workText(workers, seconds)}`,
    '',
    ...(partial.length ? [...partial, ''] : []),
    table(header, rows, new Set(header.map((_, i) => i))),
    ...(notRun.length ? ['', 'Not run (the value is not a valid scenario):', ...notRun] : []),
  ].join('\n');
}

function heatmapOutput(r: HeatmapResult, fmt: OutputFormat, label: string, policy: ReplicationPolicy, workers: number, seconds: number): string {
  if (fmt === 'json') {
    return JSON.stringify({
      bootstorm: BOOTSTORM_VERSION, command: 'heatmap', scenario: label, seed: r.seed, target: r.target,
      x: { field: fieldJSON(r.x.field), values: r.x.values, scale: r.x.scale },
      y: { field: fieldJSON(r.y.field), values: r.y.values, scale: r.y.scale },
      replications: policy, metrics: r.metrics, rates: r.rates, cells: r.cells, contour: r.contour, replicationsSpent: r.replicationsSpent,
    });
  }
  if (fmt === 'csv') return csv([r.x.field.key, r.y.field.key, ...csvHeader(r.metrics)], r.cells.map((c) => [c.x, c.y, ...csvCells(c, r.metrics)]));
  const corner = `${r.y.field.key} \\ ${r.x.field.key}`;
  const header = [corner, ...r.x.values.map(short)];
  const nx = r.x.values.length;
  const rows = r.y.values.map((y, iy) =>
    [short(y), ...r.rates[iy].map((v, ix) => (v === null ? '—' : `${STANDING_MARK[cellStanding(r.cells[iy * nx + ix], r.target) ?? 'misses']}${pct(v)}`))],
  );
  // A whole-number field crosses between two of its values (2.841 containers is no setting): said as such.
  const at = (x: number) => (!r.x.field.integer || Number.isInteger(x) ? `≈ ${short(x)}` : `between ${Math.floor(x)} and ${Math.ceil(x)}`);
  const contour = r.contour.rows.map((row) => `  ${r.y.field.key} = ${short(row.y)}: ${row.x.length ? row.x.map((x) => `${r.x.field.key} ${at(x)}`).join(', ') : 'no crossing in range'}`);
  const what = (c: { x: number; y: number }) => `${r.x.field.key} = ${short(c.x)}, ${r.y.field.key} = ${short(c.y)}`;
  const ran = r.cells.flatMap((c) => (c.ok ? [{ ...c, what: what(c) }] : []));
  const partial = [
    ...partialLines(r.cells.map((c) => ({ what: what(c), truncated: c.ok ? c.truncatedReplications : 0 }))),
    ...horizonCutLines(ran),
    ...probeKillLines(ran),
    ...shortOfGoalLines(policy, ran),
  ];
  return [
    `bootstorm ${BOOTSTORM_VERSION} — heatmap of ${r.x.field.key} × ${r.y.field.key} on ${label}`,
    `${plural(r.cells.length, 'cell')}, ${describePolicy(policy)}, seed ${r.seed}; ${r.replicationsSpent.toLocaleString('en-US')} replications, ${workText(workers, seconds)}`,
    '',
    ...(partial.length ? [...partial, ''] : []),
    `Phase 3 breach rate (${STANDING_MARK.meets} = meets the ${pct(r.target)} target with 95% confidence; ${STANDING_MARK.estimate} = only the estimate does, its interval straddles the target; unmarked = misses it; ${STANDING_MARK.cut} = the horizon cut over ${HORIZON_CUT_LIMIT_TEXT} of its starts short of a verdict, so its rate meets nothing; — = no rate: not a valid scenario, or no start reached a verdict):`,
    table(header, rows, new Set(header.map((_, i) => i))),
    '',
    `Contour at ${pct(r.target)} (of the estimates, by linear interpolation along each row; cells marked ${STANDING_MARK.cut} left out):`,
    ...contour,
  ].join('\n');
}

/**
 * Nothing ran when no point is a valid scenario: exit 2 with the reasons, not a table of "invalid" rows that a
 * script would take for a sweep done (exit 0).
 */
function noneValid(points: ReadonlyArray<PointOutcome & { what: string }>, what: string): void {
  if (points.length === 0 || points.some((p) => p.ok)) return;
  const why = points.map((p) => (p.ok ? '' : `  ${p.what}: ${p.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}\n`)).join('');
  throw new ScenarioError(`no ${what} is a valid scenario, so nothing ran:\n${why}Choose --from and --to (or the base scenario) so that some values are valid.`);
}

/** `sim sweep …`: a 1-D sweep, or with --field2 a 2-D heatmap. */
export function sweepCommand(argv: string[]): Promise<number> {
  return exploreCommand(argv, SWEEP_USAGE, FLAGS, async (f, fmt, target) => {
    const x = axisOf(f, '');
    const y = f.has('--field2') ? axisOf(f, '2') : null;
    for (const flag of ['--from2', '--to2', '--steps2', '--log2', '--target'])
      if (!y && f.has(flag)) throw new UsageError(`${flag} goes with --field2 (a heatmap)`);
    const metrics = metricsOf(f);
    const workers = workersOf(f);
    const { scenario, label } = loadBase(f, target);
    const policy = policyOf(f, scenario.simulation.replications);
    const fix = (what: string) => (max: number) => `${fewerReplications(policy, max)}, or use fewer ${what}`;
    if (y) {
      const planner = orUsage(heatmapPlanner(scenario, { x, y, target: f.num('--target', { gt: 0, lt: 1, fraction: true }) ?? 0.05, replications: policy, metrics }));
      checkWork(planner.pilots(), planner.points.length, policyCap(policy), fix('--steps or --steps2'));
      const { result, seconds } = await runPlanner(planner, workers, scenario);
      const what = (c: { x: number; y: number }) => `${x.field} = ${short(c.x)}, ${y.field} = ${short(c.y)}`;
      noneValid(result.cells.map((c) => ({ ...c, what: what(c) })), 'cell of the heatmap');
      process.stdout.write(`${heatmapOutput(result, fmt, label, policy, workers, seconds)}\n`);
    } else {
      const planner = orUsage(sweepPlanner(scenario, { axis: x, replications: policy, metrics }));
      checkWork(planner.pilots(), planner.points.length, policyCap(policy), fix('--steps'));
      const { result, seconds } = await runPlanner(planner, workers, scenario);
      noneValid(result.points.map((p) => ({ ...p, what: `${x.field} = ${short(p.value)}` })), 'value of the sweep');
      process.stdout.write(`${sweepOutput(result, fmt, label, policy, workers, seconds)}\n`);
    }
    return 0;
  });
}
