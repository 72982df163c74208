import { memo, useRef, useState, type ReactNode } from 'react';
import { DefaultTooltipContent, ReferenceDot, ReferenceLine, type TooltipContentProps } from 'recharts';
import { C, readableOnWhite } from '../../lib/palette';
import { fmtNum } from '../../lib/format';
import { ChartExport } from './ChartExport';

export const AXIS = { stroke: C.axis, fontSize: 12, tickLine: false } as const;
/** An axis title (its `label`) in the axis colour: Recharts' default grey (#808080) is under 4.5:1 on white. */
export const AXIS_TITLE = { fontSize: 12, fill: C.axis } as const;
export const GRID = { stroke: C.grid, strokeDasharray: '3 3', vertical: false } as const;
export const NO_ANIM = { isAnimationActive: false } as const;

/** Grey, dashed, behind: how the pinned baseline is drawn in every chart. */
export const BASE = { stroke: '#7b8490', fill: '#aab1ba', dash: '6 4' } as const;

/**
 * Props that make a Recharts chart's <svg> an image with a name and a description (the key numbers) for
 * assistive technology, instead of Recharts' default: an unnamed role="application" with an empty <title>.
 * The name goes in aria-label, not <title> (a browser shows an svg's <title> as a native tooltip over the chart);
 * the description goes in <desc>. Recharts' keyboard support stays: the chart is still in the tab order and the
 * arrow keys move its tooltip.
 */
export function chartA11y(name: string, desc: string) {
  return { role: 'img', 'aria-label': name, desc } as const;
}

/**
 * Recharts' default tooltip content without its live region: with the accessibility layer on, Recharts makes the
 * tooltip role="status" aria-live="assertive", so sweeping the pointer over a chart made dozens of urgent
 * announcements. The numbers are in the chart's description and its data table instead. Spread on <Tooltip>.
 */
export const QUIET_TOOLTIP = {
  // "mean: 66", not Recharts' "mean : 66". Each entry is written in its series' colour, darkened where that is too
  // light to read (sky blue, the phases' pinks) on the tooltip's white.
  content: (p: TooltipContentProps) => (
    <DefaultTooltipContent {...p} payload={p.payload?.map((e) => ({ ...e, color: readableOnWhite(e.color) }))} separator=": " accessibilityLayer={false} />
  ),
} as const;

/**
 * A chart's data as a table: `head` holds the column headers (with units), each row's first cell is its row
 * header. `rows` is called only when the table is opened (a time series has ~121 rows, the states chart 12
 * columns), and again at each redraw while it is open.
 */
export interface ChartTable {
  caption: string;
  head: readonly string[];
  /** An optional first header row grouping columns (e.g. "Mean containers in each state" over the states). */
  groups?: ReadonlyArray<{ label: string; span: number }>;
  rows: () => ReadonlyArray<readonly string[]>;
  /** Rows the table will have, for the disclosure's label. */
  count: number;
  /** What a row is, for that label (default "rows"): "events" for an event trace, not to be read as starts. */
  rowNoun?: string;
  /** Said under the caption (e.g. that only every Nth point is shown). */
  note?: string;
  /** Columns of words rather than numbers (by index): aligned left, as text reads. */
  textColumns?: readonly number[];
}

