import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store/appStore';
import { selectError, selectRunProgress, selectStale } from '../../store/selectors';
import type { AppState } from '../../store/types';
import { fmtElapsed, fmtInt, fmtPct, fmtSeconds, fmtCount } from '../../lib/format';
import { CopyBox } from '../review/CopyBox';
import { useTicker } from '../../lib/useTicker';
import { jumpToSettings } from '../../lib/jump';
import { useChartsCatchingUp } from './Staggered';
import { focusFirst, RUN_ACTION, SELECTED_TAB } from '../common/focus';

const STATUS_TEXT: Record<string, string> = {
  idle: 'Ready',
  scheduled: 'Settings changed — starting a new run…',
  running: 'Running',
  done: 'Done',
  cancelled: 'Cancelled — results shown are partial',
  invalid: 'Waiting for valid settings — results shown are for the last valid scenario',
  error: 'Failed',
  refused: 'Not run — too much work (see the message below)',
  confirm: 'Not started — a long run waits for Run (see the message below)',
};

/**
 * What a screen reader hears: one line when the run starts and one when it ends (with the headline number), never
 * the counter ticking five times a second that the eye reads in the bar.
 */
function useAnnouncement(status: string, total: number, elapsed: number, detailOnly: number | null, fromFile: string | null): string {
  const p3 = useApp((s) => (s.result ? s.result.summary.phase3 : null));
  if (detailOnly !== null) return status === 'running' || status === 'scheduled' ? `Running replication ${detailOnly} for the detail…` : status === 'done' ? `Replication ${detailOnly} shown in detail.` : (STATUS_TEXT[status] ?? '');
  if (status === 'running') return `Running ${fmtCount(total, 'replication')}…`;
  if (status !== 'done') return STATUS_TEXT[status] ?? '';
  const breach = !p3 || p3.starts === 0 ? 'no start reached a Phase 3 verdict' : `Phase 3 breach rate ${fmtPct(p3.breachRate)} (95% CI ${fmtPct(p3.breachCi95[0])}–${fmtPct(p3.breachCi95[1])})`;
  return fromFile ? `Opened from ${fromFile}: ${breach}.` : `Done, ${fmtCount(total, 'replication')} in ${fmtElapsed(elapsed)}: ${breach}.`;
}

const selectAnnounced = (s: AppState) => ({ status: s.status, total: s.total, startedAt: s.startedAt, endedAt: s.endedAt, detailOnly: s.detailOnly });

/**
 * The page's one live region for the scenario's run (start and finish), mounted by the App whatever the tab or
 * view: in the run bar it went with the Results tab, and a run started from the sidebar with Explore open was silent.
 */
export function RunAnnouncement() {
  const { status, total, startedAt, endedAt, detailOnly } = useApp(useShallow(selectAnnounced));
  const fromFile = useApp((s) => s.result?.file?.name ?? null);
  // Read once the run ends: the elapsed time then no longer changes, so neither does the announcement.
  const elapsed = status === 'running' || startedAt === null ? 0 : (endedAt ?? performance.now()) - startedAt;
  const announcement = useAnnouncement(status, total, elapsed, detailOnly, fromFile);
  return (
    <span className="sr-only" role="status" data-run-announcement>
      {announcement}
    </span>
  );
}

