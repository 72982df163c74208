import { useRef, type KeyboardEvent } from 'react';
import { useApp } from '../../store/appStore';
import type { ExploreTab } from '../../store/exploreSlice';
import { ResultsPanel } from '../results/ResultsPanel';
import { ExplorePanel } from './ExplorePanel';

const TABS: ReadonlyArray<{ id: ExploreTab; label: string }> = [
  { id: 'results', label: 'Results' },
  { id: 'explore', label: 'Explore' },
];

/**
 * "Results | Explore" tabs over the main column (WAI-ARIA tabs: arrow keys, Home and End move between them).
 * Only the open tab is mounted: charts never render at zero size, and each view keeps its state in the store.
 */
export function ResultsTabs() {
  const tab = useApp((s) => s.exploreTab);
  const setTab = useApp((s) => s.setExploreTab);
  const running = useApp((s) => s.exploration?.status === 'running');
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next].id);
    refs.current[next]?.focus();
  };
  return (
    <div className="x-main">
      <div className="x-tabs no-print" role="tablist" aria-label="Views" onKeyDown={onKey}>
        {TABS.map((t, k) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[k] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            // Only the open tab's panel is mounted: an id that points at nothing would be an error.
            aria-controls={tab === t.id ? `tabpanel-${t.id}` : undefined}
            tabIndex={tab === t.id ? 0 : -1}
            className={`x-tab ${tab === t.id ? 'is-on' : ''}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
            {t.id === 'explore' && running && tab !== 'explore' && <span className="x-tab-busy"> (running)</span>}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} className="x-tabpanel">
        {tab === 'explore' ? <ExplorePanel /> : <ResultsPanel />}
      </div>
    </div>
  );
}
