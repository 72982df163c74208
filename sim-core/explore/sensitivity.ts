import { isHorizonCut } from '../results/summary';
import { getAt } from '../scenario/catalogue';
import type { Scenario } from '../scenario/schema';
import type { ScenarioIssue } from '../scenario/validate';
import type { ReplicationPolicy } from './adaptive';
import { SYSTEM_CHOICES, SYSTEM_FIELDS, choiceField, exploreField, snap, type Checked, type ChoiceField, type ExploreField } from './grid';
import { BREACH_RATE, checkMetric, type MetricKey } from './metrics';

/** Beside every switched choice: whether more or fewer containers end healthy (see AlternativeRow.healthyDelta). */
const HEALTHY: MetricKey = 'containers.healthyByHorizon';
import type { Assignment } from './points';
import type { PointRate } from './pointSet';
import { checkPolicy, GridPlanner, GridRunner } from './sweep';

/**
 * Sensitivity (tornado) data: how much a metric (the breach rate by default) moves when each numeric field
 * moves one step down and one step up from the base scenario, largest swing first.
 *
 * A step is a fraction of the field's value (default ±10%), or of the field's range when the value is 0 (a
 * jitter of 0 s moves to 10% of 0–600 s = 60 s), clamped to the range. Whole-number fields are rounded and move
 * by at least 1 unless at a bound. All points run the same replication indices as the base (common random
 * numbers), so a field the outcome does not depend on gives exactly the base's numbers: a swing of 0, last.
 *
 * Choices (warm or lazy connections, the backoff policy, the connector's mode…) have no step: each is switched to
 * each of its other options in turn, and listed apart (`alternatives`), largest change first.
 */

export interface SensitivitySpec {
  /** Relative step, 0 < step ≤ 1 (default 0.1). */
  step?: number;
  /** Fields to move, numeric or choices (default: every field of the system, not the run settings such as the horizon). */
  fields?: readonly string[];
  /** Absolute steps for some fields, in the field's unit, instead of the relative step (e.g. { 'wave.jitter': 15 }). */
  absolute?: Readonly<Record<string, number>>;
  /** What to rank by (default the Phase 3 breach rate). */
  metric?: MetricKey;
  replications?: ReplicationPolicy;
  blockSize?: number;
}

export interface TornadoRow {
  field: string;
  label: string;
  unit: string;
  base: number;
  low: number;
  high: number;
  /** The metric at low / high; null when that point is not a valid scenario. */
  valueLow: number | null;
  valueHigh: number | null;
  /** valueLow − base value, valueHigh − base value; null when that side has no value or did not move off the base. */
  deltaLow: number | null;
  deltaHigh: number | null;
  /**
   * Width of the bar: max − min of the metric over {low, base, high}; null when neither moved point measured it (both
   * invalid, without a value, or held at the base by the range), which is no evidence of "no effect".
   */
  swing: number | null;
  /** Why a moved point could not run. */
  issues: ScenarioIssue[];
  /** Which moved points were not valid scenarios (so did not run); a null value alone may also be a metric with no value. */
  notRun: Array<'low' | 'high'>;
  /** Replications of the low and high points the event guard cut short (their numbers are then partial). */
  truncatedReplications: number;
  /** Moved points whose horizon cut over HORIZON_CUT_LIMIT of the starts short of a verdict: their values read low. */
  horizonCut: Array<'low' | 'high'>;
}

/** A choice switched from the scenario's option to another. */
export interface AlternativeRow {
  field: string;
  label: string;
  /** The scenario's option and the one switched to, as values and as the dashboard labels them. */
  from: string | boolean;
  fromLabel: string;
  to: string | boolean;
  toLabel: string;
  /** The metric with the other option, and its change from the base; null when it has no value or did not run. */
  value: number | null;
  delta: number | null;
  /**
   * The change in the share of containers healthy by the horizon. A breach rate is per start: a switch that starts
   * less (restarts off, for one) can lower it while fewer containers get healthy, a fix in name only.
   */
  healthyDelta: number | null;
  issues: ScenarioIssue[];
  /** The switched scenario is not valid (so did not run). */
  notRun: boolean;
  truncatedReplications: number;
  /** The horizon cut over HORIZON_CUT_LIMIT of the switched scenario's starts short of a verdict: its value reads low. */
  horizonCut: boolean;
}

