import type { z } from 'zod';
import { scenarioSchema } from '../../../sim-core/scenario/schema';
import { DISTRIBUTION_SECONDS, type DistributionSpec } from '../../../sim-core/scenario/fields';

/** A sub-field of a distribution or start pattern. */
export interface ParamInfo {
  key: string;
  label: string;
  unit: string;
  min?: number;
  /** The value must be above `min`, not equal to it (a lognormal's median). */
  minExclusive?: boolean;
  max?: number;
  integer?: boolean;
  optional?: boolean;
}

const SEC = DISTRIBUTION_SECONDS;

/** Distribution parameters by kind (ranges as in `distributionSchema`). */
export const DIST_PARAMS: Record<DistributionSpec['kind'], ParamInfo[]> = {
  constant: [{ key: 'value', label: 'Value', ...SEC }],
  uniform: [{ key: 'min', label: 'Min', ...SEC }, { key: 'max', label: 'Max', ...SEC }, { key: 'shift', label: 'Shift', ...SEC, optional: true }],
  exponential: [{ key: 'mean', label: 'Mean', ...SEC }, { key: 'shift', label: 'Shift', ...SEC, optional: true }],
  normal: [{ key: 'mean', label: 'Mean', ...SEC }, { key: 'sd', label: 'SD', ...SEC }, { key: 'shift', label: 'Shift', ...SEC, optional: true }],
  lognormal: [{ key: 'median', label: 'Median', ...SEC, minExclusive: true }, { key: 'p95', label: 'p95', ...SEC }, { key: 'shift', label: 'Shift', ...SEC, optional: true }],
};

export const DIST_KINDS: { value: DistributionSpec['kind']; label: string }[] = [
  { value: 'constant', label: 'Constant' },
  { value: 'uniform', label: 'Uniform' },
  { value: 'exponential', label: 'Exponential' },
  { value: 'normal', label: 'Normal' },
  { value: 'lognormal', label: 'Lognormal (median, p95)' },
];

/** A typical value of a distribution, to carry over when the kind changes. */
function centre(d: Record<string, unknown>): number {
  const n = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : NaN);
  const c =
    d.kind === 'constant' ? n('value') : d.kind === 'uniform' ? (n('min') + n('max')) / 2 : d.kind === 'exponential' ? n('mean') * Math.LN2 : d.kind === 'normal' ? n('mean') : n('median');
  return Number.isFinite(c) && c > 0 ? c : 1;
}

const r = (x: number) => Number(x.toPrecision(3));

/** A distribution of `kind` centred where `current` was (so switching kind keeps the scale). */
export function convertDistribution(current: Record<string, unknown>, kind: DistributionSpec['kind']): DistributionSpec {
  const c = centre(current);
  const shift = typeof current.shift === 'number' && current.shift > 0 ? { shift: current.shift } : {};
  switch (kind) {
    case 'constant':
      return { kind, value: r(c) };
    case 'uniform':
      return { kind, min: r(c / 2), max: r(c * 1.5), ...shift };
    case 'exponential':
      return { kind, mean: r(c / Math.LN2), ...shift };
    case 'normal':
      return { kind, mean: r(c), sd: r(c / 4), ...shift };
    case 'lognormal':
      return { kind, median: r(c), p95: r(c * 3), ...shift };
  }
}

type AnyZ = z.ZodType & { def: { type: string; innerType?: AnyZ }; shape?: Record<string, AnyZ>; options?: AnyZ[]; minValue?: number | null; maxValue?: number | null; isInt?: boolean; value?: unknown };

function unwrapAll(s: AnyZ): AnyZ {
  let cur = s;
  while (cur.def.innerType && ['default', 'prefault', 'optional'].includes(cur.def.type)) cur = cur.def.innerType;
  return cur;
}

/** Start-pattern kinds with their parameters, read from the schema (labels, units and ranges live there). */
export const PATTERN_KINDS: { value: string; label: string; params: ParamInfo[] }[] = (() => {
  const wave = unwrapAll((scenarioSchema.shape as unknown as Record<string, AnyZ>).wave);
  const union = unwrapAll(wave.shape!.pattern);
  const names: Record<string, string> = { 'all-at-once': 'All at once', batches: 'Batches', ramp: 'Ramp', poisson: 'Poisson arrivals' };
  return (union.options ?? []).map((o) => {
    const kind = String((o.shape!.kind as AnyZ).value ?? (o.shape!.kind.def as unknown as { values: unknown[] }).values?.[0]);
    const params = Object.entries(o.shape!)
      .filter(([k]) => k !== 'kind')
      .map(([k, v]) => {
        const m = (v.meta() ?? {}) as { label?: string; unit?: string };
        return { key: k, label: m.label ?? k, unit: m.unit ?? '', min: v.minValue ?? undefined, max: v.maxValue ?? undefined, integer: v.isInt };
      });
    return { value: kind, label: names[kind] ?? kind, params };
  });
})();

export function defaultPattern(kind: string): Record<string, unknown> {
  switch (kind) {
    case 'batches':
      return { kind, size: 4, interval: 30 };
    case 'ramp':
      return { kind, duration: 60 };
    case 'poisson':
      return { kind, rate: 0.5 };
    default:
      return { kind: 'all-at-once' };
  }
}
