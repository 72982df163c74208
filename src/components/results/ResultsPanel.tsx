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

export function ResultsPanel() {
  const view = useApp(selectResult);
  const stale = useApp(selectStale);
  const invalid = useApp((s) => s.status === 'invalid');
  return (
    <main className="results" aria-label="Results">
      <RunBar />
      <ErrorBanner />
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
          <HeadlineCards view={view} />
          <h2 className="section-h">Phase 3</h2>
          <div className="grid2">
            <Phase3Histogram view={view} />
            <Phase3Ecdf view={view} />
          </div>
          <h2 className="section-h">Over time</h2>
          <div className="grid2 grid-wide4">
            <CloudSqlChart view={view} />
            <ConnectorChart view={view} />
            <ConnectorInstancesChart view={view} />
            <PoolWaitersChart view={view} />
            <StatesChart view={view} />
          </div>
          <h2 className="section-h">Failures and alerts</h2>
          <div className="grid2">
            <FailuresChart view={view} />
            <AlertsPanel view={view} />
          </div>
          <h2 className="section-h">One wave</h2>
          <Swimlane view={view} />
        </div>
      )}
    </main>
  );
}
