import type { ComparisonResult } from '../../sim-core/compare';
import { BAND_SERIES, STATE_SERIES } from '../../sim-core/model/replication';
import { buildResultsFile, type PartialInfo } from '../../sim-core/results/resultsFile';
import type { SimulationResult } from '../../sim-core/results/summary';
import type { Scenario } from '../../sim-core/scenario/schema';
import { csvText as csv } from '../../sim-core/report/csv';

/**
 * What the dashboard exports, as text. Pure functions of the results: the JSON is byte for byte what the CLI
 * prints for the same scenario (`sim <scenario> --json`, and `--out` for the results file).
 */

/**
 * `JSON.stringify(summarize(...))` plus the newline, exactly as `sim <scenario> --json` prints it; results that
 * lack replications (a cancelled run, a partial merge) lead with `partial`, as `sim merge --allow-partial --json`.
 */
export const resultsJson = (r: SimulationResult, partial?: PartialInfo | null) => `${JSON.stringify(partial ? { partial, ...r } : r)}\n`;

/** `{format: 'bootstorm-results/1', scenario, result[, partial]}`, as `sim <scenario> --out file.json` (or a partial `sim merge`) writes it. */
export const resultsFileJson = (s: Scenario, r: SimulationResult, partial?: PartialInfo | null) => `${JSON.stringify(buildResultsFile(s, r, partial ?? undefined))}\n`;

/** The scenario alone, as a file `sim` and the dashboard open (`{"version": 2, …}`). */
export const scenarioJson = (s: Scenario) => `${JSON.stringify(s, null, 2)}\n`;

/** A paired comparison: proposal − baseline per headline metric with its 95% interval (NaN as null). */
export const comparisonJson = (c: ComparisonResult, partial?: PartialInfo | null) =>
  `${JSON.stringify({ format: 'bootstorm-comparison-summary/1', ...(partial ? { partial } : {}), differences: c.differences, baseline: c.baseline, proposal: c.proposal })}\n`;

/** The time series on the fixed grid: t, every band's mean/p10/p90, then the mean count in every state. */
export function timeSeriesCsv(r: SimulationResult): string {
  const ts = r.timeSeries;
  const head = ['t_s', ...BAND_SERIES.flatMap((b) => [`${b}_mean`, `${b}_p10`, `${b}_p90`]), ...STATE_SERIES.map((s) => `state_${s}`)];
  const rows = ts.t.map((t, k) => [
    t,
    ...BAND_SERIES.flatMap((b) => [ts.bands[b].mean[k], ts.bands[b].p10[k], ts.bands[b].p90[k]]),
    ...STATE_SERIES.map((s) => ts.states[s][k]),
  ]);
  return csv([head, ...rows]);
}

/** A model time for a spreadsheet: to the nanosecond, without float noise (75.00000000000003 → 75). */
const seconds = (t: number | null): number | null => (t === null ? null : Number(t.toFixed(9)));

/**
 * The per-start records of the replication kept in detail (one row per start attempt). `attempt` counts from 1 as
 * the swimlane does (the records' own field is 0 for the first start).
 */
export function recordsCsv(r: SimulationResult): string {
  const head = ['replication', 'container', 'attempt', 'start_s', 'phase1_end_s', 'phase2_end_s', 'phase3_end_s', 'phase4_end_s', 'phase5_end_s', 'phase6_end_s', 'phase7_end_s', 'phase3_duration_s', 'phase3_verdict_s', 'outcome', 'connections_held', 'end_s'];
  const d = r.detail;
  if (!d) return csv([head]);
  const rows = [...d.records]
    .sort((a, b) => a.container - b.container || a.attempt - b.attempt)
    .map((x) => [d.replication, x.container, x.attempt + 1, seconds(x.start), ...Array.from({ length: 7 }, (_, i) => seconds(x.phaseEnds[i] ?? null)), seconds(x.phase3Duration), seconds(x.phase3End), x.outcome, x.connectionsHeld, seconds(x.end)]);
  return csv([head, ...rows]);
}
