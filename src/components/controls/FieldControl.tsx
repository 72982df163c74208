import { memo, useRef } from 'react';
import type { FieldInfo } from '../../../sim-core/scenario/catalogue';
import { getAt, switchesOf } from '../../../sim-core/scenario/catalogue';
import { presetById } from '../../../sim-core/scenario/presets';
import { describeWithUnit } from '../../../sim-core/report/describe';
import { DISTRIBUTION_SECONDS, type DistributionSpec } from '../../../sim-core/scenario/fields';
import { useApp } from '../../store/appStore';
import { FieldMessages } from '../common/NumberText';
import { FieldFrame, NumberInput, aboutIdOf, idOf, useFieldIssues } from './common';
import { DIST_KINDS, DIST_PARAMS, PATTERN_KINDS, convertDistribution, defaultPattern } from './params';
import { fmtRange } from '../../lib/format';
import { unusedBecause } from '../../../sim-core/scenario/capacity';

function usePresetValue(f: FieldInfo): unknown {
  const presetId = useApp((s) => s.presetId);
  return getAt(presetById(presetId)?.scenario, f.path);
}

/** One scenario field, generated from its catalogue entry. */
export const FieldControl = memo(function FieldControl({ field: f }: { field: FieldInfo }) {
  const changed = useApp((s) => s.changed.includes(f.key));
  const presetValue = usePresetValue(f);
  const setField = useApp((s) => s.setField);
  // The switches as chosen, even while another field is invalid (lastGood would lag behind them).
  const unused = useApp((s) => {
    const switches = switchesOf(s.draft);
    return switches && unusedBecause(f.key, switches);
  });
  const frame = {
    fieldKey: f.key,
    label: f.meta.label,
    help: f.meta.help,
    provenance: f.meta.provenance,
    changed,
    presetText: describeWithUnit(f, presetValue),
    onReset: () => setField(f.path, structuredClone(presetValue)),
    unused,
  };
  const id = idOf(f.key);
  switch (f.kind) {
    case 'number':
      return (
        <FieldFrame {...frame} htmlFor={id}>
          <NumberInput path={f.path} label={f.meta.label} unit={f.meta.unit} min={f.meta.min} max={f.meta.max} integer={f.meta.integer} zero={f.meta.zero} framed />
        </FieldFrame>
      );
    case 'enum':
      return (
        <FieldFrame {...frame} htmlFor={id}>
          <EnumInput field={f} id={id} />
        </FieldFrame>
      );
    case 'boolean':
      return (
        <FieldFrame {...frame} htmlFor={id}>
          <BooleanInput field={f} id={id} />
        </FieldFrame>
      );
    case 'distribution':
      return (
        <FieldFrame {...frame} asGroup>
          <DistributionEditor field={f} />
        </FieldFrame>
      );
    case 'pattern':
      return (
        <FieldFrame {...frame} asGroup>
          <PatternEditor field={f} />
        </FieldFrame>
      );
  }
});

