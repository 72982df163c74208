import type { ComparisonResult } from '../compare';
import { fmtPct } from './percent';
import { COMPARED, fmtCompared, fmtDifference, verdictOf } from './comparisonText';
import { FAILURE_CAUSES, FAILURE_LABEL } from '../model/outcomes';
import { allHealthyTimeText, gaveUpByHorizon, gaveUpText, initTimeoutContext, resultNotes, noLeadTimeReason, noVerdictText, type SimulationResult } from '../results/summary';
import type { Scenario } from '../scenario/schema';
import { scenarioWarnings } from '../scenario/warnings';
import { baselineChanges, scenarioRows, sourceText } from './describe';
import { outcomeValueText, type AssertionOutcome } from './assertions';

/** Everything a capacity-review report is made of. The caller supplies the date (sim-core reads no clock). */
export interface ReportInput {
  title: string;
  scenario: Scenario;
  result: SimulationResult;
  /** Present when a baseline is pinned: the proposal is `scenario`/`result`. */
  comparison?: { baselineTitle: string; baselineScenario: Scenario; result: ComparisonResult };
  shareLink?: string;
  generatedAt?: string;
  /** Images to embed, in order: relative paths or data: URIs. */
  charts?: Array<{ title: string; src: string }>;
  /** The `--assert` thresholds' verdicts, when the command had any. */
  gates?: readonly AssertionOutcome[];
}

const pct = fmtPct;
const count = (n: number) => n.toLocaleString('en-US');
/** How the interval was computed, in words a reader recognises. */
const CI_METHOD = { wilson: 'Wilson, replications as clusters', 'rule-of-three': 'no breach seen: rule of three, a one-sided 95% bound', none: 'no starts' } as const;

/**
 * How the breach rate's interval was made, in words (dashboard, report, CLI). One replication cannot show how waves
 * differ, so its interval takes the starts as independent, and says so: it may be too narrow.
 */
export function ciMethodText(method: keyof typeof CI_METHOD, replications: number): string {
  return method === 'wilson' && replications < 2 ? 'Wilson on the starts as if independent: one replication cannot show how waves differ' : CI_METHOD[method];
}

