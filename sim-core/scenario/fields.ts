import * as z from 'zod';

/**
 * Where a default comes from. The UI shows it beside every control, so nobody mistakes a guess for a fact.
 * - documented: official documentation or the library's own source
 * - field-report: public issue threads / incident reports from others
 * - incident: the configuration in the incident write-up (issue #1278's staging config)
 * - assumed: no source; a calibration knob
 * - run-setting: how the simulation runs (replications, seed…), not the system
 */
export type Provenance = 'documented' | 'field-report' | 'incident' | 'assumed' | 'run-setting';

/** Metadata every scenario field carries: the single source for the UI's labels, units, ranges and help. */
export interface FieldMeta {
  label: string;
  help: string;
  unit: string;
  provenance: Provenance;
  min?: number;
  max?: number;
  integer?: boolean;
  /** Suggested step for sweeps and sliders; defaults derive from the range. */
  step?: number;
  /** Use log steps for sweeps over this field. */
  log?: boolean;
  /** What 0 stands for when it is not a quantity (e.g. "no limit"): reports write this instead of "0 <unit>". */
  zero?: string;
  /**
   * The question solve usually asks of the field, for the explore form's default: 'min', the smallest value that keeps
   * the breach rate under the target (a capacity or a timeout, which helps as it grows); 'max', the largest (a load,
   * which hurts). Absent: no usual direction (its effect runs both ways), and the form keeps the one chosen.
   */
  solve?: 'min' | 'max';
}

export interface NumberSpec extends Omit<FieldMeta, 'min' | 'max' | 'integer'> {
  min: number;
  max: number;
  default: number;
  integer?: boolean;
}

/** A bounded number with its unit, provenance and default. */
export function num(spec: NumberSpec) {
  const { default: def, ...meta } = spec;
  let s = z.number().min(spec.min).max(spec.max);
  // Whole numbers as multiples of 1, not zod's int(): a failed int() is a type error, which stops the scenario's
  // cross-field checks, so one 2.5 would hide every other problem of the scenario.
  if (spec.integer) s = s.multipleOf(1);
  return s.meta(meta satisfies FieldMeta).default(def);
}

export function choice<const T extends readonly [string, ...string[]]>(
  values: T,
  spec: Omit<FieldMeta, 'min' | 'max' | 'integer' | 'unit'> & { default: T[number]; labels?: Record<T[number], string> },
) {
  const { default: def, ...meta } = spec;
  return z
    .enum(values)
    .meta({ ...meta, unit: '' })
    .default(def as never);
}

export function flag(spec: Omit<FieldMeta, 'min' | 'max' | 'integer' | 'unit'> & { default: boolean }) {
  const { default: def, ...meta } = spec;
  return z.boolean().meta({ ...meta, unit: '' }).default(def);
}

/** The range of every distribution parameter (the dashboard's editors show it too). */
export const DISTRIBUTION_SECONDS = { min: 0, max: 3600, unit: 's' } as const;
const SECONDS = DISTRIBUTION_SECONDS;

/**
 * A duration distribution as plain JSON, in seconds. Lognormal is given by median and p95 because that is
 * how latencies are described on dashboards.
 */
export const distributionSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('constant'), value: z.number().min(SECONDS.min).max(SECONDS.max) }),
    z.strictObject({
      kind: z.literal('uniform'),
      min: z.number().min(SECONDS.min).max(SECONDS.max),
      max: z.number().min(SECONDS.min).max(SECONDS.max),
      shift: z.number().min(0).max(SECONDS.max).optional(),
    }),
    z.strictObject({
      kind: z.literal('exponential'),
      mean: z.number().min(0).max(SECONDS.max),
      shift: z.number().min(0).max(SECONDS.max).optional(),
    }),
    z.strictObject({
      kind: z.literal('normal'),
      mean: z.number().min(0).max(SECONDS.max),
      sd: z.number().min(0).max(SECONDS.max),
      shift: z.number().min(0).max(SECONDS.max).optional(),
    }),
    z.strictObject({
      kind: z.literal('lognormal'),
      median: z.number().gt(0).max(SECONDS.max),
      p95: z.number().gt(0).max(SECONDS.max),
      shift: z.number().min(0).max(SECONDS.max).optional(),
    }),
  ])
  .superRefine((d, ctx) => {
    const valid = validFields(ctx);
    if (d.kind === 'uniform' && valid('min', 'max') && d.max < d.min)
      ctx.addIssue({ code: 'custom', path: ['max'], message: `must be ≥ min (${d.min} s): allowed ${d.min}–${SECONDS.max} s here`, input: d.max });
    if (d.kind === 'lognormal' && valid('median', 'p95') && d.p95 < d.median)
      ctx.addIssue({ code: 'custom', path: ['p95'], message: `must be ≥ the median (${d.median} s): allowed ${d.median}–${SECONDS.max} s here`, input: d.p95 });
  });

/**
 * For a rule across fields: whether each field it reads (a dotted path below the checked object) passed its own
 * checks, and so does every object above it. A rule is checked only over valid fields: "-5 is out of range" says
 * it all, without knock-on issues on fields the user did not touch.
 */
export function validFields(ctx: { issues: ReadonlyArray<{ path?: readonly PropertyKey[] }> }): (...paths: string[]) => boolean {
  const bad = ctx.issues.map((i) => (i.path ?? []).map(String).join('.')).filter((b) => b !== '');
  return (...paths) => paths.every((p) => !bad.some((b) => b === p || p.startsWith(`${b}.`)));
}

export type DistributionSpec = z.infer<typeof distributionSchema>;

export function duration(spec: Omit<FieldMeta, 'min' | 'max' | 'integer' | 'unit'> & { default: DistributionSpec }) {
  const { default: def, ...meta } = spec;
  return distributionSchema.meta({ ...meta, unit: 's' }).default(def);
}

/** A group of fields; missing groups take their defaults. */
export function group<S extends z.core.$ZodLooseShape>(shape: S, meta: { label: string; help: string }) {
  // Every field of a group has a default, so an absent group is an empty one.
  return z.strictObject(shape).meta({ ...meta, group: true }).prefault({} as never);
}
