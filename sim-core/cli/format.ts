import { fmtPct } from '../report/percent';
import { fmtCompared } from '../report/comparisonText';
import { plural } from '../report/count';
import { FAILURE_CAUSES } from '../model/outcomes';
import type { ComparisonResult } from '../compare';
import { ciMethodText, comparisonRows } from '../report/markdown';
import { alertsText, allHealthyTimeText, firingAlerts, gaveUpByHorizon, gaveUpText, initTimeoutContext, noLeadTimeReason, noVerdictText, resultNotes, type SimulationResult } from '../results/summary';
import type { ScenarioWarning } from '../scenario/warnings';
import type { Scenario } from '../scenario/schema';

const pct = (x: number) => fmtPct(x);
/** Counts with thousands separators, as the reports write them. */
const int = (n: number) => n.toLocaleString('en-US');
/** The alerts that fired in some wave, as the dashboard lists them ("; firing: connector pressure (>70%)"), or nothing. */
const firingText = (r: SimulationResult) => {
  const firing = firingAlerts(r);
  return firing.length ? `; firing: ${alertsText(r, firing)}` : '';
};
const s = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)} s`);

/** The flag on a result some of whose replications the per-replication event guard cut short. */
export function partialText(truncated: number): string {
  return `PARTIAL: ${truncated} replication${truncated === 1 ? '' : 's'} passed the per-replication event guard and ${truncated === 1 ? 'was' : 'were'} cut short; every number is partial.`;
}

export { plural } from '../report/count';

/** How a command ran, as its header line ends: `2 workers, 1.23 s`. */
export const workText = (workers: number, seconds: number) => `${plural(workers, 'worker')}, ${seconds.toFixed(2)} s`;

/** The readable summary the CLI prints without --json. */
export function formatSummary(name: string, r: SimulationResult, seconds: number, workers: number, restart?: Scenario['restart']): string {
  return formatResult(name, r, workText(workers, seconds), restart);
}

/** A count per wave, as the dashboard and the report write it ("35.4", "1,150"). */
const perWave = (n: number, replications: number) => (replications > 0 ? fmtCompared(n / replications) : '—');
/** A mean to one decimal, digits grouped ("1,150.1"). */
const mean1 = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * The readable summary, with `how` closing its second line (how the numbers were computed). With the scenario's
 * `restart` settings, a given-up share says why ("after 3 restarts"), as the dashboard and the report do.
 */
export function formatResult(name: string, r: SimulationResult, how: string, restart?: Scenario['restart']): string {
  const p = r.phase3;
  const gaveUp = gaveUpByHorizon(r);
  const background = r.peaks.cloudSqlConnections.background;
  const rows: Array<[string, string]> = [
    // No verdict, nothing measured: a dash, not a 0 that reads as measured.
    ['Phase 3 breach rate', p.starts === 0 ? `—  (${noVerdictText(r)})` : `${pct(p.breachRate)}  (95% CI ${pct(p.breachCi95[0])}–${pct(p.breachCi95[1])}, ${ciMethodText(p.ciMethod, r.replications)})`],
    ['  first attempts only', p.firstAttempt.starts === 0 ? '—' : `${pct(p.firstAttempt.breachRate)}  (95% CI ${pct(p.firstAttempt.breachCi95[0])}–${pct(p.firstAttempt.breachCi95[1])})`],
    // Counts over every replication, said so (and per wave, the scale of one storm).
    ['Starts (Phase 3 verdicts)', `${int(r.starts)} in all, ${perWave(r.starts, r.replications)} per wave  (${p.exitCode3 === p.breaches ? `${int(p.breaches)} exited with code 3` : `${int(p.breaches)} breached: ${int(p.exitCode3)} exited with code 3, ${int(r.failures.startup_probe)} killed by the startup probe`}, ${plural(r.restarts, 'restart')}, ${int(r.unfinished)} unfinished at horizon)`],
    ['Phase 3 duration', p.starts === 0 ? '—' : `p50 ${s(p.durationQuantiles.p50)}  p90 ${s(p.durationQuantiles.p90)}  p95 ${s(p.durationQuantiles.p95)}  p99 ${s(p.durationQuantiles.p99)}`],
    ['Containers healthy by horizon', `${pct(r.containers.healthyByHorizon)}  (all healthy in ${pct(r.containers.allHealthyFraction)} of replications${r.containers.allHealthyFraction > 0 ? `, p95 time ${allHealthyTimeText(r.containers.timeToAllHealthy.p95, r.horizon, s)}` : ''}${gaveUp > 0 ? `; ${gaveUpText(gaveUp, restart)}` : ''})`],
    ['Peak Cloud SQL connections', `mean ${mean1(r.peaks.cloudSqlConnections.mean)}, max ${int(r.peaks.cloudSqlConnections.max)} of ${int(r.peaks.cloudSqlConnections.usableLimit)} usable${background ? ` (${int(background)} of them held before the wave)` : ''}`],
    [
      'Peak connector',
      // No shared connector (direct path or Direct VPC egress): nothing to report, rather than "0.0%, 0 instances".
      r.peaks.connectorInstances.max === 0
        ? 'none (no Serverless VPC Access connector on the path)'
        : `utilisation mean ${pct(r.peaks.connectorUtilisation.mean)}, instances mean ${mean1(r.peaks.connectorInstances.mean)} (${int(r.peaks.connectorInstances.max)} in the busiest wave)`,
    ],
    ['Cloud SQL handshake load', `vCPUs busy ${pct(r.utilisation.cloudSqlCpu.mean)} of the horizon on average, ${r.utilisation.handshakeQueue.mean.toFixed(2)} handshakes waiting`],
    ['Alert lead time', noLeadTimeReason(r) ?? `${s(r.alerts.leadTime.p50)} median, ${s(r.alerts.leadTime.mean)} mean from the first alert to the first breach (an alert first in ${pct(r.alerts.leadTime.alertedFirst)} of replications with a breach${firingText(r)})`],
  ];
  // Largest first: the cause to act on leads.
  const failures = FAILURE_CAUSES.filter((c) => r.failures[c] > 0)
    .sort((a, b) => r.failures[b] - r.failures[a])
    .map((c) => `${c} ${int(r.failures[c])}`);
  rows.push(['Failures by cause', failures.length ? `${failures.join(', ')} (in all)` : 'none']);
  const w = Math.max(...rows.map(([k]) => k.length));
  const truncated = r.truncatedReplications ? [partialText(r.truncatedReplications), ''] : [];
  const context = initTimeoutContext(r);
  const notes = resultNotes(r);
  return [
    `bootstorm ${r.bootstorm} — ${name}`,
    `${plural(r.replications, 'replication')}, seed ${r.seed}, horizon ${r.horizon} s, ${how}`,
    '',
    ...truncated,
    ...notes.flatMap((n) => [`NOTE: ${n}`, '']),
    ...rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`),
    ...(context ? [`${' '.repeat(w)}  ${context}`] : []),
  ].join('\n');
}

