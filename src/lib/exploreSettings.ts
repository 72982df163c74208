import { FIELD_GROUPS, getAt, rangeText } from '../../sim-core/scenario/catalogue';
import type { Scenario } from '../../sim-core/scenario/schema';
import { EXPLORE_FIELDS, exploreField, snap, withUnit, type ExploreField } from '../../sim-core/explore/grid';
import { BREACH_RATE, METRICS, checkMetric, type Metric, type MetricKey } from '../../sim-core/explore/metrics';
import type { ReplicationPolicy } from '../../sim-core/explore/adaptive';
import type { Direction } from '../../sim-core/explore/solve';
import { commaHint, parseQuantity } from '../../sim-core/scenario/numberText';
// Replications per point or probe: at most what the engine runs for one scenario (simulation.replications' maximum).
import { MAX_REPLICATIONS, validSpan } from '../../sim-core/explore/points';

/**
 * The Explore view's settings as the user edits them. A number entry holds the number when its text parses,
 * else the text as typed (like the scenario draft), so a mistyped value stays in its field with its message
 * and nothing runs until it is fixed. Percentages (targets, steps, half-widths) are in the unit shown: 1 = 1%.
 */

export type ExploreKind = 'sweep' | 'heatmap' | 'solve' | 'sensitivity' | 'precision';
export const EXPLORE_KINDS: readonly ExploreKind[] = ['sweep', 'heatmap', 'solve', 'sensitivity', 'precision'];

export const KIND_LABEL: Record<ExploreKind, string> = {
  sweep: 'Sweep',
  heatmap: 'Heatmap',
  solve: 'Solve for a target',
  sensitivity: 'Sensitivity',
  precision: 'Precision',
};

export const KIND_HELP: Record<ExploreKind, string> = {
  sweep: 'Move one setting over a range and see the breach rate (with its 95% band) at each value.',
  heatmap: 'Move two settings over a grid, coloured by breach rate, with the line where it crosses a target.',
  solve: 'Find the smallest (or largest) value of one setting that keeps the breach rate at or below a target with 95% confidence.',
  sensitivity: 'Move every setting a step down and up from the scenario, switch every choice to each of its other options, and rank them by how much the breach rate moves.',
  precision: 'Run the scenario until the breach rate is known to ± a chosen number of percentage points, instead of a fixed count.',
};

/** A number entry: the number, or the text as typed when it is not one. */
export type Num = number | string;

export type Scale = 'linear' | 'log';

export interface AxisDraft {
  field: string;
  from: Num;
  to: Num;
  steps: Num;
  scale: Scale;
}

export interface PrecisionDraft {
  /** Fixed count per point, or adaptive (until the breach rate's 95% CI lies within ± `halfWidthPts`). */
  mode: 'fixed' | 'adaptive';
  /** Fixed count per point; '' = the scenario's replications. */
  replications: Num;
  /** Half-width goal in percentage points (1 = ±1 point). */
  halfWidthPts: Num;
  maxReplications: Num;
}

export interface ExploreDraft {
  kind: ExploreKind;
  sweep: { axis: AxisDraft; metric: MetricKey };
  heatmap: { x: AxisDraft; y: AxisDraft; targetPct: Num };
  solve: { field: string; direction: Direction; targetPct: Num; from: Num; to: Num; initialReplications: Num; maxReplications: Num; budget: Num };
  sensitivity: { stepPct: Num; metric: MetricKey };
  precision: PrecisionDraft;
}

/** One problem with an entry, at its path in the draft (e.g. `sweep.axis.from`). */
export interface ExploreIssue {
  path: string;
  message: string;
}

/** Most points of a sweep and per heatmap axis in the dashboard (a picture, and a browser). */
export const MAX_SWEEP_STEPS = 200;
export const MAX_AXIS_STEPS = 40;

