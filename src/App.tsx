import { useEffect } from 'react';
import { ControlsPanel } from './components/controls/ControlsPanel';
import { ResultsPanel } from './components/results/ResultsPanel';
import { appStore } from './store/appStore';

export function App() {
  useEffect(() => {
    // First run of the preset as soon as the page is up.
    void appStore.getState().runNow();
  }, []);
  return (
    <div className="app">
      <header className="topbar">
        <div>
          <h1>
            bootstorm <span className="tagline">What fraction of container starts breach Phase 3 — and what change fixes it?</span>
          </h1>
        </div>
        <p className="topbar-note">
          Simulated Cloud Run starts against a Serverless VPC Access connector and Cloud SQL. Times in seconds of model time; every setting shows where its default comes
          from.
        </p>
      </header>
      <div className="layout">
        <aside className="sidebar">
          <ControlsPanel />
        </aside>
        <ResultsPanel />
      </div>
    </div>
  );
}
