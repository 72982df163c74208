import { useStore } from 'zustand';
import { browserWorkerFactory, SimPool } from '../worker/pool';
import { createAppStore, type AppState } from './index';
import { browserStorage } from './persistence';

/** The page's pool: navigator.hardwareConcurrency − 1 workers, started on the first run. */
export const pool = new SimPool({ factory: browserWorkerFactory });

/** Workers for what-if explorations (their own, so a main run and an exploration never cancel each other's). */
const explorePool = new SimPool({ factory: browserWorkerFactory });

/** The page's store, restored from local storage. */
export const appStore = createAppStore({ pool, explorePool, persist: { storage: browserStorage('localStorage'), tabStorage: browserStorage('sessionStorage') } });

/** Read the store through a (module-level) selector. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