/**
 * A switch that lowers the breach rate while fewer containers end healthy: a fix in name only (the rate is per
 * start, and the switch starts less). Judged on the breach rate's change (for another metric, never).
 */
export function fewerHealthy(x: AlternativeRow, metric: MetricKey = BREACH_RATE): boolean {
  return metric === BREACH_RATE && x.delta !== null && x.delta < 0 && x.healthyDelta !== null && x.healthyDelta < 0;
}

export interface SensitivityResult {
  metric: MetricKey;
  step: number;
  seed: number;
  /** The base scenario's metric and breach rate. */
  base: { value: number | null } & PointRate;
  /** Largest swing first; ties in schema order. */
  rows: TornadoRow[];
  /** Every other option of every choice, largest |change| first (no value last); ties in schema order. */
  alternatives: AlternativeRow[];
  replicationsSpent: number;
}

/** The values one step below and above `base` for field `f` (see the module comment). */
export function stepValues(f: ExploreField, base: number, step: number, absolute?: number): { low: number; high: number } {
  const d = absolute ?? (base !== 0 ? Math.abs(base) * step : (f.max - f.min) * step);
  let low = snap(f, Number((base - d).toPrecision(12)));
  let high = snap(f, Number((base + d).toPrecision(12)));
  if (f.integer && low === base && base > f.min) low = base - 1;
  if (f.integer && high === base && base < f.max) high = base + 1;
  return { low, high };
}

interface Switch {
  field: ChoiceField;
  from: string | boolean;
  to: string | boolean;
  cell: number;
}

interface Move {
  field: ExploreField;
  base: number;
  low: number;
  high: number;
  /** Grid cells of the low and high points (0 = the base itself, when the field cannot move that way). */
  cellLow: number;
  cellHigh: number;
}

export class SensitivityPlanner extends GridPlanner<SensitivityResult> {
  constructor(
    readonly baseScenario: Scenario,
    readonly step: number,
    readonly metric: MetricKey,
    readonly moves: readonly Move[],
    readonly switches: readonly Switch[],
    grid: GridRunner,
  ) {
    super(grid);
  }

  result(): SensitivityResult {
    const cells = this.grid.result();
    const value = (k: number): number | null => {
      const c = cells[k];
      return c.ok ? (c.metrics[this.metric] ?? null) : null;
    };
    const base = cells[0];
    if (!base.ok) throw new Error('the base scenario did not validate'); // checked in sensitivityPlanner
    const b = value(0);
    const rows = this.moves.map((m): TornadoRow => {
      const lo = value(m.cellLow);
      const hi = value(m.cellHigh);
      // A side measures the field only if it has a value, as the base has, and moved off the base value: the range may
      // hold it there (0 cannot move down), and then it measured nothing, no change rather than a change of 0.
      const measuredLow = lo !== null && b !== null && m.low !== m.base;
      const measuredHigh = hi !== null && b !== null && m.high !== m.base;
      const moved = [measuredLow ? lo : null, measuredHigh ? hi : null].filter((x): x is number => x !== null);
      const issues = [m.cellLow, m.cellHigh].flatMap((k) => {
        const c = cells[k];
        return c.ok ? [] : c.issues;
      });
      return {
        field: m.field.key, label: m.field.label, unit: m.field.unit,
        base: m.base, low: m.low, high: m.high,
        valueLow: lo, valueHigh: hi,
        deltaLow: measuredLow ? lo - b : null,
        deltaHigh: measuredHigh ? hi - b : null,
        swing: moved.length === 0 ? null : Math.max(b!, ...moved) - Math.min(b!, ...moved),
        issues,
        notRun: (['low', 'high'] as const).filter((side) => !cells[side === 'low' ? m.cellLow : m.cellHigh].ok),
        truncatedReplications: [m.cellLow, m.cellHigh].reduce((sum, k) => {
          const c = cells[k];
          return sum + (k !== 0 && c.ok ? c.truncatedReplications : 0);
        }, 0),
        horizonCut: (['low', 'high'] as const).filter((side) => {
          const k = side === 'low' ? m.cellLow : m.cellHigh;
          const c = cells[k];
          return k !== 0 && c.ok && isHorizonCut(c);
        }),
      };
    });
    // Array.prototype.sort is stable: equal swings keep schema order; unmeasured ones last.
    rows.sort((x, y) => (y.swing ?? -1) - (x.swing ?? -1));
    const optionLabel = (f: ChoiceField, v: string | boolean) => f.options.find((o) => o.value === v)?.label ?? String(v);
    const healthy = (k: number): number | null => {
      const c = cells[k];
      return c.ok ? (c.metrics[HEALTHY] ?? null) : null;
    };
    const baseHealthy = healthy(0);
    const alternatives = this.switches.map((w): AlternativeRow => {
      const c = cells[w.cell];
      const value = c.ok ? (c.metrics[this.metric] ?? null) : null;
      const h = healthy(w.cell);
      return {
        field: w.field.key, label: w.field.label,
        from: w.from, fromLabel: optionLabel(w.field, w.from), to: w.to, toLabel: optionLabel(w.field, w.to),
        value, delta: value === null || b === null ? null : value - b,
        healthyDelta: h === null || baseHealthy === null ? null : h - baseHealthy,
        issues: c.ok ? [] : c.issues,
        notRun: !c.ok,
        truncatedReplications: c.ok ? c.truncatedReplications : 0,
        horizonCut: c.ok && isHorizonCut(c),
      };
    });
    const size = (x: AlternativeRow) => (x.delta === null ? -1 : Math.abs(x.delta));
    alternatives.sort((x, y) => size(y) - size(x));
    const { ok: _ok, metrics: _m, ...rate } = base;
    return { metric: this.metric, step: this.step, seed: this.baseScenario.simulation.seed, base: { value: b, ...rate }, rows, alternatives, replicationsSpent: this.grid.inner.replicationsSpent };
  }
}

