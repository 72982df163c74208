import type { z } from 'zod';
import type { FieldMeta } from './fields';
import { scenarioSchema } from './schema';
import { deepEqual } from './json';
import type { Switches } from './capacity';

/** The bounds of one number inside a distribution or a start pattern, read from the schema. */
export interface NumberBounds {
  min: number;
  max: number;
  /** `min` itself is not allowed (e.g. a lognormal's median must be above 0). */
  minExclusive: boolean;
  integer: boolean;
  unit: string;
}

/** What a range's text needs: its ends, and optionally an excluded minimum, whole numbers only, a unit. */
export interface RangeBounds {
  min: number;
  max: number;
  minExclusive?: boolean;
  integer?: boolean;
  unit?: string;
  /** What 0 stands for when it is not a quantity (FieldMeta.zero): said after the range. */
  zero?: string;
}

/** Bounds with both ends (a field's metadata, a parameter's bounds), or null when an end is missing. */
export function rangeBounds(b: Partial<RangeBounds>): RangeBounds | null {
  return b.min === undefined || b.max === undefined ? null : { ...b, min: b.min, max: b.max };
}

/**
 * A field's range as every message and hint writes it: `1–5000 containers, whole numbers`, `above 0 and up to
 * 3600 s`, or `0–2000 handshakes, whole numbers; 0 = no limit`. `show` writes each end (the dashboard groups digits;
 * messages keep them as they would be typed).
 */
export function rangeText(b: RangeBounds, show: (x: number) => string = String): string {
  const unit = b.unit ? ` ${b.unit}` : '';
  const range = b.minExclusive ? `above ${show(b.min)} and up to ${show(b.max)}${unit}` : `${show(b.min)}–${show(b.max)}${unit}`;
  return `${range}${b.integer ? ', whole numbers' : ''}${b.zero !== undefined && b.min === 0 ? `; 0 = ${b.zero}` : ''}`;
}

/** One kind of a distribution or start pattern (e.g. 'lognormal') and its numeric parameters (with a label when the schema gives one). */
export interface Variant {
  kind: string;
  params: Record<string, NumberBounds & { label?: string }>;
}

/** One editable scenario field as the UI and the sweep tools see it, derived from the schema. */
export interface FieldInfo {
  path: string[];
  /** Dotted path, e.g. 'wave.containers'. */
  key: string;
  kind: 'number' | 'enum' | 'boolean' | 'distribution' | 'pattern';
  meta: FieldMeta;
  options?: { value: string; label: string }[];
  /** Distributions and start patterns: every kind with its parameters, in schema order. */
  variants?: Variant[];
  default: unknown;
}

export interface GroupInfo {
  key: string;
  label: string;
  help: string;
  fields: FieldInfo[];
}

type Check = { _zod: { def: { check: string; value?: number; inclusive?: boolean } } };
type Def = {
  type: string; innerType?: z.ZodType; defaultValue?: unknown; shape?: Record<string, z.ZodType>; options?: z.ZodType[];
  entries?: Record<string, string>; values?: unknown[]; checks?: Check[];
};
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Unwrap default/prefault/optional wrappers, collecting the default value. */
function unwrap(s: z.ZodType): { schema: z.ZodType; default: unknown; meta: Record<string, unknown> | undefined } {
  let schema = s;
  let dflt: unknown;
  let meta = s.meta() as Record<string, unknown> | undefined;
  for (;;) {
    const d = defOf(schema);
    if (d.type === 'default' || d.type === 'prefault') {
      dflt = d.defaultValue;
      schema = d.innerType!;
      meta = meta ?? (schema.meta() as Record<string, unknown> | undefined);
    } else if (d.type === 'optional' || d.type === 'pipe') {
      schema = d.innerType ?? schema;
      if (d.type === 'pipe') break;
    } else break;
  }
  return { schema, default: dflt, meta };
}