/** "Show the data as a table": a disclosure (as in Explore) whose table is rendered only while it is open. */
export function ChartDataTable({ table, title, chartId }: { table: ChartTable; title: string; chartId?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="x-data chart-data no-print" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Show the data as a table ({table.count} {table.rowNoun ?? 'rows'})<span className="sr-only"> of the chart “{title}”</span>
      </summary>
      {open && (
        <div className="chart-data-scroll" tabIndex={0} role="region" aria-label={`${title}: data table`}>
          <table className="vs-table" data-testid={chartId ? `chart-table-${chartId}` : undefined}>
            <caption>
              {table.caption}
              {table.note && <span className="chart-data-note">{table.note}</span>}
            </caption>
            <thead>
              {table.groups && (
                <tr>
                  {table.groups.map((g, i) =>
                    g.label ? (
                      <th key={i} scope="colgroup" colSpan={g.span}>
                        {g.label}
                      </th>
                    ) : (
                      <td key={i} colSpan={g.span} />
                    ),
                  )}
                </tr>
              )}
              <tr>
                {table.head.map((h, i) => (
                  <th key={i} scope="col" className={table.textColumns?.includes(i) ? 'text-cell' : undefined}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows().map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) =>
                    j === 0 ? (
                      <th key={j} scope="row">
                        {c}
                      </th>
                    ) : (
                      <td key={j} className={table.textColumns?.includes(j) ? 'text-cell' : undefined}>
                        {c}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

/**
 * A titled chart panel with a one-line caption that says what to look for. With `chartId`, the chart can be
 * downloaded as SVG or PNG and is found by the report (`figure[data-chart]`). With `table`, the chart's data can
 * be shown as a table under it.
 */
export function ChartPanel(props: { title: string; caption?: ReactNode; children: ReactNode; legend?: ReactNode; id?: string; wide?: boolean; chartId?: string; table?: ChartTable }) {
  const ref = useRef<HTMLElement>(null);
  return (
    <figure className={`panel ${props.wide ? 'panel-wide' : ''}`} id={props.id} aria-label={props.title} data-chart={props.chartId} ref={ref}>
      <figcaption>
        <div className="panel-head">
          <h3>{props.title}</h3>
          {props.chartId && <ChartExport figure={ref} title={props.title} />}
        </div>
        {props.caption && <p>{props.caption}</p>}
      </figcaption>
      {props.legend && <div className="legend">{props.legend}</div>}
      <div className="chart">{props.children}</div>
      {props.table && <ChartDataTable table={props.table} title={props.title} chartId={props.chartId} />}
    </figure>
  );
}

/** A legend entry: a box, line, dash, dotted line or band in the series' colour, or `mark`, a glyph the chart draws (✕, ●), in it. */
export function Swatch({ color, label, kind = 'box', mark }: { color: string; label: string; kind?: 'box' | 'line' | 'dash' | 'dotted' | 'band'; mark?: string }) {
  return (
    <span className="swatch">
      {mark !== undefined ? (
        <span className="sw-mark" style={{ color }} aria-hidden="true">
          {mark}
        </span>
      ) : (
        <span className={`sw sw-${kind}`} style={{ background: kind === 'box' || kind === 'band' ? color : undefined, borderColor: color }} aria-hidden="true" />
      )}
      {label}
    </span>
  );
}

/*
 * Props that keep their identity from one redraw to the next. Recharts 3 keeps each chart's axes and reference marks
 * in a store of its own: an axis given a new `ticks` array or `tickFormatter` function is registered again, and a
 * reference line or dot at every render whatever its props, and each registration recomputes the chart's scales and
 * ticks and renders it once more. While a run streams, a chart redraws about once a second with new data and
 * otherwise the same axes: equal tick arrays, module-level formatters and the memoised reference marks below leave
 * the data the one thing that changes (a chart's redraw took about half the time).
 */

const keptArrays = new Map<string, readonly number[]>();

/** The array kept for these values: equal lists of ticks are the very same array, whatever they were computed from. */
export function sameArray(values: readonly number[]): readonly number[] {
  const key = values.join(',');
  const hit = keptArrays.get(key);
  if (hit) return hit;
  if (keptArrays.size >= 1024) keptArrays.clear();
  keptArrays.set(key, values);
  return values;
}

const sameValue = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && Object.getPrototypeOf(a) === Object.prototype && Object.getPrototypeOf(b) === Object.prototype) {
    const ka = Object.keys(a);
    const rb = b as Record<string, unknown>;
    return ka.length === Object.keys(b).length && ka.every((k) => k in rb && Object.is((a as Record<string, unknown>)[k], rb[k]));
  }
  return false;
};

/** Props equal one level down (a `label` object or a `segment` array written inline counts as the same). */
export function sameProps(a: object, b: object): boolean {
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  return ka.length === Object.keys(rb).length && ka.every((k) => k in rb && sameValue(ra[k], rb[k]));
}

/** Recharts' ReferenceLine, rendered (and registered with its chart) only when its props change. */
export const RefLine = memo(ReferenceLine, sameProps);
/** Recharts' ReferenceDot, rendered (and registered with its chart) only when its props change. */
export const RefDot = memo(ReferenceDot, sameProps);

/** Axis tick labels, as module-level functions (a new function per render would register the axis again). */
export const fmtTick0 = (v: number) => fmtNum(v, 0);
export const fmtTick1 = (v: number) => fmtNum(v, 1);
export const fmtTickPct0 = (v: number) => `${fmtNum(v, 0)}%`;
const byDecimals: Array<(v: number) => string> = [];
/** A tick label with `decimals` decimals: the same function for the same count. */
export const fmtTickDecimals = (decimals: number) => (byDecimals[decimals] ??= (v: number) => fmtNum(v, decimals));

/** Nice round tick step for a span. */
export function niceStep(span: number, target = 8): number {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

/** Round ticks from 0 to `max`, about `target` of them: a shared array (sameArray), not to be changed. */
export function ticks(max: number, target = 8): readonly number[] {
  if (!(max > 0)) return sameArray([0]);
  const step = niceStep(max, target);
  const out: number[] = [];
  for (let x = 0; x <= max + 1e-9; x += step) out.push(Number(x.toFixed(6)));
  return sameArray(out);
}

/**
 * Ticks for a log axis over [lo, hi] (lo > 0): 1, 2, 5 × 10^k inside it, or every 1–9 × 10^k when those are too
 * few (a range within one decade), with both ends. Recharts' own log ticks leave most of such an axis bare.
 * @example logTicks(1, 100) // [1, 2, 5, 10, 20, 50, 100]
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0 && hi > lo)) return lo > 0 ? [lo] : [];
  const inside = (mantissas: number[]) => {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++)
      for (const m of mantissas) {
        const x = Number((m * 10 ** k).toPrecision(6));
        if (x > lo * (1 + 1e-9) && x < hi * (1 - 1e-9)) out.push(x);
      }
    return out;
  };
  let mid = inside([1, 2, 5]);
  if (mid.length < 3) mid = inside([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  return [lo, ...mid, hi];
}

/**
 * Ticks from 0 up to the first nice value at or above `top`, about five of them (whole steps for counts): a shared
 * array (sameArray), not to be changed.
 * @example axisTicks(104.8, true) // [0, 20, 40, 60, 80, 100, 120]
 */
export function axisTicks(top: number, integer = false, target = 5): readonly number[] {
  const step = integer ? Math.max(1, niceStep(top, target)) : niceStep(top, target);
  const n = Math.ceil(top / step - 1e-9);
  return sameArray(Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12))));
}

/** Every `every`-th item (and always the last), so a long series makes a table of a readable length. */
export function thin<T>(items: readonly T[], every: number): T[] {
  if (every <= 1) return [...items];
  const out = items.filter((_, i) => i % every === 0);
  if ((items.length - 1) % every !== 0 && items.length) out.push(items[items.length - 1]);
  return out;
}