/** An image source as a Markdown link destination: spaces, parentheses and angle brackets percent-encoded. */
const imageSrc = (src: string) => String(src).replace(/[ \t\n\r()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/** A blockquote flag for a result some of whose replications the event guard cut short. */
const partialNote = (what: string, n: number) =>
  n > 0 ? [`> **Partial result${what}:** ${n} replication${n === 1 ? '' : 's'} passed the per-replication event guard and ${n === 1 ? 'was' : 'were'} cut short; every number ${what ? 'for it' : 'below'} is partial.`, ''] : [];
const sec = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${x.toFixed(1)} s`);
/**
 * Text from a user (a scenario name, a label, a file name) as Markdown that renders as exactly that text, never
 * as markup: every character Markdown, GitHub's extensions or HTML give a meaning is backslash-escaped (CommonMark
 * renders `\x` as x for any ASCII punctuation), so no link, image, HTML tag, entity, emphasis, table pipe or math
 * survives; what GitHub would turn into a link on its own (`http://…`, `www.…`, `a@b.c`) is broken up by escaping
 * its `:`, `.` or `@`; line breaks become spaces, so a table row stays one line.
 * @example cell('[x](javascript:alert(1))')  // '\\[x\\](javascript\\:alert(1))'
 */
export const cell = (s: string) =>
  String(s)
    .replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')
    .replace(/[\\|*_`<>[\]~$&@]/g, (c) => `\\${c}`)
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):(?=\S)/g, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.');

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** The thresholds the command gated on: how many held, then each with the value read and, failing unjudged, why. */
function gatesSection(gates: readonly AssertionOutcome[]): string[] {
  const failed = gates.filter((g) => !g.passed).length;
  const thresholds = `threshold${gates.length === 1 ? '' : 's'}`;
  const summary = failed === 0
    ? `${gates.length === 1 ? 'The' : `All ${gates.length}`} ${thresholds} (\`--assert\`) held: the command exits 0.`
    : `${failed} of ${gates.length} ${thresholds} (\`--assert\`) failed: the command exits 1.`;
  // The reason column only when a gate failed unjudged (no value, horizon cut, too few events).
  const why = gates.some((g) => g.error !== undefined);
  const rows = gates.map((g) => [cell(g.assertion.text), g.passed ? '✓ held' : '✗ failed', outcomeValueText(g) ?? '—', ...(why ? [cell(g.error ?? '')] : [])]);
  return [summary, '', table(['Threshold', 'Verdict', 'Value', ...(why ? ['Why it could not be judged'] : [])], rows)];
}

/** Headline rows: [metric, value, 95% interval or detail]. Shared by the report and the comparison table. */
export function headlineRows(r: SimulationResult, restart?: Scenario['restart']): string[][] {
  const p = r.phase3;
  const c = r.containers;
  const pk = r.peaks;
  const gaveUp = gaveUpByHorizon(r);
  return [
    // No verdict, nothing measured: a dash, not a 0 that reads as measured.
    p.starts === 0
      ? ['Phase 3 breach rate', '—', noVerdictText(r)]
      : ['Phase 3 breach rate', pct(p.breachRate), `${pct(p.breachCi95[0])}–${pct(p.breachCi95[1])} (${ciMethodText(p.ciMethod, r.replications)})`],
    ['Breach rate, first attempts', p.firstAttempt.starts === 0 ? '—' : pct(p.firstAttempt.breachRate), p.firstAttempt.starts === 0 ? '' : `${pct(p.firstAttempt.breachCi95[0])}–${pct(p.firstAttempt.breachCi95[1])}`],
    ['Starts that exited with code 3', count(p.exitCode3), `of ${count(r.starts)} starts over ${count(r.replications)} replications`],
    // Per wave to the decimals a comparison shows it with, so one report reads one number.
    ['Restarts', count(r.restarts), `${fmtCompared(r.restartsPerReplication)} per wave`],
    ['Containers healthy by the horizon', pct(c.healthyByHorizon), `all healthy in ${pct(c.allHealthyFraction)} of replications${gaveUp > 0 ? `; ${gaveUpText(gaveUp, restart)}` : ''}`],
    c.allHealthyFraction > 0
      ? ['Time until all healthy (p95)', allHealthyTimeText(c.timeToAllHealthy.p95, r.horizon, sec), `p50 ${allHealthyTimeText(c.timeToAllHealthy.p50, r.horizon, sec)}; a wave never all healthy counts as later than the horizon`]
      : ['Time until all healthy (p95)', 'never within the horizon', ''],
    ['Peak Cloud SQL connections', `${pk.cloudSqlConnections.mean.toFixed(1)} mean, ${pk.cloudSqlConnections.max} max`, `usable limit ${pk.cloudSqlConnections.usableLimit} of ${pk.cloudSqlConnections.maxConnections}`],
    ['Peak connector utilisation', pct(pk.connectorUtilisation.mean), `instances ${pk.connectorInstances.mean.toFixed(1)} mean, ${pk.connectorInstances.max} in the busiest wave`],
    ['Cloud SQL vCPUs busy with handshakes', pct(r.utilisation.cloudSqlCpu.mean), `time-averaged over the horizon; ${r.utilisation.handshakeQueue.mean.toFixed(2)} handshakes waiting on average`],
    p.starts === 0
      ? ['Phase 3 duration p50 / p95 / p99', '—', '']
      : ['Phase 3 duration p50 / p95 / p99', `${sec(p.durationQuantiles.p50)} / ${sec(p.durationQuantiles.p95)} / ${sec(p.durationQuantiles.p99)}`, `mean ${sec(p.meanDuration)}`],
    [
      'Alert lead time before first breach',
      // The median, as the dashboard's card and the CLI lead with; the mean beside it.
      noLeadTimeReason(r) ?? `${sec(r.alerts.leadTime.p50!)} median`,
      `${r.alerts.leadTime.mean === null ? '' : `mean ${sec(r.alerts.leadTime.mean)}; `}an alert (connector > ${pct(r.alerts.connectorPressure.threshold, 0)}, pool > ${pct(r.alerts.poolPressure.threshold, 0)}, Cloud SQL > ${pct(r.alerts.cloudSqlPressure.threshold, 0)} of max_connections) fired first in ${pct(r.alerts.leadTime.alertedFirst)} of replications with a breach`,
    ],
  ];
}

export function comparisonRows(c: ComparisonResult): string[][] {
  return COMPARED.map(({ metric, label, kind }) => {
    const d = c.differences[metric];
    const f = (x: number) => (kind === 'rate' ? pct(x) : fmtCompared(x));
    const t = fmtDifference(d, kind);
    return [label, f(d.baseline), f(d.proposal), `${t.diff} (${t.interval})`, verdictOf(metric, d).text];
  });
}

/** The settings a proposal changes against its baseline, as one paragraph. */
function changesText(baseline: Scenario, proposal: Scenario): string {
  const changes = baselineChanges(baseline, proposal);
  if (changes.length === 0) return 'The proposal has the same settings as the baseline.';
  return `The proposal differs in ${changes.map((c) => `**${cell(c.label)}** ${cell(c.from)} → ${cell(c.to)}`).join('; ')}.`;
}

export const NO_WARNINGS = 'None: the configuration passes the static checks.';

/**
 * The configuration warnings a review lists: the scenario's, and with a baseline the baseline's too (a reader
 * judging the difference should know what was wrong with either side), each under a heading saying whose.
 */
export function reviewWarnings(scenario: Scenario, baseline?: { title: string; scenario: Scenario }): Array<{ heading: string | null; messages: string[] }> {
  const messages = (x: Scenario) => scenarioWarnings(x).map((w) => w.message);
  if (!baseline) return [{ heading: null, messages: messages(scenario) }];
  return [
    { heading: 'This scenario (the proposal)', messages: messages(scenario) },
    { heading: `The baseline: ${baseline.title}`, messages: messages(baseline.scenario) },
  ];
}

export function reportMarkdown(input: ReportInput): string {
  const { scenario: s, result: r } = input;
  const out: string[] = [];
  out.push(`# Capacity review: ${cell(input.title)}`, '');
  out.push(
    `bootstorm ${r.bootstorm}${input.generatedAt ? `, ${input.generatedAt}` : ''}. ${count(r.replications)} replications, seed ${r.seed}, horizon ${r.horizon} s, ${s.wave.containers} containers starting.`,
  );
  if (input.shareLink) out.push('', `Scenario link: <${input.shareLink}>`);
  out.push('', ...partialNote('', r.truncatedReplications));
  if (input.comparison) out.push(...partialNote(' (baseline)', input.comparison.result.baseline.truncatedReplications));
  for (const n of resultNotes(r)) out.push(`> **Note:** ${cell(n)}`, '');
  out.push('## Headline results', '', table(['Metric', 'Value', '95% interval / detail'], headlineRows(r, s.restart).map((row) => row.map(cell))));
  if (input.comparison) {
    out.push(
      '',
      `## Against the baseline: ${cell(input.comparison.baselineTitle)}`,
      '',
      'Paired replications with common random numbers: each difference is proposal − baseline with its 95% interval.',
      '',
      changesText(input.comparison.baselineScenario, s),
      '',
      table(['Metric', 'Baseline', 'Proposal', 'Difference (95% CI)', 'Verdict'], comparisonRows(input.comparison.result).map((row) => row.map(cell))),
    );
  }
  if (input.gates?.length) out.push('', '## Gates', '', ...gatesSection(input.gates));
  out.push('', '## Warnings');
  for (const part of reviewWarnings(s, input.comparison && { title: input.comparison.baselineTitle, scenario: input.comparison.baselineScenario })) {
    if (part.heading) out.push('', `### ${cell(part.heading)}`);
    out.push('', part.messages.length ? part.messages.map((m) => `- ${cell(m)}`).join('\n') : NO_WARNINGS);
  }
  const failures = FAILURE_CAUSES.filter((f) => r.failures[f] > 0);
  out.push('', '## Why starts fail', '');
  out.push(
    failures.length
      ? table(['Cause', 'Starts', 'Share of breaches'], failures.map((f) => [cell(`${FAILURE_LABEL[f]} — ${f}`), count(r.failures[f]), pct(r.failures[f] / Math.max(1, r.phase3.breaches))]))
      : 'No start breached Phase 3.',
  );
  const context = initTimeoutContext(r, s.timeouts.initialization);
  if (context) out.push('', cell(context));
  for (const chart of input.charts ?? []) out.push('', `### ${cell(chart.title)}`, '', `![${cell(chart.title)}](${imageSrc(chart.src)})`);
  out.push('', '## Scenario', '', 'Every value with its unit and source: *assumed* values are calibration knobs with no published source.', '');
  out.push(table(['Group', 'Field', 'Value', 'Unit', 'Source'], scenarioRows(s).map((x) => [x.group, x.label, x.value, x.unit, sourceText(x)].map(cell))));
  out.push('');
  return out.join('\n');
}
