import { useEffect, useRef, useState } from 'react';
import { copyText } from '../../lib/clipboard';
import { appStore, useApp } from '../../store/appStore';
import { heldAtInvalid, waitingValuesText } from '../../store/scenarioSlice';

/**
 * "Copy link": the link to the current scenario (and pinned baseline) to the clipboard. Where the Clipboard API
 * is unavailable or refused, the link is shown selected in a text box to copy by hand.
 */
export function ShareLink() {
  const [state, setState] = useState<{ link: string; copied: boolean; invalid: string | null; scenario: unknown; baseline: unknown } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const invalid = useApp((s) => !s.validation.ok);
  // What the link holds (the last valid scenario and the pinned baseline, each replaced, never mutated, on a
  // change): once either changes, the box's link is another scenario's, and the box closes rather than offer it
  // (a later copy opens it again with the new one).
  const scenario = useApp((s) => s.lastGood);
  const baseline = useApp((s) => s.baseline);
  const copy = async () => {
    const { shareLink, validation } = appStore.getState();
    // An invalid edit is not in the link: it holds the last valid settings.
    const link = shareLink(window.location.href);
    const copied = await copyText(link);
    const { lastGood } = appStore.getState();
    // Said as what the link holds where the draft is invalid (a half-typed value may have been valid on the way).
    const held = heldAtInvalid(lastGood, validation);
    const waiting = waitingValuesText(lastGood, appStore.getState().draft, validation);
    const invalid = validation.ok ? null : ` (the last valid settings${held ? `, with ${held}` : ''}: the invalid edit is not in it${waiting ? `, nor ${waiting}` : ''})`;
    setState({ link, copied, invalid, scenario: lastGood, baseline: appStore.getState().baseline });
    if (!copied)
      requestAnimationFrame(() => {
        input.current?.focus();
        input.current?.select();
      });
  };
  const open = state !== null && state.scenario === scenario && state.baseline === baseline;
  // Another scenario's link is gone for good: an undo back to the same scenario must not bring the box back.
  useEffect(() => {
    if (state !== null && !open) setState(null);
  }, [state, open]);
  // The box opens over the page (the run bar under the toolbar): like a menu, it closes on Escape (focus back on
  // its button) and on a click anywhere else.
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setState(null);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setState(null);
      // Focus back on its button only from the box itself: Escape in a settings field closes the box and leaves the field be.
      if (root.current?.contains(document.activeElement)) button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className="share" ref={root}>
      <button type="button" ref={button} onClick={() => void copy()} title={invalid ? 'The link holds the last valid settings' : 'Copy a link that reproduces these numbers'}>
        Copy link
      </button>
      {/* Says the link was copied (focus stays on the button, so the box's label is not read). Mounted empty, then
          filled: a live region inserted together with its text is often skipped. */}
      <span className="sr-only" aria-live="polite" data-share-announcement>
        {open && state.copied ? `Link copied to the clipboard${state.invalid ?? ''}.` : ''}
      </span>
      {open && (
        <div className="share-box">
          <label htmlFor="share-link" className="sub-label">
            {state.copied ? 'Copied to the clipboard' : 'Copy this link (Ctrl+C / ⌘C)'}
            {state.invalid ?? ''}:
          </label>
          <input id="share-link" ref={input} type="text" readOnly value={state.link} onFocus={(e) => e.currentTarget.select()} data-copied={String(state.copied)} />
          <button type="button" className="mini-btn" onClick={() => setState(null)} aria-label="Close the link box">
            ×
          </button>
        </div>
      )}
    </div>
  );
}