/** Bounds of a number schema, from its checks (`min`, `gt`, `max`, `multipleOf(1)`, `int`). */
function numberBounds(s: z.ZodType, unit: string): NumberBounds {
  const b: NumberBounds = { min: -Infinity, max: Infinity, minExclusive: false, integer: false, unit };
  for (const c of defOf(s).checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'greater_than' && d.value !== undefined) [b.min, b.minExclusive] = [d.value, d.inclusive === false];
    else if (d.check === 'less_than' && d.value !== undefined) b.max = d.value;
    else if (d.check === 'number_format' || (d.check === 'multiple_of' && d.value === 1)) b.integer = true;
  }
  return b;
}

/** The kinds of a discriminated union (distribution, start pattern) with their numeric parameters. */
function variantsOf(s: z.ZodType, unit: string): Variant[] {
  let u = s;
  while (defOf(u).type !== 'union' && defOf(u).innerType) u = defOf(u).innerType!;
  return (defOf(u).options ?? []).map((o) => {
    const shape = defOf(o).shape ?? {};
    const kind = String(defOf(shape.kind).values?.[0]);
    const params: Variant['params'] = {};
    for (const [k, v] of Object.entries(shape)) {
      let x = v;
      while (defOf(x).type === 'optional') x = defOf(x).innerType!;
      const m = x.meta() as { unit?: string; label?: string } | undefined;
      if (defOf(x).type === 'number') params[k] = { ...numberBounds(x, String(m?.unit ?? unit)), ...(m?.label ? { label: m.label } : {}) };
    }
    return { kind, params };
  });
}

function fieldInfo(path: string[], s: z.ZodType): FieldInfo {
  const u = unwrap(s);
  const meta = u.meta as unknown as FieldMeta & { labels?: Record<string, string> };
  const d = defOf(u.schema);
  const base = { path, key: path.join('.'), meta, default: u.default };
  if (d.type === 'number') return { ...base, kind: 'number' };
  if (d.type === 'boolean') return { ...base, kind: 'boolean' };
  if (d.type === 'enum') {
    const values = Object.values(d.entries ?? {});
    return { ...base, kind: 'enum', options: values.map((v) => ({ value: v, label: meta.labels?.[v] ?? v })) };
  }
  const isPattern = path[path.length - 1] === 'pattern';
  // A distribution's parameters are all in seconds; a start pattern's carry their own units.
  return { ...base, kind: isPattern ? 'pattern' : 'distribution', variants: variantsOf(u.schema, isPattern ? '' : 's') };
}

function buildGroups(): GroupInfo[] {
  const root = defOf(unwrap(scenarioSchema as unknown as z.ZodType).schema);
  const groups: GroupInfo[] = [];
  for (const [key, groupSchema] of Object.entries(root.shape ?? {})) {
    const u = unwrap(groupSchema);
    const gd = defOf(u.schema);
    if (gd.type !== 'object' || !u.meta) continue;
    groups.push({
      key,
      label: String(u.meta.label),
      help: String(u.meta.help),
      fields: Object.entries(gd.shape ?? {}).map(([k, f]) => fieldInfo([key, k], f)),
    });
  }
  return groups;
}

/**
 * The groups as an SRE walks through a startup: wave, phases, Phase 3, pool, connector, Cloud SQL, timeouts, retries,
 * restarts, then how the simulation runs. The form, `fields`, the report and messages list them so; a group missing here
 * comes last, in schema order (the schema's own order is a scenario file's, `show`'s).
 */
const GROUP_ORDER = ['wave', 'phases', 'phase3', 'pool', 'connector', 'cloudSql', 'timeouts', 'retry', 'restart', 'simulation'];
const groupRank = (key: string) => (GROUP_ORDER.includes(key) ? GROUP_ORDER.indexOf(key) : GROUP_ORDER.length);

/** Every group of the scenario with its fields, in GROUP_ORDER. */
export const FIELD_GROUPS: GroupInfo[] = buildGroups().sort((a, b) => groupRank(a.key) - groupRank(b.key));

