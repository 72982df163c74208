import { afterEach, describe, expect, it } from 'vitest';
import { runRange } from '../../sim-core/run';
import { adaptivePlanner, drive, runUnit, heatmapPlanner, inProcessExecutor, METRIC_KEYS, sensitivityPlanner, solvePlanner, sweepPlanner, BREACH_RATE } from '../../sim-core/explore';
import type { Scenario } from '../../sim-core/scenario/schema';
import { createAppStore, type AppStore } from '../../src/store';
import { EXPLORE_DEFAULT, fmtMetric, type ExploreDraft } from '../../src/lib/exploreSettings';
import { exploreStale, heatmapReader } from '../../src/lib/explorePlan';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { RunCancelled, ScenarioRejected, SimPool, type WorkerFactory } from '../../src/worker/pool';
import { cheap } from '../explore/fixtures';

/** A worker factory that counts workers and terminations and delays each block. */
function instrumented(delayMs = 0) {
  const stats = { created: 0, terminated: 0, blocks: 0 };
  const factory: WorkerFactory = () => {
    stats.created++;
    const w = inProcessWorkerFactory();
    return {
      runBlock: async (input, from, to) => {
        stats.blocks++;
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        return w.runBlock(input, from, to);
      },
      runPairedBlock: (b, p, from, to) => w.runPairedBlock(b, p, from, to),
      terminate: () => {
        stats.terminated++;
        w.terminate();
      },
    };
  };
  return { factory, stats };
}

const stores: AppStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) {
    s.getState().cancelExplore();
    s.getState().cancelRun();
  }
});

/** A store that never starts a main run by itself, with an in-process exploration pool. */
function make(base: Scenario, opts: { delayMs?: number; size?: number; blockSize?: number } = {}) {
  const { factory, stats } = instrumented(opts.delayMs ?? 0);
  const explorePool = new SimPool({ factory, size: opts.size ?? 2, blockSize: opts.blockSize ?? 7 });
  const pool = new SimPool({ factory: inProcessWorkerFactory, size: 1 });
  const store = createAppStore({ pool, explorePool, debounceMs: 60_000, throttleMs: 0 });
  store.getState().loadScenario(base);
  store.getState().cancelRun();
  stores.push(store);
  return { store, stats, explorePool };
}

const edit = (store: AppStore, fn: (d: ExploreDraft) => ExploreDraft) => store.getState().editExplore(fn);
const must = <T,>(c: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!c.ok) throw new Error(c.message);
  return c.value;
};

describe('pool.blockRunners', () => {
  it('runs blocks on the pool\'s workers: each block is runRange of that scenario', async () => {
    const s = cheap({ simulation: { replications: 30 } });
    const { factory, stats } = instrumented();
    const pool = new SimPool({ factory, size: 2 });
    const ctl = new AbortController();
    const runners = pool.blockRunners(ctl.signal);
    expect(runners).toHaveLength(2);
    const [a, b] = await Promise.all([runners[0](s, 0, 10), runners[1](s, 10, 30)]);
    expect(a).toEqual(runRange(s, 0, 10).toJSON());
    expect(b).toEqual(runRange(s, 10, 30).toJSON());
    expect(stats.created).toBe(2);
    // One job at a time: a run waits for the session to end.
    await expect(pool.run(s, 30)).rejects.toThrow(/already in progress/);
    ctl.abort();
    expect(stats.terminated).toBe(0); // nothing was busy: the workers stay for the next job
    expect((await pool.run(s, 30)).toJSON()).toEqual(runRange(s, 0, 30).toJSON());
  });

  it('cancel terminates the busy workers and rejects their blocks; a refused scenario and a failed worker reject as data and errors', async () => {
    const s = cheap({ simulation: { replications: 30 } });
    const { factory, stats } = instrumented(30);
    const pool = new SimPool({ factory, size: 2 });
    const ctl = new AbortController();
    const runners = pool.blockRunners(ctl.signal);
    const pending = runners[0](s, 0, 10);
    ctl.abort();
    await expect(pending).rejects.toBeInstanceOf(RunCancelled);
    expect(stats.terminated).toBe(1);
    await expect(runners[1](s, 0, 10)).rejects.toBeInstanceOf(RunCancelled);

    const ctl2 = new AbortController();
    const [r] = pool.blockRunners(ctl2.signal);
    const bad = { ...s, wave: { ...s.wave, containers: 9000 } } as Scenario;
    const err = await r(bad, 0, 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioRejected);
    expect((err as ScenarioRejected).issues[0].path).toBe('wave.containers');
    ctl2.abort();

    const failing = new SimPool({ factory: () => ({ runBlock: () => Promise.reject(new Error('out of memory')), runPairedBlock: () => Promise.reject(new Error('unused')), terminate: () => undefined }), size: 1 });
    const ctl3 = new AbortController();
    await expect(failing.blockRunners(ctl3.signal)[0](s, 5, 10)).rejects.toThrow('replications 5–9 failed 3 times: the simulation worker crashed each time (last: out of memory); the run was stopped');
    ctl3.abort();
  });
});

