import { useMemo } from 'react';
import { useApp } from '../../store/appStore';
import { Staggered, useThrottled } from './Staggered';
import { selectResult, selectStale } from '../../store/selectors';
import { fmtInt, fmtCount } from '../../lib/format';
import { partialReasons } from '../../store/resultsSlice';
import { heldAtInvalid, waitingValuesText } from '../../store/scenarioSlice';
import { ErrorBanner, RunBar } from './RunBar';
import { HeadlineCards } from './HeadlineCards';
import { Phase3Ecdf, Phase3Histogram } from './Phase3Charts';
import { CloudSqlChart, ConnectorChart, ConnectorInstancesChart, PoolWaitersChart, StatesChart } from './TimeSeriesCharts';
import { FailuresChart } from './FailuresChart';
import { Swimlane } from './Swimlane';
import { AlertsPanel } from './AlertsPanel';
import { ReviewToolbar } from '../review/ReviewToolbar';
import { Notices } from '../review/Notices';
import { ComparisonPanel } from '../review/ComparisonPanel';

/** What the results area says before there are any results, by run status: nothing claims a run that is not under way. */
const EMPTY_TEXT: Partial<Record<string, string>> = {
  running: 'Simulating the scenario… results appear here as the first replications finish.',
  invalid: 'Nothing to show yet: fix the invalid settings (listed beside them) and the scenario runs.',
  refused: 'Nothing was run: the work is over the limit (see the message above). Lower what it names and the scenario runs.',
  confirm: 'Nothing has run yet: this run would take a long time (see the message above). Press Run to start it, or lower Replications.',
  error: 'The run failed before any replication finished (see the message above).',
  cancelled: 'The run was cancelled before any replication finished: press Run again.',
};

