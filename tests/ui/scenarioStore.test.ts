// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runRange } from '../../sim-core/run';
import { summarize } from '../../sim-core/results/summary';
import { runPairedRange, summarizeComparison } from '../../sim-core/compare';
import { pairedBaseline } from '../../sim-core/compare';
import { presetById } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { createAppStore, type AppStore } from '../../src/store';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { SimPool, type WorkerFactory } from '../../src/worker/pool';

async function until(cond: () => boolean, ms = 20_000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A store on an in-process pool, with a spy on what is sent to the engine. */
function makeStore(factory: WorkerFactory = inProcessWorkerFactory) {
  const pool = new SimPool({ factory, size: 2, blockSize: 10 });
  const run = vi.spyOn(pool, 'run');
  const store = createAppStore({ pool, debounceMs: 10, throttleMs: 0 });
  return { store, run };
}

const stores: AppStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.getState().cancelRun();
});

function tracked(factory?: WorkerFactory) {
  const x = makeStore(factory);
  stores.push(x.store);
  return x;
}

describe('scenario slice', () => {
  it('starts from the incident preset, valid, nothing changed', () => {
    const { store } = tracked();
    const s = store.getState();
    expect(s.presetId).toBe('incident-1278-staging');
    expect(s.validation.ok).toBe(true);
    expect(s.changed).toEqual([]);
    expect(s.warnings.map((w) => w.id)).toEqual(expect.arrayContaining(['substeps-exceed-init', 'pool-timeout-never-fires', 'connection-budget']));
  });

  it('an edit updates the draft, the diff from the preset, and runs the new scenario after the debounce', async () => {
    const { store, run } = tracked();
    store.getState().setNumberText(['simulation', 'replications'], '30');
    store.getState().setNumberText(['timeouts', 'initialization'], '9');
    store.getState().setNumberText(['timeouts', 'initialization'], '90'); // typed quickly: one run only
    const s = store.getState();
    expect(s.status).toBe('scheduled');
    expect(s.changed.sort()).toEqual(['simulation.replications', 'timeouts.initialization']);
    await until(() => store.getState().status === 'done');
    expect(run).toHaveBeenCalledTimes(1);
    const sent = run.mock.calls[0][0] as Scenario;
    expect(sent.timeouts.initialization).toBe(90);
    // The page's numbers are the engine's: equal to a single runRange summarized.
    const expected = summarize(runRange(sent, 0, 30), sent);
    expect(store.getState().result?.summary.phase3.breachRate).toBe(expected.phase3.breachRate);
    expect(store.getState().result?.complete).toBe(true);
    expect(store.getState().stale).toBe(false);
  });

  it('an invalid value is kept as typed, reported with its range at its path, and never run', async () => {
    const { store, run } = tracked();
    store.getState().setNumberText(['wave', 'containers'], '9000');
    let s = store.getState();
    expect(s.rawText['wave.containers']).toBe('9000');
    expect(s.status).toBe('invalid');
    expect(s.validation.ok).toBe(false);
    const issues = s.validation.ok ? [] : s.validation.issues;
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('wave.containers');
    expect(issues[0].message).toMatch(/9000.*1–5000 containers/);
    store.getState().setNumberText(['timeouts', 'connection'], '3 5');
    store.getState().setNumberText(['timeouts', 'connection'], 'abc');
    s = store.getState();
    expect(s.rawText['timeouts.connection']).toBe('abc');
    expect(s.validation.ok ? [] : s.validation.issues.map((i) => i.path)).toEqual(['wave.containers', 'timeouts.connection']);
    await new Promise((r) => setTimeout(r, 60));
    expect(run).not.toHaveBeenCalled();
    // Asked directly with nothing shown yet, it runs the last valid scenario, never the draft, and stays invalid.
    await store.getState().runNow();
    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.calls[0][0]).toEqual(store.getState().lastGood);
    expect(store.getState().status).toBe('invalid');
    expect(store.getState().stale).toBe(true);
    // With results shown, it refuses.
    await store.getState().runNow();
    expect(run).toHaveBeenCalledTimes(1);
    expect(store.getState().status).toBe('invalid');
  });

  it('keeps raw text that parses ("1e2") while the draft holds the number', () => {
    const { store } = tracked();
    store.getState().setNumberText(['timeouts', 'initialization'], '1e2');
    expect(store.getState().rawText['timeouts.initialization']).toBe('1e2');
    expect((store.getState().draft.timeouts as Record<string, unknown>).initialization).toBe(100);
  });

  it('reset to preset drops every edit and raw text', () => {
    const { store } = tracked();
    store.getState().setNumberText(['wave', 'containers'], '9000');
    store.getState().setField(['connector', 'machineType'], 'e2-standard-4');
    expect(store.getState().changed).toHaveLength(2);
    store.getState().resetToPreset();
    const s = store.getState();
    expect(s.changed).toEqual([]);
    expect(s.rawText).toEqual({});
    expect(s.validation.ok).toBe(true);
    expect(s.draft).toEqual(presetById('incident-1278-staging')!.scenario);
  });

  it('the diff follows values, not edits: setting a field back to the preset value clears its marker', () => {
    const { store } = tracked();
    store.getState().setNumberText(['pool', 'poolSize'], '5');
    store.getState().setField(['phase3', 'tableSetup'], { kind: 'constant', value: 2 });
    expect(store.getState().changed.sort()).toEqual(['phase3.tableSetup', 'pool.poolSize']);
    store.getState().setNumberText(['pool', 'poolSize'], '10');
    store.getState().setField(['phase3', 'tableSetup'], { p95: 6, median: 1.5, kind: 'lognormal' }); // other key order
    expect(store.getState().changed).toEqual([]);
  });

  it('choosing a preset loads it and diffs against it', () => {
    const { store } = tracked();
    store.getState().choosePreset('mitigated');
    const s = store.getState();
    expect(s.presetId).toBe('mitigated');
    expect(s.changed).toEqual([]);
    expect((s.draft.pool as Record<string, unknown>).poolSize).toBe(3);
    s.setNumberText(['pool', 'poolSize'], '10');
    expect(store.getState().changed).toEqual(['pool.poolSize']);
  });

  it('a preset, a reset or an opened scenario that replaces an invalid edit keeps what was typed in a notice', () => {
    const { store } = tracked();
    const s = store.getState();
    s.setNumberText(['pool', 'maxOverflow'], 'abc');
    s.setNumberText(['phases', 'init', 'median'], '-1');
    s.choosePreset('healthy-baseline');
    const n = store.getState().notices.find((x) => x.id === 'discarded');
    expect(n?.title).toMatch(/^The preset “.+” replaced settings that were not valid yet; here they are as they stood$/);
    expect(n?.raw?.text).toBe('Phase 1 INIT median: -1\nmax_overflow: abc');
    expect(n?.fields?.keys).toEqual(['phases.init', 'pool.maxOverflow']);
    // A valid draft replaced says nothing.
    store.getState().dismissNotice('discarded');
    store.getState().resetToPreset();
    store.getState().loadScenario(presetById('mitigated')!.scenario);
    expect(store.getState().notices.find((x) => x.id === 'discarded')).toBeUndefined();
    store.getState().setField(['wave', 'containers'], 0);
    store.getState().resetToPreset();
    expect(store.getState().notices.find((x) => x.id === 'discarded')?.raw?.text).toBe('Containers starting: 0');
  });

  it('keeps the valid value that made another field invalid (a rule across fields flags only one of them)', () => {
    const { store } = tracked();
    // A base of 20 s makes the preset's cap of 10 s invalid: the 20 typed is kept too.
    store.getState().setNumberText(['retry', 'base'], '20');
    store.getState().choosePreset('healthy-baseline');
    const n = store.getState().notices.find((x) => x.id === 'discarded');
    expect(n?.raw?.text).toBe('Retry backoff cap: 10\nRetry backoff base: 20');
    expect(n?.raw?.label).toMatch(/then your other changes/);
    expect(n?.fields?.keys).toEqual(['retry.cap', 'retry.base']);
    // A median of 10 s above the p95 of 4 s: the p95 is flagged, the median typed is kept.
    store.getState().dismissNotice('discarded');
    store.getState().setNumberText(['phases', 'init', 'median'], '10');
    store.getState().resetToPreset();
    expect(store.getState().notices.find((x) => x.id === 'discarded')?.raw?.text).toBe('Phase 1 INIT p95: 4\nPhase 1 INIT median: 10');
  });
});

