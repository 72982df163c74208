import { FIELDS, getAt, setAt } from '../scenario/catalogue';
import type { Scenario } from '../scenario/schema';
import { validateScenario, type ScenarioIssue } from '../scenario/validate';
import type { ExploreField } from './grid';

/**
 * A point of a what-if is the base scenario with some fields set, validated again like any other scenario: a
 * combination the schema rejects (say connector.minInstances ≥ maxInstances) is reported with the validator's
 * own messages, never thrown and never run.
 */
export type PointBuild = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

/** The most replications one point may run: the schema's bound on `simulation.replications`. */
export const MAX_REPLICATIONS: number = FIELDS.get('simulation.replications')!.meta.max!;

/** `replications 300000: expected a whole number 1–200,000 …`, or null. */
export function replicationsProblem(name: string, n: number, min = 1): string | null {
  if (Number.isSafeInteger(n) && n >= min && n <= MAX_REPLICATIONS) return null;
  return `${name} ${n}: expected a whole number ${min.toLocaleString('en-US')}–${MAX_REPLICATIONS.toLocaleString('en-US')} (the most simulation.replications allows)`;
}

/** Fields set to values: numbers for numeric fields, an option or on/off for a choice (sensitivity switches those). */
export type Assignment = ReadonlyArray<readonly [Pick<ExploreField, 'path'>, number | string | boolean]>;

/** `base` with each field of `assignment` set (and `simulation.replications` if given), validated. */
export function buildPoint(base: Scenario, assignment: Assignment, replications?: number): PointBuild {
  let s: unknown = base;
  for (const [f, v] of assignment) s = setAt(s, f.path, v);
  if (replications !== undefined) s = setAt(s, ['simulation', 'replications'], replications);
  const v = validateScenario(s);
  return v.ok ? { ok: true, scenario: v.scenario } : { ok: false, issues: v.issues };
}

/** `scenario` allowing `n` replications (executors that check block bounds against it then accept them). */
export function withReplications(scenario: Scenario, n: number): PointBuild {
  return buildPoint(scenario, [], n);
}

/**
 * [from, to] narrowed to the values of `f` that `base` accepts: a cross-field rule can forbid part of a field's own
 * range (max_connections below what is reserved and held by others, a timeout below the steps it contains). Each
 * end that is not valid moves toward `base`'s own value, which is, by bisection on validation alone (no run), to the
 * first valid value: a whole number for a whole-number field, else that value to two significant digits (rounded
 * into the valid side when the nearest is not valid). Assumes the valid values around `base`'s form one
 * interval, as bounds make them. A base value outside [from, to] leaves the range as it is.
 * @example validSpan(incident, maxConnections, 10, 1000) // { from: 23, to: 1000 } when 23 is the least it accepts
 */
export function validSpan(base: Scenario, f: ExploreField, from: number, to: number): { from: number; to: number } {
  const current = getAt(base, f.path as string[]);
  if (typeof current !== 'number' || !(from <= current && current <= to)) return { from, to };
  const valid = (x: number) => buildPoint(base, [[f, x]]).ok;
  // Whole numbers to the unit; others to far below what two significant digits keep (50 halvings of the span).
  const tolerance = f.integer ? 1 : (to - from) * 2 ** -50;
  /** From `bad` (invalid) toward `good` (valid): the valid value nearest `bad`. */
  const edge = (bad: number, good: number): number => {
    if (valid(bad)) return bad;
    while (Math.abs(good - bad) > tolerance) {
      const mid = f.integer ? Math.round((bad + good) / 2) : (bad + good) / 2;
      if (mid === bad || mid === good) break;
      if (valid(mid)) good = mid;
      else bad = mid;
    }
    if (f.integer || good === 0) return good;
    // Two significant digits, rounded into the valid side (up from a lower edge, down from an upper one).
    const exponent = Number(good.toExponential(1).split('e')[1]);
    const step = Number(`1e${exponent - 1}`);
    let nice = Number(good.toPrecision(2));
    if (!valid(nice)) nice = Number((bad < good ? nice + step : nice - step).toPrecision(12));
    // Kept only between `bad` and the scenario's own value: a rounding past it would drop it from the range.
    const between = (nice - current) * (bad - current) >= 0 && (nice - bad) * (current - bad) >= 0;
    return between && valid(nice) ? nice : good;
  };
  return { from: edge(from, current), to: edge(to, current) };
}
