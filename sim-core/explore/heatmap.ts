import type { Scenario } from '../scenario/schema';
import type { ReplicationPolicy } from './adaptive';
import type { Checked, ExploreField } from './grid';
import type { MetricKey } from './metrics';
import { axisValues, checkPolicy, GridPlanner, GridRunner, type Axis, type AxisValues, type PointOutcome } from './sweep';
import { exp, log } from '../math/portable';
import { pilotPoints } from '../limits';
import { HORIZON_CUT_MARK, isHorizonCut } from '../results/summary';

/**
 * 2-D heatmap: two fields over a grid, coloured by breach rate, with the contour where the rate crosses a
 * target. Cells are numbered row by row: cell = iy · nx + ix (x = the first field, across; y = the second, down).
 */

export interface HeatmapSpec {
  x: Axis;
  y: Axis;
  /** The contour's breach rate, e.g. 0.01. */
  target: number;
  replications?: ReplicationPolicy;
  metrics?: readonly MetricKey[];
  blockSize?: number;
}

/**
 * The rates a contour may follow, row by row: a cell with no rate, or one the horizon cut short (its rate reads low,
 * so a crossing through it could draw a fix that is only a short horizon), is a gap.
 */
export function contourRates(cells: readonly HeatmapCell[], nx: number): Array<Array<number | null>> {
  const rows: Array<Array<number | null>> = [];
  for (let k = 0; k < cells.length; k += nx)
    rows.push(cells.slice(k, k + nx).map((c) => (c.ok && c.starts > 0 && !isHorizonCut(c) ? c.breachRate : null)));
  return rows;
}

/** Where the trusted rates cross `target` along each row and each column (by linear or log interpolation). */
export function contourOf(
  xs: readonly number[], ys: readonly number[], cells: readonly HeatmapCell[], target: number, xScale: 'linear' | 'log', yScale: 'linear' | 'log',
): HeatmapResult['contour'] {
  const rates = contourRates(cells, xs.length);
  return {
    rows: ys.map((y, iy) => ({ y, x: crossings(xs, rates[iy], target, xScale) })),
    columns: xs.map((x, ix) => ({ x, y: crossings(ys, rates.map((row) => row[ix]), target, yScale) })),
  };
}

/**
 * How a cell stands against the target: `meets` when the upper end of its 95% interval is at or below it (what
 * solve asks of an answer), `estimate` when only its point estimate is (the interval straddles the target: more
 * replications would decide), `misses` otherwise; `cut` when the horizon cut more than HORIZON_CUT_LIMIT of its
 * start attempts short of a verdict (its rate is not to be trusted either way); null for a cell with no rate (invalid,
 * or nothing run yet). The contour follows the point estimates.
 */
export function cellStanding(c: HeatmapCell, target: number): 'meets' | 'estimate' | 'misses' | 'cut' | null {
  if (!c.ok || c.starts === 0) return null;
  // The horizon cut too many attempts short of a verdict: the rate leans to the quick outcomes and meets nothing.
  if (isHorizonCut(c)) return 'cut';
  if (c.breachCi95[1] <= target) return 'meets';
  return c.breachRate <= target ? 'estimate' : 'misses';
}

/** How the CLI table and the dashboard's table mark a cell's standing (a cell that misses has no mark). */
export const STANDING_MARK = { meets: '✓', estimate: '~', misses: '', cut: HORIZON_CUT_MARK } as const;

/** Most cells a heatmap may have. */
export const MAX_CELLS = 10_000;

export type HeatmapCell = { x: number; y: number } & PointOutcome;

export interface HeatmapResult {
  x: { field: ExploreField; values: number[]; scale: 'linear' | 'log' };
  y: { field: ExploreField; values: number[]; scale: 'linear' | 'log' };
  target: number;
  seed: number;
  metrics: readonly MetricKey[];
  /** Row by row (y outer, x inner). */
  cells: HeatmapCell[];
  /** Breach rate per cell as rates[iy][ix]; null where the scenario did not validate or has no start yet. */
  rates: Array<Array<number | null>>;
  /** Where the breach rate crosses `target`: along each row (x at fixed y) and along each column (y at fixed x). */
  contour: {
    rows: Array<{ y: number; x: number[] }>;
    columns: Array<{ x: number; y: number[] }>;
  };
  replicationsSpent: number;
}

