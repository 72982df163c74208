import { Fragment } from 'react';
import { NO_WARNINGS, headlineRows, reviewWarnings } from '../../../sim-core/report/markdown';
import { scenarioRows, sourceText } from '../../../sim-core/report/describe';
import { FAILURE_CAUSES } from '../../../sim-core/model/outcomes';
import { FIELDS } from '../../../sim-core/scenario/catalogue';
import { useApp } from '../../store/appStore';
import { partialReasons, type ComparisonView, type ResultView } from '../../store/resultsSlice';
import { reportLink, reportTitle } from '../../lib/report';
import { CAUSE_LABEL } from '../../lib/palette';
import { fmtInt, fmtPct, fmtCount } from '../../lib/format';
import { ProvenanceTag } from '../controls/common';
import { Phase3Histogram } from '../results/Phase3Charts';
import { CloudSqlChart, ConnectorChart, StatesChart } from '../results/TimeSeriesCharts';
import { FailuresChart } from '../results/FailuresChart';
import { BaselineChanges, ComparisonTable } from '../review/ComparisonPanel';
import { Notices } from '../review/Notices';
import { MarkdownReportButton } from '../review/ExportMenu';

function Headline({ view }: { view: ResultView }) {
  return (
    <table className="report-table" data-testid="report-headline">
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Value</th>
          <th scope="col">95% interval / detail</th>
        </tr>
      </thead>
      <tbody>
        {headlineRows(view.summary, view.scenario.restart).map(([m, v, d]) => (
          <tr key={m}>
            <th scope="row">{m}</th>
            <td>{v}</td>
            <td>{d}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Causes({ view }: { view: ResultView }) {
  const r = view.summary;
  const rows = FAILURE_CAUSES.filter((f) => r.failures[f] > 0);
  if (rows.length === 0) return <p>No start breached Phase 3.</p>;
  return (
    <table className="report-table">
      <thead>
        <tr>
          <th scope="col">Cause</th>
          <th scope="col">Starts</th>
          <th scope="col">Share of breaches</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => (
          <tr key={f}>
            <th scope="row">{CAUSE_LABEL[f] ?? f}</th>
            <td>{fmtInt(r.failures[f])}</td>
            <td>{fmtPct(r.failures[f] / Math.max(1, r.phase3.breaches))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ScenarioTable({ view }: { view: ResultView }) {
  const rows = scenarioRows(view.scenario);
  return (
    <table className="report-table scenario-table" data-testid="report-scenario">
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Setting</th>
          <th scope="col">Value</th>
          <th scope="col">Unit</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.group}</td>
            <th scope="row">{r.label}</th>
            <td>{r.value}</td>
            <td>{r.unit}</td>
            <td>
              {r.changed ? (
                // The default's source does not describe a value this scenario sets; the default is shown (and printed).
                <>
                  <span className="prov prov-set">this scenario</span>{' '}
                  <span className="muted">
                    default {r.byDefault} ({r.defaultSource})
                  </span>
                </>
              ) : FIELDS.get(r.key) ? (
                <ProvenanceTag provenance={FIELDS.get(r.key)!.meta.provenance} />
              ) : (
                sourceText(r)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Comparison({ comparison, view }: { comparison: ComparisonView; view: ResultView }) {
  return (
    <section className="report-section">
      <h2>Against the baseline: {comparison.baselineTitle}</h2>
      <p>Paired replications with common random numbers: each difference is proposal − baseline with its 95% interval.</p>
      <BaselineChanges comparison={comparison} view={view} />
      <ComparisonTable comparison={comparison} />
    </section>
  );
}

/** The capacity-review page: what the Markdown report says, laid out to print (browser print → PDF). */
export function ReportView() {
  const view = useApp((s) => s.result);
  const comparison = useApp((s) => s.comparison);
  const title = useApp(reportTitle);
  const link = useApp((s) => reportLink(s, window.location.href));
  const setView = useApp((s) => s.setView);
  const base = comparison?.baseline ?? null;
  const generated = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return (
    <main className="report" aria-label="Capacity review report" data-testid="report-view">
      <div className="report-toolbar no-print">
        <button type="button" onClick={() => setView('dashboard')} data-report-back>
          ← Back to the dashboard
        </button>
        <button type="button" onClick={() => window.print()} disabled={!view}>
          Print / save as PDF
        </button>
        <MarkdownReportButton />
        <span className="muted">The layout below is what prints.</span>
      </div>
      <div className="no-print">
        <Notices />
      </div>
      <h1>Capacity review: {title}</h1>
      {!view ? (
        <p>Computing the results…</p>
      ) : (
        <>
          <p className="report-meta">
            bootstorm {view.summary.bootstorm}, {generated} UTC. {fmtCount(view.summary.replications, 'replication')}
            {view.complete ? '' : ` (partial: of ${fmtInt(view.scenario.simulation.replications)})`}, seed {view.summary.seed}, horizon {view.summary.horizon} s,{' '}
            {view.scenario.wave.containers} containers starting.{view.file ? ` Results opened from ${view.file.name} (not run on this page).` : ''}
          </p>
          {partialReasons(view).length > 0 && (
            <div className="notice notice-error" role="status" data-partial>
              <div className="notice-body">
                <strong className="notice-title">Partial results: the numbers below do not cover the whole run</strong>
                <ul>
                  {partialReasons(view).map((t) => (
                    <li key={t}>{t}</li>
                  ))}
                </ul>
              </div>
            </div>
          )}
          <p className="report-link">
            Scenario link (reproduces these numbers):{' '}
            <a href={link} data-testid="report-link">
              {link}
            </a>
          </p>
          <section className="report-section">
            <h2>Headline results</h2>
            <Headline view={view} />
          </section>
          {comparison && <Comparison comparison={comparison} view={view} />}
          <section className="report-section">
            <h2>Warnings</h2>
            {reviewWarnings(view.scenario, comparison ? { title: comparison.baselineTitle, scenario: comparison.baseline.scenario } : undefined).map((part) => (
              <Fragment key={part.heading ?? 'scenario'}>
                {part.heading && <h3>{part.heading}</h3>}
                {part.messages.length ? (
                  <ul>
                    {part.messages.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                ) : (
                  <p>{NO_WARNINGS}</p>
                )}
              </Fragment>
            ))}
          </section>
          <section className="report-section">
            <h2>Why starts fail</h2>
            <Causes view={view} />
          </section>
          <section className="report-section report-charts">
            <h2>Charts</h2>
            <Phase3Histogram view={view} base={base} />
            <CloudSqlChart view={view} base={base} />
            <ConnectorChart view={view} base={base} />
            <StatesChart view={view} base={base} />
            <FailuresChart view={view} base={base} />
          </section>
          <section className="report-section">
            <h2>Scenario</h2>
            <p>Every value with its unit and source: “assumed” values are calibration knobs with no published source.</p>
            <ScenarioTable view={view} />
          </section>
        </>
      )}
    </main>
  );
}
