import type { Aggregate } from '../../sim-core/results/aggregate';
import { summarizeComparison, type Comparison, type ComparisonResult } from '../../sim-core/compare';
import { summarize, type SimulationResult } from '../../sim-core/results/summary';
import { lacksShards, partialOfRun, type PartialInfo, type ResultsFile } from '../../sim-core/results/resultsFile';
import type { Scenario } from '../../sim-core/scenario/schema';
import { EVENT_GUARD_TEXT } from '../../sim-core/limits';
import { perReplicationAdviceText } from '../lib/format';
import { replicationRangeText } from '../../sim-core/results/shard';
import { scenarioFromValid } from './scenarioSlice';
import type { SliceCreator } from './types';

/** Phase 3 duration ECDF: (duration s, fraction of starts ≤ it). */
export type EcdfPoint = { t: number; p: number };

/** Where shown results came from: a run on this page, or a results file (a single run or a merge). */
export interface FileSource {
  name: string;
  /** Present for a merge made with --allow-partial that lacks shards. */
  partial: PartialInfo | null;
}

export interface ResultView {
  summary: SimulationResult;
  /** The validated scenario these results are for (timeouts for reference lines, etc.). */
  scenario: Scenario;
  ecdf: EcdfPoint[];
  /** What the ECDF was drawn from: the merged quantile sketch (a run), or the histogram (a results file). */
  ecdfFrom: 'sketch' | 'histogram';
  /** Replications merged into this view, and whether that is all of them. */
  replications: number;
  complete: boolean;
  runId: number;
  /** Set when the results were opened from a file rather than computed here. */
  file?: FileSource;
  /** Set when the run was cancelled: what its numbers lack (they cover the blocks of replications it finished). */
  cancelled?: PartialInfo;
}

/** A paired run's comparison: the differences with their intervals, and the baseline arm as a view. */
export interface ComparisonView {
  result: ComparisonResult;
  baseline: ResultView;
  baselineTitle: string;
}

export interface ResultsValues {
  result: ResultView | null;
  /** Present while a baseline is pinned and its paired run has results; `result` is then the proposal's arm. */
  comparison: ComparisonView | null;
  /** The shown results no longer match the settings (a new run is pending or running). */
  stale: boolean;
}

export interface ResultsActions {
  publishResult(agg: Aggregate, scenario: Scenario, replications: number, complete: boolean): void;
  /** Both arms of a paired run; `baseline` is the scenario as run (with the proposal's simulation settings). */
  publishComparison(c: Comparison, baseline: Scenario, proposal: Scenario, baselineTitle: string, replications: number, complete: boolean): void;
  /**
   * The results shown, for `scenario`, which differs from theirs only in the replication kept in detail: `one` is
   * that replication's aggregate, whose detail replaces theirs (every other number stays, as a full run would give);
   * with a comparison shown, `base` is the same for its baseline arm.
   */
  publishDetail(one: Aggregate, scenario: Scenario, base: { one: Aggregate; scenario: Scenario } | null): void;
  markStale(): void;
  /** The run was cancelled with these results shown: `ranges` are the replications they hold (kept, and exportable, as partial). */
  markCancelled(ranges: ReadonlyArray<readonly [number, number]>): void;
  /**
   * Show a validated results file: its scenario becomes the current scenario and its results are shown as they
   * are, without running (a run in flight is cancelled). A history step. The next edit, or Run again, runs the
   * scenario here as usual.
   */
  showResultsFile(file: ResultsFile, name: string): void;
}

export type ResultsSlice = ResultsValues & ResultsActions;

export const RESULTS_DEFAULT: ResultsValues = { result: null, comparison: null, stale: false };

const ECDF_POINTS = 200;
const ECDF_LEVELS = Array.from({ length: ECDF_POINTS }, (_, i) => (i + 1) / ECDF_POINTS);

/** The Phase 3 duration ECDF at 200 evenly spaced levels, from the merged sketch (one pass: QuantileSketch.quantiles). */
export function ecdfOf(agg: Aggregate): EcdfPoint[] {
  const sketch = agg.phase3Duration;
  if (sketch.count === 0) return [];
  const ts = sketch.quantiles(ECDF_LEVELS);
  return [{ t: 0, p: 0 }, ...ECDF_LEVELS.map((p, i) => ({ t: ts[i], p }))];
}

/**
 * The ECDF of a results file, which keeps the histogram, not the sketch: the share of Phase 3 verdicts at or
 * below each bin's upper edge (starts past the last bin count in the total only).
 */
export function ecdfOfHistogram(r: SimulationResult): EcdfPoint[] {
  const h = r.phase3.histogram;
  const counts = h.passed.map((b, i) => b.count + (h.breached[i]?.count ?? 0));
  const total = counts.reduce((a, c) => a + c, 0) + h.overflow;
  if (total === 0) return [];
  const pts: EcdfPoint[] = [{ t: 0, p: 0 }];
  let cum = 0;
  h.passed.forEach((b, i) => {
    cum += counts[i];
    pts.push({ t: b.hi, p: cum / total });
  });
  return pts;
}

