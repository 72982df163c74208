import type { SliceCreator } from './types';

/** The one error sink: whatever fails in a store action ends here, and the page shows it. */
export interface AppError {
  title: string;
  detail: string;
}

export interface UiValues {
  error: AppError | null;
  /** Control groups the user folded away, by group key. */
  collapsed: Record<string, boolean>;
}

export interface UiActions {
  reportError(title: string, detail: string): void;
  clearError(): void;
  toggleGroup(key: string): void;
}

export type UiSlice = UiValues & UiActions;

export const UI_DEFAULT: UiValues = { error: null, collapsed: {} };

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  ...UI_DEFAULT,
  reportError: (title, detail) => set({ error: { title, detail } }),
  clearError: () => {
    if (get().error) set({ error: null });
  },
  toggleGroup: (key) => set({ collapsed: { ...get().collapsed, [key]: !get().collapsed[key] } }),
});
