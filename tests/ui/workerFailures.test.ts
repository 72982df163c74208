// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runPairedRange } from '../../sim-core/compare';
import { estimatePointsWork } from '../../sim-core/limits';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { createAppStore, type AppStore } from '../../src/store';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { BlockFailed, SimPool, blockTimeoutFor, describeIncident, type WorkerFactory, type WorkerHandle, type WorkerIncident } from '../../src/worker/pool';

/**
 * Failures inside a run: a fake worker (the real engine in-process, wrapped) that crashes once, crashes always,
 * hangs, or never loads. A lost worker is replaced and its block runs again (at most twice), then the run fails
 * naming the block and the cause; the results of a run that recovered are exact.
 */

function small(reps = 40, id = 'incident-1278-staging'): Scenario {
  const s = structuredClone(presetById(id)!.scenario);
  s.simulation.replications = reps;
  s.simulation.detailReplication = 3;
  return s;
}

type Fault = 'crash' | 'hang' | 'ok';

/**
 * Workers that fail on blocks starting at `from` as `plan` says, one entry per worker created for such a block
 * (then 'ok'); `neverLoads` workers (by creation index) never say they are ready.
 */
function faulty(opts: { at: number; plan: Fault[]; neverLoads?: number[]; noEstimate?: boolean }) {
  const stats = { created: 0, terminated: 0, hits: 0 };
  const factory: WorkerFactory = () => {
    const index = stats.created++;
    const inner = inProcessWorkerFactory();
    const never = opts.neverLoads?.includes(index);
    const fault = (from: number): Fault => (from === opts.at ? (opts.plan[stats.hits++] ?? 'ok') : 'ok');
    const wrap = <T,>(from: number, run: () => Promise<T>): Promise<T> => {
      const f = fault(from);
      if (f === 'crash') return Promise.reject(new Error('the worker script threw: RangeError: Maximum call stack size exceeded'));
      if (f === 'hang') return new Promise<T>(() => undefined);
      return run();
    };
    return {
      ready: never ? new Promise<void>(() => undefined) : Promise.resolve(),
      runBlock: (input, from, to) => wrap(from, () => inner.runBlock(input, from, to)),
      runPairedBlock: (b, p, from, to) => wrap(from, () => inner.runPairedBlock(b, p, from, to)),
      ...(opts.noEstimate ? {} : { estimate: (pilots: unknown, points: number, reps?: number) => wrap(-1, () => inner.estimate!(pilots, points, reps)) }),
      terminate: () => {
        stats.terminated++;
        inner.terminate();
      },
    } satisfies WorkerHandle;
  };
  return { factory, stats };
}