export const EXPLORE_DEFAULT: ExploreDraft = {
  kind: 'sweep',
  // "How far can we push the wave?", "how many connections do we need?" — the incident's questions.
  sweep: { axis: { field: 'wave.containers', from: 2, to: 20, steps: 10, scale: 'linear' }, metric: 'containers.healthyByHorizon' },
  heatmap: {
    x: { field: 'wave.containers', from: 2, to: 16, steps: 8, scale: 'linear' },
    y: { field: 'cloudSql.maxConnections', from: 25, to: 400, steps: 5, scale: 'log' },
    targetPct: 5,
  },
  solve: { field: 'wave.containers', direction: 'max', targetPct: 5, from: 1, to: 100, initialReplications: 100, maxReplications: 800, budget: 10_000 },
  sensitivity: { stepPct: 10, metric: BREACH_RATE },
  precision: { mode: 'fixed', replications: '', halfWidthPts: 1, maxReplications: 5000 },
};

// ---- Fields ----

const GROUP_LABEL = new Map(FIELD_GROUPS.map((g) => [g.key, g.label]));

/** EXPLORE_FIELDS by catalogue group, for pickers. */
export const FIELD_OPTION_GROUPS: Array<{ label: string; fields: ExploreField[] }> = (() => {
  const out: Array<{ label: string; fields: ExploreField[] }> = [];
  for (const f of EXPLORE_FIELDS) {
    const label = GROUP_LABEL.get(f.path[0]) ?? f.path[0];
    const g = out.find((x) => x.label === label);
    if (g) g.fields.push(f);
    else out.push({ label, fields: [f] });
  }
  return out;
})();

export function fieldOf(key: string): ExploreField | null {
  const f = exploreField(key);
  return f.ok ? f.value : null;
}

/** "Initialization timeout (s)" */
export function fieldLabel(f: ExploreField | null | undefined, key = ''): string {
  if (!f) return key;
  return `${f.label}${f.unit ? ` (${f.unit})` : ''}`;
}

/**
 * A range around the scenario's value for a newly picked field: half to twice the value (a tenth of the range from
 * 0), narrowed to the values the scenario accepts (validSpan).
 */
export function defaultRange(f: ExploreField, scenario: Scenario | null | undefined): { from: number; to: number; scale: Scale } {
  const r = aroundValue(f, baseValue(scenario, f));
  return scenario ? { ...r, ...validSpan(scenario, f, r.from, r.to) } : r;
}

/**
 * The values the solve form searches for a newly picked field: its whole range, unless vast (then a wide range
 * around the scenario's value), narrowed to what the scenario accepts.
 */
export function solveRange(f: ExploreField, scenario: Scenario | null | undefined): { from: number; to: number } {
  const r = f.max - f.min <= 10_000 ? { from: f.min, to: f.max } : (({ from, to }) => ({ from: Math.max(f.min, from / 5), to: Math.min(f.max, to * 5) }))(aroundValue(f, baseValue(scenario, f)));
  return scenario ? validSpan(scenario, f, r.from, r.to) : r;
}

function aroundValue(f: ExploreField, base: number | undefined): { from: number; to: number; scale: Scale } {
  const nice = (x: number) => Number(x.toPrecision(2));
  const v = typeof base === 'number' && Number.isFinite(base) ? base : f.min;
  let from: number;
  let to: number;
  if (v > 0) {
    from = snap(f, nice(v / 2));
    to = snap(f, nice(v * 2));
  } else {
    from = f.min;
    to = snap(f, nice(f.min + (Math.min(f.max, f.min + 1000) - f.min) / 10 || 1));
  }
  if (from === to) [from, to] = [f.min, snap(f, f.integer ? f.min + 10 : f.max)];
  const scale: Scale = f.log && from > 0 ? 'log' : 'linear';
  return { from, to, scale };
}

/** The base value of a field in a scenario. */
export function baseValue(s: Scenario | null | undefined, f: ExploreField): number | undefined {
  const v = s ? getAt(s, f.path) : undefined;
  return typeof v === 'number' ? v : undefined;
}

// ---- Numbers ----

/** Parse a number entry's text (a time may carry its unit, as in the sidebar); the text itself when it is not a number. */
export function parseNum(text: string, unit = ''): Num {
  return parseQuantity(text, unit) ?? text;
}

