import { FieldLink } from '../controls/FieldLink';
import { HORIZON_CUT_LIMIT_TEXT, HORIZON_CUT_MARK } from '../../../sim-core/results/summary';
import { useMemo } from 'react';
import { SYSTEM_CHOICES, SYSTEM_FIELDS, gridValues, solvePlanner } from '../../../sim-core/explore';
import type { Scenario } from '../../../sim-core/scenario/schema';
import { useApp } from '../../store/appStore';
import { goodScenario } from '../../store/scenarioSlice';
import { scenarioTitle } from '../../../sim-core/scenario/presets';
import { baseValue, checkExplore, fieldOf, KIND_LABEL, type CheckedSettings, type ExploreDraft, type ExploreKind } from '../../lib/exploreSettings';
import { exploreStale, horizonCutIn, probeKillsIn, truncatedIn } from '../../lib/explorePlan';
import { cliCommandFor } from '../../lib/cliCommand';
import { fmtElapsed, fmtInt, fmtCount, fmtPct, perReplicationAdviceText } from '../../lib/format';
import { EVENT_GUARD_TEXT } from '../../../sim-core/limits';
import { ShareLink } from '../review/ShareLink';
import { Notices } from '../review/Notices';
import { CopyBox } from '../review/CopyBox';
import { EXPLORE_ACTION, EXPLORE_HEADING, focusFirst } from '../common/focus';
import { ExploreForm, KindPicker } from './ExploreForm';
import { SweepChart } from './SweepChart';
import { Heatmap } from './Heatmap';
import { SolveView } from './SolveView';
import { TornadoChart } from './TornadoChart';
import { PrecisionView } from './PrecisionView';
import type { Exploration } from '../../store/exploreSlice';
import { Staggered } from '../results/Staggered';
import './explore.css';
import { useTicker } from '../../lib/useTicker';

const RUN_LABEL: Record<ExploreKind, string> = {
  sweep: 'Run sweep',
  heatmap: 'Run heatmap',
  solve: 'Solve',
  sensitivity: 'Run sensitivity',
  precision: 'Run until precise',
};

/** How much a draft will run, before it runs (fixed counts), or its cap. */
function estimate(c: CheckedSettings | null, base: Scenario): string | null {
  if (!c) return null;
  const per = 'policy' in c ? c.policy : null;
  const points = (() => {
    switch (c.kind) {
      case 'sweep': {
        const f = fieldOf(c.axis.field);
        const v = f ? gridValues(f, c.axis) : null;
        return v && v.ok ? v.value.length : null;
      }
      case 'heatmap': {
        const fx = fieldOf(c.x.field);
        const fy = fieldOf(c.y.field);
        const a = fx ? gridValues(fx, c.x) : null;
        const b = fy ? gridValues(fy, c.y) : null;
        return a?.ok && b?.ok ? a.value.length * b.value.length : null;
      }
      case 'sensitivity':
        return 1 + 2 * SYSTEM_FIELDS.length + SYSTEM_CHOICES.reduce((n, f) => n + f.options.length - 1, 0);
      default:
        return null;
    }
  })();
  if (c.kind === 'solve') {
    // The search's own limit (its probes at the cap, twice over) when that is below the budget: what it can spend.
    const { kind: _k, ...spec } = c;
    const p = solvePlanner(base, spec);
    return `at most ${fmtCount(p.ok ? p.value.mostReplications() : c.budget, 'replication')} in all`;
  }
  if (c.kind === 'precision') return `at most ${fmtCount(c.rule.maxReplications, 'replication')}`;
  if (points === null || per === null) return null;
  const upTo = c.kind === 'sensitivity' ? 'up to ' : '';
  if (typeof per === 'number') return `${upTo}${fmtInt(points)} points × ${fmtCount(per, 'replication')} = ${upTo}${fmtCount(points * per, 'replication')}`;
  return `${upTo}${fmtInt(points)} points × at most ${fmtCount(per.maxReplications, 'replication')}`;
}

