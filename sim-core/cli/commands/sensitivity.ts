import { BOOTSTORM_VERSION, HORIZON_CUT_LIMIT_TEXT, HORIZON_CUT_MARK } from '../../results/summary';
import { EXIT_CODES_TEXT } from '../args';
import { checkMetric, METRICS, type Metric, type MetricKey } from '../../explore/metrics';
import { labelInSentence } from '../../report/count';
import { fewerHealthy, sensitivityPlanner, type SensitivityResult } from '../../explore/sensitivity';
import type { ReplicationPolicy } from '../../explore/adaptive';
import { plural, workText } from '../format';
import { COMMON_FLAGS, csv, pct, short, table, type OutputFormat } from '../exploreArgs';
import { policyCap } from '../../explore/pointSet';
import {
  ADAPTIVE_FLAGS, ADAPTIVE_USAGE, checkWork, describePolicy, fewerReplications, loadBase, orList, orUsage, horizonCutLines, probeKillLines, partialLines, policyOf, runPlanner,
  exploreCommand, workersOf,
} from '../exploreRun';

export const SENSITIVITY_USAGE = `Usage: npm run -s sim -- sensitivity <preset | scenario.json | link> [--step 0.1] [options]

Tornado data: the change in the Phase 3 breach rate (or --metric) when each numeric field moves one step
down and up from the scenario's value (a fraction of the value, or of the field's range when the value is 0;
clamped to the range; whole-number fields move by at least 1), largest swing first; then each choice (warm or
lazy connections, backoff policy, connector mode…) switched to each of its other options, largest change first.
Every point runs the same replications (common random numbers): a field the outcome does not depend on shows
exactly 0.

  --step F              relative step, 0 < F ≤ 1 (default 0.1 = ±10%)
  --field PATH[,PATH…]  only these fields, numeric or choices (default: every field of the system)
  --metric M            rank by this metric instead of phase3.breachRate
  --replications N      replications per point (default: the scenario's simulation.replications); with
                        --half-width, each point's first round (default 200), added to until the goal or the cap
${ADAPTIVE_USAGE}
  --seed S              seed (overrides simulation.seed)
  --workers N           worker threads (default: all cores); results are identical for any N
  --json | --csv        one JSON object (the choices under "alternatives"), or CSV (header + one row per
                        numeric field: the choices are in the text and the JSON), on stdout

${EXIT_CODES_TEXT}`;

const FLAGS = { ...COMMON_FLAGS, ...ADAPTIVE_FLAGS, '--step': 'value', '--field': 'repeat', '--metric': 'value' } as const;

