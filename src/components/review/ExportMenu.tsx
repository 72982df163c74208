import { useEffect, useRef, useState } from 'react';
import { appStore, useApp } from '../../store/appStore';
import { goodScenario } from '../../store/scenarioSlice';
import { downloadFile, slug } from '../../lib/download';
import { comparisonJson, recordsCsv, resultsFileJson, resultsJson, scenarioJson, timeSeriesCsv } from '../../lib/exportData';
import { buildReportMarkdown, reportTitle } from '../../lib/report';
import { missingFrom } from '../../store/resultsSlice';
import { labelInSentence } from '../../../sim-core/report/count';
import { useChartsCatchingUp } from '../results/Staggered';

const JSON_TYPE = 'application/json';
const CSV_TYPE = 'text/csv';

/** Why results cannot be exported right now, or null. */
function useBlocked(): string | null {
  // A cancelled run's results export as what they are: partial, saying which replications they lack.
  return useApp((s) => (!s.result ? 'No results yet' : s.stale ? 'The results are for previous settings: wait for the new run' : !s.result.complete && !s.result.cancelled ? 'The run is not complete' : null));
}

function closeMenu(el: HTMLDetailsElement | null) {
  if (el) el.open = false;
}

/** Results as JSON (the CLI's), a results file, the scenario, CSVs, and the comparison when a baseline is pinned. */
export function ExportMenu() {
  const menu = useRef<HTMLDetailsElement>(null);
  // A press anywhere outside the open menu closes it, as a native menu would.
  useEffect(() => {
    const outside = (e: PointerEvent) => {
      const m = menu.current;
      if (m?.open && e.target instanceof Node && !m.contains(e.target)) closeMenu(m);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, []);
  const blocked = useBlocked();
  const paired = useApp((s) => !!s.comparison);
  const name = () => `bootstorm-${slug(reportTitle(appStore.getState()))}`;
  const run = (make: () => { file: string; text: string; type: string } | null) => () => {
    const out = make();
    closeMenu(menu.current);
    if (out) downloadFile(out.file, out.text, out.type);
  };
  const result = () => appStore.getState().result;
  return (
    <details
      className="menu"
      ref={menu}
      onKeyDown={(e) => {
        // Escape closes the open menu, as it would a native one, and leaves focus on its button.
        if (e.key !== 'Escape' || !menu.current?.open) return;
        closeMenu(menu.current);
        menu.current.querySelector('summary')?.focus();
      }}
      onBlur={(e) => {
        // Focus moved on to something past the menu (Tab): close it rather than leave it open over the cards. (No
        // next element, as when a click lands on something that takes no focus, is the pointer listener's to judge.)
        const next = e.relatedTarget;
        if (next instanceof Node && !e.currentTarget.contains(next)) closeMenu(menu.current);
      }}
    >
      <summary>Export</summary>
      <div className="menu-body" role="group" aria-label="Export">
        {/* Disabled buttons take no focus, so their title is out of a keyboard's reach: the reason, said once. */}
        {blocked && <p className="menu-note">Exports of results wait ({labelInSentence(blocked)}); the scenario&apos;s export does not.</p>}
        <button type="button" disabled={!!blocked} title={blocked ?? 'Identical to `npm run -s sim -- <scenario> --json`'} onClick={run(() => { const r = result(); return r && { file: `${name()}.summary.json`, text: resultsJson(r.summary, missingFrom(r)), type: JSON_TYPE }; })}>
          Results JSON <span className="muted">(as the CLI's --json)</span>
        </button>
        <button type="button" disabled={!!blocked} title={blocked ?? 'bootstorm-results/1: the scenario with its results'} onClick={run(() => { const r = result(); return r && { file: `${name()}.results.json`, text: resultsFileJson(r.scenario, r.summary, missingFrom(r)), type: JSON_TYPE }; })}>
          Results file <span className="muted">(scenario + results)</span>
        </button>
        <button type="button" onClick={run(() => ({ file: `${name()}.scenario.json`, text: scenarioJson(goodScenario(appStore.getState())), type: JSON_TYPE }))}>
          Scenario JSON
        </button>
        <button type="button" disabled={!!blocked} title={blocked ?? undefined} onClick={run(() => { const r = result(); return r && { file: `${name()}-timeseries.csv`, text: timeSeriesCsv(r.summary), type: CSV_TYPE }; })}>
          Time series CSV
        </button>
        <button type="button" disabled={!!blocked} title={blocked ?? undefined} onClick={run(() => { const r = result(); return r && { file: `${name()}-starts.csv`, text: recordsCsv(r.summary), type: CSV_TYPE }; })}>
          Start records CSV <span className="muted">(replication shown in detail)</span>
        </button>
        {paired && (
          <button type="button" disabled={!!blocked} title={blocked ?? undefined} onClick={run(() => { const c = appStore.getState().comparison; return c && { file: `${name()}-comparison.json`, text: comparisonJson(c.result, missingFrom(c.baseline)), type: JSON_TYPE }; })}>
            Comparison JSON
          </button>
        )}
      </div>
    </details>
  );
}

/** A button that downloads the capacity-review Markdown of the results shown (charts taken from the page). */
export function MarkdownReportButton() {
  const blocked = useBlocked();
  // The report embeds the charts as drawn: not while they still show an earlier value than the numbers.
  const drawing = useChartsCatchingUp();
  const chartsBlocked = blocked ?? (drawing ? 'The charts are still taking the final results: a moment' : null);
  const [error, setError] = useState<string | null>(null);
  const markdown = (withCharts: boolean) => () => {
    const s = appStore.getState();
    try {
      const md = buildReportMarkdown(s, window.location.href, new Date().toISOString().replace(/\.\d+Z$/, 'Z'), document, withCharts);
      if (md) downloadFile(`bootstorm-${slug(reportTitle(s))}-review${withCharts ? '' : '-text'}.md`, md, 'text/markdown');
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <button type="button" disabled={!!chartsBlocked} title={chartsBlocked ?? 'Capacity-review Markdown with the share link, the comparison and the charts'} onClick={markdown(true)}>
        Markdown report
      </button>
      <button
        type="button"
        className="mini-btn"
        disabled={!!blocked}
        // The charts are SVG data: images of ~200 KB; GitHub drops those and takes 65,536 characters in a comment.
        title={blocked ?? 'The same report without the charts: short enough to paste into a pull request or an issue'}
        onClick={markdown(false)}
        aria-label="Text-only report (Markdown, no charts)"
      >
        text only
      </button>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </>
  );
}

/** The capacity-review report: Markdown download, or the print view (browser print → PDF). */
export function ReportButtons() {
  const blocked = useBlocked();
  const setView = useApp((s) => s.setView);
  return (
    <div className="report-buttons">
      <MarkdownReportButton />
      <button type="button" disabled={!!blocked} title={blocked ?? 'A print layout: print it or save it as PDF'} onClick={() => setView('report')} data-print-view>
        Print view
      </button>
    </div>
  );
}
