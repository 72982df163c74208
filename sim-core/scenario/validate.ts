import type { z } from 'zod';
import { FIELDS } from './catalogue';
import { scenarioSchema, type Scenario } from './schema';
import { migrate } from './migrate';

/** One problem with a scenario: where, and what is wrong, in words that name the value and the allowed range. */
export interface ScenarioIssue {
  /** Dotted path, e.g. 'wave.containers'; '' for the scenario itself. */
  path: string;
  message: string;
}

export type Validation = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

/** Text from a user, a link or a file: shown as text, never markup, and never unbounded. */
export function showValue(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'missing' : JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function rangeText(key: string): string | null {
  const f = FIELDS.get(key);
  if (!f || f.kind !== 'number' || f.meta.min === undefined || f.meta.max === undefined) return null;
  const unit = f.meta.unit ? ` ${f.meta.unit}` : '';
  return `allowed ${f.meta.min}–${f.meta.max}${unit}${f.meta.integer ? ', whole numbers' : ''}`;
}

function describe(issue: z.core.$ZodIssue): ScenarioIssue {
  const path = issue.path.map(String).join('.');
  const value = 'input' in issue ? issue.input : undefined;
  const range = rangeText(path);
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      return { path, message: `${showValue(value)} is out of range: ${range ?? bound}` };
    }
    case 'invalid_type':
      if (value === undefined) return { path, message: `is required (${issue.expected})` };
      return { path, message: `${showValue(value)} is not a valid ${issue.expected === 'int' ? 'whole number' : issue.expected}${range ? `: ${range}` : ''}` };
    case 'not_multiple_of':
      return { path, message: `${showValue(value)} must be a whole number${range ? `: ${range}` : ''}` };
    case 'invalid_value':
      return { path, message: `${showValue(value)} is not allowed: choose one of ${issue.values.map((v) => showValue(v)).join(', ')}` };
    case 'unrecognized_keys':
      return { path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => showValue(k)).join(', ')}` };
    case 'invalid_union': {
      const kind = value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
      if (kind !== undefined) return { path, message: `${showValue(kind)} is not a known kind` };
      return { path, message: `${showValue(value)} is not a valid choice` };
    }
    default:
      return { path, message: value === undefined ? issue.message : `${showValue(value)}: ${issue.message}` };
  }
}

/**
 * The one entry point for untrusted scenarios (URL, file, pasted config, CLI, worker message): migrates old
 * versions, validates with the schema, and reports every problem at once. Never throws.
 */
export function validateScenario(input: unknown): Validation {
  const migrated = migrate(input);
  if (!migrated.ok) return { ok: false, issues: migrated.issues };
  const r = scenarioSchema.safeParse(migrated.value, { reportInput: true });
  if (r.success) return { ok: true, scenario: r.data };
  return { ok: false, issues: r.error.issues.map(describe) };
}

/** Issues as lines: `wave.containers: 9000 is out of range: allowed 1–5000 containers, whole numbers`. */
export function formatIssues(issues: ScenarioIssue[]): string {
  return issues.map((i) => `${i.path || '(scenario)'}: ${i.message}`).join('\n');
}
