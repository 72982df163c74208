import type { z } from 'zod';
import { commaHint, overflowHint, quotedNumberHint, secondsHint } from './numberText';
import { FIELD_GROUPS, FIELDS, fieldKeyOf, getAt, rangeBounds, rangeText, type RangeBounds } from './catalogue';
import { scenarioSchema, SCENARIO_NAME_MAX, SCENARIO_VERSION, type Scenario } from './schema';
import { isPlainObject } from './json';
import { closestName } from '../didYouMean';
import { migrate, type MigrationNote } from './migrate';

/** One problem with a scenario: where, and what is wrong, in words that name the value and the allowed range. */
export interface ScenarioIssue {
  /** Dotted path, e.g. 'wave.containers'; '' for the scenario itself. */
  path: string;
  message: string;
}

/** `notes` (only when there are any): what migrating an older version kept that the user should know. */
export type Validation = { ok: true; scenario: Scenario; notes?: MigrationNote[] } | { ok: false; issues: ScenarioIssue[] };

const SHOW_MAX = 60;

/**
 * A short preview of any value, built piece by piece so a huge or cyclic value costs no more than the preview:
 * strings quoted as JSON, NaN and ±Infinity by name (JSON would print null), `…` where it is cut.
 */
function preview(v: unknown, budget: number, seen: Set<object>): string {
  if (typeof v === 'string') {
    const head = JSON.stringify(v.length > budget ? v.slice(0, budget) : v);
    return v.length > budget ? `${head.slice(0, -1)}…` : head;
  }
  // JSON reads a number past ±1.8e308 ("1e400") as ±Infinity: a file that holds no "Infinity" gets told why.
  if (v === Infinity || v === -Infinity) return `${String(v)} (any number past 1.8e308, e.g. 1e400)`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v === null || typeof v === 'boolean') return String(v);
  if (v === undefined) return 'missing';
  if (typeof v !== 'object') return typeof v === 'function' ? 'a function' : typeof v === 'bigint' ? `${v}n` : String(v);
  if (seen.has(v)) return '[circular]';
  seen.add(v);
  const isArray = Array.isArray(v);
  let out = isArray ? '[' : '{';
  let keys: string[];
  try {
    keys = isArray ? [] : Object.keys(v);
  } catch {
    return '{…}';
  }
  const n = isArray ? (v as unknown[]).length : keys.length;
  for (let i = 0; i < n; i++) {
    if (out.length >= budget) return `${out}…`;
    let item: string;
    try {
      if (isArray) item = preview((v as unknown[])[i], budget - out.length, seen);
      else {
        const k = preview(keys[i], budget - out.length, seen);
        item = `${k}:${preview((v as Record<string, unknown>)[keys[i]], budget - out.length - k.length, seen)}`;
      }
    } catch {
      item = '?';
    }
    out += (i ? ',' : '') + item;
  }
  seen.delete(v);
  return `${out}${isArray ? ']' : '}'}`;
}

/** Text from a user, a link or a file: shown as text, never markup, and never unbounded. */
export function showValue(v: unknown): string {
  let s: string;
  try {
    s = preview(v, SHOW_MAX, new Set());
  } catch {
    s = '?';
  }
  return s.length > SHOW_MAX ? `${s.slice(0, SHOW_MAX - 3)}…` : s;
}

/** The bounds of the number at `path`: a field or, one level down, a parameter of a distribution or start pattern (with the kind given). */
function boundsAt(path: readonly PropertyKey[], root: unknown): RangeBounds | null {
  const key = path.map(String).join('.');
  const f = FIELDS.get(key);
  if (f?.kind === 'number') return rangeBounds(f.meta);
  const parent = FIELDS.get(path.slice(0, -1).map(String).join('.'));
  const param = String(path[path.length - 1]);
  if (!parent?.variants) return null;
  const kind = (getAt(root, path.slice(0, -1) as (string | number)[]) as { kind?: unknown } | undefined)?.kind;
  const has = (v: { params: object }) => Object.hasOwn(v.params, param);
  const variant = parent.variants.find((v) => v.kind === kind && has(v)) ?? parent.variants.find(has);
  return variant ? rangeBounds(variant.params[param]) : null;
}

