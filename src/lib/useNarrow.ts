import { useSyncExternalStore } from 'react';

/** A phone-width viewport: where a chart's label column would leave its plot a sliver. */
const NARROW = '(max-width: 600px)';

const query = (): MediaQueryList | null => (typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(NARROW) : null);

function subscribe(onChange: () => void): () => void {
  const q = query();
  q?.addEventListener('change', onChange);
  return () => q?.removeEventListener('change', onChange);
}

/** True on a phone-width viewport (and follows a rotation); false where there is no window (tests, workers). */
export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, () => query()?.matches ?? false, () => false);
}