describe('explore store: results equal the in-process planners', () => {
  it('a sweep streams partial results and ends equal to the in-process sweep (every point = its single run)', async () => {
    const base = cheap({ simulation: { replications: 24 } });
    const { store, stats } = make(base, { size: 3, blockSize: 5 });
    edit(store, (d) => ({ ...d, kind: 'sweep', sweep: { ...d.sweep, axis: { field: 'timeouts.initialization', from: 2, to: 12, steps: 6, scale: 'linear' } } }));
    const seen: number[] = [];
    const unsub = store.subscribe((s) => {
      const e = s.exploration;
      if (e?.status === 'running' && e.data?.kind === 'sweep') seen.push(e.replications);
    });
    await store.getState().startExplore();
    unsub();
    const e = store.getState().exploration!;
    expect(e.status).toBe('done');
    expect(e.planned).toBe(6 * 24);
    expect(e.replications).toBe(6 * 24);
    expect(seen.length).toBeGreaterThan(3); // partial results on the way
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const expected = await drive(must(sweepPlanner(base, { axis: { field: 'timeouts.initialization', from: 2, to: 12, steps: 6, scale: 'linear' }, metrics: METRIC_KEYS })), inProcessExecutor);
    expect(e.data?.kind).toBe('sweep');
    expect(JSON.stringify(e.data!.result)).toBe(JSON.stringify(expected));
    expect(stats.created).toBeLessThanOrEqual(3);
    // Point 3 (8 s) is exactly a single run of that scenario.
    const pt = expected.points[3];
    const single = runRange({ ...base, timeouts: { ...base.timeouts, initialization: 8 } }, 0, 24).counts;
    expect(pt.ok && pt.breaches).toBe(single.breaches);
  });

  it('cancel stops a sweep: partial results stay, its workers are terminated, and the next exploration is complete and exact', async () => {
    const base = cheap({ simulation: { replications: 60 } });
    const { store, stats } = make(base, { delayMs: 15, size: 2, blockSize: 5 });
    edit(store, (d) => ({ ...d, kind: 'sweep', sweep: { ...d.sweep, axis: { field: 'timeouts.initialization', from: 2, to: 12, steps: 5, scale: 'linear' } } }));
    const unsub = store.subscribe((s) => {
      if (s.exploration?.status === 'running' && s.exploration.replications >= 20) store.getState().cancelExplore();
    });
    await store.getState().startExplore();
    unsub();
    const e = store.getState().exploration!;
    expect(e.status).toBe('cancelled');
    expect(e.replications).toBeGreaterThanOrEqual(20);
    expect(e.replications).toBeLessThan(5 * 60);
    expect(e.data?.kind === 'sweep' && e.data.result.points.some((p) => p.ok && p.replications > 0)).toBe(true);
    const blocksAtCancel = stats.blocks;
    await new Promise((r) => setTimeout(r, 60));
    expect(stats.blocks).toBe(blocksAtCancel); // nothing more was handed out
    expect(stats.terminated).toBeGreaterThan(0);
    await store.getState().startExplore();
    const again = store.getState().exploration!;
    expect(again.status).toBe('done');
    const expected = await drive(must(sweepPlanner(base, { axis: { field: 'timeouts.initialization', from: 2, to: 12, steps: 5 }, metrics: METRIC_KEYS })), inProcessExecutor);
    expect(JSON.stringify(again.data!.result)).toBe(JSON.stringify(expected));
  });

  it('a new exploration cancels the one in flight; only the newest publishes', async () => {
    const base = cheap({ simulation: { replications: 40 } });
    const { store } = make(base, { delayMs: 10, size: 1, blockSize: 10 });
    const first = store.getState().startExplore();
    await new Promise((r) => setTimeout(r, 25));
    edit(store, (d) => ({ ...d, kind: 'precision', precision: { ...d.precision, halfWidthPts: 20, maxReplications: 40 } }));
    const second = store.getState().startExplore();
    await Promise.all([first, second]);
    const e = store.getState().exploration!;
    expect(e.settings.kind).toBe('precision');
    expect(e.status).toBe('done');
  });

  it('a heatmap: cells, rates and contour equal the in-process heatmap', async () => {
    const base = cheap({ simulation: { replications: 20 } });
    const { store } = make(base);
    const x = { field: 'timeouts.initialization', from: 2, to: 10, steps: 4, scale: 'linear' as const };
    const y = { field: 'wave.containers', from: 1, to: 5, steps: 3, scale: 'linear' as const };
    edit(store, (d) => ({ ...d, kind: 'heatmap', heatmap: { x, y, targetPct: 20 } }));
    await store.getState().startExplore();
    const e = store.getState().exploration!;
    expect(e.status).toBe('done');
    const expected = await drive(must(heatmapPlanner(base, { x, y, target: 0.2, metrics: [BREACH_RATE] })), inProcessExecutor);
    expect(JSON.stringify(e.data!.result)).toBe(JSON.stringify(expected));
    expect(e.data?.kind === 'heatmap' && e.data.result.cells).toHaveLength(12);
  });

  it('the heatmap read from counts equals the planner\'s own result, partial or whole, with invalid cells', async () => {
    const base = cheap({ simulation: { replications: 12 } });
    const pl = must(heatmapPlanner(base, { x: { field: 'connector.minInstances', from: 2, to: 5, steps: 4 }, y: { field: 'connector.maxInstances', from: 3, to: 6, steps: 4 }, target: 0.1, metrics: [BREACH_RATE], blockSize: 5 }));
    const read = heatmapReader(pl);
    const units = pl.next()!;
    units.slice(0, 7).forEach((u) => pl.report(u, runUnit(pl.points, u)));
    expect(JSON.stringify(read())).toBe(JSON.stringify(pl.result()));
    units.slice(7).forEach((u) => pl.report(u, runUnit(pl.points, u)));
    const whole = pl.result();
    expect(whole.cells.some((c) => !c.ok)).toBe(true);
    expect(JSON.stringify(read())).toBe(JSON.stringify(whole));
  });

  it('solve: the answer equals the in-process solver, and applying it sets the field (a history step)', async () => {
    const base = cheap({ simulation: { replications: 50 }, restart: { enabled: false } });
    const { store } = make(base, { size: 2, blockSize: 25 });
    edit(store, (d) => ({
      ...d,
      kind: 'solve',
      solve: { field: 'timeouts.initialization', direction: 'min', targetPct: 10, from: 1, to: 30, initialReplications: 50, maxReplications: 200, budget: 5000 },
    }));
    await store.getState().startExplore();
    const e = store.getState().exploration!;
    expect(e.status).toBe('done');
    const expected = await drive(
      must(solvePlanner(base, { field: 'timeouts.initialization', direction: 'min', target: 0.1, from: 1, to: 30, initialReplications: 50, maxReplications: 200, budget: 5000, blockSize: 25 })),
      inProcessExecutor,
    );
    expect(JSON.stringify(e.data!.result)).toBe(JSON.stringify(expected));
    expect(expected.answer).not.toBeNull();
    const checkpoint = store.getState().checkpoint;
    store.getState().applyExploreValue('timeouts.initialization', expected.answer!);
    expect((store.getState().draft.timeouts as { initialization: number }).initialization).toBe(expected.answer);
    expect(store.getState().checkpoint).toBe(checkpoint + 1);
    expect(store.getState().exploreNote).toMatch(/Initialization timeout set to/);
  });

  it('sensitivity and adaptive precision equal their in-process planners', async () => {
    const base = cheap({ simulation: { replications: 10 } });
    const { store } = make(base, { size: 3, blockSize: 10 });
    edit(store, (d) => ({ ...d, kind: 'sensitivity', sensitivity: { stepPct: 20, metric: BREACH_RATE } }));
    await store.getState().startExplore();
    const sens = await drive(must(sensitivityPlanner(base, { step: 0.2, metric: BREACH_RATE })), inProcessExecutor);
    expect(JSON.stringify(store.getState().exploration!.data!.result)).toBe(JSON.stringify(sens));

    edit(store, (d) => ({ ...d, kind: 'precision', precision: { ...d.precision, halfWidthPts: 8, maxReplications: 300 } }));
    await store.getState().startExplore();
    const ad = await drive(must(adaptivePlanner(base, { halfWidth: 0.08, maxReplications: 300, initialReplications: 200 })), inProcessExecutor);
    expect(JSON.stringify(store.getState().exploration!.data!.result)).toBe(JSON.stringify(ad));
  });

  it('adaptive replications per sweep point: each point replicates until its half-width goal (or the cap)', async () => {
    const base = cheap({ simulation: { replications: 10 } });
    const { store } = make(base, { size: 2, blockSize: 20 });
    edit(store, (d) => ({
      ...d,
      kind: 'sweep',
      sweep: { ...d.sweep, axis: { field: 'timeouts.initialization', from: 2, to: 10, steps: 3, scale: 'linear' } },
      precision: { mode: 'adaptive', replications: '', halfWidthPts: 5, maxReplications: 400 },
    }));
    await store.getState().startExplore();
    const e = store.getState().exploration!;
    expect(e.planned).toBeNull();
    expect(e.cap).toBe(3 * 400);
    const r = e.data!.kind === 'sweep' ? e.data!.result : null;
    for (const p of r!.points) expect(p.ok && (p.halfWidth < 0.05 || p.replications === 400)).toBe(true);
  });

  it('results go stale when the scenario changes, but not when a value the exploration set itself is applied', async () => {
    const base = cheap({ simulation: { replications: 10 } });
    const { store } = make(base);
    edit(store, (d) => ({ ...d, kind: 'sweep', sweep: { ...d.sweep, axis: { field: 'timeouts.initialization', from: 2, to: 10, steps: 3, scale: 'linear' } } }));
    await store.getState().startExplore();
    const e = store.getState().exploration!;
    const stale = () => exploreStale(e.settings, e.base, store.getState().lastGood);
    expect(stale()).toBe(false);
    store.getState().applyExploreValue('timeouts.initialization', 6);
    store.getState().setNumberText(['simulation', 'replications'], '77');
    expect(stale()).toBe(false);
    store.getState().setNumberText(['wave', 'containers'], '4');
    expect(stale()).toBe(true);
  });

  it('invalid settings never run; an invalid scenario never explores', async () => {
    const base = cheap({ simulation: { replications: 10 } });
    const { store, stats } = make(base);
    edit(store, (d) => ({ ...d, kind: 'sweep', sweep: { ...d.sweep, axis: { ...d.sweep.axis, from: 'abc', to: 9000 } } }));
    await store.getState().startExplore();
    expect(store.getState().exploration).toBeNull();
    edit(store, () => EXPLORE_DEFAULT);
    store.getState().setNumberText(['wave', 'containers'], '9000');
    await store.getState().startExplore();
    expect(store.getState().exploration).toBeNull();
    expect(store.getState().exploreNote).toMatch(/invalid settings in the scenario/);
    expect(stats.blocks).toBe(0);
  });
});

describe('metric values', () => {
  it('a time to all healthy past the horizon reads "> horizon", not as missing; other nulls are a dash', () => {
    expect(fmtMetric('containers.timeToAllHealthy.p95', null)).toBe('> horizon');
    expect(fmtMetric('containers.timeToAllHealthy.p95', 42.25)).toBe('42.3 s');
    expect(fmtMetric('alerts.leadTime.mean', null)).toBe('–');
  });
});
