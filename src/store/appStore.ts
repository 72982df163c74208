import { useStore } from 'zustand';
import { browserWorkerFactory, SimPool } from '../worker/pool';
import { createAppStore, type AppState } from './index';

/** The page's pool: navigator.hardwareConcurrency − 1 workers, started on the first run. */
export const pool = new SimPool({ factory: browserWorkerFactory });

/** The page's store. */
export const appStore = createAppStore({ pool });

/** Read the store through a (module-level) selector. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