export const numText = (v: Num): string => (typeof v === 'number' ? String(v) : v);

type NumCheck = { ok: true; value: number } | { ok: false; message: string };

function num(v: Num, name: string, opts: { integer?: boolean; min?: number; max?: number; gt?: number; lt?: number; unit?: string }): NumCheck {
  const u = opts.unit ? ` ${opts.unit}` : '';
  const parts = [
    opts.gt !== undefined && `above ${opts.gt}${u}`,
    opts.min !== undefined && `at least ${opts.min}${u}`,
    opts.lt !== undefined && `below ${opts.lt}${u}`,
    opts.max !== undefined && `at most ${opts.max.toLocaleString('en-US')}${u}`,
  ].filter(Boolean);
  // The setting first, then its value, then the rule: "Steps 1: must be a whole number at least 2 and at most 200".
  const expected = `must be ${opts.integer ? 'a whole number' : 'a number'}${parts.length ? ` ${parts.join(' and ')}` : ''}`;
  if (typeof v !== 'number' || !Number.isFinite(v))
    return { ok: false, message: String(v).trim() === '' ? `${name} is empty: it ${expected}` : `${name} ${JSON.stringify(String(v).slice(0, 40))} is not a number${commaHint(v)}: it ${expected}` };
  const bad =
    (opts.integer && !Number.isInteger(v)) ||
    (opts.gt !== undefined && !(v > opts.gt)) ||
    (opts.min !== undefined && v < opts.min) ||
    (opts.lt !== undefined && !(v < opts.lt)) ||
    (opts.max !== undefined && v > opts.max);
  return bad ? { ok: false, message: `${name} ${v}: ${expected}` } : { ok: true, value: v };
}

/** A value of field `f`: a number inside its range. The message names the allowed range. */
function fieldValue(f: ExploreField, v: Num, name: string): NumCheck {
  const allowed = `${f.label} allows ${rangeText(f)}`;
  if (typeof v !== 'number' || !Number.isFinite(v))
    return { ok: false, message: String(v).trim() === '' ? `${name} is empty (${allowed})` : `${name} ${JSON.stringify(String(v).slice(0, 40))} is not a number${commaHint(v)} (${allowed})` };
  if (v < f.min || v > f.max) return { ok: false, message: `${name} ${v} is out of range: ${allowed}` };
  // As the command line says it: 1.5 containers would run as 2.
  if (f.integer && !Number.isInteger(v)) return { ok: false, message: `${name} ${v} is not a whole number: ${allowed}` };
  return { ok: true, value: v };
}

// ---- Validation ----

export interface AxisSpec {
  field: string;
  from: number;
  to: number;
  steps: number;
  scale: Scale;
}

function checkAxis(a: AxisDraft, path: string, maxSteps: number, issues: ExploreIssue[]): AxisSpec | null {
  const checked = exploreField(String(a.field), false);
  // The steps need no field: said with an unknown one too (From and To are judged by the field's range).
  const steps = num(a.steps, 'Steps', { integer: true, min: 2, max: maxSteps });
  if (!checked.ok) {
    // Only a hand-edited link gets here (the form offers a list): the message says what was meant, and what there is.
    issues.push({ path: `${path}.field`, message: checked.message });
    if (!steps.ok) issues.push({ path: `${path}.steps`, message: steps.message });
    return null;
  }
  const f = checked.value;
  const from = fieldValue(f, a.from, 'From');
  const to = fieldValue(f, a.to, 'To');
  if (!from.ok) issues.push({ path: `${path}.from`, message: from.message });
  if (!to.ok) issues.push({ path: `${path}.to`, message: to.message });
  if (!steps.ok) issues.push({ path: `${path}.steps`, message: steps.message });
  if (!from.ok || !to.ok || !steps.ok) return null;
  if (from.value === to.value) {
    issues.push({ path: `${path}.to`, message: `From and To are both ${from.value}: give a range` });
    return null;
  }
  if (a.scale === 'log' && (from.value <= 0 || to.value <= 0)) {
    issues.push({ path: `${path}.scale`, message: `Log steps need From and To above 0 (${f.label} allows ${rangeText(f)})` });
    return null;
  }
  return { field: f.key, from: from.value, to: to.value, steps: steps.value, scale: a.scale };
}

