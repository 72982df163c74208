import { fmtInt } from './format';
import { lacksShards } from '../../sim-core/results/resultsFile';
import { reportMarkdown } from '../../sim-core/report/markdown';
import { presetById, scenarioTitle } from '../../sim-core/scenario/presets';
import type { AppState } from '../store/types';
import { linkFor } from '../store/linkSlice';
import { chartFigures, chartImage, svgDataUri } from './chartExport';

/** The charts a capacity review shows, by `data-chart` id, in order. */
export const REPORT_CHARTS: Array<{ id: string; title: string }> = [
  { id: 'phase3-histogram', title: 'Phase 3 duration' },
  { id: 'cloudsql', title: 'Cloud SQL connections' },
  { id: 'connector', title: 'VPC connector utilisation' },
  { id: 'states', title: 'Containers by state' },
  { id: 'failures', title: 'Failures by cause' },
];

/** The review's title: the results' scenario by name, saying how many settings differ from the preset it names. */
export function reportTitle(s: Pick<AppState, 'result' | 'presetId'>): string {
  const preset = presetById(s.presetId)?.title ?? 'Scenario';
  return s.result ? scenarioTitle(s.result.scenario, preset) : preset;
}

/** The link that reproduces the results shown (their scenario, and the pinned baseline). */
export const reportLink = (s: Pick<AppState, 'result' | 'baseline'>, base: string) => (s.result ? linkFor(base, s.result.scenario, s.baseline?.scenario) : '');

/** The capacity-review Markdown for the results shown, with the page's charts embedded as SVG data: URIs. */
export function buildReportMarkdown(s: AppState, base: string, generatedAt: string, root: ParentNode = document, withCharts = true): string | null {
  const view = s.result;
  if (!view) return null;
  const figures = chartFigures(root);
  const charts = !withCharts ? [] : REPORT_CHARTS.flatMap(({ id, title }) => {
    const f = figures.get(id);
    const img = f ? chartImage(f, title) : null;
    return img ? [{ title, src: svgDataUri(img.svg) }] : [];
  });
  // A run still going or cancelled, or a file lacking replications (a partial merge, a cancelled run's export).
  const p = view.file?.partial;
  const partial = !view.complete
    ? ` (partial: ${fmtInt(view.replications)} of ${fmtInt(view.scenario.simulation.replications)} replications)`
    : p
      ? ` (partial${lacksShards(p) ? ' merge' : ''}: ${fmtInt(p.replications)} of ${fmtInt(p.of)} replications)`
      : '';
  return reportMarkdown({
    title: `${reportTitle(s)}${partial}`,
    scenario: view.scenario,
    result: view.summary,
    comparison: s.comparison ? { baselineTitle: s.comparison.baselineTitle, baselineScenario: s.comparison.baseline.scenario, result: s.comparison.result } : undefined,
    shareLink: reportLink(s, base),
    generatedAt,
    charts,
  });
}
