import { useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getAt } from '../../../sim-core/scenario/catalogue';
import { parseDecimal } from '../../../sim-core/scenario/numberText';
import type { Provenance } from '../../../sim-core/scenario/fields';
import { useApp } from '../../store/appStore';
import { issuesAt } from '../../store/selectors';
import { fmtRange } from '../../lib/format';
import { PROVENANCE_LABEL } from '../../lib/palette';
import { FieldMessages, NumberText } from '../common/NumberText';

export const idOf = (key: string) => `f-${key.replace(/[^a-zA-Z0-9]/g, '-')}`;

const PROVENANCE_TITLE: Record<Provenance, string> = {
  documented: 'From official documentation or the library source',
  'field-report': 'From public field reports (issue threads, incident reports)',
  incident: 'From the incident write-up (staging configuration)',
  assumed: 'No source: a calibration knob; treat results that depend on it with care',
  'run-setting': 'How the simulation runs, not a property of the system: it changes the precision, not the answer',
};

/** The provenance badge. `decorative` when a description says the same to screen readers (see FieldFrame). */
export function ProvenanceTag({ provenance, decorative }: { provenance: Provenance; decorative?: boolean }) {
  return (
    <span className={`prov prov-${provenance}`} title={PROVENANCE_TITLE[provenance]} aria-hidden={decorative || undefined}>
      {PROVENANCE_LABEL[provenance]}
    </span>
  );
}

/** Id of the text that describes a field's control (changed or not, where its value comes from): see FieldFrame. */
export const aboutIdOf = (controlId: string) => `${controlId}-about`;

/** Messages for a field (and its sub-fields), rendered where the field is. */
export function useFieldIssues(key: string) {
  const sel = useMemo(() => issuesAt(key), [key]);
  return useApp(useShallow(sel));
}


export interface NumberInputProps {
  path: string[];
  label: string;
  unit: string;
  min?: number;
  /** Values must be above `min` (shown "above 0 and up to …"). */
  minExclusive?: boolean;
  max?: number;
  integer?: boolean;
  /** What 0 stands for (FieldMeta.zero, e.g. "no limit"): said after the range. */
  zero?: string;
  /** Hide the range line (for compact sub-fields whose range is in the label's title). */
  compact?: boolean;
  /** Empty text removes the value (an optional parameter such as a distribution's shift). */
  optional?: boolean;
  /** Element id when the same field appears twice on the page (ids must be unique). */
  id?: string;
  /** In a FieldFrame, which labels the entry and describes it: the entry adds no label of its own. */
  framed?: boolean;
  /** What a compact sub-field belongs to (e.g. "Handshake time" for its "Median"), read before its label. */
  context?: string;
}

/**
 * A message that opens with the value read from text written otherwise ("660 is out of range" for "11 min", or
 * "1000000000" for "1e9") names the text too ("11 min (660 s) is out of range", "1e9 (1000000000) is out of
 * range"): the user never typed 660.
 */
export function asTyped(message: string, raw: string | undefined, value: unknown, unit: string | undefined): string {
  if (raw === undefined || typeof value !== 'number' || !message.startsWith(`${value} `)) return message;
  const typed = raw.trim();
  if (typed === String(value)) return message;
  // A plain number in another notation ("1e9", "10 000") is in the field's unit already: no unit in the echo.
  const plain = parseDecimal(typed) !== null;
  // Typed in the field's own unit ("-1 s" in seconds): the text says it all, with no "(-1 s)" echo.
  const inOwnUnit = unit !== undefined && unit !== '' && typed.endsWith(unit) && parseDecimal(typed.slice(0, -unit.length)) === value;
  return `${typed}${inOwnUnit ? '' : ` (${value}${unit && !plain ? ` ${unit}` : ''})`}${message.slice(String(value).length)}`;
}

/**
 * A number entry that keeps exactly what the user typed. Out-of-range or non-numeric text stays in the field
 * with the message at the field; the store never runs an invalid scenario.
 */