/** The replication policy of the draft (for a base scenario's count when the fixed count is left empty). */
function checkPolicy(p: PrecisionDraft, baseReplications: number | null, issues: ExploreIssue[]): ReplicationPolicy | null {
  if (p.mode === 'adaptive') return checkAdaptive(p, issues);
  if (p.replications === '' || p.replications === null) return baseReplications ?? 1;
  const n = num(p.replications, 'Replications per point', { integer: true, min: 1, max: MAX_REPLICATIONS });
  if (!n.ok) {
    issues.push({ path: 'precision.replications', message: n.message });
    return null;
  }
  return n.value;
}

function checkAdaptive(p: PrecisionDraft, issues: ExploreIssue[]): { halfWidth: number; maxReplications: number; initialReplications: number } | null {
  const h = num(p.halfWidthPts, 'The half-width', { gt: 0, lt: 50, unit: 'points' });
  const max = num(p.maxReplications, 'At most', { integer: true, min: 1, max: MAX_REPLICATIONS });
  if (!h.ok) issues.push({ path: 'precision.halfWidthPts', message: h.message });
  if (!max.ok) issues.push({ path: 'precision.maxReplications', message: max.message });
  if (!h.ok || !max.ok) return null;
  return { halfWidth: h.value / 100, maxReplications: max.value, initialReplications: Math.min(200, max.value) };
}

export type CheckedSettings =
  | { kind: 'sweep'; axis: AxisSpec; policy: ReplicationPolicy; metric: MetricKey }
  | { kind: 'heatmap'; x: AxisSpec; y: AxisSpec; target: number; policy: ReplicationPolicy }
  | { kind: 'solve'; field: string; direction: Direction; target: number; from: number; to: number; initialReplications: number; maxReplications: number; budget: number }
  | { kind: 'sensitivity'; step: number; metric: MetricKey; policy: ReplicationPolicy }
  | { kind: 'precision'; rule: { halfWidth: number; maxReplications: number; initialReplications: number } };

export type ExploreCheck = { ok: true; settings: CheckedSettings } | { ok: false; issues: ExploreIssue[] };

/**
 * Check the draft's active kind (the others are not run, so not checked). Every message names the entry and
 * what it allows. `baseReplications`: the scenario's count, used when the fixed count is left empty.
 */
