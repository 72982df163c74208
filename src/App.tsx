import { useEffect, useRef } from 'react';
import { ControlsPanel } from './components/controls/ControlsPanel';
import { ResultsTabs } from './components/explore/ResultsTabs';
import { ReportView } from './components/report/ReportView';
import { RunAnnouncement } from './components/results/RunBar';
import { appStore, useApp } from './store/appStore';
import { scenarioTitle } from '../sim-core/scenario/presets';

export function App() {
  const view = useApp((s) => s.view);
  const Title = view === 'report' ? 'p' : 'h1';
  useEffect(() => {
    // First run of the scenario (preset, restored or linked) as soon as the page is up; nobody pressed Run, so a long
    // one (a colleague's link of 200,000 replications) waits for it.
    void appStore.getState().runNow({ auto: true });
  }, []);
  // Swapping the page between the dashboard and the print view would drop focus to the top: put it on the control
  // that leads back (the report's "Back" button, or the dashboard's "Print view" button).
  // The tab (and a saved bookmark or printed PDF) names the scenario it shows.
  const title = useApp((s) => scenarioTitle(s.lastGood, 'Unnamed scenario'));
  useEffect(() => {
    document.title = `${title} — bootstorm`;
  }, [title]);
  const shown = useRef(view);
  useEffect(() => {
    if (shown.current === view) return;
    shown.current = view;
    document.querySelector<HTMLElement>(view === 'report' ? '[data-report-back]' : '[data-print-view]')?.focus();
  }, [view]);
  return (
    <div className={`app view-${view}`}>
      {/* Outside the tabs and views: a run is announced whichever tab or view is open, and only here. */}
      <RunAnnouncement />
      {view !== 'report' && (
        <a
          className="skip-link no-print"
          href="#results-main"
          onClick={(e) => {
            // Focus the results without touching the fragment (it holds the scenario).
            e.preventDefault();
            const el = document.querySelector<HTMLElement>('.x-tabs [aria-selected="true"]');
            el?.focus();
          }}
        >
          Skip the settings: go to the results
        </a>
      )}
      <header className="topbar no-print">
        <div>
          {/* The page's one h1: in the print view the report's own title is. */}
          <Title className="topbar-title">
            bootstorm <span className="tagline">What fraction of container starts breach Phase 3 — and what change fixes it?</span>
          </Title>
        </div>
        <p className="topbar-note">
          Simulated Cloud Run starts against a Serverless VPC Access connector and Cloud SQL. Times are simulated time; every setting shows its unit and where its
          default comes from.
        </p>
      </header>
      {view === 'report' ? (
        <ReportView />
      ) : (
        <div className="layout">
          <aside className="sidebar">
            <ControlsPanel />
          </aside>
          <ResultsTabs />
        </div>
      )}
    </div>
  );
}
