import { useId, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { BREACH_RATE, METRICS, METRIC_KEYS, type MetricKey, type SweepResult } from '../../../sim-core/explore';
import { labelInSentence } from '../../../sim-core/report/count';
import { HORIZON_CUT_LIMIT_TEXT, isHorizonCut, markCut } from '../../../sim-core/results/summary';
import type { Metric } from '../../../sim-core/explore/metrics';
import { C, OI } from '../../lib/palette';
import { fieldLabel, fmtFieldValue, fmtMetric } from '../../lib/exploreSettings';
import { fmtInt, fmtPct } from '../../lib/format';
import { AXIS, AXIS_TITLE, ChartPanel, GRID, NO_ANIM, QUIET_TOOLTIP, Swatch, chartA11y, niceStep, ticks } from '../results/chartParts';
import { Staggered } from '../results/Staggered';

const MARGIN = { top: 8, right: 18, bottom: 22, left: 8 };

type Row = { x: number; rate: number | null; band: [number, number] | null; metric: number | null; reps: number };

/** The dashed line at the scenario's own value (a ReferenceLine element: Recharts reads its children by type). */
function nowLine(r: SweepResult, now: number | null) {
  return now === null ? null : <ReferenceLine x={now} stroke={C.axis} strokeDasharray="4 3" label={{ value: `now ${fmtFieldValue(r.field, now)}`, position: 'insideTopRight', fontSize: 11, fill: C.axis }} />;
}

function rowsOf(r: SweepResult, metric: MetricKey): Row[] {
  return r.points
    .filter((p) => p.ok && p.replications > 0)
    .map((p) => {
      const ok = p as Extract<typeof p, { ok: true }>;
      return { x: p.value, rate: ok.breachRate, band: [ok.breachCi95[0], ok.breachCi95[1]], metric: ok.metrics[metric] ?? null, reps: ok.replications };
    });
}

/** The rows at the smallest and the largest swept value (the points arrive as they finish, not in order). */
const ends = (data: Row[]): [Row, Row] => {
  const byX = [...data].sort((a, b) => a.x - b.x);
  return [byX[0], byX[byX.length - 1]];
};

/** The rows with the lowest and the highest value of `y` (the first of equals), for a chart's description. */
function extremes(data: Row[], y: (d: Row) => number | null): { lo: Row; hi: Row } | null {
  const drawn = data.filter((d) => y(d) !== null);
  if (drawn.length === 0) return null;
  return drawn.reduce((a, d) => ({ lo: y(d)! < y(a.lo)! ? d : a.lo, hi: y(d)! > y(a.hi)! ? d : a.hi }), { lo: drawn[0], hi: drawn[0] });
}

/** What the breach-rate chart shows, in words: its span, lowest and highest points, and the scenario's own value. */
function sweepDesc(r: SweepResult, data: Row[], now: number | null, invalid: number): string {
  const cut = r.points.filter((p) => p.ok && isHorizonCut(p)).length;
  const at = (d: Row) => `${fmtPct(d.rate ?? 0)} at ${fmtFieldValue(r.field, d.x)}`;
  const ext = extremes(data, (d) => d.rate);
  const mine = now === null ? undefined : data.find((d) => d.x === now);
  const [first, last] = ends(data);
  return (
    `${data.length} of ${r.points.length} values run on seed ${r.seed}. ` +
    (ext
      ? `Breach rate from ${at(first)} to ${at(last)}; lowest ${at(ext.lo)}, highest ${at(ext.hi)}.` +
        (mine?.band ? ` The scenario's own value ${fmtFieldValue(r.field, now)}: ${fmtPct(mine.rate ?? 0)} (95% interval ${fmtPct(mine.band[0])}–${fmtPct(mine.band[1])}).` : '')
      : 'No value has finished yet.') +
    (invalid > 0 ? ` ${invalid} value${invalid === 1 ? '' : 's'} not run (not a valid scenario).` : '') +
    (cut > 0 ? ` At ${cut} value${cut === 1 ? '' : 's'} the horizon cut over ${HORIZON_CUT_LIMIT_TEXT} of the starts short of a verdict: ${cut === 1 ? 'its rate reads' : 'their rates read'} low.` : '')
  );
}

/** Percent ticks that read well for the band's height. */
const pctTick = (v: number) => `${+(v * 100).toFixed(v < 0.1 && v !== 0 ? 1 : 0)}%`;

function xAxisProps(r: SweepResult, scale: 'linear' | 'log') {
  const xs = r.points.map((p) => p.value);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  // Few values: a tick at each (they are what was run); many: Recharts' own.
  const ticks = xs.length <= 12 ? [...xs].sort((a, b) => a - b) : undefined;
  return {
    ticks,
    dataKey: 'x',
    type: 'number' as const,
    scale: scale === 'log' ? ('log' as const) : ('linear' as const),
    domain: [lo, hi] as [number, number],
    allowDataOverflow: true,
    ...AXIS,
    tickFormatter: (v: number) => fmtFieldValue(null, v),
    // Log steps (proposed for a wide positive range, or picked): the axis says so, as the solve chart's y axis says √.
    label: { value: `${fieldLabel(r.field)}${scale === 'log' ? ' (log scale)' : ''}`, position: 'insideBottom' as const, offset: -12, ...AXIS_TITLE },
  };
}

/**
 * A 1-D sweep: the breach rate at every value with its 95% interval as a shaded band (Recharts line + range
 * area), and below it any other headline metric from the picker. Points fill in as they finish.
 */
export function SweepChart(props: { result: SweepResult; scale: 'linear' | 'log'; metric: MetricKey; onMetric: (m: MetricKey) => void; onApply?: (v: number) => void; running: boolean; current?: number }) {
  const { result: r, scale, metric, onMetric, onApply } = props;
  const data = rowsOf(r, metric);
  const invalid = r.points.filter((p) => !p.ok);
  const m = METRICS[metric] as { label: string; unit: string; fraction?: boolean };
  const top = Math.max(0.01, ...data.map((d) => d.band?.[1] ?? 0));
  // Round ticks up to a round top just above the highest interval (never a top such as 5.3%).
  const step = top > 0.5 ? 0.2 : niceStep(top * 1.05, 5);
  const yTop = top > 0.5 ? 1 : Math.ceil((top * 1.05) / step - 1e-9) * step;
  const yTicks = ticks(yTop, Math.round(yTop / step));
  const done = data.length;
  // Where the scenario stands, when the swept values surround it (they need not include it: log steps skip 100 in 50–200).
  const xs = r.points.map((p) => p.value);
  const now = props.current !== undefined && props.current >= Math.min(...xs) && props.current <= Math.max(...xs) ? props.current : null;
  // The second chart redraws in a task of its own (two charts in one task are too long while a sweep streams).
  const metricView = useMemo(() => ({ r, data, metric, scale, onMetric, now }), [r, metric, scale, now]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      <ChartPanel
        chartId="explore-sweep"
        wide
        title={`Phase 3 breach rate against ${r.field.label}`}
        caption={
          <>
            {done} of {r.points.length} values run{props.running ? ' so far' : ''}; every value runs the same replications of seed {r.seed} (common random numbers), so
            differences between neighbours are the setting&apos;s effect, not noise. Each point equals a single run of that scenario.
            {now !== null && <> The dashed line marks the scenario&apos;s own value, {fmtFieldValue(r.field, now)}.</>}
          </>
        }
        legend={
          <>
            <Swatch color={C.mean} label="breach rate" kind="line" />
            <Swatch color={C.band} label="95% interval (Wilson, replications as clusters)" kind="band" />
          </>
        }
      >
        <ResponsiveContainer width="100%" height={280}>
          <ComposedChart data={data} margin={MARGIN} {...chartA11y(`Phase 3 breach rate against ${r.field.label}, with its 95% interval`, sweepDesc(r, data, now, invalid.length))}>
            <CartesianGrid {...GRID} />
            <XAxis {...xAxisProps(r, scale)} />
            <YAxis {...AXIS} width={56} domain={[0, yTop]} ticks={yTicks} tickFormatter={pctTick} label={{ value: 'breach rate', angle: -90, position: 'insideLeft', ...AXIS_TITLE, dy: 40 }} />
            <Tooltip {...QUIET_TOOLTIP}
              labelFormatter={(x) => `${fieldLabel(r.field)} = ${fmtFieldValue(r.field, Number(x))}`}
              formatter={(v, name) => (Array.isArray(v) ? [`${fmtPct(Number(v[0]))} – ${fmtPct(Number(v[1]))}`, '95% interval'] : [fmtPct(Number(v)), String(name)])}
            />
            <Area dataKey="band" name="95% interval" stroke="none" fill={C.band} fillOpacity={0.35} type="linear" {...NO_ANIM} />
            <Line dataKey="rate" name="breach rate" stroke={C.mean} strokeWidth={2} dot={{ r: 3, fill: C.mean }} type="linear" {...NO_ANIM} />
            {nowLine(r, now)}
          </ComposedChart>
        </ResponsiveContainer>
        {invalid.length > 0 && (
          <div className="x-invalid" role="note">
            <strong>
              {invalid.length} value{invalid.length === 1 ? '' : 's'} not run (not a valid scenario):
            </strong>
            <ul>
              {invalid.map((p) => (
                <li key={p.value}>
                  {fmtFieldValue(r.field, p.value)}: {!p.ok && p.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}
                </li>
              ))}
            </ul>
          </div>
        )}
      </ChartPanel>
      <Staggered value={metricView} render={(v) => <MetricChart {...v} />} minHeight={300} wide />
      <details className="x-data">
        <summary>Data table ({r.points.length} values)</summary>
        <table className="vs-table" data-testid="sweep-table">
          <thead>
            <tr>
              <th scope="col">{fieldLabel(r.field)}</th>
              <th scope="col">Breach rate</th>
              <th scope="col">95% interval</th>
              <th scope="col">{m.label}</th>
              <th scope="col">Replications</th>
              {onApply && <th scope="col"><span className="sr-only">Apply</span></th>}
            </tr>
          </thead>
          <tbody>
            {r.points.map((p) => (
              <tr key={p.value} data-sweep-value={p.value} data-breach-rate={p.ok && p.replications > 0 ? String(p.breachRate) : ''} data-replications={p.ok ? p.replications : 0}>
                <th scope="row">
                  {fmtFieldValue(r.field, p.value)}
                  {p.value === props.current && <span className="muted"> · the scenario's</span>}
                </th>
                {p.ok ? (
                  <>
                    <td>{p.replications ? markCut(fmtPct(p.breachRate), p) : '–'}</td>
                    <td>{p.replications ? `${fmtPct(p.breachCi95[0])} – ${fmtPct(p.breachCi95[1])}` : '–'}</td>
                    <td>{fmtMetric(metric, p.metrics[metric])}</td>
                    <td>{fmtInt(p.replications)}</td>
                  </>
                ) : (
                  <td colSpan={4}>not a valid scenario: {p.issues.map((i) => i.message).join('; ')}</td>
                )}
                {onApply && (
                  <td>
                    {/* The scenario's own value needs no Use: the row already says it is the scenario's. */}
                    {p.value !== props.current && (
                      <button type="button" className="mini-btn" disabled={!p.ok} onClick={() => onApply(p.value)} aria-label={`Use ${fmtFieldValue(r.field, p.value)} in the scenario`}>
                        Use
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {onApply && (
          <p className="muted" aria-live="polite">
            {props.current !== undefined && r.points.some((p) => p.value === props.current)
              ? `${fmtFieldValue(r.field, props.current)} is the scenario's value: the Results tab runs it.`
              : 'Use puts a value into the scenario; the Results tab then runs it.'}
          </p>
        )}
      </details>
    </>
  );
}

/** Any other headline metric of the sweep's points, picked from a list. */
function MetricChart({ r, data, metric, scale, onMetric, now }: { r: SweepResult; data: Row[]; metric: MetricKey; scale: 'linear' | 'log'; onMetric: (m: MetricKey) => void; now: number | null }) {
  const m: Metric = METRICS[metric];
  const pickId = useId();
  // Values with no number but a meaning ("> horizon"): not drawn, so said, or the gap reads as missing data.
  const unplotted = m.none ? r.points.filter((p) => p.ok && (p.metrics[metric] ?? null) === null).map((p) => fmtFieldValue(r.field, p.value)) : [];
  const at = (d: Row) => `${fmtMetric(metric, d.metric)} at ${fmtFieldValue(r.field, d.x)}`;
  const drawn = data.filter((d) => d.metric !== null);
  const ext = extremes(drawn, (d) => d.metric);
  const [first, last] = ends(drawn);
  const desc =
    (ext ? `${m.label} from ${at(first)} to ${at(last)}; lowest ${at(ext.lo)}, highest ${at(ext.hi)}.` : `No value of ${labelInSentence(m.label)} to draw yet.`) +
    (unplotted.length > 0 ? ` Not drawn (${m.none}): ${unplotted.join(', ')}.` : '');
  return (
      <ChartPanel
        chartId="explore-sweep-metric"
        wide
        title={`${m.label} against ${r.field.label}`}
        caption={
          <>
            Any headline number of the same runs: pick one. It is what a single run of each value shows.
            {unplotted.length > 0 && (
              <>
                {' '}
                Not drawn ({m.none}): {unplotted.join(', ')}.
              </>
            )}
          </>
        }
        legend={
          <>
            <span className="x-metric-pick">
              <label htmlFor={pickId}>Metric</label>
              <select id={pickId} value={metric} onChange={(e) => onMetric(e.target.value as MetricKey)}>
                {METRIC_KEYS.filter((k) => k !== BREACH_RATE).map((k) => (
                  <option key={k} value={k}>
                    {METRICS[k].label}
                    {METRICS[k].unit ? ` (${METRICS[k].unit})` : ''}
                  </option>
                ))}
              </select>
            </span>
            <Swatch color={OI.vermillion} label={m.label} kind="line" />
          </>
        }
      >
        <ResponsiveContainer width="100%" height={200}>
          <ComposedChart data={data} margin={MARGIN} {...chartA11y(`${m.label} against ${r.field.label}`, desc)}>
            <CartesianGrid {...GRID} />
            <XAxis {...xAxisProps(r, scale)} />
            <YAxis {...AXIS} width={56} tickFormatter={(v: number) => (m.fraction ? pctTick(v) : fmtFieldValue(null, Number(v.toPrecision(3))))} label={{ value: m.unit || m.label, angle: -90, position: 'insideLeft', ...AXIS_TITLE, dy: 40 }} />
            <Tooltip {...QUIET_TOOLTIP} labelFormatter={(x) => `${fieldLabel(r.field)} = ${fmtFieldValue(r.field, Number(x))}`} formatter={(v) => [fmtMetric(metric, Number(v)), m.label]} />
            <Line dataKey="metric" name={m.label} stroke={OI.vermillion} strokeWidth={2} dot={{ r: 3, fill: OI.vermillion }} type="linear" connectNulls {...NO_ANIM} />
            {nowLine(r, now)}
          </ComposedChart>
        </ResponsiveContainer>
      </ChartPanel>
  );
}
