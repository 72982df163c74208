import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store/appStore';
import { selectResult, selectStale } from '../../store/selectors';
import type { AppState } from '../../store/types';
import { fmtCount, fmtInt, fmtPct } from '../../lib/format';
import { jumpToResults } from '../../lib/jump';

const selectStatus = (s: AppState) => ({ status: s.status, done: s.done, total: s.total, invalid: s.validation.ok ? 0 : new Set(s.validation.issues.map((i) => i.path)).size });

/** What the run is doing, in the few words a strip at the bottom of a phone has room for. */
function statusWords(status: string, done: number, total: number, invalid: number): string {
  switch (status) {
    case 'scheduled':
      return 'Starting a new run…';
    case 'running':
      return `Running: ${fmtInt(done)} / ${fmtCount(total, 'replication')}`;
    case 'done':
      return 'Done';
    case 'cancelled':
      return 'Cancelled';
    case 'invalid':
      return `${fmtCount(invalid, 'invalid setting')}: the run waits`;
    case 'refused':
      return 'Not run: too much work';
    case 'confirm':
      return 'A long run: it waits for Run';
    case 'error':
      return 'Failed';
    default:
      return 'Ready';
  }
}

/**
 * On a narrow screen the settings sit below every chart, so an edit deep in them would show no sign of its effect.
 * This strip sticks to the bottom of the screen while the settings are in view (it is the form's last child, so
 * it scrolls away with them) and says what the run is doing and the breach rate it reached, with a way back up.
 * Hidden on a wide screen, where the run bar and the cards stand beside the settings. Not a live region: the page
 * already announces a run's start and end once (RunAnnouncement).
 */
export function SettingsStatus() {
  const { status, done, total, invalid } = useApp(useShallow(selectStatus));
  const view = useApp(selectResult);
  const stale = useApp(selectStale);
  // The way back up leads to the tab shown above (Explore keeps its place); the status is the scenario's run either way.
  const tab = useApp((s) => s.exploreTab);
  const p3 = view?.summary.phase3 ?? null;
  const rate =
    p3 === null ? null : p3.starts === 0 ? 'no Phase 3 verdict yet' : `${fmtPct(p3.breachRate)} (95% CI ${fmtPct(p3.breachCi95[0])}–${fmtPct(p3.breachCi95[1])})`;
  // A number from the previous settings, or from the replications done so far, says so.
  const whose = stale ? ' (previous settings)' : view?.cancelled ? ' (partial: the run was cancelled)' : view && !view.complete ? ' (so far)' : '';
  return (
    <div className={`settings-status only-narrow status-${status}`} data-settings-status={status}>
      <div className="settings-status-text">
        <strong>{statusWords(status, done, total, invalid)}</strong>
        {rate !== null && (
          <span>
            {tab === 'explore' ? "The scenario's Phase 3" : 'Phase 3'} breach rate{whose}: <b>{rate}</b>
          </span>
        )}
      </div>
      <button type="button" onClick={jumpToResults}>
        {tab === 'explore' ? 'Explore ↑' : 'Results ↑'}
      </button>
    </div>
  );
}