describe('run slice', () => {
  it('a setting change cancels the run in flight; results of the old run never land', async () => {
    const { store, run } = tracked();
    store.getState().setNumberText(['simulation', 'replications'], '200');
    await until(() => run.mock.calls.length === 1); // past the work estimate, running
    store.getState().setNumberText(['simulation', 'replications'], '20');
    await until(() => store.getState().status === 'done');
    expect(run).toHaveBeenCalledTimes(2);
    expect(store.getState().result?.summary.replications).toBe(20);
  });

  it('choosing another replication to show in detail runs that one replication: the same results as a full run', async () => {
    const { store, run } = tracked();
    store.getState().setNumberText(['simulation', 'replications'], '30');
    await until(() => store.getState().status === 'done' && store.getState().result?.summary.replications === 30);
    const runs = run.mock.calls.length;
    store.getState().setNumberText(['simulation', 'detailReplication'], '17');
    // Known at once: the run bar says which replication is coming, not "settings changed".
    expect(store.getState()).toMatchObject({ status: 'scheduled', detailOnly: 17 });
    await until(() => store.getState().status === 'done' && store.getState().result?.summary.detail?.replication === 17);
    expect(run.mock.calls.length).toBe(runs); // no full run
    expect(store.getState().detailOnly).toBe(17); // the run bar says what ran, and times that
    const s = store.getState().validation.ok ? (store.getState().validation as { scenario: Scenario }).scenario : null;
    expect(s!.simulation.detailReplication).toBe(17);
    // Byte for byte what running all 30 replications of the new scenario gives.
    expect(JSON.stringify(store.getState().result!.summary)).toBe(JSON.stringify(summarize(runRange(s!, 0, 30), s!)));
    expect(store.getState().result!.scenario).toEqual(s);
    // Any other change runs everything again.
    store.getState().setNumberText(['wave', 'containers'], '5');
    await until(() => store.getState().status === 'done' && run.mock.calls.length === runs + 1);
    expect(store.getState().detailOnly).toBeNull();
  });

  it('with a baseline pinned too: one replication of each arm, and the comparison a full paired run gives', async () => {
    const { store, run } = tracked();
    store.getState().setNumberText(['simulation', 'replications'], '24');
    await until(() => store.getState().status === 'done' && store.getState().result?.summary.replications === 24);
    store.getState().pinBaseline();
    store.getState().setNumberText(['wave', 'containers'], '9');
    await until(() => store.getState().status === 'done' && store.getState().comparison?.result.proposal.replications === 24 && store.getState().comparison!.baseline.complete);
    const runs = run.mock.calls.length;
    store.getState().setNumberText(['simulation', 'detailReplication'], '5');
    await until(() => store.getState().status === 'done' && store.getState().result?.summary.detail?.replication === 5);
    expect(store.getState().detailOnly).toBe(5);
    expect(run.mock.calls.length).toBe(runs);
    const proposal = (store.getState().validation as { scenario: Scenario }).scenario;
    const baseline = pairedBaseline(store.getState().baseline!.scenario, proposal);
    const full = summarizeComparison(runPairedRange(baseline, proposal, 0, 24), baseline, proposal);
    const c = store.getState().comparison!;
    expect(JSON.stringify(c.result)).toBe(JSON.stringify(full));
    expect(c.baseline.summary.detail?.replication).toBe(5);
    expect(c.baseline.scenario).toEqual(baseline);
    expect(store.getState().result!.summary).toBe(c.result.proposal);
  });

  /** Workers that take 15 ms per block, so that a run is still going when the test acts. */
  const slow: WorkerFactory = () => {
    const w = inProcessWorkerFactory();
    return {
      runBlock: async (i, f, t) => (await new Promise((r) => setTimeout(r, 15)), w.runBlock(i, f, t)),
      runPairedBlock: async (b, p, f, t) => (await new Promise((r) => setTimeout(r, 15)), w.runPairedBlock(b, p, f, t)),
      terminate: w.terminate,
    };
  };

  /** A run of 400 slow replications, 40 of them merged, whose results are published at most every 10 s. */
  async function runningUnpublished() {
    const pool = new SimPool({ factory: slow, size: 2, blockSize: 10 });
    const store = createAppStore({ pool, debounceMs: 10, throttleMs: 10_000 });
    stores.push(store);
    store.getState().setNumberText(['simulation', 'replications'], '400');
    await until(() => store.getState().done >= 40);
    return store;
  }

  it('Cancel stops the run and keeps what was merged: the results shown are the count the run bar shows', async () => {
    // Only the cancel itself can bring the results up to date.
    const store = await runningUnpublished();
    store.getState().cancelRun();
    await until(() => store.getState().status === 'cancelled');
    const s = store.getState();
    expect(s.done).toBeLessThan(400);
    expect(s.result?.complete).toBe(false);
    expect(s.result?.replications).toBe(s.done);
    expect(s.result?.summary.replications).toBe(s.done);
    // Partial results of the current settings are shown as they are, not dimmed.
    expect(s.stale).toBe(false);
  });

  it('an invalid edit during a run stops it and says so: it is not reported as a cancel', async () => {
    const { store } = tracked(slow);
    store.getState().setNumberText(['simulation', 'replications'], '400');
    await until(() => store.getState().done >= 20);
    store.getState().setNumberText(['wave', 'containers'], 'abc');
    expect(store.getState().status).toBe('invalid');
    await new Promise((r) => setTimeout(r, 60)); // the stopped run's promise settles meanwhile
    expect(store.getState().status).toBe('invalid');
    expect(store.getState().stale).toBe(true);
  });

  it('an invalid edit during a run leaves the run bar counting what the results shown hold', async () => {
    // The run's newest blocks are never shown.
    const store = await runningUnpublished();
    const shown = store.getState().result!.replications;
    expect(shown).toBeLessThan(store.getState().done);
    store.getState().setNumberText(['wave', 'containers'], 'abc');
    const s = store.getState();
    expect(s.status).toBe('invalid');
    expect(s.done).toBe(shown);
    expect(s.endedAt).not.toBeNull();
  });

  it('an edit back to the scenario whose complete results are shown runs nothing: they are current again', async () => {
    const { store, run } = tracked();
    store.getState().setNumberText(['simulation', 'replications'], '30');
    await until(() => store.getState().status === 'done');
    const before = store.getState();
    expect(run).toHaveBeenCalledTimes(1);
    // A typo and its fix; a value set and set back (before its run starts).
    store.getState().setNumberText(['cloudSql', 'maxConnections'], '-5');
    expect(store.getState().stale).toBe(true);
    store.getState().setNumberText(['cloudSql', 'maxConnections'], '100');
    store.getState().setNumberText(['pool', 'poolSize'], '5');
    store.getState().setNumberText(['pool', 'poolSize'], '10');
    const s = store.getState();
    expect(s.status).toBe('done');
    expect(s.stale).toBe(false);
    expect(s.result).toBe(before.result);
    expect([s.done, s.total, s.startedAt, s.endedAt]).toEqual([before.done, before.total, before.startedAt, before.endedAt]);
    await new Promise((r) => setTimeout(r, 60));
    expect(run).toHaveBeenCalledTimes(1);
    // Back from settings refused as too much work: their notice goes with them.
    store.getState().setNumberText(['wave', 'containers'], '400');
    store.getState().setNumberText(['simulation', 'replications'], '200000');
    await until(() => store.getState().status === 'refused');
    expect(store.getState().notices.some((n) => n.id === 'limit')).toBe(true);
    store.getState().setNumberText(['simulation', 'replications'], '30');
    store.getState().setNumberText(['wave', 'containers'], '12');
    expect(store.getState().status).toBe('done');
    expect(store.getState().notices.some((n) => n.id === 'limit')).toBe(false);
    expect(run).toHaveBeenCalledTimes(1);
    // Run again still runs; so does any other scenario.
    store.getState().setNumberText(['pool', 'poolSize'], '5');
    await until(() => store.getState().status === 'done' && store.getState().result!.scenario.pool.poolSize === 5);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('a valid edit during a run goes straight to the next run, never through "cancelled"', async () => {
    const { store } = tracked(slow);
    store.getState().setNumberText(['simulation', 'replications'], '400');
    await until(() => store.getState().done >= 20);
    const seen = new Set<string>();
    const unsubscribe = store.subscribe((s) => seen.add(s.status));
    store.getState().setNumberText(['simulation', 'replications'], '30');
    await until(() => store.getState().status === 'done');
    unsubscribe();
    expect([...seen]).not.toContain('cancelled');
    expect(store.getState().result?.replications).toBe(30);
  });

  it('an error from a worker ends in the error sink the user sees', async () => {
    const broken: WorkerFactory = () => ({
      runBlock: () => Promise.reject(new Error('worker crashed: out of memory')),
      runPairedBlock: () => Promise.reject(new Error('worker crashed: out of memory')),
      terminate: () => undefined,
    });
    const { store } = tracked(broken);
    await store.getState().runNow();
    const s = store.getState();
    expect(s.status).toBe('error');
    // Replaced and run again twice, then the run stops naming the block and the cause.
    expect(s.error?.title).toMatch(/The run stopped: a simulation worker failed 3 times on the same block/);
    expect(s.error?.detail).toMatch(/replications 0–9 failed 3 times: the simulation worker crashed each time \(last: worker crashed: out of memory\)/);
    // The next successful run clears it.
    s.clearError();
    expect(store.getState().error).toBeNull();
  });
});