/** Every field by dotted path. */
export const FIELDS: ReadonlyMap<string, FieldInfo> = new Map(FIELD_GROUPS.flatMap((g) => g.fields.map((f) => [f.key, f] as const)));

/** Numeric fields: the ones a sweep or a sensitivity analysis can move. */
export const NUMERIC_FIELDS: FieldInfo[] = [...FIELDS.values()].filter((f) => f.kind === 'number');

export function getAt(obj: unknown, path: readonly (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** The unit of the number at `path`: a field's, or a distribution's or start pattern's parameter's ('' if none). */
export function unitAt(path: readonly string[]): string {
  const f = FIELDS.get(path.join('.'));
  if (f) return f.meta.unit ?? '';
  const param = path[path.length - 1];
  const parent = FIELDS.get(path.slice(0, -1).join('.'));
  return parent?.variants?.find((v) => param in v.params)?.params[param].unit ?? '';
}

/** The setting a dotted path belongs to (a distribution's median belongs to the distribution), or null. */
export function fieldKeyOf(path: string): string | null {
  for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
    const key = parts.join('.');
    if (FIELDS.has(key)) return key;
  }
  return null;
}

/** Fields of `a` that differ from `b`, as dotted paths. */
export function changedFields(a: unknown, b: unknown): string[] {
  return [...FIELDS.values()].filter((f) => !deepEqual(getAt(a, f.path), getAt(b, f.path))).map((f) => f.key);
}

/**
 * Settings of the system (every field but the simulation group: replications, seed, horizon change the precision,
 * not the system) in which `a` differs from `b`, as dotted paths.
 */
export function settingsChanged(a: unknown, b: unknown): string[] {
  return changedFields(a, b).filter((k) => !isRunSetting(k));
}

/** A field of the simulation group (replications, seed, horizon, replication shown): the run's, not the system's. */
export const isRunSetting = (key: string): boolean => key.startsWith('simulation.');

/** Immutable set: returns a copy of `obj` with `value` at `path` (creating objects on the way). */
export function setAt<T>(obj: T, path: readonly (string | number)[], value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  const base = (obj !== null && typeof obj === 'object' ? obj : {}) as Record<string | number, unknown>;
  return { ...base, [head]: setAt(base[head], rest, value) } as T;
}

/** A choice field's values, from the schema. */
const valuesOf = (key: string): readonly unknown[] => FIELDS.get(key)?.options?.map((o) => o.value) ?? [];
const EGRESS_MODES = valuesOf('connector.mode');
const CONNECTION_MODES = valuesOf('phase3.connectionMode');
const RETRY_POLICIES = valuesOf('retry.policy');

/**
 * The switches of a draft (the form's JSON, which may be invalid elsewhere) for `unusedBecause`, each where it holds one
 * of its values; null without a valid egress, which decides the most. The form reads them as chosen, even while
 * another field is invalid (the last valid scenario would lag behind them).
 */
export function switchesOf(draft: unknown): Switches | null {
  const d = (draft ?? {}) as { connector?: { mode?: unknown }; phase3?: { connectionMode?: unknown }; retry?: { policy?: unknown }; restart?: { enabled?: unknown } };
  const mode = d.connector?.mode;
  if (!EGRESS_MODES.includes(mode)) return null;
  const connectionMode = d.phase3?.connectionMode;
  const policy = d.retry?.policy;
  const enabled = d.restart?.enabled;
  return {
    connector: { mode: mode as Switches['connector']['mode'] },
    ...(CONNECTION_MODES.includes(connectionMode) ? { phase3: { connectionMode: connectionMode as NonNullable<Switches['phase3']>['connectionMode'] } } : {}),
    ...(RETRY_POLICIES.includes(policy) ? { retry: { policy: policy as NonNullable<Switches['retry']>['policy'] } } : {}),
    ...(typeof enabled === 'boolean' ? { restart: { enabled } } : {}),
  };
}
