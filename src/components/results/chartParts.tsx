import type { ReactNode } from 'react';
import { C } from '../../lib/palette';

export const AXIS = { stroke: C.axis, fontSize: 12, tickLine: false } as const;
export const GRID = { stroke: C.grid, strokeDasharray: '3 3', vertical: false } as const;
export const NO_ANIM = { isAnimationActive: false } as const;

/** A titled chart panel with a one-line caption that says what to look for. */
export function ChartPanel(props: { title: string; caption?: ReactNode; children: ReactNode; legend?: ReactNode; id?: string; wide?: boolean }) {
  return (
    <figure className={`panel ${props.wide ? 'panel-wide' : ''}`} id={props.id} aria-label={props.title}>
      <figcaption>
        <h3>{props.title}</h3>
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
