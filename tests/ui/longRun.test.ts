// @vitest-environment jsdom
/**
 * A run nobody asked for (an edit, the page opening) that the pilot replication says would take longer than
 * LONG_RUN_MS waits for Run, saying how long; Run (an explicit runNow) starts it; a shorter one starts by itself.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { presetById } from '../../sim-core/scenario/presets';
import { createAppStore, type AppStore } from '../../src/store';
import { LONG_RUN_MS } from '../../src/store/runSlice';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { SimPool } from '../../src/worker/pool';

async function until(cond: () => boolean, ms = 20_000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const stores: AppStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.getState().cancelRun();
});

/** A store whose pilot replication is timed at `replicationMs` warm (the real engine runs everything else). */
function storeWithPilot(replicationMs: number) {
  const pool = new SimPool({ factory: inProcessWorkerFactory, size: 2, blockSize: 10 });
  const estimate = pool.estimate.bind(pool);
  vi.spyOn(pool, 'estimate').mockImplementation(async (...a) => {
    const r = await estimate(...a);
    return r && { ...r, replicationMs };
  });
  const run = vi.spyOn(pool, 'run');
  const store = createAppStore({ pool, debounceMs: 10, throttleMs: 0 });
  store.getState().loadScenario({ ...structuredClone(presetById('mitigated')!.scenario), simulation: { ...presetById('mitigated')!.scenario.simulation, replications: 40 } });
  stores.push(store);
  return { store, run };
}

describe('a long run', () => {
  it('started by an edit waits for Run, saying how long it would take and what shortens it', async () => {
    // 40 replications × 30 s each on 2 workers: 10 min, past the 5 min bound.
    const { store, run } = storeWithPilot(30_000);
    expect(40 * 30_000 / 2).toBeGreaterThan(LONG_RUN_MS);
    store.getState().setField(['wave', 'jitter'], 7);
    await until(() => store.getState().status === 'confirm');
    expect(run).not.toHaveBeenCalled();
    const n = store.getState().notices.find((x) => x.id === 'long-run')!;
    expect(n.title).toBe('This run would take about 10 min 00 s: it starts when you press Run');
    expect(n.sections![0].items[0]).toBe('40 replications on 2 workers, as timed on one replication first; a run longer than 5 minutes does not start by itself.');
    expect(n.fields).toEqual({ label: 'Field to lower', keys: ['simulation.replications'] });
    // Run: it starts, and the notice goes.
    await store.getState().runNow();
    expect(run).toHaveBeenCalledTimes(1);
    expect(store.getState().status).toBe('done');
    expect(store.getState().notices.some((x) => x.id === 'long-run')).toBe(false);
  });

  it('the page opening is no request either; a short run starts by itself', async () => {
    const long = storeWithPilot(30_000);
    await long.store.getState().runNow({ auto: true });
    expect(long.store.getState().status).toBe('confirm');
    expect(long.run).not.toHaveBeenCalled();
    // 40 × 1 s on 2 workers: 20 s.
    const short = storeWithPilot(1000);
    await short.store.getState().runNow({ auto: true });
    expect(short.store.getState().status).toBe('done');
    expect(short.run).toHaveBeenCalledTimes(1);
  });
});
