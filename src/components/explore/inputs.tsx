import { useEffect, useState, type ReactNode } from 'react';
import { FieldMessages, NumberText } from '../common/NumberText';
import type { Scenario } from '../../../sim-core/scenario/schema';
import { rangeText } from '../../../sim-core/scenario/catalogue';
import { fmtBound } from '../../lib/format';
import { andList } from '../../../sim-core/report/count';
import {
  baseValue,
  defaultRange,
  FIELD_OPTION_GROUPS,
  fieldOf,
  fmtFieldValue,
  numText,
  parseNum,
  type AxisDraft,
  type ExploreIssue,
  type Num,
} from '../../lib/exploreSettings';
import { gridValues, type ExploreField } from '../../../sim-core/explore';

/** Element id for a draft path: `sweep.axis.from` → `x-sweep-axis-from`. */
export const xid = (path: string) => `x-${path.replace(/[^a-zA-Z0-9]/g, '-')}`;

const same = (a: Num, b: Num) => (typeof a === 'number' && typeof b === 'number' ? a === b : String(a) === String(b));


/**
 * A labelled number entry that keeps the text as typed (so "1e3" or "7," stays while being typed) and hands
 * the store the number when the text parses, else the text. A wrong value stays with its message below.
 */
export function NumEntry(props: {
  path: string;
  label: ReactNode;
  value: Num;
  onChange: (v: Num) => void;
  issues: readonly ExploreIssue[];
  unit?: string;
  hint?: string;
  placeholder?: string;
  integer?: boolean;
  width?: 'narrow' | 'normal';
  /** Id of a range shown elsewhere (an axis's setting), read with this entry. */
  rangeId?: string;
}) {
  const { path, label, value, onChange, issues, unit, hint, placeholder, integer, width = 'normal', rangeId } = props;
  const id = xid(path);
  const [text, setText] = useState(numText(value));
  // A value set from elsewhere (a new field's range, a link) replaces the text; the user's own typing does not.
  useEffect(() => {
    if (!same(parseNum(text, unit), value)) setText(numText(value));
  }, [value]);
  const messages = issues.filter((i) => i.path === path).map((i) => i.message);
  const invalid = messages.length > 0;
  return (
    <div className={`x-entry ${width === 'narrow' ? 'x-narrow' : ''}`}>
      <label htmlFor={id} className="x-label">
        {label}
        {/* The unit sits beside the box for the eye; in the name for a screen reader. */}
        {unit && <span className="sr-only"> ({unit})</span>}
      </label>
      <NumberText
        id={id}
        text={text}
        unit={unit}
        integer={integer}
        invalid={invalid}
        describedBy={[hint ? `${id}-hint` : '', rangeId ?? ''].filter(Boolean).join(' ') || undefined}
        placeholder={placeholder}
        onText={(t) => {
          setText(t);
          onChange(t.trim() === '' ? '' : parseNum(t, unit));
        }}
      />
      {hint && (
        <div id={`${id}-hint`} className="range">
          {hint}
        </div>
      )}
      <FieldMessages id={id} messages={messages} />
    </div>
  );
}

