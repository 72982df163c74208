import { useApp } from '../../store/appStore';
import { BASELINE_BUTTON, focusReplacement, SELECTED_TAB } from '../common/focus';
import { ExportMenu, ReportButtons } from './ExportMenu';
import { ShareLink } from './ShareLink';

function BaselineButton() {
  const baseline = useApp((s) => s.baseline);
  const valid = useApp((s) => s.validation.ok);
  const pin = useApp((s) => s.pinBaseline);
  const unpin = useApp((s) => s.unpinBaseline);
  // Each button replaces the other: focus follows, else it would drop to the top of the page.
  if (baseline)
    return (
      <div className="baseline-pinned" data-baseline-pinned="true">
        <span className="pin-tag" title="Every run compares the current settings with this baseline (paired replications)">
          Baseline: {baseline.title}
        </span>
        <button type="button" onClick={() => focusReplacement(unpin, [BASELINE_BUTTON, SELECTED_TAB])} data-baseline-button>
          Unpin
        </button>
      </div>
    );
  return (
    <button
      type="button"
      onClick={() => focusReplacement(pin, [BASELINE_BUTTON, SELECTED_TAB])}
      disabled={!valid}
      title={valid ? 'Compare every change from here against these settings' : 'Fix the invalid settings first'}
      data-baseline-button
    >
      Pin as baseline
    </button>
  );
}

/** Share, compare, export, report: the review workflow above the results. */
export function ReviewToolbar() {
  return (
    <div className="review-bar no-print" role="group" aria-label="Share, compare and export">
      <ShareLink />
      <BaselineButton />
      <span className="review-gap" />
      <ExportMenu />
      <ReportButtons />
    </div>
  );
}
