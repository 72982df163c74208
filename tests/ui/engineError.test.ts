// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * An exception inside the engine (sim-core/run.ts ReplicationError) reaches the user with its text — the
 * replication, the seed and a command that reproduces it — copyable, and is not retried (it would throw again).
 * The engine is made to throw on replication 7 of scenarios with 13 containers.
 */
vi.mock('../../sim-core/model/replication', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../sim-core/model/replication')>();
  return {
    ...real,
    runReplication: (...args: Parameters<typeof real.runReplication>) => {
      const [scenario, replication] = args;
      if (scenario.wave.containers === 13 && replication === 7) throw new TypeError("Cannot read properties of undefined (reading 'release')");
      return real.runReplication(...args);
    },
  };
});

import { presetById } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { decodeScenario } from '../../sim-core/scenario/link';
import { createAppStore, type AppStore } from '../../src/store';
import { api } from '../../src/worker/api';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { EngineFailed, SimPool, type WorkerFactory } from '../../src/worker/pool';

const broken = (): Scenario => {
  const s = structuredClone(presetById('incident-1278-staging')!.scenario);
  s.wave.containers = 13;
  s.simulation.replications = 30;
  s.simulation.detailReplication = 2;
  return s;
};

const COMMAND = /Reproduce with: npm run -s sim -- '(2\.[A-Za-z0-9_-]+)' --workers 1$/;

const stores: AppStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) {
    s.getState().cancelRun();
    s.getState().cancelExplore();
  }
});

describe('an engine exception', () => {
  it('crosses the worker boundary as data: the message names the replication and a command to reproduce it', () => {
    const r = api.runBlock(broken(), 0, 10);
    expect(r.ok).toBe(false);
    const f = !r.ok && 'engine' in r ? r.engine : null;
    expect(f!.replication).toBe(7);
    expect(f!.message).toMatch(/^replication 7 \(seed \d+\) failed: Cannot read properties of undefined \(reading 'release'\)\. /);
    expect(f!.message).toMatch(COMMAND);
    // The command's link is the scenario, with just enough replications for replication 7.
    const link = COMMAND.exec(f!.message)![1];
    const d = decodeScenario(link);
    expect(d.ok && d.scenario.simulation.replications).toBe(8);
    expect(d.ok && d.scenario.wave.containers).toBe(13);
    expect(f!.reproduce).toBe(`npm run -s sim -- '${link}' --workers 1`);
  });

  it('fails the run at once (never retried) and the user sees the text, copyable', async () => {
    let created = 0;
    const factory: WorkerFactory = () => (created++, inProcessWorkerFactory());
    const pool = new SimPool({ factory, size: 1, blockSize: 10 });
    const err = await pool.run(broken(), 30).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineFailed);
    expect(created).toBe(1);

    const store = createAppStore({ pool: new SimPool({ factory: inProcessWorkerFactory, size: 2, blockSize: 10 }), debounceMs: 60_000, throttleMs: 0 });
    stores.push(store);
    store.getState().loadScenario(broken());
    await store.getState().runNow();
    const st = store.getState();
    expect(st.status).toBe('error');
    expect(st.error!.title).toBe('The simulation engine failed during the run');
    expect(st.error!.detail).toMatch(/^replication 7 \(seed \d+\) failed: /);
    expect(st.error!.copy!.text).toMatch(COMMAND);
    expect(st.error!.copy!.text).toBe(st.error!.detail.split('\n')[0]);
  });

  it('fails an exploration with the same text', async () => {
    const explorePool = new SimPool({ factory: inProcessWorkerFactory, size: 2, blockSize: 10 });
    const store = createAppStore({ pool: new SimPool({ factory: inProcessWorkerFactory, size: 1 }), explorePool, debounceMs: 60_000, throttleMs: 0 });
    stores.push(store);
    store.getState().loadScenario(broken());
    store.getState().cancelRun();
    store.getState().editExplore((d) => ({ ...d, kind: 'precision', precision: { ...d.precision, mode: 'adaptive', halfWidthPts: 20, maxReplications: 30 } }));
    await store.getState().startExplore();
    const e = store.getState().exploration!;
    expect(e.status).toBe('error');
    expect(e.error!.title).toBe('The simulation engine failed during the precision run');
    expect(e.error!.copy!.text).toMatch(COMMAND);
  });
});
