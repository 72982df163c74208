import { useApp } from '../../store/appStore';
import { selectResult, selectStale } from '../../store/selectors';
import { fmtInt } from '../../lib/format';
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

export function ResultsPanel() {
  const view = useApp(selectResult);
  const comparison = useApp((s) => s.comparison);
  const pinned = useApp((s) => !!s.baseline);
  const stale = useApp(selectStale);
  const invalid = useApp((s) => s.status === 'invalid');
  const base = comparison?.baseline ?? null;
  return (
    <main className="results" aria-label="Results">
      <ReviewToolbar />
      <RunBar />
      <ErrorBanner />
      <Notices />
      {!view ? (
        <div className="empty">
          <p>Simulating the preset… results appear here as the first replications finish.</p>
        </div>
      ) : (
        <div className={`results-body ${stale ? 'is-stale' : ''}`} aria-busy={stale || !view.complete}>
          {!view.complete && !stale && <p className="partial-note">Partial: {fmtInt(view.replications)} of {fmtInt(view.scenario.simulation.replications)} replications so far.</p>}
          {stale && (
            <p className="partial-note">
              {invalid ? 'These results are for the last valid settings: fix the invalid settings to run again.' : 'These results are for the previous settings; new ones are on the way.'}
            </p>
          )}
          {pinned && !comparison && <p className="partial-note">Baseline pinned: the paired comparison is on its way.</p>}
          <HeadlineCards view={view} comparison={comparison} />
          {comparison && <ComparisonPanel comparison={comparison} view={view} />}
          <h2 className="section-h">Phase 3</h2>
          <div className="grid2">
            <Phase3Histogram view={view} base={base} />
            <Phase3Ecdf view={view} base={base} />
          </div>
          <h2 className="section-h">Over time</h2>
          <div className="grid2 grid-wide4">
            <CloudSqlChart view={view} base={base} />
            <ConnectorChart view={view} base={base} />
            <ConnectorInstancesChart view={view} base={base} />
            <PoolWaitersChart view={view} base={base} />
            <StatesChart view={view} base={base} />
          </div>
          <h2 className="section-h">Failures and alerts</h2>
          <div className="grid2">
            <FailuresChart view={view} base={base} />
            <AlertsPanel view={view} />
          </div>
          <h2 className="section-h">One wave{comparison ? ' (the proposal)' : ''}</h2>
          <Swimlane view={view} />
        </div>
      )}
    </main>
  );
}