export function ResultsPanel() {
  const view = useApp(selectResult);
  const comparison = useApp((s) => s.comparison);
  const pinned = useApp((s) => !!s.baseline);
  const stale = useApp(selectStale);
  const status = useApp((s) => s.status);
  const validation = useApp((s) => s.validation);
  // The run waits for valid settings, or runs the last valid ones meanwhile (a reload or a link opened for repair).
  const invalid = !validation.ok;
  // What the results shown hold where the draft is invalid: a value typed on the way there may have run.
  const held = invalid && view ? heldAtInvalid(view.scenario, validation) : '';
  const draft = useApp((s) => s.draft);
  const waiting = invalid && view ? waitingValuesText(view.scenario, draft, validation) : '';
  const lastValid = `the last valid settings${held || waiting ? ` (${[held, waiting && `without ${waiting}`].filter(Boolean).join('; ')})` : ''}`;
  const refused = status === 'refused';
  // Read from the results shown, not the run status: after Run again, a cancelled run's numbers stay until the new ones come.
  const cancelled = !!view?.cancelled;
  const base = comparison?.baseline ?? null;
  // One value per update for the staggered charts (their identity changes only when the results do). While a
  // run streams, the charts redraw about once a second (the numbers above them at every update).
  const latest = useMemo(() => (view ? { view, base } : null), [view, base]);
  // Final numbers (a finished or cancelled run, a file) reach the charts at once, not at the next throttle tick.
  const throttled = useThrottled(latest, 1000, !view || view.complete || !!view.file || !!view.cancelled);
  const pair = throttled ?? latest;
  const partial = view ? [...partialReasons(view), ...(base ? partialReasons(base).map((t) => `Baseline: ${t}`) : [])] : [];
  return (
    <main className="results" aria-label="Results">
      <ReviewToolbar />
      <RunBar />
      <ErrorBanner />
      <Notices />
      {!view ? (
        <div className="empty" data-empty-status={status}>
          <p>{EMPTY_TEXT[status] ?? EMPTY_TEXT.running}</p>
        </div>
      ) : (
        <div className={`results-body ${stale ? 'is-stale' : ''}`} aria-busy={stale || !view.complete}>
          {!view.complete && !stale && <p className="partial-note">Partial: {fmtInt(view.replications)} of {fmtCount(view.scenario.simulation.replications, 'replication')}{cancelled ? ', the run was cancelled.' : ' so far; the charts redraw about once a second, so they may trail these numbers.'}</p>}
          {stale && (
            <p className="partial-note stale-note">
              {invalid
                ? view.complete
                  ? `These results are for ${lastValid}: fix the invalid settings to run again.`
                  : status === 'running'
                    ? `These results are for ${lastValid}: ${fmtInt(view.replications)} of ${fmtCount(view.scenario.simulation.replications, 'replication')} so far. Fix the invalid settings to run yours.`
                    : `These results are for ${lastValid} and partial: ${fmtInt(view.replications)} of ${fmtCount(view.scenario.simulation.replications, 'replication')}, as far as that run got before a setting became invalid. Fix the invalid settings to run again.`
                : refused
                  ? 'These results are for earlier settings: the current ones were not run (too much work, see above).'
                  : status === 'confirm'
                    ? 'These results are for earlier settings: the current ones wait for Run (a long run, see above).'
                    : status === 'cancelled'
                      ? 'These results are for the previous settings: the run of the current ones was cancelled before its first results. Press Run again to run them.'
                      : 'These results are for the previous settings; new ones are on the way.'}
            </p>
          )}
          {pinned && !comparison && (
            <p className="partial-note">
              {view.file ? 'Baseline pinned: these results come from a file, so there is no comparison until the scenario runs here (edit a setting or press Run again).' : 'Baseline pinned: the paired comparison is on its way.'}
            </p>
          )}
          {partial.length > 0 && (
            <div className="notice notice-error partial-banner" role="status" data-partial>
              <div className="notice-body">
                <strong className="notice-title">Partial results: the numbers below do not cover the whole run</strong>
                <ul>
                  {partial.map((t) => (
                    <li key={t}>{t}</li>
                  ))}
                </ul>
              </div>
            </div>
          )}
          {/* The cards are the first thing under the results: a heading to land on (the eye needs none). */}
          <h2 className="sr-only">Headline numbers</h2>
          {/* A cancelled run's numbers stay, from the replications it finished: marked, as a partial merge's are. */}
          <HeadlineCards view={view} comparison={comparison} partial={partial.length > 0 || cancelled} />
          {comparison && <ComparisonPanel comparison={comparison} view={view} />}
          <h2 className="section-h">Phase 3</h2>
          <div className="grid2">
            <Staggered value={pair!} render={(p) => <Phase3Histogram view={p.view} base={p.base} />} minHeight={340} />
            <Staggered value={pair!} render={(p) => <Phase3Ecdf view={p.view} base={p.base} />} minHeight={340} />
          </div>
          <h2 className="section-h">Over time</h2>
          <div className="grid2 grid-wide4">
            <Staggered value={pair!} render={(p) => <CloudSqlChart view={p.view} base={p.base} />} minHeight={320} />
            <Staggered value={pair!} render={(p) => <ConnectorChart view={p.view} base={p.base} />} minHeight={320} />
            <Staggered value={pair!} render={(p) => <ConnectorInstancesChart view={p.view} base={p.base} />} minHeight={320} />
            <Staggered value={pair!} render={(p) => <PoolWaitersChart view={p.view} base={p.base} />} minHeight={320} />
            <Staggered value={pair!} render={(p) => <StatesChart view={p.view} base={p.base} />} minHeight={320} wide />
          </div>
          <h2 className="section-h">Failures and alerts</h2>
          <div className="grid2">
            <Staggered value={pair!} render={(p) => <FailuresChart view={p.view} base={p.base} />} minHeight={300} />
            <Staggered value={pair!} render={(p) => <AlertsPanel view={p.view} />} minHeight={300} />
          </div>
          <h2 className="section-h">One wave{comparison ? ' (the proposal)' : ''}</h2>
          <Staggered value={pair!} render={(p) => <Swimlane view={p.view} />} minHeight={400} wide />
        </div>
      )}
    </main>
  );
}