function output(r: SensitivityResult, fmt: OutputFormat, label: string, policy: ReplicationPolicy, workers: number, seconds: number): string {
  if (fmt === 'json') return JSON.stringify({ bootstorm: BOOTSTORM_VERSION, command: 'sensitivity', scenario: label, replications: policy, ...r });
  if (fmt === 'csv') {
    return csv(
      ['field', 'unit', 'base', 'low', 'high', 'valueLow', 'valueHigh', 'deltaLow', 'deltaHigh', 'swing', 'issues', 'truncatedReplications'],
      r.rows.map((x) => [x.field, x.unit, x.base, x.low, x.high, x.valueLow, x.valueHigh, x.deltaLow, x.deltaHigh, x.swing, x.issues.map((i) => `${i.path}: ${i.message}`).join('; '), x.truncatedReplications]),
    );
  }
  const m: Metric = METRICS[r.metric];
  const val = (v: number | null) => (v === null ? '—' : m.fraction ? pct(v) : `${short(v)}${m.unit === 's' ? ' s' : ''}`);
  // Changes of a rate are in percentage points.
  const pts = (v: number) => `${(v * 100).toFixed(2)} pts`;
  const change = (v: number) => (m.fraction ? pts(v) : val(v));
  const signed = (v: number | null, text: (size: number) => string) => (v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : '±'}${text(Math.abs(v))}`);
  // 'invalid': the moved value is not a valid scenario; '—': it ran, but the metric has no value (e.g. never all healthy),
  // or the range held the value at the base (0 cannot move down), so nothing was measured on that side.
  const delta = (v: number | null, notRun: boolean) => (notRun ? 'invalid' : signed(v, change));
  const rows = r.rows.map((x) => [
    x.field, `${short(x.low)} ← ${short(x.base)} → ${short(x.high)}${x.unit ? ` ${x.unit}` : ''}`,
    delta(x.deltaLow, x.notRun.includes('low')), delta(x.deltaHigh, x.notRun.includes('high')),
    x.swing === null ? '—' : change(x.swing),
  ]);
  const b = r.base;
  const partial = partialLines([
    { what: 'the base scenario', truncated: b.truncatedReplications },
    ...r.rows.map((x) => ({ what: `${x.field} moved to ${short(x.low)} or ${short(x.high)}`, truncated: x.truncatedReplications })),
    ...r.alternatives.map((x) => ({ what: `${x.field} switched to ${x.toLabel}`, truncated: x.truncatedReplications })),
  ]);
  return [
    `bootstorm ${BOOTSTORM_VERSION} — sensitivity of ${labelInSentence(m.label)} on ${label}, step ±${short(r.step * 100)}%`,
    `base: ${labelInSentence(m.label)} ${val(b.value)}${r.metric === 'phase3.breachRate' ? ` (95% CI ${pct(b.breachCi95[0])}–${pct(b.breachCi95[1])})` : ''}; ${plural(r.rows.length, 'numeric field')} and ${plural(new Set(r.alternatives.map((x) => x.field)).size, 'choice')}, ${describePolicy(policy)}, seed ${r.seed}; ${r.replicationsSpent.toLocaleString('en-US')} replications, ${workText(workers, seconds)}`,
    '',
    ...(partial.length ? [...partial, ''] : []),
    ...horizonCutLines([{ what: 'the base scenario', starts: b.starts, unfinished: b.unfinished }]).flatMap((l) => [l, '']),
    ...probeKillLines([{ ...b, what: 'the base scenario' }]).flatMap((l) => [l, '']),
    ...movedCutLines(r).flatMap((l) => [l, '']),
    table(['field', 'low ← base → high', 'Δ at low', 'Δ at high', 'swing'], rows, new Set([2, 3, 4])),
    '',
    ...(r.alternatives.length
      ? [
          'Switching a choice (each to each of its other options):',
          '',
          table(
            ['field', 'from → to', 'Δ', 'healthy by horizon Δ', 'note'],
            r.alternatives.map((x) => [
              x.field, `${x.fromLabel} → ${x.toLabel}`, delta(x.delta, x.notRun),
              signed(x.healthyDelta, pts),
              fewerHealthy(x, r.metric) ? '⚠ fewer containers healthy' : '',
            ]),
            new Set([2, 3]),
          ),
          '',
          ...(r.alternatives.some((x) => fewerHealthy(x, r.metric))
            ? ['⚠: the breach rate is per start; a switch that starts less (restarts off, for one) can lower it while fewer containers', 'end healthy. Not a fix.', '']
            : []),
        ]
      : []),
    ...notRun(r),
    `How: each field moves ±${short(r.step * 100)}% of its value, or of its range when the value is 0 (so 0 can move far); whole-number fields move by at`,
    `least 1, within their range. Every point runs replications 0, 1, … of seed ${r.seed}, as the base does (common random numbers), so a`,
    typeof policy === 'number'
      ? 'field the outcome does not depend on shows exactly ±0.00.'
      : 'field the outcome does not depend on shows ±0.00 (with --half-width each point may stop at its own count, so nearly).',
    ...(r.metric === 'phase3.breachRate' && b.replications > 0
      ? [
          `Precision: the base rate's 95% interval lies within ±${(b.halfWidth * 100).toFixed(2)} pts of it. The shared random numbers cancel most noise`,
          `between points, not all of it: a Δ well inside that margin ranks fields only roughly; rerun with ${typeof policy === 'number' ? 'more --replications' : 'a smaller --half-width'} to confirm.`,
        ]
      : []),
  ].join('\n');
}

