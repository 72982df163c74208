/**
 * The page's store module (src/store/appStore.ts) for component tests: the same store, on in-process pools
 * running the real engine instead of Web Workers. Use from a hoisted mock:
 *
 *   vi.mock('../../src/store/appStore', async () => (await import('../helpers/appStoreMock')).inProcessAppStore());
 */
import { useStore } from 'zustand';
import { createAppStore, type StoreDeps } from '../../src/store';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { SimPool } from '../../src/worker/pool';

export function inProcessAppStore(deps: Partial<StoreDeps> = {}) {
  const pool = new SimPool({ factory: inProcessWorkerFactory, size: 1 });
  const explorePool = new SimPool({ factory: inProcessWorkerFactory, size: 1 });
  // Edits never start a run by themselves here: tests run explicitly.
  const appStore = createAppStore({ pool, explorePool, debounceMs: 60_000, ...deps });
  return { pool, explorePool, appStore, useApp: <T,>(sel: (s: ReturnType<typeof appStore.getState>) => T) => useStore(appStore, sel) };
}
