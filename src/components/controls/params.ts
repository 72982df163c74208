import { FIELDS } from '../../../sim-core/scenario/catalogue';
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

/** Start-pattern kinds with their parameters, from the field catalogue (labels, units and ranges live in the schema). */
export const PATTERN_KINDS: { value: string; label: string; params: ParamInfo[] }[] = (() => {
  const names: Record<string, string> = { 'all-at-once': 'All at once', batches: 'Batches', ramp: 'Ramp', poisson: 'Poisson arrivals' };
  return (FIELDS.get('wave.pattern')?.variants ?? []).map((v) => ({
    value: v.kind,
    label: names[v.kind] ?? v.kind,
    params: Object.entries(v.params).map(([key, b]) => ({ key, label: b.label ?? key, unit: b.unit, min: b.min, max: b.max, minExclusive: b.minExclusive, integer: b.integer })),
  }));
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