export function RunBar() {
  const { status, done, total, startedAt, endedAt, progressAt, paceFrom, expectedMs, detailOnly } = useApp(useShallow(selectRunProgress));
  const fromFile = useApp((s) => s.result?.file?.name ?? null);
  const cancelRun = useApp((s) => s.cancelRun);
  const runNow = useApp((s) => s.runNow);
  const canRun = useApp((s) => s.validation.ok);
  // Cancelled before its first block came in: the results shown are the previous settings' (whole or not), not this run's.
  const stale = useApp(selectStale);
  const cancelledBeforeStart = status === 'cancelled' && stale;
  const drawing = useChartsCatchingUp();
  useTicker(status === 'running', 200);
  const elapsed = startedAt === null ? 0 : (endedAt ?? performance.now()) - startedAt;
  const frac = total > 0 ? done / total : 0;
  // A long run says roughly how long is left, once 2 s in. Before the first block, from the pilot replication the work
  // estimate ran (a long run then shows its size at once); after it, at the pace measured when the last block came
  // in, counted down from then, so that it falls steadily between blocks instead of climbing. Should that time pass
  // with blocks still out, the pace has slowed: the average pace until now takes over.
  let remaining: number | null = null;
  if (status === 'running' && elapsed >= 2000 && done < total) {
    if (progressAt !== null && startedAt !== null && done > 0) {
      // The pace since `paceFrom` (about half the run ago), else since the start.
      const from = paceFrom !== null && done > paceFrom.done ? paceFrom : { at: startedAt, done: 0 };
      const countdown = ((progressAt - from.at) * (total - done)) / (done - from.done) - (startedAt + elapsed - progressAt);
      remaining = countdown > 0 ? countdown : (elapsed * (total - done)) / done;
    } else if (expectedMs !== null && expectedMs > elapsed) remaining = expectedMs - elapsed;
  }
  const active = status === 'running' || status === 'scheduled';
  // (What a screen reader hears of the run is RunAnnouncement's, mounted by the App.)
  return (
    <div className={`runbar status-${status}`} data-run-status={status} data-charts-drawing={drawing || undefined}>
      <div className="runbar-text">
        <strong>
          {status === 'done' && fromFile
            ? 'Opened from a file'
            : status === 'scheduled' && detailOnly !== null
              ? `Showing replication ${fmtInt(detailOnly)}…`
              : status === 'invalid' && total > 0 && done < total
                ? 'Waiting for valid settings — results shown are partial, for the last valid scenario'
                : status === 'running' && !canRun
                  ? 'Running the last valid settings — yours wait until the invalid ones are fixed'
                  : cancelledBeforeStart
                    ? 'Cancelled before its first results — those shown are for the previous settings'
                    : STATUS_TEXT[status]}
          {/* The numbers are final; the charts below take them a frame at a time for a moment yet. */}
          {status === 'done' && drawing && <span className="runbar-drawing"> — drawing the charts…</span>}
        </strong>
        {status === 'done' && fromFile ? (
          <span className="runbar-count">
            {fmtCount(total, 'replication')} from {fromFile} · not run here
          </span>
        ) : detailOnly !== null && (status === 'running' || status === 'done') ? (
          // Only the replication shown in detail ran: the time is its own, not that of the results above it.
          <span className="runbar-count">
            replication {fmtInt(detailOnly)} run for the detail, the other results as they were · {fmtElapsed(elapsed)}
          </span>
        ) : total > 0 && !cancelledBeforeStart && (status === 'running' || status === 'done' || status === 'cancelled' || status === 'error' || (status === 'invalid' && done < total)) && (
          <span className="runbar-count">
            {fmtInt(done)} / {fmtCount(total, 'replication')} · {fmtElapsed(elapsed)}
            {status === 'running' && remaining !== null && <> · about {fmtSeconds(remaining / 1000)} left</>}
          </span>
        )}
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Replications done"
        aria-valuemin={0}
        aria-valuemax={total || 1}
        aria-valuenow={done}
      >
        <div className="progress-fill" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
      </div>
      <span className="runbar-actions">
        {active ? (
          <button type="button" onClick={cancelRun} className="btn-cancel" data-run-action>
            Cancel
          </button>
        ) : (
          // A refused run would be refused again: the settings must change first (the message says which).
          <button
            type="button"
            onClick={() => void runNow()}
            disabled={!canRun || status === 'refused'}
            title={status === 'refused' ? 'Lower the work first: the message below says what to change' : undefined}
            data-run-action
          >
            {status === 'confirm' ? 'Run' : 'Run again'}
          </button>
        )}
        {/* On a narrow screen the settings sit below every chart: the run bar, always at hand, jumps to them. */}
        <button type="button" className="only-narrow" onClick={jumpToSettings}>
          Settings ↓
        </button>
      </span>
    </div>
  );
}

export function ErrorBanner() {
  const error = useApp(selectError);
  const clearError = useApp((s) => s.clearError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert" data-error>
      <div className="error-body">
        <strong>{error.title}</strong>
        <pre>{error.detail}</pre>
        {error.copy && <CopyBox label={error.copy.label} text={error.copy.text} />}
      </div>
      <button
        type="button"
        onClick={() => {
          clearError();
          // The banner goes with its button: focus the run bar's main button (Run again), just above it.
          focusFirst([RUN_ACTION, SELECTED_TAB]);
        }}
        aria-label="Dismiss error"
      >
        Dismiss
      </button>
    </div>
  );
}