describe('a worker that crashes or hangs is replaced and its block runs again', () => {
  it('crashes once: the block runs again on a new worker, the user is told, and the result is exact', async () => {
    const s = small(40);
    const { factory, stats } = faulty({ at: 20, plan: ['crash'] });
    const pool = new SimPool({ factory, size: 2, blockSize: 10 });
    const incidents: WorkerIncident[] = [];
    const agg = await pool.run(s, 40, { onIncident: (i) => incidents.push(i) });
    expect(JSON.stringify(agg.toJSON())).toBe(JSON.stringify(runRange(s, 0, 40).toJSON()));
    expect(incidents).toEqual([{ kind: 'crashed', what: 'block', from: 20, to: 30, cause: 'the worker script threw: RangeError: Maximum call stack size exceeded', attempt: 1 }]);
    expect(stats.terminated).toBe(1);
    expect(stats.created).toBe(3);
    expect(describeIncident(incidents[0])).toBe(
      'a simulation worker crashed on replications 20–29 (the worker script threw: RangeError: Maximum call stack size exceeded) and was restarted; the block ran again',
    );
  });

  it('crashes always: after three attempts the run fails naming the block and the cause', async () => {
    const { factory, stats } = faulty({ at: 10, plan: ['crash', 'crash', 'crash'] });
    const pool = new SimPool({ factory, size: 1, blockSize: 10 });
    const incidents: WorkerIncident[] = [];
    const err = await pool.run(small(30), 30, { onIncident: (i) => incidents.push(i) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockFailed);
    expect((err as Error).message).toBe(
      'replications 10–19 failed 3 times: the simulation worker crashed each time (last: the worker script threw: RangeError: Maximum call stack size exceeded); the run was stopped',
    );
    expect(incidents.map((i) => i.attempt)).toEqual([1, 2]);
    expect(pool.alive).toBe(0);
    expect(stats.terminated).toBe(3);
    // The pool is free again, and the next run starts fresh workers.
    await expect(pool.run(small(5), 5)).resolves.toBeDefined();
  });

  it('hangs once: the watchdog replaces the worker and the block runs again', async () => {
    const s = small(30);
    const { factory, stats } = faulty({ at: 10, plan: ['hang'] });
    const pool = new SimPool({ factory, size: 2, blockSize: 10 });
    const incidents: WorkerIncident[] = [];
    const agg = await pool.run(s, 30, { blockTimeoutMs: 300, onIncident: (i) => incidents.push(i) });
    expect(agg.toJSON()).toEqual(runRange(s, 0, 30).toJSON());
    expect(incidents).toMatchObject([{ kind: 'hung', from: 10, to: 20, cause: 'no answer within 300 ms', attempt: 1 }]);
    expect(stats.terminated).toBe(1);
  });

  it('hangs always: the run never waits forever, it fails naming the block', async () => {
    const { factory } = faulty({ at: 0, plan: ['hang', 'hang', 'hang'] });
    const pool = new SimPool({ factory, size: 1, blockSize: 10, blockTimeoutMs: 150 });
    const t0 = Date.now();
    const err = await pool.run(small(20), 20).catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect((err as Error).message).toMatch(/^replications 0–9 failed 3 times: the simulation worker stopped answering each time \(last: no answer within 150 ms\)/);
  });

  it('a worker that never loads is replaced after the load timeout', async () => {
    const s = small(20);
    const { factory, stats } = faulty({ at: -2, plan: [], neverLoads: [0] });
    const pool = new SimPool({ factory, size: 1, blockSize: 10, loadTimeoutMs: 150 });
    const incidents: WorkerIncident[] = [];
    const agg = await pool.run(s, 20, { onIncident: (i) => incidents.push(i) });
    expect(agg.toJSON()).toEqual(runRange(s, 0, 20).toJSON());
    expect(incidents).toMatchObject([{ kind: 'no-start', from: 0, to: 10, cause: 'it did not load within 150 ms' }]);
    expect(describeIncident(incidents[0])).toMatch(/^a simulation worker did not start on replications 0–9/);
    expect(stats.created).toBe(2);
  });

  it('a paired run recovers the same way, exactly', async () => {
    const b = small(30, 'pre-fix-45s');
    const p = small(30, 'mitigated');
    const { factory } = faulty({ at: 20, plan: ['crash', 'hang'] });
    const pool = new SimPool({ factory, size: 2, blockSize: 10 });
    const incidents: WorkerIncident[] = [];
    const cmp = await pool.runPaired(b, p, 30, { blockTimeoutMs: 300, onIncident: (i) => incidents.push(i) });
    expect(JSON.stringify(cmp.toJSON())).toBe(JSON.stringify(runPairedRange(b, p, 0, 30).toJSON()));
    expect(incidents.map((i) => i.kind)).toEqual(['crashed', 'hung']);
  });

  it('the explore pool (block runners) recovers the same way, and fails after three attempts', async () => {
    const s = small(20);
    const { factory } = faulty({ at: 10, plan: ['crash'] });
    const pool = new SimPool({ factory, size: 2, blockSize: 10 });
    const ctl = new AbortController();
    const incidents: WorkerIncident[] = [];
    const runners = pool.blockRunners(ctl.signal, { blockTimeoutMs: 300, onIncident: (i) => incidents.push(i) });
    const [a, b] = await Promise.all([runners[0](s, 0, 10), runners[1](s, 10, 20)]);
    expect(a).toEqual(runRange(s, 0, 10).toJSON());
    expect(b).toEqual(runRange(s, 10, 20).toJSON());
    expect(incidents).toMatchObject([{ kind: 'crashed', from: 10, to: 20, attempt: 1 }]);
    ctl.abort();

    const hung = faulty({ at: 0, plan: ['hang', 'crash', 'hang'] });
    const pool2 = new SimPool({ factory: hung.factory, size: 1, blockSize: 10 });
    const ctl2 = new AbortController();
    const err = await pool2.blockRunners(ctl2.signal, { blockTimeoutMs: 150 })[0](s, 0, 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockFailed);
    expect((err as Error).message).toMatch(
      /^replications 0–9 failed 3 times: the simulation worker was lost each time \(stopped answering, then crashed, then stopped answering\) \(last: no answer within 150 ms\)/,
    );
    ctl2.abort();
  });

  it('a cancel during a hang ends at once and terminates the worker', async () => {
    const { factory, stats } = faulty({ at: 0, plan: ['hang'] });
    const pool = new SimPool({ factory, size: 1, blockSize: 10 });
    const ctl = new AbortController();
    const run = pool.run(small(10), 10, { signal: ctl.signal });
    await new Promise((r) => setTimeout(r, 30));
    ctl.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(stats.terminated).toBe(1);
  });
});

describe('the work estimate runs on a worker', () => {
  it('equals sim-core estimatePointsWork, with the pilot time; a crash is retried', async () => {
    const s = small(400);
    const { factory } = faulty({ at: -1, plan: ['crash'] });
    const pool = new SimPool({ factory, size: 2 });
    const incidents: WorkerIncident[] = [];
    const r = await pool.estimate([s], 1, 400, { onIncident: (i) => incidents.push(i) });
    expect(r!.estimate).toEqual(estimatePointsWork([s], 1, 400));
    expect(r!.pilotMs).toBeGreaterThan(0);
    // Timed again warm: never slower than the cold pilot, which is what the run's expected time is read from.
    expect(r!.replicationMs).toBeGreaterThan(0);
    expect(r!.replicationMs).toBeLessThanOrEqual(r!.pilotMs);
    expect(incidents).toMatchObject([{ what: 'estimate', kind: 'crashed' }]);
    expect(describeIncident(incidents[0])).toMatch(/^a simulation worker crashed while estimating the work .* the estimate ran again$/);
  });

  it('the block watchdog grows with the pilot', () => {
    expect(blockTimeoutFor(10, 20)).toBe(40_000);
    expect(blockTimeoutFor(1000, 20)).toBe(1_030_000);
  });
});

// ---- the store: what the user sees ----

const stores: AppStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) {
    s.getState().cancelRun();
    s.getState().cancelExplore();
  }
});

