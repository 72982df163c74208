import { createStore, type StoreApi } from 'zustand/vanilla';
import { createScenarioSlice } from './scenarioSlice';
import { createRunSlice, type RunDeps } from './runSlice';
import { createResultsSlice } from './resultsSlice';
import { createUiSlice } from './uiSlice';
import type { AppState } from './types';

export type { AppState } from './types';
export type AppStore = StoreApi<AppState>;

/** One store made of slices. The pool is injected, so tests run the real engine in-process. */
export function createAppStore(deps: RunDeps): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createScenarioSlice(...a),
    ...createRunSlice(deps)(...a),
    ...createResultsSlice(...a),
    ...createUiSlice(...a),
  }));
}
