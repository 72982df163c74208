import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store/appStore';
import type { Notice } from '../../store/uiSlice';
import { FIELDS } from '../../../sim-core/scenario/catalogue';
import { FieldLink } from '../controls/FieldLink';
import { EXPLORE_ACTION, EXPLORE_HEADING, focusFirst, REPORT_BACK, RUN_ACTION, SELECTED_TAB } from '../common/focus';

/**
 * Banners for a damaged link, a refused import, a pasted config, storage trouble … Every piece of text in them
 * may come from a link or a file, and is rendered as text (React escapes it); the raw text sits in a read-only
 * box to copy.
 */
function NoticeBanner({ n }: { n: Notice }) {
  const dismiss = useApp((s) => s.dismissNotice);
  const rawId = `notice-${n.id}-raw`;
  return (
    <div className={`notice notice-${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'} data-notice={n.id}>
      <div className="notice-body">
        <strong className="notice-title">{n.title}</strong>
        {n.sections?.map((sec, i) => (
          <div key={i} className="notice-section">
            {sec.heading && <div className="notice-heading">{sec.heading}</div>}
            <ul>
              {sec.items.map((item, k) => (
                <li key={k}>{item}</li>
              ))}
            </ul>
          </div>
        ))}
        {n.fields && (
          <p className="notice-fields">
            {n.fields.label}:{' '}
            {n.fields.keys.map((k, i) => (
              <span key={k}>
                {i > 0 && ', '}
                <FieldLink fieldKey={k}>{FIELDS.get(k)?.meta.label ?? k}</FieldLink>
              </span>
            ))}
          </p>
        )}
        {n.raw && (
          <div className="notice-raw">
            <label htmlFor={rawId} className="sub-label">
              {n.raw.label}
            </label>
            <textarea id={rawId} readOnly value={n.raw.text} rows={Math.min(4, 1 + Math.ceil(n.raw.text.length / 110))} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
          </div>
        )}
      </div>
      <button
        type="button"
        className="mini-btn"
        onClick={(e) => {
          const banner = e.currentTarget.closest('.notice');
          const dismissOf = (el: Element | null | undefined) => el?.querySelector(':scope > [data-notice-dismiss]');
          dismiss(n.id);
          // The banner goes with its button: focus the next banner's Dismiss (else the one before), else the view's
          // main control, rather than let focus drop to the top of the page.
          focusFirst([dismissOf(banner?.nextElementSibling), dismissOf(banner?.previousElementSibling), RUN_ACTION, EXPLORE_ACTION, EXPLORE_HEADING, REPORT_BACK, SELECTED_TAB]);
        }}
        aria-label={`Dismiss: ${n.title}`}
        data-notice-dismiss
      >
        Dismiss
      </button>
    </div>
  );
}

export function Notices() {
  const notices = useApp(useShallow((s) => s.notices));
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <NoticeBanner key={n.id} n={n} />
      ))}
    </div>
  );
}
