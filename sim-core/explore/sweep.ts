import { pilotPoints } from '../limits';
import type { AggregateJSON } from '../results/aggregate';
import type { SimulationResult } from '../results/summary';
import type { Scenario } from '../scenario/schema';
import type { ScenarioIssue } from '../scenario/validate';
import { checkRule, type ReplicationPolicy } from './adaptive';
import { exploreField, gridValues, type Checked, type ExploreField } from './grid';
import { DEFAULT_METRICS, metricsOf, type MetricKey } from './metrics';
import { buildPoint, replicationsProblem, type Assignment } from './points';
import { PointSetPlanner, policyCap, type PointSetRate } from './pointSet';
import { DEFAULT_BLOCK_SIZE, type Planner, type WorkUnit } from './work';

/**
 * 1-D sweep: one field over a range, breach rate with its 95% interval (and any headline metric) at every value.
 * Every point runs replications 0, 1, … of the same seed, so the points share their random numbers and the curve
 * is smooth; each point's numbers are exactly those of a single run of that scenario.
 */

export interface Axis {
  field: string;
  from: number;
  to: number;
  steps: number;
  scale?: 'linear' | 'log';
}

export interface AxisValues {
  field: ExploreField;
  values: number[];
}

/** Field lookup + grid, with messages that name the field and its range. */
export function axisValues(axis: Axis): Checked<AxisValues> {
  const f = exploreField(axis.field);
  if (!f.ok) return f;
  const v = gridValues(f.value, axis);
  if (!v.ok) return v;
  return { ok: true, value: { field: f.value, values: v.value } };
}

/** One point's outcome: its field values, and its rates and metrics or why it could not run. */
export type PointOutcome =
  | ({ ok: true; metrics: Partial<Record<MetricKey, number | null>> } & PointSetRate)
  | { ok: false; issues: ScenarioIssue[] };

/**
 * Points over a grid of assignments, some of which may not validate. Runs the valid ones with a
 * PointSetPlanner and maps results back to grid order. Sweeps and heatmaps are both this.
 */
export class GridRunner implements Planner<PointOutcome[]> {
  readonly inner: PointSetPlanner;
  /** For each grid cell: its index among the valid points, or its issues. */
  private readonly cells: Array<{ point: number } | { issues: ScenarioIssue[] }>;

  constructor(
    base: Scenario,
    assignments: readonly Assignment[],
    policy: ReplicationPolicy,
    readonly metrics: readonly MetricKey[] = DEFAULT_METRICS,
    blockSize = DEFAULT_BLOCK_SIZE,
  ) {
    const scenarios: Scenario[] = [];
    this.cells = assignments.map((a) => {
      const b = buildPoint(base, a, policyCap(policy));
      if (!b.ok) return { issues: b.issues };
      scenarios.push(b.scenario);
      return { point: scenarios.length - 1 };
    });
    this.inner = new PointSetPlanner(scenarios, policy, blockSize);
  }

  get points(): readonly Scenario[] {
    return this.inner.points;
  }

  next(): WorkUnit[] | null {
    return this.inner.next();
  }

  report(unit: WorkUnit, aggregate: AggregateJSON): void {
    this.inner.report(unit, aggregate);
  }

  result(): PointOutcome[] {
    const rates = this.inner.result();
    return this.cells.map((c) => {
      if ('issues' in c) return { ok: false, issues: c.issues };
      const r = rates[c.point];
      return { ok: true, ...r, metrics: r.replications ? metricsOf(this.inner.summary(c.point), this.metrics) : {} };
    });
  }

  /** The summary of grid cell `cell` (null for a cell that did not validate). */
  summary(cell: number): SimulationResult | null {
    const c = this.cells[cell];
    return c && 'point' in c ? this.inner.summary(c.point) : null;
  }

  /** The scenario of grid cell `cell` (null for a cell that did not validate). */
  scenario(cell: number): Scenario | null {
    const c = this.cells[cell];
    return c && 'point' in c ? this.inner.points[c.point] : null;
  }
}

export interface SweepSpec {
  axis: Axis;
  /** Replications per point: a count (default: the base scenario's) or an adaptive rule. */
  replications?: ReplicationPolicy;
  metrics?: readonly MetricKey[];
  blockSize?: number;
}

export type SweepPoint = { value: number } & PointOutcome;

export interface SweepResult {
  field: ExploreField;
  seed: number;
  metrics: readonly MetricKey[];
  points: SweepPoint[];
  replicationsSpent: number;
}

/**
 * A planner whose work is a GridRunner's: points, next and report go to the grid; each kind of what-if only
 * says what its result is.
 */
export abstract class GridPlanner<R> implements Planner<R> {
  constructor(readonly grid: GridRunner) {}

  get points(): readonly Scenario[] {
    return this.grid.points;
  }

  next(): WorkUnit[] | null {
    return this.grid.next();
  }

  report(unit: WorkUnit, aggregate: AggregateJSON): void {
    this.grid.report(unit, aggregate);
  }

  /**
   * The points whose replication 0 the work limit measures before a run (sim-core/limits.ts): the first, the
   * last and evenly spread ones, since work grows with a field's value one way or the other.
   */
  pilots(): Scenario[] {
    return pilotPoints(this.points);
  }

  abstract result(): R;
}

export class SweepPlanner extends GridPlanner<SweepResult> {
  constructor(
    readonly base: Scenario,
    readonly axis: AxisValues,
    grid: GridRunner,
  ) {
    super(grid);
  }

  result(): SweepResult {
    const outcomes = this.grid.result();
    return {
      field: this.axis.field,
      seed: this.base.simulation.seed,
      metrics: this.grid.metrics,
      points: outcomes.map((o, i) => ({ value: this.axis.values[i], ...o })),
      replicationsSpent: this.grid.inner.replicationsSpent,
    };
  }
}

/** Check the policy: a whole count ≥ 1, or a valid adaptive rule. */
export function checkPolicy(p: ReplicationPolicy): Checked<ReplicationPolicy> {
  if (typeof p === 'number') {
    const bad = replicationsProblem('replications', p);
    return bad ? { ok: false, message: bad } : { ok: true, value: p };
  }
  return checkRule(p);
}

/** A sweep of `base` over `spec.axis`, or what is wrong with the spec. Invalid points are reported in the result. */
export function sweepPlanner(base: Scenario, spec: SweepSpec): Checked<SweepPlanner> {
  const axis = axisValues(spec.axis);
  if (!axis.ok) return axis;
  const policy = checkPolicy(spec.replications ?? base.simulation.replications);
  if (!policy.ok) return policy;
  const f = axis.value.field;
  const grid = new GridRunner(base, axis.value.values.map((v) => [[f, v]] as const), policy.value, spec.metrics, spec.blockSize);
  return { ok: true, value: new SweepPlanner(base, axis.value, grid) };
}
