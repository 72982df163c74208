import { useId, useRef, useState } from 'react';
import { copyText } from '../../lib/clipboard';

/**
 * Text to copy: a labelled read-only box (selected on focus) and a Copy button. Where the Clipboard API is
 * unavailable or refused, the text is selected so Ctrl+C / ⌘C copies it.
 */
export function CopyBox({ label, text, rows }: { label: string; text: string; rows?: number }) {
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle');
  const copy = async () => {
    const ok = await copyText(text);
    setState(ok ? 'copied' : 'select');
    if (!ok) {
      box.current?.focus();
      box.current?.select();
    }
  };
  return (
    <div className="notice-raw copy-box">
      <div className="copy-row">
        <label htmlFor={id} className="sub-label">
          {label}
        </label>
        <button type="button" className="mini-btn" onClick={() => void copy()} aria-label={`Copy: ${label}`}>
          Copy
        </button>
        <span className="muted small" aria-live="polite">
          {state === 'copied' ? 'Copied.' : state === 'select' ? 'Selected: press Ctrl+C / ⌘C.' : ''}
        </span>
      </div>
      <textarea
        id={id}
        ref={box}
        readOnly
        value={text}
        rows={rows ?? Math.min(5, 1 + Math.ceil(text.length / 110))}
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
      />
    </div>
  );
}