export function NumberInput({ path, label, unit, min, minExclusive, max, integer, zero, compact, optional, id: idProp, framed, context }: NumberInputProps) {
  const key = path.join('.');
  const id = idProp ?? idOf(key);
  const raw = useApp((s) => s.rawText[key]);
  const value = useApp((s) => getAt(s.draft, path));
  const setNumberText = useApp((s) => s.setNumberText);
  const setField = useApp((s) => s.setField);
  const issues = useFieldIssues(key).filter((i) => i.path === key);
  const text = raw ?? (value === undefined || value === null ? '' : String(value));
  const range = fmtRange(min, max, unit, minExclusive);
  const invalid = issues.length > 0;
  // A value typed with its unit ("2 min") is kept as typed; say what it was read as, in the field's unit.
  const readAs = raw !== undefined && !invalid && typeof value === 'number' && parseDecimal(raw) === null ? `= ${value} ${unit}` : null;
  return (
    <div className={`num ${compact ? 'num-compact' : ''}`}>
      {!framed && (
        <label htmlFor={id} className={compact ? 'sub-label' : 'sr-only'} title={compact ? range : undefined}>
          {context && <span className="sr-only">{context} </span>}
          {label}
        </label>
      )}
      <NumberText
        id={id}
        text={text}
        // "2 min" carries its unit: no "s" beside it (it would read "2 min s"); the range line says "= 120 s".
        unit={readAs ? undefined : unit}
        integer={integer}
        invalid={invalid}
        describedBy={framed ? `${id}-range ${aboutIdOf(id)}` : `${id}-range`}
        placeholder={optional ? 'none' : undefined}
        limits={{ min, minExclusive, max }}
        onText={(t) => (optional && t.trim() === '' ? setField(path, undefined) : setNumberText(path, t))}
      />
      <div id={`${id}-range`} className={compact ? 'sr-only' : 'range'}>
        {readAs && <span className="read-as" data-read-as>{readAs} · </span>}
        {integer ? `${range}, whole` : range}
        {zero !== undefined && min === 0 ? ` · 0 = ${zero}` : ''}
        {optional ? ', optional' : ''}
      </div>
      <FieldMessages id={id} messages={issues.map((i) => asTyped(i.message, raw, value, unit))} />
    </div>
  );
}

/**
 * The frame of one field: label row with provenance, changed marker and reset, then the control. The label names
 * the control and nothing else; whether it changed and where its value comes from are its description (the
 * element `aboutIdOf(id)`), so a screen reader says "Initialization timeout", not "… incident Initialization
 * timeout".
 */
export function FieldFrame(props: {
  fieldKey: string;
  label: string;
  htmlFor?: string;
  help: string;
  provenance: Provenance;
  changed: boolean;
  presetText: string;
  onReset: () => void;
  asGroup?: boolean;
  /** Why the model does not read this field in the current scenario (e.g. a connector setting with no connector). */
  unused?: string | null;
  children: ReactNode;
}) {
  const { fieldKey, label, htmlFor, help, provenance, changed, presetText, onReset, asGroup, unused, children } = props;
  const aboutId = aboutIdOf(htmlFor ?? idOf(fieldKey));
  const head = (
    <span className="field-head">
      <span className="field-label">
        {changed && <span className="changed-dot" aria-hidden="true" />}
        {label}
      </span>
      <ProvenanceTag provenance={provenance} decorative />
    </span>
  );
  const about = (
    <span id={aboutId} className="sr-only">
      {changed ? 'Changed from the preset. ' : ''}
      {unused ? `Not used: ${unused}. ` : ''}Source: {PROVENANCE_LABEL[provenance]}. {PROVENANCE_TITLE[provenance]}.
    </span>
  );
  // Seen, not read twice: the description above says it to a screen reader.
  const unusedNote = unused ? (
    <p className="unused-note" aria-hidden="true">
      Not used: {unused}.
    </p>
  ) : null;
  const classes = `${changed ? 'is-changed' : ''} ${unused ? 'is-unused' : ''}`;
  const reset = changed ? (
    <button
      type="button"
      className="link-btn"
      title={`Preset value: ${presetText}`}
      onClick={(e) => {
        // This button goes away with the change: hand focus to the field's own entry, not to the page's top.
        const field = e.currentTarget.closest('[data-field]');
        onReset();
        requestAnimationFrame(() => field?.querySelector<HTMLElement>('input, select')?.focus());
      }}
    >
      reset to {presetText}
    </button>
  ) : null;
  if (asGroup)
    return (
      <fieldset className={`field field-group ${classes}`} data-field={fieldKey} data-unused={unused ? '' : undefined} aria-describedby={aboutId}>
        <legend>{head}</legend>
        {about}
        {unusedNote}
        {children}
        <p className="help">{help}</p>
        {reset}
      </fieldset>
    );
  return (
    <div className={`field ${classes}`} data-field={fieldKey} data-unused={unused ? '' : undefined}>
      <label htmlFor={htmlFor}>{head}</label>
      {about}
      {unusedNote}
      {children}
      <p className="help">{help}</p>
      {reset}
    </div>
  );
}