function EnumInput({ field: f, id }: { field: FieldInfo; id: string }) {
  const value = useApp((s) => getAt(s.draft, f.path));
  const setField = useApp((s) => s.setField);
  const issues = useFieldIssues(f.key);
  return (
    <>
      <select
        id={id}
        value={String(value)}
        onChange={(e) => setField(f.path, e.target.value)}
        aria-invalid={issues.length > 0 || undefined}
        aria-describedby={[issues.length > 0 ? `${id}-err` : '', aboutIdOf(id)].filter(Boolean).join(' ')}
      >
        {f.options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages id={id} messages={issues.map((i) => i.message)} />
    </>
  );
}

function BooleanInput({ field: f, id }: { field: FieldInfo; id: string }) {
  const value = useApp((s) => getAt(s.draft, f.path));
  const setField = useApp((s) => s.setField);
  return (
    <div className="check-row">
      <input id={id} type="checkbox" checked={value === true} onChange={(e) => setField(f.path, e.target.checked)} aria-describedby={aboutIdOf(id)} />
      <span aria-hidden="true">{value ? 'On' : 'Off'}</span>
    </div>
  );
}

function KindSelect(props: { id: string; label: string; context: string; value: string; options: { value: string; label: string }[]; onChange: (v: string) => void }) {
  // The field's name first for a screen reader, unless the label repeats it ("Start pattern", not "Start pattern Pattern").
  const repeats = props.context.toLowerCase().endsWith(props.label.toLowerCase());
  return (
    <div className="kind-row">
      <label htmlFor={props.id} className="sub-label">
        <span className="sr-only">{repeats ? props.context : `${props.context} `}</span>
        <span aria-hidden={repeats || undefined}>{props.label}</span>
      </label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Switching the kind of a distribution or start pattern. Trying kinds and coming back restores what was there,
 * typed text included (lognormal → uniform → lognormal keeps p95 4 s, where converting twice would not; batches →
 * Poisson → batches keeps size 3 and interval 45 s); once the values are edited, or set elsewhere, `fresh` starts
 * afresh from them.
 */
function useKindSwitch(f: FieldInfo, value: Record<string, unknown>, fresh: (value: Record<string, unknown>, kind: string) => object): (kind: string) => void {
  const setField = useApp((s) => s.setField);
  const tried = useRef<{ byKind: Map<string, Record<string, unknown>>; set: string | null }>({ byKind: new Map(), set: null });
  return (k) => {
    const t = tried.current;
    if (JSON.stringify(value) !== t.set) t.byKind.clear();
    t.byKind.set(String(value.kind), value);
    const next = t.byKind.get(k) ?? fresh(value, k);
    t.set = JSON.stringify(next);
    setField(f.path, next);
  };
}

function DistributionEditor({ field: f }: { field: FieldInfo }) {
  const value = (useApp((s) => getAt(s.draft, f.path)) ?? {}) as Record<string, unknown>;
  const issues = useFieldIssues(f.key).filter((i) => i.path === f.key);
  const kind = String(value.kind) as DistributionSpec['kind'];
  const params = DIST_PARAMS[kind] ?? [];
  const switchKind = useKindSwitch(f, value, (v, k) => convertDistribution(v, k as DistributionSpec['kind']));
  return (
    <div className="dist">
      <KindSelect
        id={`${idOf(f.key)}-kind`}
        label="Distribution"
        context={f.meta.label}
        value={kind}
        options={DIST_KINDS}
        onChange={(k) => switchKind(k as DistributionSpec['kind'])}
      />
      <div className="param-grid">
        {params.map((p) => (
          <NumberInput key={p.key} path={[...f.path, p.key]} label={p.label} context={f.meta.label} unit={p.unit} min={p.min} minExclusive={p.minExclusive} max={p.max} compact optional={p.optional} />
        ))}
      </div>
      <p className="range">Each parameter {fmtRange(DISTRIBUTION_SECONDS.min, DISTRIBUTION_SECONDS.max, DISTRIBUTION_SECONDS.unit)}{kind === 'lognormal' ? ', the median above 0; p95 ≥ median' : kind === 'uniform' ? '; max ≥ min' : ''}.</p>
      <FieldMessages id={idOf(f.key)} messages={issues.map((i) => i.message)} />
    </div>
  );
}

function PatternEditor({ field: f }: { field: FieldInfo }) {
  const value = (useApp((s) => getAt(s.draft, f.path)) ?? {}) as Record<string, unknown>;
  const issues = useFieldIssues(f.key).filter((i) => i.path === f.key);
  const kind = String(value.kind);
  const info = PATTERN_KINDS.find((k) => k.value === kind);
  const switchKind = useKindSwitch(f, value, (_, k) => defaultPattern(k));
  return (
    <div className="dist">
      <KindSelect id={`${idOf(f.key)}-kind`} label="Pattern" context={f.meta.label} value={kind} options={PATTERN_KINDS} onChange={switchKind} />
      {info && info.params.length > 0 && (
        <div className="param-grid">
          {info.params.map((p) => (
            <NumberInput key={p.key} path={[...f.path, p.key]} label={p.label} context={f.meta.label} unit={p.unit} min={p.min} minExclusive={p.minExclusive} max={p.max} integer={p.integer} compact />
          ))}
        </div>
      )}
      {info && info.params.length > 0 && (
        <p className="range">{info.params.map((p) => `${p.label}: ${fmtRange(p.min, p.max, p.unit, p.minExclusive)}`).join(' · ')}</p>
      )}
      <FieldMessages id={idOf(f.key)} messages={issues.map((i) => i.message)} />
    </div>
  );
}
