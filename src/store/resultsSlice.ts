import type { Aggregate } from '../../sim-core/results/aggregate';
import { summarizeComparison, type Comparison, type ComparisonResult } from '../../sim-core/compare';
import { summarize, type SimulationResult } from '../../sim-core/results/summary';
import type { Scenario } from '../../sim-core/scenario/schema';
import type { SliceCreator } from './types';

/** Phase 3 duration ECDF from the merged quantile sketch: (duration s, fraction of starts ≤ it). */
export type EcdfPoint = { t: number; p: number };

export interface ResultView {
  summary: SimulationResult;
  /** The validated scenario these results are for (timeouts for reference lines, etc.). */
  scenario: Scenario;
  ecdf: EcdfPoint[];
  /** Replications merged into this view, and whether that is all of them. */
  replications: number;
  complete: boolean;
  runId: number;
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
  markStale(): void;
}

export type ResultsSlice = ResultsValues & ResultsActions;

export const RESULTS_DEFAULT: ResultsValues = { result: null, comparison: null, stale: false };

const ECDF_POINTS = 200;

export function ecdfOf(agg: Aggregate): EcdfPoint[] {
  const sk = agg.phase3Duration;
  if (sk.count === 0) return [];
  const pts: EcdfPoint[] = [{ t: 0, p: 0 }];
  for (let i = 1; i <= ECDF_POINTS; i++) {
    const p = i / ECDF_POINTS;
    pts.push({ t: sk.quantile(p), p });
  }
  return pts;
}

export const createResultsSlice: SliceCreator<ResultsSlice> = (set, get) => ({
  ...RESULTS_DEFAULT,
  publishResult(agg, scenario, replications, complete) {
    const summary = summarize(agg, scenario);
    set({ result: { summary, scenario, ecdf: ecdfOf(agg), replications, complete, runId: get().runId }, comparison: null, stale: false });
  },
  publishComparison(c, baseline, proposal, baselineTitle, replications, complete) {
    const result = summarizeComparison(c, baseline, proposal);
    const runId = get().runId;
    set({
      result: { summary: result.proposal, scenario: proposal, ecdf: ecdfOf(c.proposal), replications, complete, runId },
      comparison: { result, baselineTitle, baseline: { summary: result.baseline, scenario: baseline, ecdf: ecdfOf(c.baseline), replications, complete, runId } },
      stale: false,
    });
  },
  markStale() {
    if (get().result) set({ stale: true });
  },
});
