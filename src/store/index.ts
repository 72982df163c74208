import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { persist } from 'zustand/middleware';
import { createScenarioSlice } from './scenarioSlice';
import { createRunSlice, type RunDeps } from './runSlice';
import { createResultsSlice } from './resultsSlice';
import { createUiSlice, type Notice } from './uiSlice';
import { createBaselineSlice } from './baselineSlice';
import { createLinkSlice } from './linkSlice';
import { createLibrarySlice } from './librarySlice';
import { createExploreSlice, type ExploreDeps } from './exploreSlice';
import { persistOptions, savedLibrary, type PersistDeps, type SavedLibrary } from './persistence';
import type { AppState } from './types';

export type { AppState } from './types';
export type AppStore = StoreApi<AppState>;

export interface StoreDeps extends RunDeps, ExploreDeps {
  /** Keep the scenario, baseline and saved scenarios in this storage (the page: local storage). Off in tests unless given. */
  persist?: PersistDeps;
}

/** One store made of slices. The pool is injected, so tests run the real engine in-process. */
export function createAppStore(deps: StoreDeps): AppStore {
  // Storage notices can arise while the store is being created (hydration): hold them until it exists, and
  // deliver later ones after the current update (a failed write happens inside a `set`).
  let store: AppStore | null = null;
  const early: Array<Notice | null> = [];
  const deliver = (n: Notice | null) => (n ? store!.getState().notify(n) : store!.getState().dismissNotice('storage'));
  const report = (n: Notice | null) => (store ? queueMicrotask(() => deliver(n)) : early.push(n));
  const library: SavedLibrary | undefined = deps.persist ? savedLibrary(deps.persist.storage, report, deps.persist.savedKey) : undefined;
  const slices: StateCreator<AppState> = (...a) => ({
    ...createScenarioSlice(...a),
    ...createRunSlice(deps)(...a),
    ...createResultsSlice(...a),
    ...createUiSlice(...a),
    ...createBaselineSlice(...a),
    ...createLinkSlice(...a),
    ...createLibrarySlice(library)(...a),
    ...createExploreSlice(deps)(...a),
  });
  if (!deps.persist || !library) return createStore<AppState>()(slices);
  store = createStore<AppState>()(
    persist(slices as StateCreator<AppState, [['zustand/persist', unknown]]>, persistOptions(deps.persist, report, library)),
  ) as unknown as AppStore;
  for (const n of early) deliver(n);
  return store;
}
