import type { AppState } from './types';
import { fieldKeyOf } from '../../sim-core/scenario/catalogue';

/** Module-level selectors: stable functions, so components re-render only when their slice of state changes. */
export const selectChanged = (s: AppState) => s.changed;
export const selectWarnings = (s: AppState) => s.warnings;
export const selectResult = (s: AppState) => s.result;
export const selectStale = (s: AppState) => s.stale;
export const selectError = (s: AppState) => s.error;
export const selectRunProgress = (s: AppState) => ({ status: s.status, done: s.done, total: s.total, startedAt: s.startedAt, endedAt: s.endedAt, progressAt: s.progressAt, paceFrom: s.paceFrom, expectedMs: s.expectedMs, detailOnly: s.detailOnly });

const NO_ISSUES: never[] = [];

/** Issues for one field (including sub-fields of a distribution or pattern). */
export const issuesAt = (key: string) => (s: AppState) =>
  s.validation.ok ? NO_ISSUES : s.validation.issues.filter((i) => i.path === key || i.path.startsWith(`${key}.`));

/** Issues that belong to no control (shown at the top of the panel). */
export const selectOrphanIssues = (s: AppState) =>
  s.validation.ok ? NO_ISSUES : s.validation.issues.filter((i) => fieldKeyOf(i.path) === null);