function storeWith(factory: WorkerFactory, opts: { blockTimeoutMs?: number } = {}) {
  const pool = new SimPool({ factory, size: 2, blockSize: 10, ...opts });
  const explorePool = new SimPool({ factory, size: 2, blockSize: 10, ...opts });
  const store = createAppStore({ pool, explorePool, debounceMs: 60_000, throttleMs: 0 });
  stores.push(store);
  return { store, pool, explorePool };
}

describe('the store tells the user', () => {
  it('a crash: a notice names the replications and says the block ran again; the numbers are exact', async () => {
    const s = small(40);
    const { store } = storeWith(faulty({ at: 20, plan: ['crash'] }).factory);
    store.getState().loadScenario(s);
    await store.getState().runNow();
    const st = store.getState();
    expect(st.status).toBe('done');
    expect(st.error).toBeNull();
    const n = st.notices.find((x) => x.id === 'worker')!;
    expect(n.tone).toBe('warning');
    expect(n.title).toBe(
      'A simulation worker crashed on replications 20–29 (the worker script threw: RangeError: Maximum call stack size exceeded) and was restarted; the block ran again',
    );
    expect(n.sections!.flatMap((x) => x.items).join(' ')).toMatch(/complete and exact/);
    const { summarize } = await import('../../sim-core/results/summary');
    expect(JSON.stringify(st.result!.summary)).toBe(JSON.stringify(summarize(runRange(s, 0, 40), s)));
    // A later clean run clears the notice.
    await store.getState().runNow();
    expect(store.getState().notices.find((x) => x.id === 'worker')).toBeUndefined();
  });

  it('a block that always crashes: the run fails with a message naming the block and the cause', async () => {
    const { store } = storeWith(faulty({ at: 10, plan: ['crash', 'crash', 'crash'] }).factory);
    store.getState().loadScenario(small(30));
    await store.getState().runNow();
    const st = store.getState();
    expect(st.status).toBe('error');
    expect(st.error!.title).toBe('The run stopped: a simulation worker failed 3 times on the same block');
    expect(st.error!.detail).toMatch(/^replications 10–19 failed 3 times: the simulation worker crashed each time \(last: the worker script threw/);
    expect(st.notices.find((x) => x.id === 'worker')!.title).toMatch(/^Simulation workers were restarted 2 times during this run/);
  });

  it('an exploration whose worker hangs once finishes, and says so', async () => {
    // Workers without an estimate: the pool's own (short) block watchdog applies, not one from a pilot.
    const { store } = storeWith(faulty({ at: 0, plan: ['hang'], noEstimate: true }).factory, { blockTimeoutMs: 200 });
    const s = small(20);
    store.getState().loadScenario(s);
    store.getState().cancelRun();
    store.getState().editExplore((d) => ({ ...d, kind: 'precision', precision: { ...d.precision, mode: 'adaptive', halfWidthPts: 20, maxReplications: 20 } }));
    await store.getState().startExplore();
    const e = store.getState().exploration!;
    expect(e.status).toBe('done');
    const n = store.getState().notices.find((x) => x.id === 'explore-worker')!;
    expect(n.title).toMatch(/^A simulation worker stopped answering on replications 0–9 \(no answer within .*\) and was restarted; the block ran again$/);
  });
});

describe('work limits', () => {
  /** 400 containers × 200,000 replications: about 87 billion events, over the 4 billion limit. */
  const huge = () => {
    const s = small(200_000);
    s.wave.containers = 400;
    return s;
  };

  it('a run over the limit is refused before it starts, naming the estimate, the limit and the field; the scenario is untouched', async () => {
    const { store, pool } = storeWith(inProcessWorkerFactory);
    const run = vi.spyOn(pool, 'run');
    const estimate = vi.spyOn(pool, 'estimate');
    store.getState().loadScenario(huge());
    const before = store.getState().draft;
    await store.getState().runNow();
    const st = store.getState();
    expect(st.status).toBe('refused');
    expect(run).not.toHaveBeenCalled();
    expect(st.draft).toBe(before);
    const n = st.notices.find((x) => x.id === 'limit')!;
    expect(n.tone).toBe('error');
    expect(n.title).toMatch(/^This run was not started: it is more work than the page allows \(4\.0 billion simulated events\)\. Your settings are unchanged\.$/);
    expect(n.sections![0].items[0]).toMatch(
      /^This would take about [\d.]+ billion events \([\d,]+ per replication × 200,000 replications\), more than the limit of 4\.0 billion: lower Replications to at most [\d,]+\.$/,
    );
    expect(n.fields).toEqual({ label: 'Fields to lower', keys: ['simulation.replications'] });
    // Changing only the replication count needs no new pilot.
    store.getState().setNumberText(['simulation', 'replications'], '150000');
    await store.getState().runNow();
    expect(store.getState().status).toBe('refused');
    expect(estimate).toHaveBeenCalledTimes(1);
    // Within the limit, it runs, and the banner goes.
    store.getState().loadScenario(small(20));
    await store.getState().runNow();
    expect(store.getState().status).toBe('done');
    expect(store.getState().notices.find((x) => x.id === 'limit')).toBeUndefined();
  });

  it('an exploration over the limit (points × replications) is refused before it runs', async () => {
    const { store, explorePool } = storeWith(inProcessWorkerFactory);
    const runners = vi.spyOn(explorePool, 'blockRunners');
    const s = small(20);
    s.wave.containers = 400;
    store.getState().loadScenario(s);
    store.getState().cancelRun();
    store.getState().editExplore((d) => ({
      ...d,
      kind: 'sweep',
      sweep: { ...d.sweep, axis: { field: 'pool.poolSize', from: 1, to: 20, steps: 20, scale: 'linear' } },
      precision: { ...d.precision, mode: 'fixed', replications: 200_000 },
    }));
    await store.getState().startExplore();
    const e = store.getState().exploration!;
    expect(e.status).toBe('error');
    expect(runners).not.toHaveBeenCalled();
    expect(e.refused!.title).toMatch(/^This sweep was not started/);
    expect(e.refused!.items[0]).toMatch(/× 200,000 replications × 20 points\), more than the limit of 4\.0 billion: lower Replications \(per point\) to at most [\d,]+, or use fewer Steps\.$/);
  });
});
