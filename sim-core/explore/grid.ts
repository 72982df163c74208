import { FIELDS, NUMERIC_FIELDS, rangeText } from '../scenario/catalogue';
import { didYouMeanOrStop } from '../didYouMean';
import { describeValue } from '../report/describe';
import { exp, log } from '../math/portable';

/**
 * Which scenario fields the what-if tools may move, and the values they visit. A field's range, unit, integer
 * flag and preferred scale come from the schema's metadata (catalogue.ts), never from a second table here.
 */

/** A numeric scenario field as the explore tools use it. */
export interface ExploreField {
  /** Dotted path, e.g. 'timeouts.initialization'. */
  key: string;
  path: readonly string[];
  label: string;
  unit: string;
  min: number;
  max: number;
  integer: boolean;
  /** The schema suggests log steps (e.g. max_connections 5–100,000). */
  log: boolean;
}

/** How replications are keyed and counted: moving these is not a what-if, so no tool offers them. */
const NOT_EXPLORABLE: Record<string, string> = {
  'simulation.replications': 'it is how many replications run, not a property of the system',
  'simulation.seed': 'it keys the random streams; points compared on one seed share their random numbers',
  'simulation.detailReplication': 'it only picks which replication is kept for the timeline',
};

/**
 * Every field a sweep, heatmap, solve or sensitivity analysis can move: the system's in schema order, then the run
 * settings (the horizon), which change how the simulation runs rather than the system.
 */
export const EXPLORE_FIELDS: readonly ExploreField[] = [
  ...NUMERIC_FIELDS.filter((f) => f.path[0] !== 'simulation'),
  ...NUMERIC_FIELDS.filter((f) => f.path[0] === 'simulation'),
].filter((f) => !(f.key in NOT_EXPLORABLE)).map((f) => ({
  key: f.key,
  path: f.path,
  label: f.meta.label,
  unit: f.meta.unit,
  min: f.meta.min ?? -Infinity,
  max: f.meta.max ?? Infinity,
  integer: f.meta.integer ?? false,
  log: f.meta.log ?? false,
}));

/** The fields of the system (not the run settings): what a sensitivity analysis moves by default. */
export const SYSTEM_FIELDS: readonly ExploreField[] = EXPLORE_FIELDS.filter((f) => f.path[0] !== 'simulation');

const BY_KEY = new Map(EXPLORE_FIELDS.map((f) => [f.key, f]));

/** A choice of the system (a list of options, or on/off), as a sensitivity analysis moves it: to each other option. */
export interface ChoiceField {
  key: string;
  path: readonly string[];
  label: string;
  options: ReadonlyArray<{ value: string | boolean; label: string }>;
}

/**
 * The system's choices, in schema order: warm or lazy connections, the backoff policy, the connector's mode and
 * machine type, restarts on or off… Often the change that fixes a storm is one of these, not a number.
 */
export const SYSTEM_CHOICES: readonly ChoiceField[] = [...FIELDS.values()]
  .filter((f) => (f.kind === 'enum' || f.kind === 'boolean') && f.path[0] !== 'simulation')
  .map((f) => ({
    key: f.key,
    path: f.path,
    label: f.meta.label,
    // Labelled as reports write them (describeValue): an option's own label, "yes" or "no".
    options: (f.kind === 'boolean' ? [true, false] : (f.options ?? []).map((o) => o.value)).map((value) => ({ value, label: describeValue(f, value) })),
  }));

const CHOICE_BY_KEY = new Map(SYSTEM_CHOICES.map((f) => [f.key, f]));

