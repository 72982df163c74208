// @vitest-environment jsdom
/**
 * The Results charts for a screen reader: each chart's data as a table under it, built only when opened, with its
 * numbers the summary's own. (Recharts draws nothing in jsdom, which has no layout: the tables do not depend on it.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { FAILURE_CAUSES } from '../../sim-core/model/outcomes';
import { buildResultsFile } from '../../sim-core/results/resultsFile';
import { summarize } from '../../sim-core/results/summary';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import { createAppStore } from '../../src/store';
import { FailuresChart } from '../../src/components/results/FailuresChart';
import { CloudSqlChart } from '../../src/components/results/TimeSeriesCharts';
import { histogramCap } from '../../src/components/results/Phase3Charts';
import { buildReportMarkdown } from '../../src/lib/report';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { SimPool } from '../../src/worker/pool';
import { merge, scenarioOf } from '../helpers/scenario';

afterEach(cleanup);

/** A finished view of 12 incident replications, opened from a results file (no run needed). */
function incidentView() {
  const s = scenarioOf(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 12 } }));
  const store = createAppStore({ pool: new SimPool({ factory: inProcessWorkerFactory, size: 1 }), debounceMs: 60_000 });
  expect(store.getState().importScenarioText(JSON.stringify(buildResultsFile(s, summarize(runRange(s, 0, 12), s))), 'incident.results.json')).toBe(true);
  return store.getState().result!;
}

function open(summary: HTMLElement): HTMLElement {
  const details = summary.closest('details')!;
  details.open = true;
  fireEvent(details, new Event('toggle'));
  return details;
}

describe('chart data tables', () => {
  it('failures by cause: one row per cause, its total the summary\'s count', () => {
    const view = incidentView();
    render(<FailuresChart view={view} base={null} />);
    const summary = screen.getByText(/Show the data as a table/);
    expect(summary.textContent).toContain(`(${FAILURE_CAUSES.length} rows)`);
    // Nothing is built until the table is opened.
    expect(document.querySelector('table')).toBeNull();
    const table = within(open(summary)).getByRole('table');
    const rows = [...table.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent!));
    expect(rows).toHaveLength(FAILURE_CAUSES.length);
    // Rows follow FAILURE_CAUSES; the third cell is the total over the 12 waves.
    FAILURE_CAUSES.forEach((cause, i) => expect(Number(rows[i][2].replace(/,/g, '')), cause).toBe(view.summary.failures[cause]));
    expect(FAILURE_CAUSES.some((c) => view.summary.failures[c] > 0)).toBe(true);
  });

  it('Cloud SQL connections: every grid point of the time series, with its unit in the header', () => {
    const view = incidentView();
    render(<CloudSqlChart view={view} base={null} />);
    const table = within(open(screen.getByText(/Show the data as a table/))).getByRole('table');
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers.some((h) => /\(s\)/.test(h ?? ''))).toBe(true);
    const rows = table.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(view.summary.timeSeries.t.length);
    // Row k is grid point k: its time, then the mean connections there.
    const k = 60;
    const cells = [...rows[k].children].map((c) => c.textContent);
    expect(Number(cells[0])).toBe(view.summary.timeSeries.t[k]);
    expect(Number(cells[1]?.replace(/,/g, ''))).toBeCloseTo(view.summary.timeSeries.bands.cloudSqlConnections.mean[k], 1);
  });
});

describe('the Phase 3 histogram\'s count axis', () => {
  it('stops at 1.5× the next tallest bin, rounded up, when one bin towers over 4× it; else fits them all', () => {
    expect(histogramCap([10, 50, 10_279, 1400, 0])).toEqual({ cap: 2500, tallest: 10_279 }); // 1.5 × 1400 = 2100 → 2500
    expect(histogramCap([3, 40, 7])).toEqual({ cap: 20, tallest: 40 }); // 1.5 × 7 = 10.5 → 20
    expect(histogramCap([10, 39, 10])).toBeNull(); // not over 4×
    expect(histogramCap([0, 0, 500])).toBeNull(); // nothing else to show
  });
});

describe('the Markdown report without its charts', () => {
  it('has every section but no image, and fits a pull-request comment (65,536 characters)', () => {
    const s = scenarioOf(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 12 } }));
    const store = createAppStore({ pool: new SimPool({ factory: inProcessWorkerFactory, size: 1 }), debounceMs: 60_000 });
    store.getState().importScenarioText(JSON.stringify(buildResultsFile(s, summarize(runRange(s, 0, 12), s))), 'incident.results.json');
    // A chart figure on the page, as the report takes them: left out when text only. (jsdom has no canvas to measure
    // the legend's text with: the export falls back to an estimate.)
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    document.body.innerHTML = '<figure class="panel" data-chart="phase3-histogram"><div class="chart"><svg width="10" height="10"></svg></div></figure>';
    const text = buildReportMarkdown(store.getState(), 'http://localhost/', '2026-12-01T00:00:00Z', document, false)!;
    expect(text).toContain('## Headline results');
    expect(text).toContain('## Why starts fail');
    expect(text).not.toContain('](data:');
    expect(text.length).toBeLessThan(65_536);
    // With its charts, the same page gives the image the text-only report leaves out.
    expect(buildReportMarkdown(store.getState(), 'http://localhost/', '2026-12-01T00:00:00Z', document, true)).toContain('](data:');
  });
});
