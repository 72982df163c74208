import { useRef, useState, type ReactNode } from 'react';
import { DefaultTooltipContent, type TooltipContentProps } from 'recharts';
import { C, readableOnWhite } from '../../lib/palette';
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

/** Nice round tick step for a span. */
export function niceStep(span: number, target = 8): number {
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
}

export function ticks(max: number, target = 8): number[] {
  if (!(max > 0)) return [0];
  const step = niceStep(max, target);
  const out: number[] = [];
  for (let x = 0; x <= max + 1e-9; x += step) out.push(Number(x.toFixed(6)));
  return out;
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
 * Ticks from 0 up to the first nice value at or above `top`, about five of them (whole steps for counts).
 * @example axisTicks(104.8, true) // [0, 20, 40, 60, 80, 100, 120]
 */
export function axisTicks(top: number, integer = false, target = 5): number[] {
  const step = integer ? Math.max(1, niceStep(top, target)) : niceStep(top, target);
  const n = Math.ceil(top / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** Every `every`-th item (and always the last), so a long series makes a table of a readable length. */
export function thin<T>(items: readonly T[], every: number): T[] {
  if (every <= 1) return [...items];
  const out = items.filter((_, i) => i % every === 0);
  if ((items.length - 1) % every !== 0 && items.length) out.push(items[items.length - 1]);
  return out;
}