/** A choice field by dotted path, or undefined. */
export function choiceField(key: string): ChoiceField | undefined {
  return CHOICE_BY_KEY.get(key);
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The explorable field `key` (a dotted path), or why not, with a did-you-mean and every valid path (`listed: false`
 * leaves the list out where the reader has one in front of them: the dashboard's form).
 * @example exploreField('timeouts.initialization')  // { ok: true, value: { min: 1, max: 1800, unit: 's', … } }
 * @example exploreField('wave.pattern')             // { ok: false, message: '"wave.pattern" is not a numeric field …' }
 */
export function exploreField(key: string, listed = true): Checked<ExploreField> {
  const f = BY_KEY.get(key);
  if (f) return { ok: true, value: f };
  const why = Object.hasOwn(NOT_EXPLORABLE, key) ? `cannot be explored: ${NOT_EXPLORABLE[key]}` : 'is not a numeric scenario field';
  const keys = EXPLORE_FIELDS.map((x) => x.key);
  const list = listed ? ` Valid fields: ${keys.join(', ')}` : ' The form lists the settings that can be explored.';
  return { ok: false, message: `${JSON.stringify(key)} ${why}${didYouMeanOrStop(key, keys)}${list}` };
}

/** A count unit is a plural noun and agrees with the value: "1 container", "2 containers", "1 vCPU"; "1 s" stays. */
export function unitFor(unit: string, value: number): string {
  return value === 1 && /^[a-zA-Z]{2,}s$/.test(unit) ? unit.slice(0, -1) : unit;
}

/** `75 s`, `1 container`: a value already written as text, with its field's unit. */
export function withUnit(text: string, value: number, f: Pick<ExploreField, 'unit'>): string {
  const unit = unitFor(f.unit, value);
  return unit ? `${text} ${unit}` : text;
}

/** Clamp to the field's range and round integer fields to the nearest whole number (inside the range). */
export function snap(f: ExploreField, x: number): number {
  const v = f.integer ? Math.round(x) : x;
  return Math.min(f.max, Math.max(f.min, v));
}

/** `name` (a flag or option, for the message) must lie in the field's range. */
export function checkInRange(f: ExploreField, x: number, name: string): Checked<number> {
  if (!Number.isFinite(x)) return { ok: false, message: `${name} ${x} is not a number: ${f.key} allows ${rangeText(f)}` };
  if (x < f.min || x > f.max) return { ok: false, message: `${name} ${x} is out of range: ${f.key} allows ${rangeText(f)}` };
  return { ok: true, value: x };
}

export interface GridSpec {
  from: number;
  to: number;
  /** Points, ends included (≥ 2; 1 gives just `from`). */
  steps: number;
  scale?: 'linear' | 'log';
}

/** Most points one axis may have: a sweep is a picture, not a census. */
export const MAX_STEPS = 1000;

/**
 * Values visited from `from` to `to` (either order): evenly spaced, or evenly spaced in log(x). Integer fields
 * are rounded and repeated values dropped, so an integer axis may have fewer points than `steps`. The ends are
 * exact; values are clamped to the field's range. Every message names the field (a heatmap has two axes).
 *
 * @example gridValues(initTimeout, { from: 30, to: 90, steps: 4 })              // [30, 50, 70, 90]
 * @example gridValues(maxConnections, { from: 10, to: 1000, steps: 3, scale: 'log' })  // [10, 100, 1000]
 * @example gridValues(containers, { from: 1, to: 3, steps: 5 })                  // [1, 2, 3]  (1, 1.5→2, 2, 2.5→3, 3)
 */
export function gridValues(f: ExploreField, spec: GridSpec): Checked<number[]> {
  const { from, to, steps, scale = 'linear' } = spec;
  for (const [name, x] of [['from', from], ['to', to]] as const) {
    const c = checkInRange(f, x, name);
    if (!c.ok) return c;
  }
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_STEPS) return { ok: false, message: `${f.key}: steps ${steps}: expected a whole number 1–${MAX_STEPS}` };
  if (scale === 'log' && (from <= 0 || to <= 0)) return { ok: false, message: `log steps need from and to above 0 (got ${from} and ${to} for ${f.key})` };
  if (from === to) return { ok: true, value: [snap(f, from)] };
  // One step visits `from` only: a `to` beside it would be ignored without a word.
  if (steps === 1) return { ok: false, message: `${f.key}: steps 1 visits from (${from}) only, not to (${to}): give 2 or more steps, or the same from and to` };
  const raw: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t = i / (steps - 1);
    let x: number;
    if (i === 0) x = from;
    else if (i === steps - 1) x = to;
    else {
      x = scale === 'log' ? exp(log(from) + t * (log(to) - log(from))) : from + t * (to - from);
      // 12 significant digits: 0.1 + 2 × 0.2 prints as 0.5, not 0.5000000000000001 (unless the steps are so
      // fine that rounding could reorder them).
      if (Math.abs(to - from) / steps > 1e-9 * Math.max(Math.abs(from), Math.abs(to))) x = Number(x.toPrecision(12));
    }
    raw.push(snap(f, x));
  }
  // Keep values strictly moving from `from` to `to`: drops repeats (rounded integers) and any interior value
  // that floating point put on or past a neighbour.
  const dir = Math.sign(to - from);
  const out = [raw[0]];
  for (let i = 1; i < raw.length; i++) {
    const x = raw[i];
    const last = i === raw.length - 1;
    if (dir * (x - out[out.length - 1]) > 0 && (last || dir * (raw[raw.length - 1] - x) > 0)) out.push(x);
  }
  return { ok: true, value: out };
}