/**
 * Where a piecewise-linear curve through (xs[i], values[i]) crosses `target`, by linear interpolation between
 * neighbours on opposite sides (in log x for a log axis). A point exactly at the target counts once; pairs with
 * a missing value are skipped.
 *
 * @example crossings([10, 20, 30], [0.5, 0.1, 0.0], 0.3)  // [15]
 * @example crossings([1, 100], [0, 1], 0.5, 'log')          // [10]
 */
export function crossings(xs: readonly number[], values: ReadonlyArray<number | null>, target: number, scale: 'linear' | 'log' = 'linear'): number[] {
  const out: number[] = [];
  const t = scale === 'log' ? log : (x: number) => x;
  const inv = scale === 'log' ? exp : (x: number) => x;
  for (let i = 0; i < xs.length; i++) {
    const a = values[i];
    if (a === null) continue;
    if (a === target) {
      out.push(xs[i]);
      continue;
    }
    const b = values[i + 1];
    if (b === undefined || b === null || b === target || (a - target) * (b - target) > 0) continue;
    const u = (target - a) / (b - a);
    out.push(Number(inv(t(xs[i]) + u * (t(xs[i + 1]) - t(xs[i]))).toPrecision(12)));
  }
  return out;
}

export class HeatmapPlanner extends GridPlanner<HeatmapResult> {
  constructor(
    readonly base: Scenario,
    readonly spec: HeatmapSpec,
    readonly x: AxisValues,
    readonly y: AxisValues,
    grid: GridRunner,
  ) {
    super(grid);
  }

  /** The grid's corners (work grows with each field one way or the other) and a few cells between. */
  override pilots(): Scenario[] {
    const [nx, ny] = [this.x.values.length, this.y.values.length];
    const corners = [0, nx - 1, (ny - 1) * nx, ny * nx - 1].map((c) => this.grid.scenario(c)).filter((p): p is Scenario => p !== null);
    return [...new Set([...corners, ...pilotPoints(this.points, 3)])];
  }

  result(): HeatmapResult {
    const nx = this.x.values.length;
    const outcomes = this.grid.result();
    const cells = outcomes.map((o, k) => ({ x: this.x.values[k % nx], y: this.y.values[Math.floor(k / nx)], ...o }));
    const rates = this.y.values.map((_, iy) =>
      this.x.values.map((_, ix) => {
        const c = outcomes[iy * nx + ix];
        return c.ok && c.starts > 0 ? c.breachRate : null;
      }),
    );
    const T = this.spec.target;
    const xScale = this.spec.x.scale ?? 'linear';
    const yScale = this.spec.y.scale ?? 'linear';
    return {
      x: { field: this.x.field, values: this.x.values, scale: xScale },
      y: { field: this.y.field, values: this.y.values, scale: yScale },
      target: T,
      seed: this.base.simulation.seed,
      metrics: this.grid.metrics,
      cells,
      rates,
      contour: contourOf(this.x.values, this.y.values, cells, T, xScale, yScale),
      replicationsSpent: this.grid.inner.replicationsSpent,
    };
  }
}

/** A heatmap of `base` over two fields, or what is wrong with the spec. */
export function heatmapPlanner(base: Scenario, spec: HeatmapSpec): Checked<HeatmapPlanner> {
  const x = axisValues(spec.x);
  if (!x.ok) return x;
  const y = axisValues(spec.y);
  if (!y.ok) return y;
  if (x.value.field.key === y.value.field.key) return { ok: false, message: `the two axes are both ${spec.x.field}: choose two different fields` };
  const cellCount = x.value.values.length * y.value.values.length;
  if (cellCount > MAX_CELLS) return { ok: false, message: `${x.value.values.length} × ${y.value.values.length} = ${cellCount} cells: at most ${MAX_CELLS}` };
  if (!(spec.target > 0 && spec.target < 1)) return { ok: false, message: `target ${spec.target}: expected a breach rate above 0 and below 1` };
  const policy = checkPolicy(spec.replications ?? base.simulation.replications);
  if (!policy.ok) return policy;
  const fx = x.value.field;
  const fy = y.value.field;
  const assignments = y.value.values.flatMap((vy) => x.value.values.map((vx) => [[fx, vx], [fy, vy]] as const));
  const grid = new GridRunner(base, assignments, policy.value, spec.metrics, spec.blockSize);
  return { ok: true, value: new HeatmapPlanner(base, spec, x.value, y.value, grid) };
}
