/**
 * Jumps between the results and the settings for the one-column (narrow) layout, where the settings sit below
 * every chart. Each scrolls its target to the top and focuses a control there, without touching the URL fragment
 * (which holds the scenario).
 */
function jump(scrollTo: string, focusOn: string): void {
  document.querySelector(scrollTo)?.scrollIntoView({ block: 'start' });
  document.querySelector<HTMLElement>(focusOn)?.focus({ preventScroll: true });
}

/** To the settings: the sidebar, focusing the preset. */
export const jumpToSettings = () => jump('.sidebar', '#preset-select');

/** Back to the results: their tabs (not the run bar, which is sticky and so counts as in view anywhere), focusing the selected tab. */
export const jumpToResults = () => jump('.x-tabs', '.x-tabs [aria-selected="true"]');
