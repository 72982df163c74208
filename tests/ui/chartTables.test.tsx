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
import { histogramCap, Phase3Histogram, withBaseline, type HistRow } from '../../src/components/results/Phase3Charts';
import type { ResultView } from '../../src/store/resultsSlice';
import { buildReportMarkdown } from '../../src/lib/report';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { SimPool } from '../../src/worker/pool';
import { merge, scenarioOf } from '../helpers/scenario';

afterEach(cleanup);

/** A finished view of 12 incident replications (edited by `change`), opened from a results file (no run needed). */
function incidentView(change: object = {}) {
  const s = scenarioOf(merge(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 12 } }), change));
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
    // Compared: two cut-off bins (the proposal's and the baseline's) tower; the cap comes from the other bins.
    expect(histogramCap([10, 40, 12, 7000, 0, 4600], [false, false, false, true, false, true])).toEqual({ cap: 100, tallest: 7000 });
  });
});

/** A histogram as aggregate.ts writes it: `bins` bins of init/60 s, the last holding the starts cut off at init. */
function histogram(init: number, counts: number[]) {
  const w = init / 60;
  const bins = counts.map((count, i) => ({ lo: i * w, hi: (i + 1) * w, count }));
  return { passed: bins, breached: bins.map((b) => ({ ...b, count: 0 })), overflow: 0 };
}
const viewOf = (init: number, counts: number[]) =>
  ({ scenario: { timeouts: { initialization: init } }, summary: { phase3: { histogram: histogram(init, counts) } } }) as unknown as ResultView;
const rowsOf = (init: number, counts: number[]): HistRow[] =>
  histogram(init, counts).passed.map((b, i) => ({ x: (b.lo + b.hi) / 2, lo: b.lo, hi: b.hi, passed: b.count, breached: 0, cutOff: i === counts.length - 1 }));

describe('the Phase 3 histogram with a baseline', () => {
  it('names the baseline\'s cut-off starts by their own count, not the count of the bin that holds them', () => {
    const base = incidentView();
    const view = incidentView({ timeouts: { initialization: 120 } });
    render(<Phase3Histogram view={view} base={base} />);
    const cut = base.summary.failures.init_timeout;
    expect(cut).toBeGreaterThan(0);
    // The proposal's 2 s bin [74, 76) holds the baseline's cut-off starts and its spread share of [73.75, 75).
    const h = view.summary.phase3.histogram;
    const rows = h.passed.map((b, i) => ({ x: 0, lo: b.lo, hi: b.hi, passed: b.count, breached: h.breached[i].count, cutOff: i === h.passed.length - 1 }));
    const bin = withBaseline(rows, base).find((d) => d.baseCutOff)!;
    expect(bin.baseCut).toBe(cut);
    const total = Math.round(bin.baseTotal!);
    const counted = total > cut ? `${total.toLocaleString('en-US')} starts, ${cut.toLocaleString('en-US')} of them cut off` : `${cut.toLocaleString('en-US')} starts`;
    expect(document.body.textContent!.replace(/\s+/g, ' ')).toContain(`the baseline’s starts cut off at its 75 s timeout (${counted})`);
  });

  // 61 bins: 60 of init/60 s, then the cut-off bin [init, init·61/60).
  const counts = (cut: number) => [...Array(60).fill(1), cut];

  it('puts the baseline\'s cut-off starts whole at its own timeout, never spread past it', () => {
    // Proposal 120 s (bins of 2 s), baseline 75 s (bins of 1.25 s) with 900 starts cut off at 75 s.
    const out = withBaseline(rowsOf(120, counts(10)), viewOf(75, counts(900)));
    const at75 = out.findIndex((d) => d.lo <= 75 && 75 < d.hi);
    expect(out[at75]).toMatchObject({ lo: 74, hi: 76, baseCutOff: true, baseCut: 900 });
    expect(out[at75].baseTotal).toBeCloseTo(900 + 1 * (1 / 1.25), 6); // + the part of [73.75, 75) inside [74, 76)
    // Nothing of the baseline past its timeout's bin.
    expect(out.slice(at75 + 1).every((d) => d.baseTotal === 0)).toBe(true);
    // Every baseline start is counted once.
    expect(out.reduce((s, d) => s + d.baseTotal!, 0)).toBeCloseTo(60 + 900, 6);
  });

  it('adds bins up to the baseline\'s later timeout, and only its cut-off bin is marked, not every bin past the proposal\'s', () => {
    // Proposal 45 s (bins of 0.75 s), baseline 75 s.
    const out = withBaseline(rowsOf(45, counts(10)), viewOf(75, counts(900)));
    expect(out.filter((d) => d.cutOff)).toHaveLength(1);
    expect(out.filter((d) => d.baseCutOff)).toHaveLength(1);
    const spike = out.find((d) => d.baseCutOff)!;
    expect(spike.lo <= 75 && 75 < spike.hi).toBe(true);
    expect(spike.baseTotal).toBeGreaterThanOrEqual(900);
    expect(out.at(-1)!.hi).toBeGreaterThan(75);
  });

  it('merges bins rather than dropping the baseline when it reaches far (20 s against 180 s), and marks no spike that is not there', () => {
    const far = withBaseline(rowsOf(20, counts(10)), viewOf(180, counts(900)));
    expect(far.length).toBeLessThanOrEqual(400);
    expect(far.reduce((s, d) => s + d.baseTotal!, 0)).toBeCloseTo(60 + 900, 6);
    expect(far.reduce((s, d) => s + d.passed, 0)).toBe(60 + 10);
    const spike = far.find((d) => d.baseCutOff)!;
    expect(spike.lo <= 180 && 180 < spike.hi).toBe(true);
    expect(far.filter((d) => d.cutOff)).toHaveLength(1);
    // A baseline whose timeout cut nothing off has no spike to mark.
    expect(withBaseline(rowsOf(120, counts(10)), viewOf(75, counts(0))).some((d) => d.baseCutOff)).toBe(false);
  });

  it('with the same timeout, both cut-off counts share the proposal\'s cut-off bin', () => {
    const out = withBaseline(rowsOf(75, counts(10)), viewOf(75, counts(900)));
    expect(out).toHaveLength(61);
    expect(out[60]).toMatchObject({ cutOff: true, baseCutOff: true, passed: 10, baseTotal: 900 });
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