/** The exploration's status in words: the progress line's, and its announcement's. */
function statusText(e: Exploration): string {
  const what = KIND_LABEL[e.settings.kind].toLowerCase();
  return e.status === 'running'
    ? e.checking
      ? `Checking the size of the ${what} (a pilot replication on a worker)`
      : `Running the ${what}`
    : e.status === 'done'
      ? 'Done'
      : e.status === 'cancelled'
        ? 'Cancelled — the results so far stay'
        : e.refused
          ? 'Not run — too much work'
          : 'Failed';
}

/**
 * For a screen reader: the status when it changes, with the count once it is over — not every tick of the counter.
 * Its live region is mounted (empty) before the first exploration, so that the first "Running …" is read too: a
 * region inserted together with its text is often skipped.
 */
function ExploreAnnouncement({ e }: { e: Exploration | null }) {
  const status = e ? statusText(e) : '';
  const text = !e || e.status === 'running' ? status : `${status}: ${fmtCount(e.replications, 'replication')} in ${fmtElapsed((e.endedAt ?? performance.now()) - e.startedAt)}`;
  return (
    <span className="sr-only" role="status">
      {text}
    </span>
  );
}

function ProgressLine({ e }: { e: Exploration }) {
  useTicker(e.status === 'running');
  const elapsed = (e.endedAt ?? performance.now()) - e.startedAt;
  const frac = e.status === 'done' ? 1 : e.planned ? e.replications / e.planned : e.cap ? e.replications / e.cap : 0;
  const status = statusText(e);
  return (
    <div className={`x-progress status-${e.status === 'running' ? 'running' : e.status}`} data-explore-status={e.status}>
      <div className="runbar-text">
        <strong>{status}</strong>
        <span className="runbar-count">
          {fmtInt(e.replications)}
          {e.planned ? ` / ${fmtInt(e.planned)}` : ` (at most ${fmtInt(e.cap)})`} replications · {fmtElapsed(elapsed)}
        </span>
      </div>
      <div className="progress" role="progressbar" aria-label="Exploration replications done" aria-valuemin={0} aria-valuemax={e.planned ?? e.cap} aria-valuenow={e.replications}>
        <div className="progress-fill" style={{ width: `${Math.min(100, frac * 100).toFixed(1)}%` }} />
      </div>
    </div>
  );
}

/**
 * The Explore view: what-ifs around the current scenario, run on the worker pool with progress and Cancel,
 * partial results streamed into the charts.
 */
