import type { DistributionSpec } from '../scenario/fields';
import { FIELD_GROUPS, FIELDS, getAt, settingsChanged, type FieldInfo } from '../scenario/catalogue';
import { SCENARIO_DEFAULTS, type Scenario } from '../scenario/schema';

/** Words for a scenario value, for tables in reports and tooltips. */
export function describeDistribution(d: DistributionSpec): string {
  const shift = 'shift' in d && d.shift ? ` + ${d.shift} s` : '';
  switch (d.kind) {
    case 'constant':
      return `${d.value} s`;
    case 'uniform':
      return `uniform ${d.min}–${d.max} s${shift}`;
    case 'exponential':
      return `exponential, mean ${d.mean} s${shift}`;
    case 'normal':
      return `normal ${d.mean} ± ${d.sd} s (≥ 0)${shift}`;
    case 'lognormal':
      return `lognormal, median ${d.median} s, p95 ${d.p95} s${shift}`;
  }
}

/** A value with its unit, as a sentence names it ("10 connections", "lognormal, median 0.02 s, p95 0.2 s"); – when absent. */
export function describeWithUnit(field: FieldInfo, value: unknown): string {
  if (value === undefined) return '–';
  const unit = unitOf(field, value);
  return unit ? `${describeValue(field, value)} ${unit}` : describeValue(field, value);
}

/**
 * The unit written after a value: a number's, unless the number is a 0 that stands for something (FieldMeta.zero,
 * "no limit"); none for the other kinds, whose words carry their own units.
 */
function unitOf(field: FieldInfo, value: unknown): string {
  return field.kind === 'number' && !(value === 0 && field.meta.zero) ? field.meta.unit : '';
}

export function describeValue(field: FieldInfo, value: unknown): string {
  if (field.kind === 'distribution') return describeDistribution(value as DistributionSpec);
  if (field.kind === 'pattern') {
    const p = value as Scenario['wave']['pattern'];
    if (p.kind === 'batches') return `batches of ${p.size} every ${p.interval} s`;
    if (p.kind === 'ramp') return `linear ramp over ${p.duration} s`;
    if (p.kind === 'poisson') return `Poisson, ${p.rate} starts/s`;
    return 'all at once';
  }
  if (field.kind === 'enum') return field.options?.find((o) => o.value === value)?.label ?? String(value);
  if (field.kind === 'boolean') return value ? 'yes' : 'no';
  if (value === 0 && field.meta.zero) return field.meta.zero;
  return String(value);
}

export const PROVENANCE_LABEL = {
  documented: 'documented',
  'field-report': 'field report',
  incident: 'incident config',
  assumed: 'assumed',
  'run-setting': 'run setting',
} as const;

export interface ScenarioRow {
  group: string;
  key: string;
  label: string;
  value: string;
  unit: string;
  /** The value differs from the default, so the default's provenance does not describe it. */
  changed: boolean;
  /** The default value in words and where it comes from ("10", "incident config"). */
  byDefault: string;
  defaultSource: string;
}

/** Where a row's value comes from: the default's source, or "this scenario (default 10: incident config)". */
export function sourceText(r: ScenarioRow): string {
  return r.changed ? `this scenario (default ${r.byDefault}: ${r.defaultSource})` : r.defaultSource;
}

/** Every field of a scenario as rows: group, label, value in words, unit, and the default it may differ from. */
export function scenarioRows(s: Scenario): ScenarioRow[] {
  return FIELD_GROUPS.flatMap((g) =>
    g.fields.map((f) => {
      const raw = getAt(s, f.path);
      const value = describeValue(f, raw);
      const byDefault = describeValue(f, getAt(SCENARIO_DEFAULTS, f.path));
      return {
        group: g.label,
        key: f.key,
        label: f.meta.label,
        value,
        unit: unitOf(f, raw),
        // Compared as the reader sees them: a distribution with "shift: 0" is the default without one.
        changed: value !== byDefault,
        byDefault,
        defaultSource: PROVENANCE_LABEL[f.meta.provenance],
      };
    }),
  );
}

/** What a proposal changes against its baseline, setting by setting, in words: for reports and the comparison panel. */
export function baselineChanges(baseline: Scenario, proposal: Scenario): Array<{ key: string; label: string; from: string; to: string }> {
  return settingsChanged(proposal, baseline).flatMap((key) => {
    const f = FIELDS.get(key);
    return f ? [{ key, label: f.meta.label, from: describeWithUnit(f, getAt(baseline, f.path)), to: describeWithUnit(f, getAt(proposal, f.path)) }] : [];
  });
}