/** What the results shown lack, as a results file records it: a cancelled run's, or a partial merge's; null when whole. */
export const missingFrom = (view: ResultView): PartialInfo | null => view.file?.partial ?? view.cancelled ?? null;

/**
 * Why the numbers shown are partial, or null: replications cut short by the per-replication event guard, or a
 * merge that lacks shards.
 */
export function partialReasons(view: ResultView): string[] {
  const out: string[] = [];
  const r = view.summary;
  const cut = r.truncatedReplications;
  if (cut > 0)
    out.push(
      `${cut.toLocaleString('en-US')} of ${r.replications.toLocaleString('en-US')} replication${r.replications === 1 ? '' : 's'} passed the ` +
        `${EVENT_GUARD_TEXT} and ${cut === 1 ? 'was' : 'were'} cut short: ` +
        `what happened after the cut is missing from every number below. ${perReplicationAdviceText()}`,
    );
  const p = view.file?.partial;
  if (p) {
    const ranges = p.missing.map(replicationRangeText).join(', ');
    const merge = lacksShards(p);
    const shards = merge ? `shard${p.missingShards!.length === 1 ? '' : 's'} ${p.missingShards!.join(', ')}${p.shardCount ? ` of ${p.shardCount}` : ''} (replications ${ranges})` : `replications ${ranges}`;
    out.push(`${merge ? 'This merge lacks' : 'These results lack'} ${shards}: the numbers cover ${p.replications.toLocaleString('en-US')} of ${p.of.toLocaleString('en-US')} replications.`);
  }
  return out;
}

export const createResultsSlice: SliceCreator<ResultsSlice> = (set, get) => ({
  ...RESULTS_DEFAULT,
  publishResult(agg, scenario, replications, complete) {
    const summary = summarize(agg, scenario);
    set({ result: { summary, scenario, ecdf: ecdfOf(agg), ecdfFrom: 'sketch', replications, complete, runId: get().runId }, comparison: null, stale: false });
  },
  publishComparison(c, baseline, proposal, baselineTitle, replications, complete) {
    const result = summarizeComparison(c, baseline, proposal);
    const runId = get().runId;
    set({
      result: { summary: result.proposal, scenario: proposal, ecdf: ecdfOf(c.proposal), ecdfFrom: 'sketch', replications, complete, runId },
      comparison: {
        result,
        baselineTitle,
        baseline: { summary: result.baseline, scenario: baseline, ecdf: ecdfOf(c.baseline), ecdfFrom: 'sketch', replications, complete, runId },
      },
      stale: false,
    });
  },
  publishDetail(one, scenario, base) {
    const r = get().result;
    if (!r) return;
    const runId = get().runId;
    const proposal = { ...r.summary, detail: one.detail };
    const c = get().comparison;
    if (c && base) {
      const baseline = { ...c.baseline.summary, detail: base.one.detail };
      set({
        result: { ...r, scenario, summary: proposal, runId },
        comparison: { ...c, result: { ...c.result, proposal, baseline }, baseline: { ...c.baseline, scenario: base.scenario, summary: baseline, runId } },
        stale: false,
      });
    } else set({ result: { ...r, scenario, summary: proposal, runId }, stale: false });
  },
  markStale() {
    if (get().result) set({ stale: true });
  },
  markCancelled(ranges) {
    const { result, comparison } = get();
    const cancelled = result ? partialOfRun(ranges, result.scenario.simulation.replications) : null;
    if (!result || !cancelled) return;
    // Both arms of a paired run ran the same replications.
    set({ result: { ...result, cancelled }, comparison: comparison && { ...comparison, baseline: { ...comparison.baseline, cancelled } } });
  },
  showResultsFile(file, name) {
    const s = get();
    s.dismissNotice('version');
    s.cancelRun();
    s.markCheckpoint();
    const runId = get().runId + 1; // a run still settling is ignored from here on
    const r = file.result;
    const n = r.replications;
    set({
      ...scenarioFromValid(file.scenario),
      exploreTab: 'results',
      runId,
      status: 'done',
      done: n,
      total: n,
      startedAt: null,
      endedAt: null,
      result: { summary: r, scenario: file.scenario, ecdf: ecdfOfHistogram(r), ecdfFrom: 'histogram', replications: n, complete: true, runId, file: { name, partial: file.partial ?? null } },
      comparison: null,
      stale: false,
    });
    get().clearError();
    get().dismissNotice('limit');
    get().dismissNotice('worker');
    const partial = file.partial ? ` — ${lacksShards(file.partial) ? 'a partial merge' : 'partial'} (${file.partial.replications.toLocaleString('en-US')} of ${file.partial.of.toLocaleString('en-US')})` : '';
    get().notify({
      id: 'file',
      tone: file.partial || r.truncatedReplications > 0 ? 'warning' : 'info',
      title: `Showing results from ${name}: ${n.toLocaleString('en-US')} replications, seed ${r.seed}${partial}`,
      sections: [
        {
          items: [
            `Its scenario is now the current scenario${get().baseline ? ' (the pinned baseline is compared again at the next run)' : ''}. Nothing was run here: these are the file’s numbers.`,
            'Edit any setting, or press Run again, to simulate it on this page instead.',
          ],
        },
      ],
    });
  },
});