export function ExplorePanel() {
  const draft = useApp((s) => s.exploreDraft);
  const edit = useApp((s) => s.editExplore);
  const start = useApp((s) => s.startExplore);
  const cancel = useApp((s) => s.cancelExplore);
  const apply = useApp((s) => s.applyExploreValue);
  const note = useApp((s) => s.exploreNote);
  const dismissNote = useApp((s) => s.dismissExploreNote);
  const e = useApp((s) => s.exploration);
  // What the results' notices say: replications the event guard cut, points the horizon cut.
  const truncated = e?.data ? truncatedIn(e.data) : 0;
  const cut = e?.data ? horizonCutIn(e.data) : { cut: 0, of: 0 };
  const kills = e?.data ? probeKillsIn(e.data) : { killed: 0, of: 0, most: 0 };
  const scenarioOk = useApp((s) => s.validation.ok);
  const base = useApp((s) => goodScenario(s));
  const check = useMemo(() => checkExplore(draft, base.simulation.replications), [draft, base.simulation.replications]);
  const issues = check.ok ? [] : check.issues;
  const running = e?.status === 'running';
  const stale = e !== null && exploreStale(e.settings, e.base, base);
  const est = useMemo(() => estimate(check.ok ? check.settings : null, base), [check, base]);
  const command = useMemo(() => (check.ok ? cliCommandFor(check.settings, base) : null), [check, base]);
  // The results redraw in a task of their own, not in the one that merged a block (see Staggered).
  const shown = useMemo(() => (e?.data ? { e, draft } : null), [e, draft]);

  return (
    <main className="results explore" aria-label="Explore">
      <div className="review-bar no-print" role="group" aria-label="Share">
        <ShareLink />
      </div>
      <Notices />
      <section className="panel x-setup" aria-labelledby="x-setup-h">
        <div className="x-setup-head">
          {/* tabIndex -1: where focus goes when the control that had it goes (a dismissed notice). */}
          <h2 id="x-setup-h" tabIndex={-1}>
            What if …?
          </h2>
          <p className="muted">
            Around the current scenario{base.name ? ` “${scenarioTitle(base, '')}”` : ''}: seed {base.simulation.seed}, every point on the same random numbers. Change the scenario in the
            sidebar; the settings below move from there.
          </p>
        </div>
        <KindPicker kind={draft.kind} onChange={(kind) => edit((d) => ({ ...d, kind }))} />
        <ExploreForm draft={draft} edit={edit} issues={issues} base={base} />
        <div className="x-run">
          {running ? (
            <button type="button" className="btn-cancel" onClick={cancel} data-explore-action>
              Cancel
            </button>
          ) : (
            <button type="button" className="x-go" onClick={() => void start()} disabled={!check.ok || !scenarioOk} data-explore-action>
              {RUN_LABEL[draft.kind]}
            </button>
          )}
          <span className="muted x-estimate">
            {!scenarioOk
              ? 'Fix the invalid settings in the scenario first.'
              : !check.ok
                ? `Fix the ${issues.length === 1 ? 'entry' : `${issues.length} entries`} marked above to run.`
                : est}
          </span>
        </div>
        {command && scenarioOk && (
          <details className="x-cli">
            <summary>Same from the command line</summary>
            <p className="muted small">
              Computes these numbers outside the page, for a script or a CI gate: the same scenario (seed {base.simulation.seed}), settings and replications, spelled
              out where the CLI's defaults differ. Add <code>--json</code> or <code>--csv</code> for data.
            </p>
            <CopyBox label="Command line" text={command} />
          </details>
        )}
        <ExploreAnnouncement e={e} />
        {e ? (
          <ProgressLine e={e} />
        ) : (
          // A link or a reload brings the settings back, never results: say what brings those.
          <p className="muted x-not-run" data-explore-not-run>
            Not run yet: an exploration runs only when asked (links and reloads keep its settings, not its results). {RUN_LABEL[draft.kind]} computes it on this page.
          </p>
        )}
        {note && (
          <div className="notice notice-info x-note" role="status">
            <div className="notice-body">{note}</div>
            <button
              type="button"
              className="mini-btn"
              onClick={() => {
                dismissNote();
                // The note goes with its button: focus the Run (or Cancel) button just above it, else the heading.
                focusFirst([EXPLORE_ACTION, EXPLORE_HEADING]);
              }}
              aria-label="Dismiss the note"
            >
              Dismiss
            </button>
          </div>
        )}
        {e?.error && (
          <div className="error-banner" role="alert" data-explore-error>
            <div className="error-body">
              <strong>{e.error.title}</strong>
              <pre>{e.error.detail}</pre>
              {e.error.copy && <CopyBox label={e.error.copy.label} text={e.error.copy.text} />}
            </div>
          </div>
        )}
        {e?.refused && (
          <div className="notice notice-error" role="alert" data-explore-refused>
            <div className="notice-body">
              <strong className="notice-title">{e.refused.title}</strong>
              <ul>
                {e.refused.items.map((t, i) => (
                  <li key={i}>{t}</li>
                ))}
              </ul>
            </div>
          </div>
        )}
      </section>
      {e?.data && (
        <div className={`x-results ${stale ? 'is-stale' : ''}`} aria-busy={running}>
          {stale && <p className="partial-note">The scenario has changed since this {KIND_LABEL[e.settings.kind].toLowerCase()} ran: these results are for the scenario as it was. Run it again to update.</p>}
          {truncated > 0 && (
            <div className="notice notice-error partial-banner" role="status" data-partial>
              <div className="notice-body">
                <strong className="notice-title">Partial results: {fmtCount(truncated, 'replication')} passed the {EVENT_GUARD_TEXT} and were cut short</strong>
                <ul>
                  <li>What happened after the cut is missing from the points they belong to. {perReplicationAdviceText()}</li>
                </ul>
              </div>
            </div>
          )}
          {cut.cut > 0 && <HorizonCutNotice {...cut} marked={e.data.kind === 'sweep' || e.data.kind === 'heatmap' || e.data.kind === 'solve'} />}
          {kills.killed > 0 && <ProbeKillNotice {...kills} />}
          <Staggered
            value={shown!}
            render={(x) => (
              <div data-explore-drawn={x.e!.status}>
                <ExploreResults e={x.e!} draft={x.draft} onApply={apply} edit={edit} />
              </div>
            )}
            minHeight={420}
            wide
          />
        </div>
      )}
    </main>
  );
}

