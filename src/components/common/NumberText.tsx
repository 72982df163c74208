/**
 * The pieces every number entry on the page shares (scenario fields and the What-if settings): a text box that
 * shows exactly what the user typed, with its unit beside it, and the messages for a wrong value below.
 * Keeping the text (not a parsed number) is what lets "1e3" or "7," stay while being typed, and lets an
 * out-of-range value stay in the field with its message instead of being lost.
 */

import { steppedText, type StepLimits } from '../../lib/stepNumber';

/**
 * Messages under an entry; `${id}-err` is what the entry's aria-describedby names, so a screen reader reads them with
 * the field. Not a live region: checked at every keystroke, a message (or one on another field a cross-field rule
 * moved) would interrupt the typing; the invalid-settings summary announces, once and politely, which fields are wrong.
 */
export function FieldMessages({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="field-error" id={`${id}-err`}>
      {messages.map((m, i) => (
        <div key={i}>{m}</div>
      ))}
    </div>
  );
}

export interface NumberTextProps {
  id: string;
  text: string;
  onText: (text: string) => void;
  unit?: string;
  integer?: boolean;
  invalid: boolean;
  /** Id of the element with the allowed range or a hint, if any (joined to the error's id for screen readers). */
  describedBy?: string;
  placeholder?: string;
  /** The field's range, for ArrowUp / ArrowDown (which step the value as a spin button would, Shift ten times as far). */
  limits?: StepLimits;
}

/** The text box and its unit. */
export function NumberText({ id, text, onText, unit, integer, invalid, describedBy, placeholder, limits }: NumberTextProps) {
  return (
    <div className="num-row">
      <input
        id={id}
        type="text"
        inputMode={integer ? 'numeric' : 'decimal'}
        autoComplete="off"
        spellCheck={false}
        value={text}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
        aria-describedby={[invalid ? `${id}-err` : '', describedBy ?? ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => onText(e.target.value)}
        onKeyDown={(e) => {
          if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || e.altKey || e.ctrlKey || e.metaKey) return;
          const next = steppedText(text, e.key === 'ArrowUp' ? 1 : -1, { integer, ...limits }, e.shiftKey);
          if (next === null) return;
          e.preventDefault();
          onText(next);
        }}
      />
      {unit && <span className="unit">{unit}</span>}
    </div>
  );
}
