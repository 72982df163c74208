import type { SliceCreator } from './types';
import type { MigrationNote } from '../../sim-core/scenario/migrate';

/** The one error sink: whatever fails in a store action ends here, and the page shows it. */
export interface AppError {
  title: string;
  detail: string;
  /** Text offered in a read-only box with a Copy button (e.g. the engine's message with its command to reproduce). */
  copy?: { label: string; text: string };
}

/** Which banner a notice is: one of each at most (a new one replaces the old). */
export type NoticeId = 'link' | 'import' | 'python' | 'storage' | 'library' | 'worker' | 'limit' | 'long-run' | 'file' | 'explore-worker' | 'version' | 'discarded';

/**
 * A message above the results: a damaged link, an import refused, a pasted config applied, storage full …
 * Everything in it is text (React escapes it); `raw` is shown in a read-only text box to copy.
 */
export interface Notice {
  id: NoticeId;
  tone: 'error' | 'warning' | 'info';
  title: string;
  sections?: Array<{ heading?: string; items: string[] }>;
  raw?: { label: string; text: string };
  /** Scenario fields the notice is about (dotted keys): shown as links to their controls. */
  fields?: { label: string; keys: string[] };
}

export interface UiValues {
  error: AppError | null;
  /** Control groups the user folded away, by group key. */
  collapsed: Record<string, boolean>;
  notices: Notice[];
}

export interface UiActions {
  reportError(title: string, detail: string, copy?: AppError['copy']): void;
  clearError(): void;
  toggleGroup(key: string): void;
  notify(n: Notice): void;
  dismissNotice(id: NoticeId): void;
}

export type UiSlice = UiValues & UiActions;

export const UI_DEFAULT: UiValues = { error: null, collapsed: {}, notices: [] };

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  ...UI_DEFAULT,
  reportError: (title, detail, copy) => set({ error: copy ? { title, detail, copy } : { title, detail } }),
  clearError: () => {
    if (get().error) set({ error: null });
  },
  toggleGroup: (key) => set({ collapsed: { ...get().collapsed, [key]: !get().collapsed[key] } }),
  notify: (n) => set({ notices: [...get().notices.filter((x) => x.id !== n.id), n] }),
  dismissNotice: (id) => {
    if (get().notices.some((n) => n.id === id)) set({ notices: get().notices.filter((n) => n.id !== id) });
  },
});

/**
 * A scenario of an older version was opened (from a link, a file or this browser's storage): what it kept from
 * its version, with links to those fields. Null when there is nothing to say.
 */
export function versionNotice(notes: readonly MigrationNote[] | undefined, source: string): Notice | null {
  if (!notes || notes.length === 0) return null;
  const keys = [...new Set(notes.flatMap((n) => n.fields))];
  return {
    id: 'version',
    tone: 'info',
    title: `${source} was written by an older bootstorm: its numbers differ from the current presets'`,
    sections: [{ items: notes.map((n) => n.message) }],
    ...(keys.length ? { fields: { label: 'Fields', keys } } : {}),
  };
}
