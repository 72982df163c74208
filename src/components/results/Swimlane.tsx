import { parseDecimal } from '../../../sim-core/scenario/numberText';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StartRecord } from '../../../sim-core/model/outcomes';
import type { ResultView } from '../../store/resultsSlice';
import { useApp } from '../../store/appStore';
import { FieldMessages, NumberText } from '../common/NumberText';
import { CAUSE_LABEL, OI, PHASE_COLORS, PHASE_NAMES } from '../../lib/palette';
import { fmtInt, fmtSeconds } from '../../lib/format';
import { ChartPanel, Swatch, ticks, type ChartTable } from './chartParts';

const ROW = 16;
const LABEL_W = 64;
const TOP = 22;
/** The narrowest time axis drawn; a container narrower than the lane needs for it scrolls sideways. */
const MIN_PLOT_W = 100;
const RIGHT = 12;
const MAX_ROWS = 400;
/** Event-trace rows shown in the page; the whole trace is in the results JSON export. */
const MAX_TRACE_ROWS = 5000;

function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [w, setW] = useState(900);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    // The container's own width (on a phone ~270 px): a wider lane was clipped, with its latest starts cut off.
    const ro = new ResizeObserver((es) => setW(Math.max(LABEL_W + MIN_PLOT_W + RIGHT, Math.floor(es[0].contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

/** `lastAttempt`: the 0-based index of the last attempt allowed (restarts.maxRestarts); null when restarts are off. */
export function outcomeText(r: StartRecord, lastAttempt: number | null): string {
  if (r.outcome === 'healthy') return 'healthy';
  if (r.outcome === 'unfinished') return 'unfinished at the horizon';
  const givenUp = lastAttempt === null || r.attempt >= lastAttempt;
  const end = r.outcome === 'startup_probe' ? 'killed by Cloud Run\'s startup probe' : `exit 3 — ${CAUSE_LABEL[r.outcome] ?? r.outcome}`;
  return `${end}${givenUp ? `; ${lastAttempt === null ? 'restarts are off' : 'restart limit reached'}, given up` : ''}`;
}

function RecordDetail({ r, lastAttempt }: { r: StartRecord | null; lastAttempt: number | null }) {
  if (!r) return <p className="swim-detail muted">Hover or focus a row to see its start record.</p>;
  return (
    <dl className="swim-detail" aria-live="polite">
      <div><dt>Container</dt><dd>c{r.container}, attempt {r.attempt + 1}{r.attempt > 0 ? ` (restart ${r.attempt})` : ''}</dd></div>
      <div><dt>Started</dt><dd>at {r.start.toFixed(2)} s</dd></div>
      <div><dt>Phase ends</dt><dd>{r.phaseEnds.length ? r.phaseEnds.map((t, i) => `${i + 1}: ${t.toFixed(2)} s`).join(' · ') : '–'}</dd></div>
      <div><dt>Phase 3</dt><dd>{r.phase3Duration === null ? 'no verdict' : `${fmtSeconds(r.phase3Duration)}${r.phase3End !== null ? `, ended at ${r.phase3End.toFixed(2)} s` : ''}`}</dd></div>
      <div><dt>Outcome</dt><dd className={r.outcome === 'healthy' ? 'ok' : r.outcome === 'unfinished' ? '' : 'bad'}>{outcomeText(r, lastAttempt)}{r.end !== null ? `, at ${r.end.toFixed(2)} s` : ''}</dd></div>
      <div><dt>Connections held</dt><dd>{r.connectionsHeld}</dd></div>
    </dl>
  );
}

/**
 * Which replication the lane shows. A view setting, so its own entry: a number that is not one of the replications
 * run stays in the box with a message, and the scenario (and every result) is left as it was, where the sidebar's
 * field would make the whole scenario invalid until fixed.
 */
function ReplicationPicker({ replications }: { replications: number }) {
  const current = useApp((s) => s.draft.simulation as { detailReplication?: unknown } | undefined)?.detailReplication;
  const setField = useApp((s) => s.setField);
  const n = typeof current === 'number' ? current : 0;
  const [text, setText] = useState(String(n));
  useEffect(() => setText(String(n)), [n]);
  const go = (k: number) => setField(['simulation', 'detailReplication'], Math.min(replications - 1, Math.max(0, k)));
  const last = replications - 1;
  // Decimal notation only, as every field reads it: Number() would take "0x10" for replication 16.
  const typed = parseDecimal(text) ?? NaN;
  const problem = Number.isInteger(typed) && typed >= 0 && typed <= last ? null : `${text.trim() || 'nothing'}: the replications run are numbered 0–${last}`;
  const onText = (t: string) => {
    setText(t);
    const v = parseDecimal(t) ?? NaN;
    if (Number.isInteger(v) && v >= 0 && v <= last && v !== n) setField(['simulation', 'detailReplication'], v);
  };
  return (
    <div className="rep-picker">
      {/* aria-disabled, not disabled: a button that disables itself under the keyboard would drop focus to the top. */}
      <button type="button" onClick={() => n > 0 && go(n - 1)} aria-disabled={n <= 0} aria-label="Previous replication">
        ◀
      </button>
      <div className="num num-compact">
        <label htmlFor="swim-replication" className="sub-label">
          Replication shown
        </label>
        <NumberText id="swim-replication" text={text} onText={onText} integer invalid={problem !== null} describedBy="swim-replication-range" />
        <div id="swim-replication-range" className="sr-only">
          0–{last}, whole
        </div>
        <FieldMessages id="swim-replication" messages={problem ? [problem] : []} />
      </div>
      <span className="unit" aria-hidden="true">of 0–{last}</span>
      <button type="button" onClick={() => n < replications - 1 && go(n + 1)} aria-disabled={n >= replications - 1} aria-label="Next replication">
        ▶
      </button>
    </div>
  );
}

export function Swimlane({ view }: { view: ResultView }) {
  const detail = view.summary.detail;
  const [ref, width] = useWidth<HTMLDivElement>();
  const [hover, setHover] = useState<number | null>(null);
  const records = useMemo(
    () => (detail ? [...detail.records].sort((a, b) => a.container - b.container || a.attempt - b.attempt) : []),
    [detail],
  );
  const shown = records.slice(0, MAX_ROWS);
  const trace = detail?.trace ?? [];
  // The lane's data is the replication's event trace: what happened to each attempt, and when, to the millisecond.
  const traceTable: ChartTable = {
    caption: `Event trace of replication #${detail?.replication ?? '–'}: every Phase 3 start, pass and exit with its cause, every container that became healthy, and the connector's scale-outs.`,
    note: trace.length > MAX_TRACE_ROWS ? `The first ${MAX_TRACE_ROWS.toLocaleString('en-US')} of ${trace.length.toLocaleString('en-US')} events; the results JSON export has them all.` : undefined,
    head: ['Time (s)', 'Container', 'Attempt', 'Event'],
    textColumns: [3],
    count: Math.min(trace.length, MAX_TRACE_ROWS),
    rowNoun: 'events',
    // The model writes an exit's cause by its key (exit 3: init_timeout); the page by its name, as the other charts.
    rows: () =>
      trace.slice(0, MAX_TRACE_ROWS).map((e) => [
        e.time.toFixed(3), e.container < 0 ? 'connector' : `c${e.container}`, e.container < 0 ? '' : `#${e.attempt + 1}`,
        e.event.replace(/^exit 3: (\w+)$/, (whole, cause: string) => (CAUSE_LABEL[cause] ? `exit 3: ${CAUSE_LABEL[cause]}` : whole)),
      ]),
  };
  // The lane's one tab stop: the row last visited, while the replication shown still has it.
  const tabRow = hover !== null && hover < shown.length ? hover : 0;
  const horizon = view.summary.horizon;
  const lastAttempt = view.scenario.restart.enabled ? view.scenario.restart.maxRestarts : null;
  // A start still running at the horizon (no end) is drawn to it, so the axis reaches it too.
  const lastTime = (r: StartRecord) => r.end ?? horizon;
  const end = Math.min(horizon, Math.max(10, ...shown.map(lastTime)) * 1.05);
  const plotW = Math.max(MIN_PLOT_W, width - LABEL_W - RIGHT);
  const x = (t: number) => LABEL_W + (Math.min(t, end) / end) * plotW;
  const height = TOP + shown.length * ROW + 8;
  const tks = ticks(end, Math.max(4, Math.floor(plotW / 90)));
  const nextStart = new Map<string, number>();
  for (const r of records) nextStart.set(`${r.container}:${r.attempt}`, r.start);
  return (
    <ChartPanel
      chartId="swimlane"
      table={traceTable}
      title={`One wave in detail — replication #${detail?.replication ?? '–'}`}
      caption={<>One row per start attempt, labelled by container and attempt (c3 #2: container 3's second start; a first start has no number). Phases as coloured spans; ✕ marks a start that failed (exit code 3, or killed by Cloud Run's startup probe), the thin dotted line the restart backoff before the next attempt (none after a last ✕: the container was given up at the restart limit, or the horizon came first), ● a healthy container. Time axis to {fmtSeconds(end)}.</>}
      legend={
        <>
          {PHASE_NAMES.map((n, i) => (
            <Swatch key={n} color={PHASE_COLORS[i]} label={`${i + 1} ${n}`} />
          ))}
          <Swatch color={OI.vermillion} mark="✕" label="exit 3" />
          <Swatch color={OI.vermillion} kind="dotted" label="restart backoff" />
          <Swatch color={OI.green} mark="●" label="healthy" />
        </>
      }
      wide
    >
      <div className="swim-top">
        <ReplicationPicker replications={view.scenario.simulation.replications} />
        {records.length > MAX_ROWS && <span className="muted">Showing the first {fmtInt(MAX_ROWS)} of {fmtInt(records.length)} attempts.</span>}
      </div>
      <div className="swim-body">
        <div ref={ref} className="swim-svg-wrap">
          {!detail ? (
            <p className="muted">The replication shown in detail is not in the replications merged so far.</p>
          ) : (
            <svg width={width} height={height} role="group" aria-label={`Swimlane of ${shown.length} start attempts: arrow keys move between them`} className="swim">
              {tks.map((t) => (
                <g key={t}>
                  <line x1={x(t)} x2={x(t)} y1={TOP - 4} y2={height - 6} className="swim-grid" />
                  <text x={x(t)} y={TOP - 8} textAnchor="middle" className="swim-tick">{`${t} s`}</text>
                </g>
              ))}
              {shown.map((r, row) => {
                const y = TOP + row * ROW;
                const spans: { a: number; b: number; c: string }[] = [];
                let prev = r.start;
                r.phaseEnds.forEach((t, i) => {
                  spans.push({ a: prev, b: t, c: PHASE_COLORS[i] });
                  prev = t;
                });
                const failed = r.outcome !== 'healthy' && r.outcome !== 'unfinished';
                const reachedEnd = r.phaseEnds.length === 7;
                if (!reachedEnd) {
                  // The phase it ended in (exited, or killed by the startup probe), or was in at the horizon.
                  const stop = lastTime(r);
                  if (stop > prev) spans.push({ a: prev, b: stop, c: PHASE_COLORS[r.phaseEnds.length] });
                }
                const endT = spans.length ? spans[spans.length - 1].b : r.start;
                const next = nextStart.get(`${r.container}:${r.attempt + 1}`);
                const label = `Container ${r.container} attempt ${r.attempt + 1}: ${outcomeText(r, lastAttempt)}`;
                return (
                  <g
                    key={`${r.container}:${r.attempt}`}
                    // One tab stop for the whole lane (the row last visited); the arrow keys, Home and End move
                    // between rows, as in a list, instead of a tab stop per start attempt.
                    tabIndex={row === tabRow ? 0 : -1}
                    role="img"
                    aria-label={label}
                    className={`swim-row ${hover === row ? 'is-hover' : ''}`}
                    onMouseEnter={() => setHover(row)}
                    onFocus={() => setHover(row)}
                    onKeyDown={(e) => {
                      const to = e.key === 'ArrowDown' ? row + 1 : e.key === 'ArrowUp' ? row - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? shown.length - 1 : null;
                      if (to === null) return;
                      e.preventDefault();
                      const target = e.currentTarget.parentNode?.querySelectorAll<SVGGElement>('.swim-row')[Math.max(0, Math.min(shown.length - 1, to))];
                      target?.focus();
                    }}
                  >
                    <rect x={0} y={y} width={width} height={ROW} className="swim-hit" />
                    <text x={4} y={y + ROW - 4} className="swim-label">{`c${r.container}${r.attempt ? ` #${r.attempt + 1}` : ''}`}</text>
                    {spans.map((s, i) => (
                      <rect key={i} x={x(s.a)} y={y + 3} width={Math.max(1, x(s.b) - x(s.a))} height={ROW - 6} fill={s.c} />
                    ))}
                    {failed && next !== undefined && <line x1={x(endT)} x2={x(next)} y1={y + ROW / 2} y2={y + ROW / 2} className="swim-backoff" />}
                    {failed && (
                      <text x={x(endT)} y={y + ROW - 3} textAnchor="middle" className="swim-fail">
                        ✕
                      </text>
                    )}
                    {r.outcome === 'healthy' && <circle cx={x(endT) + 5} cy={y + ROW / 2} r={3.5} fill={OI.green} />}
                    <title>{label}</title>
                  </g>
                );
              })}
            </svg>
          )}
        </div>
        <RecordDetail r={hover !== null ? shown[hover] ?? null : null} lastAttempt={lastAttempt} />
      </div>
    </ChartPanel>
  );
}
