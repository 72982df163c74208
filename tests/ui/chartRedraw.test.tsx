// @vitest-environment jsdom
/**
 * A chart redrawn with new results while a run streams: only its data is new. Recharts 3 registers an axis again
 * (recomputing the chart's scales and ticks, and rendering it once more) whenever one of its props is a new array or
 * function, and a reference line or dot at every render: the charts hand it axis props that keep their identity and
 * reference marks that render only when their props change (chartParts: sameArray, RefLine, RefDot). Recharts is
 * replaced here by components that record the props they get (it draws nothing in jsdom anyway).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { summarize } from '../../sim-core/results/summary';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { ecdfOf, type ResultView } from '../../src/store/resultsSlice';
import { Phase3Ecdf, Phase3Histogram } from '../../src/components/results/Phase3Charts';
import { CloudSqlChart, ConnectorChart, ConnectorInstancesChart, PoolWaitersChart, StatesChart, type ChartProps } from '../../src/components/results/TimeSeriesCharts';
import { FailuresChart } from '../../src/components/results/FailuresChart';
import { axisTicks, ticks } from '../../src/components/results/chartParts';
import { merge, scenarioOf } from '../helpers/scenario';

const rec = vi.hoisted(() => ({ calls: [] as Array<{ name: string; props: Record<string, unknown> }> }));

vi.mock('recharts', async (importOriginal) => {
  const real = await importOriginal<typeof import('recharts')>();
  const recorder = (name: string) => {
    const C = (props: Record<string, unknown> & { children?: ReactNode }) => {
      rec.calls.push({ name, props });
      return <>{props.children}</>;
    };
    C.displayName = name;
    return C;
  };
  const names = ['ResponsiveContainer', 'ComposedChart', 'LineChart', 'BarChart', 'CartesianGrid', 'XAxis', 'YAxis', 'Tooltip', 'Line', 'Area', 'Bar', 'LabelList', 'ReferenceLine', 'ReferenceDot'];
  return { ...real, ...Object.fromEntries(names.map((n) => [n, recorder(n)])) };
});

afterEach(cleanup);
beforeEach(() => {
  rec.calls.length = 0;
});

/** The results of replications [0, n) of the incident preset (edited by `change`), as the page shows them mid-run. */
function viewOf(n: number, change: object = {}): ResultView {
  const s: Scenario = scenarioOf(merge(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 24 } }), change));
  const agg = runRange(s, 0, n);
  return { summary: summarize(agg, s), scenario: s, ecdf: ecdfOf(agg), ecdfFrom: 'sketch', replications: n, complete: false, runId: 1 };
}

/** Each chart, and whether it draws reference lines or dots (timeouts, limits). */
const CHARTS: Array<[string, (p: ChartProps) => ReactElement, boolean]> = [
  ['Phase 3 histogram', Phase3Histogram, true],
  ['Phase 3 ECDF', Phase3Ecdf, true],
  ['Cloud SQL connections', CloudSqlChart, true],
  ['VPC connector utilisation', ConnectorChart, true],
  ['VPC connector instances', ConnectorInstancesChart, true],
  ['pool waiters', PoolWaitersChart, false],
  ['containers by state', StatesChart, false],
  ['failures by cause', FailuresChart, false],
];

const AXES = ['XAxis', 'YAxis'];
const MARKS = ['ReferenceLine', 'ReferenceDot'];
const isPlain = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype;

/** What Recharts takes for the same axis prop: the same value, or for an object (a label) or the domain, equal entries. */
function sameForRecharts(key: string, a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (key === 'domain' && Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  if (isPlain(a) && isPlain(b)) return Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => Object.is(a[k], b[k]));
  return false;
}

/** The props each axis got, in render order, and how many times reference marks rendered. */
function drawn() {
  const axes = rec.calls.filter((c) => AXES.includes(c.name));
  return { axes, marks: rec.calls.filter((c) => MARKS.includes(c.name)).length, roots: rec.calls.filter((c) => /Chart$/.test(c.name)) };
}

/** Render `Chart` with `first`, then with `second`: the axes and marks of each drawing. */
function redraw(Chart: (p: ChartProps) => ReactElement, first: ChartProps, second: ChartProps) {
  const { rerender } = render(<Chart {...first} />);
  const a = drawn();
  rec.calls.length = 0;
  rerender(<Chart {...second} />);
  return { a, b: drawn() };
}

describe('a chart redrawn with new results keeps its axis props and reference marks', () => {
  const view = viewOf(12);
  const base = viewOf(12, { wave: { jitter: 20 } });

  it.each(CHARTS)('%s: the same results as new objects change nothing but the data', (_, Chart, marked) => {
    for (const props of [{ view, base: null }, { view, base }]) {
      const copy = { view: structuredClone(props.view), base: props.base && structuredClone(props.base) };
      const { a, b } = redraw(Chart, props, copy);
      cleanup();
      rec.calls.length = 0;
      expect(b.axes.map((c) => c.name)).toEqual(a.axes.map((c) => c.name));
      b.axes.forEach((c, i) => {
        for (const key of new Set([...Object.keys(c.props), ...Object.keys(a.axes[i].props)]))
          expect(sameForRecharts(key, a.axes[i].props[key], c.props[key]), `${c.name}.${key}${props.base ? ' (with a baseline)' : ''}`).toBe(true);
      });
      // The reference lines and dots were drawn the first time, and not again.
      if (marked) expect(a.marks).toBeGreaterThan(0);
      expect(b.marks).toBe(0);
      // The new data did reach the chart.
      expect(b.roots.length).toBeGreaterThan(0);
      expect(b.roots[0].props.data).not.toBe(a.roots[0].props.data);
    }
  });

  it.each(CHARTS)('%s: more replications merged: an axis array whose values stay is the same array', (_, Chart) => {
    const { a, b } = redraw(Chart, { view: viewOf(6), base: null }, { view: viewOf(12), base: null });
    b.axes.forEach((c, i) => {
      for (const [key, v] of Object.entries(c.props)) {
        const before = a.axes[i].props[key];
        if (Array.isArray(v) && key !== 'domain' && JSON.stringify(v) === JSON.stringify(before)) expect(v, `${c.name}.${key}`).toBe(before);
      }
    });
  });
});

describe('ticks and axisTicks', () => {
  it('give the very same array for equal ticks, whatever they were computed from', () => {
    expect(ticks(900)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(ticks(900)).toBe(ticks(900));
    expect(ticks(901)).toBe(ticks(900));
    expect(ticks(900, 5)).toEqual([0, 200, 400, 600, 800]);
    expect(axisTicks(104.8, true)).toBe(axisTicks(104.8, true));
    expect(axisTicks(101, true)).toBe(axisTicks(104.8, true));
  });

  it('the failures chart\'s ticks reach just past its longest bar', () => {
    const view = viewOf(12);
    render(<FailuresChart view={view} base={null} />);
    const t = rec.calls.find((c) => c.name === 'XAxis')!.props.ticks as readonly number[];
    const longest = Math.max(...Object.values(view.summary.failures)) / view.summary.replications;
    expect(longest).toBeGreaterThan(0);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(longest);
    expect(t[t.length - 2]).toBeLessThan(longest);
  });
});