/** A sensitivity analysis of `base`, or what is wrong with the spec. */
export function sensitivityPlanner(base: Scenario, spec: SensitivitySpec = {}): Checked<SensitivityPlanner> {
  const step = spec.step ?? 0.1;
  if (!(step > 0 && step <= 1)) return { ok: false, message: `step ${step}: expected a fraction above 0 and at most 1 (0.1 = ±10%)` };
  const metric = checkMetric(spec.metric ?? BREACH_RATE);
  if (!metric.ok) return metric;
  const fields: ExploreField[] = [];
  const choices: ChoiceField[] = [];
  for (const key of spec.fields ?? [...SYSTEM_FIELDS, ...SYSTEM_CHOICES].map((f) => f.key)) {
    const choice = choiceField(key);
    if (choice) {
      choices.push(choice);
      continue;
    }
    const f = exploreField(key);
    if (!f.ok) return { ok: false, message: `${f.message}; and the choices: ${SYSTEM_CHOICES.map((x) => x.key).join(', ')}` };
    fields.push(f.value);
  }
  for (const [key, d] of Object.entries(spec.absolute ?? {})) {
    const f = exploreField(key);
    if (!f.ok) return f;
    if (!(d > 0 && Number.isFinite(d))) return { ok: false, message: `step for ${key}: ${d} is not a positive number` };
  }
  const policy = checkPolicy(spec.replications ?? base.simulation.replications);
  if (!policy.ok) return policy;
  // Cell 0 is the base; a move that cannot go one way reuses it, so its delta is exactly 0.
  const assignments: Assignment[] = [[]];
  const moves: Move[] = fields.map((f) => {
    const v = getAt(base, f.path) as number;
    const { low, high } = stepValues(f, v, step, spec.absolute?.[f.key]);
    const cell = (x: number) => (x === v ? 0 : assignments.push([[f, x]]) - 1);
    return { field: f, base: v, low, high, cellLow: cell(low), cellHigh: cell(high) };
  });
  const switches: Switch[] = choices.flatMap((f) => {
    const from = getAt(base, f.path) as string | boolean;
    return f.options.filter((o) => o.value !== from).map((o) => ({ field: f, from, to: o.value, cell: assignments.push([[f, o.value]]) - 1 }));
  });
  const grid = new GridRunner(base, assignments, policy.value, metric.value === HEALTHY ? [HEALTHY] : [metric.value, HEALTHY], spec.blockSize);
  const first = grid.result()[0];
  if (!first.ok) return { ok: false, message: `base scenario: ${first.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` };
  return { ok: true, value: new SensitivityPlanner(base, step, metric.value, moves, switches, grid) };
}
