import { flushSync } from 'react-dom';

/**
 * Where focus goes when the control that had it goes away (Dismiss, Unpin): left alone, the browser drops it to
 * <body>, and a keyboard or screen-reader user starts again from the top of the page.
 */

/** Shown (where the browser can tell) and not disabled: a control focus can land on. */
function focusable(el: HTMLElement): boolean {
  if (el.matches(':disabled')) return false;
  // jsdom has no layout (and no checkVisibility): there, every element counts as shown.
  return typeof el.checkVisibility === 'function' ? el.checkVisibility() : true;
}

/** Focus the first of `targets` (elements, or selectors in the document) that can take it. */
export function focusFirst(targets: ReadonlyArray<string | Element | null | undefined>): boolean {
  for (const t of targets) {
    const el = typeof t === 'string' ? document.querySelector(t) : t;
    if (el instanceof HTMLElement && focusable(el)) {
      el.focus();
      return true;
    }
  }
  return false;
}

/**
 * Run a store action that swaps the focused control for another (Pin as baseline ⇄ Unpin), render its result at
 * once, and focus the control that took its place (the first of the selectors `replacement` that can take it).
 */
export function focusReplacement(action: () => void, replacement: readonly string[]): void {
  flushSync(action);
  focusFirst(replacement);
}

/** The selected results tab: the last resort, always there on the dashboard (the skip link lands on it too). */
export const SELECTED_TAB = '.x-tabs [aria-selected="true"]';
/** The run bar's main button (Run again, or Cancel while a run is under way). */
export const RUN_ACTION = '[data-run-action]';
/** The Explore panel's main button (Run …, or Cancel while an exploration runs), and its heading. */
export const EXPLORE_ACTION = '[data-explore-action]';
export const EXPLORE_HEADING = '#x-setup-h';
/** The print view's "Back to the dashboard". */
export const REPORT_BACK = '[data-report-back]';
/** The toolbar's baseline button, "Pin as baseline" or "Unpin", whichever is shown. */
export const BASELINE_BUTTON = '[data-baseline-button]';