/** The field names allowed at `path` (the scenario, a group, or one kind of distribution or start pattern). */
function allowedKeys(path: readonly PropertyKey[], root: unknown): string[] | null {
  if (path.length === 0) return ['version', 'name', ...FIELD_GROUPS.map((g) => g.key)];
  const key = path.map(String).join('.');
  const group = FIELD_GROUPS.find((g) => g.key === key);
  if (group) return group.fields.map((f) => f.path[1]);
  const f = FIELDS.get(key);
  const kind = (getAt(root, path as (string | number)[]) as { kind?: unknown } | undefined)?.kind;
  const v = f?.variants?.find((x) => x.kind === kind);
  return v ? ['kind', ...Object.keys(v.params)] : null;
}

const choices = (values: readonly unknown[]) => values.map((v) => showValue(v)).join(', ');

/**
 * A rule across fields can flag a field the scenario leaves out (a retry base of 20 s over the default cap): its value
 * is then the default's, which nobody wrote, and the message says so.
 */
const unsetNote = (path: readonly PropertyKey[], root: unknown) =>
  getAt(root, path.map(String)) === undefined ? ' (the default: the scenario does not set it)' : '';

function describe(issue: z.core.$ZodIssue, root: unknown): ScenarioIssue {
  const path = issue.path.map(String).join('.');
  const value = 'input' in issue ? issue.input : undefined;
  const bounds = boundsAt(issue.path, root);
  // `allowed 1–5000 containers, whole numbers`, or `allowed above 0 and up to 3600 s`.
  const range = bounds ? `allowed ${rangeText(bounds)}` : null;
  const field = FIELDS.get(path);
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'string') {
        const chars = typeof value === 'string' ? ` (${value.length} characters)` : '';
        return issue.code === 'too_big'
          ? { path, message: `${showValue(value)}${chars} is too long: at most ${issue.maximum} characters` }
          : { path, message: `${showValue(value)} is too short: at least ${issue.minimum} characters` };
      }
      const bound =
        issue.code === 'too_small' ? `${issue.inclusive === false ? 'above' : 'at least'} ${issue.minimum}` : `${issue.inclusive === false ? 'below' : 'at most'} ${issue.maximum}`;
      return { path, message: `${showValue(value)} is out of range: ${range ?? bound}` };
    }
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'whole number' : issue.expected;
      if (value === undefined) return { path, message: `is required (${expected}${range ? `, ${range}` : ''})` };
      if (field?.variants)
        return { path, message: `${showValue(value)} is not a valid ${field.kind === 'pattern' ? 'start pattern' : 'distribution'}: expected an object with "kind" one of ${choices(field.variants.map((v) => v.kind))}` };
      const group = FIELD_GROUPS.find((g) => g.key === path);
      if (group)
        return { path, message: `${showValue(value)} is not a valid group: expected an object of its fields (${group.fields.map((x) => x.path[1]).join(', ')}), or leave it out for the defaults` };
      // An emptied entry (the form keeps the text typed) is empty, not '"" is not a valid number'.
      if (typeof value === 'string' && value.trim() === '') return { path, message: `is empty: expected a ${expected}${range ? ` (${range})` : ''}` };
      if (path === 'name') return { path, message: `${showValue(value)} is not a valid name: expected text of at most ${SCENARIO_NAME_MAX} characters, or leave it out` };
      // A switch takes JSON's true or false, unquoted ("yes", "true" and 1 are not read as one).
      if (issue.expected === 'boolean') return { path, message: `${showValue(value)} is not a valid boolean: allowed true or false (unquoted)` };
      return { path, message: `${showValue(value)} is not a valid ${expected}${quotedNumberHint(value)}${commaHint(value)}${overflowHint(value)}${secondsHint(value, bounds?.unit)}${range ? `: ${range}` : ''}` };
    }
    case 'not_multiple_of':
      return { path, message: `${showValue(value)} is not a valid whole number${range ? `: ${range}` : ''}` };
    case 'invalid_value':
      return { path, message: `${showValue(value)} is not allowed: choose one of ${choices(issue.values)}` };
    case 'unrecognized_keys': {
      const allowed = allowedKeys(issue.path, root);
      // Each misspelt key with the field it most likely meant ("containerz" → containers).
      const named = issue.keys.map((k) => {
        const near = allowed ? closestName(k, allowed) : null;
        return `${showValue(k)}${near === null ? '' : ` (did you mean ${near}?)`}`;
      });
      return {
        path,
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${named.join(', ')}${allowed ? `: allowed fields are ${allowed.join(', ')}` : ''}`,
      };
    }
    case 'invalid_union': {
      const kinds = (issue as { options?: unknown[] }).options;
      const kind = value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
      const allowed = kinds?.length ? `: choose one of ${choices(kinds)}` : '';
      if (kinds?.length && kind === undefined) return { path, message: `is required${allowed}` };
      if (kind !== undefined) return { path, message: `${showValue(kind)} is not a known kind${allowed}` };
      return { path, message: `${showValue(value)} is not a valid choice${allowed}` };
    }
    default:
      // A rule's "must …" reads after the value ("1 must be ≥ backoff base (5 s)"); anything else follows a colon.
      if (value === undefined) return { path, message: issue.message };
      return { path, message: `${showValue(value)}${unsetNote(issue.path, root)}${issue.message.startsWith('must ') ? ' ' : ': '}${issue.message}` };
  }
}

/**
 * The one entry point for untrusted scenarios (URL, file, pasted config, CLI, worker message): migrates old
 * versions, validates with the schema, and reports every problem at once. Never throws.
 */
export function validateScenario(input: unknown): Validation {
  const migrated = migrate(input);
  if (!migrated.ok) {
    // A scenario that only lacks its version is checked as the current one too, so that one fix is not followed by a
    // second round of errors: the missing version first, then what the current version would find.
    if (!isPlainObject(input) || input.version !== undefined) return { ok: false, issues: migrated.issues };
    const asCurrent = validateScenario({ ...input, version: SCENARIO_VERSION });
    return { ok: false, issues: [...migrated.issues, ...(asCurrent.ok ? [] : asCurrent.issues)] };
  }
  const r = scenarioSchema.safeParse(migrated.value, { reportInput: true });
  if (r.success) return migrated.notes.length ? { ok: true, scenario: r.data, notes: migrated.notes } : { ok: true, scenario: r.data };
  // One issue per field: zod may report one value twice (2.5 is below the range and not whole; 1e308 above the
  // max and past the safe-integer range), and the first message already gives the whole allowed range.
  const seen = new Set<string>();
  const issues: ScenarioIssue[] = [];
  for (const i of r.error.issues.map((x) => describe(x, migrated.value))) {
    if (!seen.has(i.path)) seen.add(i.path) && issues.push(i);
  }
  return { ok: false, issues };
}

/**
 * An issue as the form names its field, with the path kept for whoever repairs the text by hand:
 * "Containers starting (wave.containers): …", also under a prefix ("baseline.wave.containers").
 */
export function issueLine(i: ScenarioIssue): string {
  const parts = i.path.split('.');
  for (const from of [0, 1]) {
    const key = fieldKeyOf(parts.slice(from).join('.'));
    if (key) return `${FIELDS.get(key)!.meta.label} (${i.path}): ${i.message}`;
  }
  return `${i.path || 'scenario'}: ${i.message}`;
}

/** Issues as lines: `wave.containers: 9000 is out of range: allowed 1–5000 containers, whole numbers`. */
export function formatIssues(issues: ScenarioIssue[]): string {
  return issues.map((i) => `${i.path || '(scenario)'}: ${i.message}`).join('\n');
}