/** Why the points shown as "invalid" did not run: the moved value and what validation said of it. */
function notRun(r: SensitivityResult): string[] {
  const lines = r.rows.flatMap((x) => {
    if (!x.issues.length) return [];
    const at = x.notRun.map((side) => short(side === 'low' ? x.low : x.high)).join(' and ');
    // What validation said of the moved field itself, if anything; else what it said elsewhere (a rule across
    // fields), naming the field.
    const own = x.issues.filter((i) => i.path === x.field);
    // (Its messages start with the value, which the line already gives.)
    const issues = own.length ? own.map((i) => i.message.replace(/^-?[\d.e+]+: /, '')).join('; ') : x.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return [`  ${x.field} at ${at}: ${issues}`];
  });
  for (const x of r.alternatives) if (x.notRun) lines.push(`  ${x.field} switched to ${x.toLabel}: ${x.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return lines.length ? ['Not run (the moved value is not a valid scenario):', ...lines, ''] : [];
}

/** `sim sensitivity …`: tornado data for every numeric field, and every choice switched. */
export function sensitivityCommand(argv: string[]): Promise<number> {
  return exploreCommand(argv, SENSITIVITY_USAGE, FLAGS, async (f, fmt, target) => {
    const step = f.num('--step', { gt: 0, max: 1, fraction: true }) ?? 0.1;
    const metricName = f.str('--metric');
    const metric: MetricKey | undefined = metricName === undefined ? undefined : orList(checkMetric(metricName), '--metric: ');
    const fields = f.list('--field');
    const workers = workersOf(f);
    const { scenario, label } = loadBase(f, target);
    const policy = policyOf(f, scenario.simulation.replications);
    const planner = orUsage(sensitivityPlanner(scenario, { step, metric, fields: fields.length ? fields : undefined, replications: policy }), fields.length ? '--field: ' : '');
    // Every point is one step from the base: a few of them stand for all.
    checkWork(planner.pilots(), planner.points.length, policyCap(policy), (max) => `${fewerReplications(policy, max)}, or name fewer --field`);
    const { result, seconds } = await runPlanner(planner, workers, scenario);
    process.stdout.write(`${output(result, fmt, label, policy, workers, seconds)}\n`);
    // The CSV is the tornado's table: say where the switched choices went rather than drop them silently.
    if (fmt === 'csv' && result.alternatives.length) process.stderr.write(`note: the ${result.alternatives.length} switched choice${result.alternatives.length === 1 ? ' is' : 's are'} in the text and --json output, not in the CSV\n`);
    return 0;
  });
}

/** One NOTE naming the moved or switched points whose horizon cut their starts short (their values read low). */
function movedCutLines(r: SensitivityResult): string[] {
  const cut = [
    ...r.rows.flatMap((x) => x.horizonCut.map((side) => `${x.field} moved to ${short(side === 'low' ? x.low : x.high)}`)),
    ...r.alternatives.filter((x) => x.horizonCut).map((x) => `${x.field} switched to ${x.toLabel}`),
  ];
  if (cut.length === 0) return [];
  const shown = cut.length <= 4 ? cut.join('; ') : `${cut.slice(0, 4).join('; ')} and ${cut.length - 4} more`;
  return [`NOTE (${HORIZON_CUT_MARK}): the horizon cut over ${HORIZON_CUT_LIMIT_TEXT} of the start attempts short of a Phase 3 verdict at ${shown}: ${cut.length === 1 ? 'its value reads' : 'their values read'} low, so ${cut.length === 1 ? 'its change leans' : 'their changes lean'} to the quick outcomes (lengthen simulation.horizon).`];
}
