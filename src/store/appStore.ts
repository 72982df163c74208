import { useStore } from 'zustand';
import { browserWorkerFactory, SimPool } from '../worker/pool';
import { createAppStore, type AppState } from './index';
import type { KeyValueStorage } from './persistence';

/** The page's pool: navigator.hardwareConcurrency − 1 workers, started on the first run. */
export const pool = new SimPool({ factory: browserWorkerFactory });

/** Local (or session) storage, or null where it is blocked (then nothing is kept between visits, or reloads). */
function storageOrNull(which: 'localStorage' | 'sessionStorage'): KeyValueStorage | null {
  try {
    return typeof window !== 'undefined' && window[which] ? window[which] : null;
  } catch {
    return null;
  }
}

/** Workers for what-if explorations (their own, so a main run and an exploration never cancel each other's). */
const explorePool = new SimPool({ factory: browserWorkerFactory });

/** The page's store, restored from local storage. */
export const appStore = createAppStore({ pool, explorePool, persist: { storage: storageOrNull('localStorage'), tabStorage: storageOrNull('sessionStorage') } });

/** Read the store through a (module-level) selector. */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(appStore, selector);
}