/** A scenario field picker: every explorable field by group, with its unit; the current value and range below. */
export function FieldPicker(props: { path: string; label: string; value: string; onChange: (key: string) => void; issues: readonly ExploreIssue[]; base: Scenario | null }) {
  const { path, label, value, onChange, issues, base } = props;
  const id = xid(path);
  const f = fieldOf(value);
  const messages = issues.filter((i) => i.path === path).map((i) => i.message);
  const now = f ? baseValue(base, f) : undefined;
  return (
    <div className="x-entry x-field">
      <label htmlFor={id} className="x-label">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-hint`} aria-invalid={messages.length > 0 || undefined}>
        {!f && <option value={value}>{value}</option>}
        {FIELD_OPTION_GROUPS.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.fields.map((x) => (
              <option key={x.key} value={x.key}>
                {x.label}
                {x.unit ? ` (${x.unit})` : ''}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <div id={`${id}-hint`} className="range">
        {f ? (
          <>
            Allowed {rangeText(f, fmtBound)}
            {now !== undefined && <> · now {fmtFieldValue(f, now)}</>}
          </>
        ) : (
          'Choose a setting'
        )}
      </div>
      <FieldMessages id={id} messages={messages} />
    </div>
  );
}

/** A labelled select of fixed options. */
export function Choice<T extends string>(props: { path: string; label: string; value: T; options: ReadonlyArray<readonly [T, string]>; onChange: (v: T) => void; issues?: readonly ExploreIssue[] }) {
  const id = xid(props.path);
  const messages = (props.issues ?? []).filter((i) => i.path === props.path).map((i) => i.message);
  return (
    <div className="x-entry">
      <label htmlFor={id} className="x-label">
        {props.label}
      </label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as T)} aria-invalid={messages.length > 0 || undefined}>
        {props.options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      <FieldMessages id={id} messages={messages} />
    </div>
  );
}

/**
 * What a whole-number axis visits, when rounding leaves some of its values out (1–12 in 10 steps skips 4 and 9,
 * maybe where the curve turns): said under the axis, with the steps that would visit every one. Null otherwise.
 */
export function wholeValuesNote(f: ExploreField | null, axis: AxisDraft, maxSteps: number): string | null {
  const { from, to, steps } = axis;
  if (!f?.integer || axis.scale !== 'linear' || typeof from !== 'number' || typeof to !== 'number' || typeof steps !== 'number') return null;
  const g = gridValues(f, { from, to, steps, scale: 'linear' });
  if (!g.ok) return null;
  const whole = Math.abs(to - from) + 1;
  if (g.value.length >= whole) return null;
  if (whole > maxSteps) return `Visits ${g.value.length} of the ${whole} whole values from ${Math.min(from, to)} to ${Math.max(from, to)}.`;
  const seen = new Set(g.value);
  const skipped: number[] = [];
  for (let v = Math.min(from, to); v <= Math.max(from, to); v++) if (!seen.has(v)) skipped.push(v);
  const every = `${whole} steps would visit every one`;
  // Whichever list is shorter: the few values visited, when most are skipped.
  if (skipped.length > 6 && g.value.length <= 6) return `Visits ${g.value.length} of the ${whole} whole values, ${andList(g.value.map(String))}; ${every}.`;
  const list = skipped.length > 6 ? `${skipped.slice(0, 5).join(', ')} and ${skipped.length - 5} more` : andList(skipped.map(String));
  return `Visits ${g.value.length} of the ${whole} whole values, skipping ${list}; ${every}.`;
}

/** One axis: field, from, to, steps, linear or log. Picking a field proposes a range around its current value. */
export function AxisInputs(props: { path: string; legend: string; axis: AxisDraft; onChange: (a: AxisDraft) => void; issues: readonly ExploreIssue[]; base: Scenario | null; maxSteps: number }) {
  const { path, legend, axis, onChange, issues, base, maxSteps } = props;
  const f = fieldOf(axis.field);
  const unit = f?.unit ?? '';
  const whole = wholeValuesNote(f, axis, maxSteps);
  return (
    <fieldset className="x-axis">
      <legend>{legend}</legend>
      <FieldPicker
        path={`${path}.field`}
        label="Setting"
        value={axis.field}
        base={base}
        issues={issues}
        onChange={(key) => {
          const nf = fieldOf(key);
          if (!nf) return;
          onChange({ ...axis, field: key, ...defaultRange(nf, base) });
        }}
      />
      <div className="x-row">
        <NumEntry path={`${path}.from`} label="From" value={axis.from} unit={unit} integer={f?.integer} issues={issues} onChange={(v) => onChange({ ...axis, from: v })} width="narrow" rangeId={`${xid(`${path}.field`)}-hint`} />
        <NumEntry path={`${path}.to`} label="To" value={axis.to} unit={unit} integer={f?.integer} issues={issues} onChange={(v) => onChange({ ...axis, to: v })} width="narrow" rangeId={`${xid(`${path}.field`)}-hint`} />
        <NumEntry path={`${path}.steps`} label="Steps" value={axis.steps} integer hint={`2–${maxSteps} values, ends included`} issues={issues} onChange={(v) => onChange({ ...axis, steps: v })} width="narrow" />
        <Choice
          path={`${path}.scale`}
          label="Spacing"
          value={axis.scale}
          options={[
            ['linear', 'Linear'],
            ['log', 'Log'],
          ]}
          issues={issues}
          onChange={(scale) => onChange({ ...axis, scale })}
        />
      </div>
      {whole && <p className="x-whole muted" data-whole-values>{whole}</p>}
    </fieldset>
  );
}