/** Baseline vs proposal as a table: each headline metric with the difference and its 95% interval. */
export function formatComparison(baselineLabel: string, proposalLabel: string, c: ComparisonResult): string {
  const rows = comparisonRows(c);
  const head = ['Metric', 'Baseline', 'Proposal', 'Difference (95% CI)', 'Verdict'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd();
  const partial = c.baseline.truncatedReplications ? [`Baseline ${partialText(c.baseline.truncatedReplications)}`, ''] : [];
  return [
    `Against baseline ${baselineLabel} (proposal ${proposalLabel}), paired replications with common random numbers:`,
    '',
    ...partial,
    line(head),
    ...rows.map(line),
  ].join('\n');
}

/** Configuration warnings (sim-core/scenario/warnings.ts) under the summary: what is wrong before anything runs. */
export function formatWarnings(warnings: readonly ScenarioWarning[], whose = 'the configuration itself'): string {
  return warnings.length ? `\n\nWarnings (${whose})\n${warnings.map((w) => `  - ${w.message}`).join('\n')}` : '';
}

/**
 * Lines longer than `width` wrapped at spaces, each continuation indented under where its line's text starts: the
 * value column of a `Label   value` row, the text after `NOTE: ` or a list's `- `. For a terminal (the run's summary
 * and warnings; tables are left whole, where wrapping would break their columns). A word longer than a line stays whole.
 */
export function wrapLines(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      // A two-column row's value column, else the text after a leading label or bullet, else the line's own indent.
      const lead = /^\s*/.exec(line)![0].length;
      const row = /^(\s*\S.{0,40}?\s{2,})\S/.exec(line);
      const column = row && row[1].length < width / 2 ? row[1].length : /^(\s*(?:[A-Z]+:|-)\s)/.exec(line)?.[1].length ?? lead;
      const indent = ' '.repeat(column < width / 2 ? column : 4);
      const out: string[] = [];
      // `start`: the line's prefix, or a continuation's indent; words go after it, a space between them.
      let start = line.slice(0, column);
      let room = start;
      for (const word of line.slice(column).split(/(?<=\S) (?=\S)/)) {
        if (room.length > start.length && room.length + 1 + word.length > width) {
          out.push(room);
          start = indent;
          room = indent + word;
        } else room = room.length === start.length ? room + word : `${room} ${word}`;
      }
      out.push(room);
      return out.join('\n');
    })
    .join('\n');
}

/** `text` fitted to the terminal stdout is (wrapLines), when it is one at least 40 columns wide; as it is into a pipe or file. */
export function forTerminal(text: string): string {
  const width = process.stdout.isTTY ? process.stdout.columns : 0;
  return width >= 40 ? wrapLines(text, width) : text;
}