export function checkExplore(d: ExploreDraft, baseReplications: number | null = null): ExploreCheck {
  const issues: ExploreIssue[] = [];
  const done = (settings: CheckedSettings | null): ExploreCheck => (settings && issues.length === 0 ? { ok: true, settings } : { ok: false, issues });
  const target = (v: Num, path: string) => {
    const t = num(v, 'The target', { gt: 0, lt: 100, unit: '%' });
    if (!t.ok) issues.push({ path, message: t.message });
    return t.ok ? t.value / 100 : null;
  };
  const metric = (k: string, path: string): MetricKey | null => {
    // Own keys only ("constructor" is no metric), with a did-you-mean and the list.
    const m = checkMetric(String(k));
    if (!m.ok) issues.push({ path, message: m.message });
    return m.ok ? m.value : null;
  };
  switch (d.kind) {
    case 'sweep': {
      const axis = checkAxis(d.sweep.axis, 'sweep.axis', MAX_SWEEP_STEPS, issues);
      const policy = checkPolicy(d.precision, baseReplications, issues);
      const m = metric(d.sweep.metric, 'sweep.metric');
      return done(axis && policy !== null && m ? { kind: 'sweep', axis, policy, metric: m } : null);
    }
    case 'heatmap': {
      const x = checkAxis(d.heatmap.x, 'heatmap.x', MAX_AXIS_STEPS, issues);
      const y = checkAxis(d.heatmap.y, 'heatmap.y', MAX_AXIS_STEPS, issues);
      if (x && y && x.field === y.field) issues.push({ path: 'heatmap.y.field', message: 'Both axes are the same setting: choose two different ones' });
      const t = target(d.heatmap.targetPct, 'heatmap.targetPct');
      const policy = checkPolicy(d.precision, baseReplications, issues);
      return done(x && y && t !== null && policy !== null ? { kind: 'heatmap', x, y, target: t, policy } : null);
    }
    case 'solve': {
      const s = d.solve;
      const checked = exploreField(String(s.field), false);
      const f = checked.ok ? checked.value : null;
      if (!checked.ok) issues.push({ path: 'solve.field', message: checked.message });
      const from = f ? fieldValue(f, s.from, 'From') : null;
      const to = f ? fieldValue(f, s.to, 'To') : null;
      if (from && !from.ok) issues.push({ path: 'solve.from', message: from.message });
      if (to && !to.ok) issues.push({ path: 'solve.to', message: to.message });
      if (from?.ok && to?.ok && snap(f!, from.value) === snap(f!, to.value)) issues.push({ path: 'solve.to', message: `From and To are both ${from.value}: give a range to search` });
      const t = target(s.targetPct, 'solve.targetPct');
      if (s.direction !== 'min' && s.direction !== 'max') issues.push({ path: 'solve.direction', message: 'Choose smallest or largest' });
      const init = num(s.initialReplications, 'First replications per probe', { integer: true, min: 1, max: MAX_REPLICATIONS });
      if (!init.ok) issues.push({ path: 'solve.initialReplications', message: init.message });
      const max = num(s.maxReplications, 'Most replications per probe', { integer: true, min: init.ok ? init.value : 1, max: MAX_REPLICATIONS });
      if (!max.ok) issues.push({ path: 'solve.maxReplications', message: max.message });
      const budget = num(s.budget, 'The budget', { integer: true, min: init.ok ? 2 * init.value : 2, max: 100 * MAX_REPLICATIONS });
      if (!budget.ok) issues.push({ path: 'solve.budget', message: budget.message });
      if (!f || !from?.ok || !to?.ok || t === null || !init.ok || !max.ok || !budget.ok) return done(null);
      return done({
        kind: 'solve', field: f.key, direction: s.direction, target: t, from: from.value, to: to.value,
        initialReplications: init.value, maxReplications: max.value, budget: budget.value,
      });
    }
    case 'sensitivity': {
      const st = num(d.sensitivity.stepPct, 'The step', { gt: 0, max: 100, unit: '%' });
      if (!st.ok) issues.push({ path: 'sensitivity.stepPct', message: st.message });
      const m = metric(d.sensitivity.metric, 'sensitivity.metric');
      const policy = checkPolicy(d.precision, baseReplications, issues);
      return done(st.ok && m && policy !== null ? { kind: 'sensitivity', step: st.value / 100, metric: m, policy } : null);
    }
    case 'precision': {
      const rule = checkAdaptive(d.precision, issues);
      return done(rule ? { kind: 'precision', rule } : null);
    }
    default:
      issues.push({ path: 'kind', message: `${JSON.stringify(String((d as { kind: unknown }).kind))} is not a kind of exploration` });
      return done(null);
  }
}

// ---- Display ----

/** The metric's value as text, in its unit. */
export function fmtMetric(key: MetricKey, v: number | null | undefined): string {
  const m: Metric = METRICS[key];
  if (v === null || v === undefined || !Number.isFinite(v)) return m.none ?? '–';
  if (m.fraction) return `${(v * 100).toFixed(Math.abs(v) < 0.01 && v !== 0 ? 2 : 1)}%`;
  const d = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(d)}${m.unit ? ` ${m.unit}` : ''}`;
}

// One formatter for every call (charts format each tick on each render; toLocaleString builds one per call).
const FIELD_NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** A field value with its unit: "75 s", "12 containers". */
export function fmtFieldValue(f: ExploreField | null | undefined, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const text = Math.abs(v) >= 1000 || Number.isInteger(v) ? FIELD_NUMBER.format(v) : String(Number(v.toPrecision(4)));
  return f ? withUnit(text, v, f) : text;
}