function ExploreResults({ e, draft, onApply, edit }: { e: Exploration; draft: ExploreDraft; onApply: (key: string, v: number | string | boolean) => void; edit: (fn: (d: ExploreDraft) => ExploreDraft) => void }) {
  const running = e.status === 'running';
  const d = e.data!;
  const current = useApp((s) => goodScenario(s));
  switch (d.kind) {
    case 'sweep': {
      const s = e.settings.kind === 'sweep' ? e.settings : null;
      return (
        <SweepChart
          result={d.result}
          scale={s?.axis.scale ?? 'linear'}
          metric={draft.sweep.metric}
          onMetric={(metric) => edit((x) => ({ ...x, sweep: { ...x.sweep, metric } }))}
          onApply={(v) => onApply(d.result.field.key, v)}
          running={running}
          current={baseValue(current, d.result.field)}
        />
      );
    }
    case 'heatmap':
      return <Heatmap result={d.result} running={running} />;
    case 'solve': {
      const f = d.result.field;
      const now = baseValue(current, f);
      return <SolveView result={d.result} running={running} applied={d.result.answer !== null && now === d.result.answer} onApply={(v) => onApply(f.key, v)} />;
    }
    case 'sensitivity':
      return <TornadoChart result={d.result} running={running} onApply={onApply} />;
    case 'precision': {
      const goal = e.settings.kind === 'precision' ? e.settings.rule.halfWidth : 0;
      return (
        <PrecisionView
          result={d.result}
          goal={goal}
          cap={e.cap}
          running={running}
          scenarioReplications={current.simulation.replications}
          onApply={(n) => onApply('simulation.replications', n)}
        />
      );
    }
  }
}

/** Points where the startup probe killed starts outside Phase 3: they failed, and no breach rate shows them. */
function ProbeKillNotice({ killed, of, most }: { killed: number; of: number; most: number }) {
  return (
    <div className="notice notice-warning" role="status" data-probe-kills>
      <div className="notice-body">
        <strong className="notice-title">
          {of === 1 ? "Cloud Run's startup probe killed" : `At ${killed} of ${of} points Cloud Run's startup probe killed`} {of === 1 ? fmtPct(most, 1) : `up to ${fmtPct(most, 1)}`} of the start attempts
          outside Phase 3
        </strong>
        <ul>
          <li>
            Those starts failed without a Phase 3 breach, so the breach rate does not show them, and a point can meet a target while its containers restart: read
            “Containers healthy by horizon” too. Lengthen the <FieldLink fieldKey="timeouts.startupProbe">startup probe</FieldLink>, or shorten the phases.
          </li>
        </ul>
      </div>
    </div>
  );
}

/** Points whose horizon cut too many starts short of a verdict: their rates read low, and the charts cannot show why. */
function HorizonCutNotice({ cut, of, marked }: { cut: number; of: number; marked: boolean }) {
  const one = cut === 1;
  return (
    <div className="notice notice-warning" role="status" data-horizon-cut>
      <div className="notice-body">
        <strong className="notice-title">
          {of === 1 ? 'The horizon cut' : `At ${cut} of ${of} points the horizon cut`} over {HORIZON_CUT_LIMIT_TEXT} of the start attempts short of a Phase 3 verdict
        </strong>
        <ul>
          <li>
            A breach takes longer than a pass, so the starts cut lean to breaches: {one ? 'its breach rate reads' : 'their breach rates read'} low, and no verdict rests on {one ? 'it' : 'them'}
            {marked ? ` (marked ${HORIZON_CUT_MARK} in the tables)` : ''}. Lengthen the <FieldLink fieldKey="simulation.horizon">horizon</FieldLink> and run again.
          </li>
        </ul>
      </div>
    </div>
  );
}
