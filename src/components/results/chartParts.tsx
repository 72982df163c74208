import { useRef, type ReactNode } from 'react';
import { C } from '../../lib/palette';
import { ChartExport } from './ChartExport';

export const AXIS = { stroke: C.axis, fontSize: 12, tickLine: false } as const;
export const GRID = { stroke: C.grid, strokeDasharray: '3 3', vertical: false } as const;
export const NO_ANIM = { isAnimationActive: false } as const;

/** Grey, dashed, behind: how the pinned baseline is drawn in every chart. */
export const BASE = { stroke: '#7b8490', fill: '#aab1ba', dash: '6 4' } as const;

/**
 * A titled chart panel with a one-line caption that says what to look for. With `chartId`, the chart can be
 * downloaded as SVG or PNG and is found by the report (`figure[data-chart]`).
 */
export function ChartPanel(props: { title: string; caption?: ReactNode; children: ReactNode; legend?: ReactNode; id?: string; wide?: boolean; chartId?: string }) {
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
    </figure>
  );
}

export function Swatch({ color, label, kind = 'box' }: { color: string; label: string; kind?: 'box' | 'line' | 'dash' | 'band' }) {
  return (
    <span className="swatch">
      <span className={`sw sw-${kind}`} style={{ background: kind === 'box' || kind === 'band' ? color : undefined, borderColor: color }} aria-hidden="true" />
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
