import { FIELDS, setAt } from '../scenario/catalogue';
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

/** Field values that make one point. */
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
