// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { runPairedRange, summarizeComparison } from '../../sim-core/compare';
import { encodeScenario } from '../../sim-core/scenario/link';
import { presetById } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { buildResultsFile, RESULTS_FORMAT, validateResultsFile } from '../../sim-core/results/resultsFile';
import { resultsFileJson } from '../../src/lib/exportData';
import { scenarioOf } from '../helpers/scenario';
import { summarize } from '../../sim-core/results/summary';
import { runRange } from '../../sim-core/run';
import { createAppStore, type AppStore } from '../../src/store';
import { heldAtInvalid, waitingValuesText } from '../../src/store/scenarioSlice';
import { pairedBaseline } from '../../sim-core/compare';
import { PERSIST_KEY, PERSIST_VERSION, SAVED_KEY, type KeyValueStorage } from '../../src/store/persistence';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { SimPool } from '../../src/worker/pool';

async function until(cond: () => boolean, ms = 30_000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A Storage in memory; `full` makes writes throw as a full local storage does. */
class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  full = false;
  writes = 0;
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.full) {
      const e = new Error('The quota has been exceeded.');
      e.name = 'QuotaExceededError';
      throw e;
    }
    this.writes++;
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

const stores: AppStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.getState().cancelRun();
});
function make(storage?: KeyValueStorage | null) {
  const pool = new SimPool({ factory: inProcessWorkerFactory, size: 2, blockSize: 10 });
  const store = createAppStore({ pool, debounceMs: 5, throttleMs: 0, ...(storage !== undefined ? { persist: { storage } } : {}) });
  stores.push(store);
  return store;
}

const small = (id = 'incident-1278-staging', reps = 20): Scenario => {
  const s = structuredClone(presetById(id)!.scenario);
  s.simulation.replications = reps;
  return s;
};
const link = (s: Scenario, b?: Scenario) => `https://bootstorm.test/#s=${encodeScenario(s)}${b ? `&b=${encodeScenario(b)}` : ''}`;
function rawLink(json: string): string {
  let bin = '';
  for (const b of deflateSync(strToU8(json))) bin += String.fromCharCode(b);
  return `https://bootstorm.test/#s=${(JSON.parse(json) as { version: number }).version}.${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}
const notice = (store: AppStore, id: string) => store.getState().notices.find((n) => n.id === id);

describe('an older scenario version', () => {
  it('a version 1 link opens as it was, with a notice naming the version 1 defaults it keeps; a current link clears it', () => {
    const store = make();
    expect(store.getState().openLink(rawLink(JSON.stringify({ version: 1, wave: { containers: 5 } })))).toBe('opened');
    expect((store.getState().draft as Scenario).cloudSql.otherClients).toBe(0);
    const n = notice(store, 'version')!;
    expect(n.tone).toBe('info');
    expect(n.title).toMatch(/^This link was written by an older bootstorm/);
    expect(n.sections![0].items[0]).toMatch(/version 1 defaults of connector\.otherConnections 40, .*cloudSql\.otherClients 0, restart\.maxRestarts 10/);
    expect(n.fields!.keys).toEqual(['connector.otherConnections', 'connector.handshakeLatency', 'connector.latencyAtFullLoad', 'cloudSql.otherClients', 'restart.maxRestarts']);
    expect(store.getState().openLink(link(small('mitigated')))).toBe('opened');
    expect(notice(store, 'version')).toBeUndefined();
    // Any other scenario replacing it clears the notice: a preset, Reset to preset.
    store.getState().openLink(rawLink(JSON.stringify({ version: 1, wave: { containers: 5 } })));
    expect(notice(store, 'version')).toBeDefined();
    store.getState().choosePreset('mitigated');
    expect(notice(store, 'version')).toBeUndefined();
    store.getState().openLink(rawLink(JSON.stringify({ version: 1, wave: { containers: 5 } })));
    store.getState().resetToPreset();
    expect(notice(store, 'version')).toBeUndefined();
  });

  it('a results file written by 0.2.0 opens with the notice, and exported again it opens again', () => {
    const store = make();
    const input = { version: 1, wave: { containers: 4 }, simulation: { replications: 5 } };
    const s = scenarioOf(input);
    const result = JSON.parse(JSON.stringify(summarize(runRange(s, 0, 5), s)));
    Object.assign(result, { bootstorm: '0.2.0', scenarioVersion: 1 });
    delete result.peaks.cloudSqlConnections.background;
    expect(store.getState().importScenarioText(JSON.stringify({ format: RESULTS_FORMAT, scenario: input, result }), 'old.results.json')).toBe(true);
    expect(notice(store, 'version')!.title).toMatch(/^old\.results\.json was written by an older bootstorm/);
    const view = store.getState().result!;
    const again = validateResultsFile(JSON.parse(resultsFileJson(view.scenario, view.summary)));
    expect(again.ok).toBe(true);
    expect(again.ok && again.notes).toBeUndefined();
    // A result newer than its scenario does not belong to it.
    const wrong = validateResultsFile({ format: RESULTS_FORMAT, scenario: input, result: { ...result, scenarioVersion: 2 } });
    expect(!wrong.ok && wrong.issues.map((i) => i.path)).toEqual(['result.scenarioVersion']);
  });

  it('a version 1 scenario kept in storage from an earlier visit: the same notice, and its values kept', async () => {
    const storage = new MemoryStorage();
    const old = { ...structuredClone(presetById('incident-1278-staging')!.scenario), version: 1 } as Record<string, unknown>;
    Object.assign(old, { connector: { ...(old.connector as object), otherConnections: 40, handshakeLatency: { kind: 'lognormal', median: 0.005, p95: 0.02 }, latencyAtFullLoad: 20 } });
    Object.assign(old, { cloudSql: { ...(old.cloudSql as object), otherClients: 0 }, restart: { ...(old.restart as object), maxRestarts: 10 } });
    storage.data.set(PERSIST_KEY, JSON.stringify({ version: PERSIST_VERSION, state: { scenario: old, presetId: 'incident-1278-staging' } }));
    const a = make(storage);
    await tick();
    expect((a.getState().draft as Scenario).restart.maxRestarts).toBe(10);
    expect(notice(a, 'version')!.title).toMatch(/^The scenario this browser kept from your last visit was written by an older bootstorm/);
  });
});

describe('links in the store', () => {
  it('a good link replaces the scenario, diffed against the preset it came from', () => {
    const store = make();
    const s = small('mitigated');
    s.wave.containers = 30;
    expect(store.getState().openLink(link(s))).toBe('opened');
    expect(store.getState().draft).toEqual(s);
    expect(store.getState().presetId).toBe('mitigated');
    expect(store.getState().changed.sort()).toEqual(['simulation.replications', 'wave.containers']);
    expect(store.getState().openLink(link(s))).toBe('unchanged');
  });

  it('a link with refused values opens the rest for repair: the refused ones marked in their fields, the rest runs', async () => {
    const store = make();
    store.getState().setNumberText(['wave', 'containers'], '40');
    await until(() => store.getState().status === 'done');
    expect(store.getState().result!.scenario.wave.containers).toBe(40);
    const bad = rawLink('{"version":1,"wave":{"containers":9000},"pool":{"poolSize":"<b>big</b>","maxOverflow":3},"simulation":{"seed":7},"extra":1}');
    expect(store.getState().openLink(bad)).toBe('repaired');
    const st = store.getState();
    // The good fields are in force in the form; the refused ones are there as written, marked by validation.
    expect(st.draft).toMatchObject({ wave: { containers: 9000 }, pool: { poolSize: '<b>big</b>', maxOverflow: 3 }, simulation: { seed: 7 } });
    expect(st.rawText['pool.poolSize']).toBe('<b>big</b>');
    expect(Object.hasOwn(st.draft, 'extra')).toBe(false);
    expect(!st.validation.ok && st.validation.issues.map((i) => i.path).sort()).toEqual(['pool.poolSize', 'wave.containers']);
    // Until they are fixed, the last valid settings are the link's, its refused values at their defaults: they run
    // (the results of 40 containers were another scenario's), and a copied link or the storage holds them.
    expect(st.lastGood).toMatchObject({ wave: { containers: 12 }, pool: { poolSize: 10, maxOverflow: 3 }, simulation: { seed: 7 } });
    expect(st.result).toBeNull();
    await until(() => store.getState().result?.complete === true);
    expect(store.getState().result!.scenario).toBe(st.lastGood);
    expect(store.getState().stale).toBe(true);
    expect(store.getState().status).toBe('invalid');
    expect(heldAtInvalid(store.getState().result!.scenario, st.validation)).toBe('containers starting 12, pool_size 10 connections');
    const n = notice(store, 'link')!;
    expect(n.tone).toBe('error');
    expect(n.title).toBe('This link holds 2 values their fields refuse and an unknown field (left out): the rest of it is open; fix the marked fields to run it');
    const items = n.sections!.flatMap((x) => x.items).join('\n');
    // As the form names them, with the path for whoever repairs the link by hand.
    expect(items).toMatch(/^Containers starting \(wave\.containers\): 9000 is out of range/m);
    expect(items).toMatch(/^pool_size \(pool\.poolSize\): "<b>big<\/b>" is not a valid number/m);
    expect(items).toMatch(/unknown field "extra"/);
    expect(n.raw!.text).toBe(bad);
    // Fixed in the form, it is the link's scenario with those two values: it runs.
    store.getState().setNumberText(['wave', 'containers'], '50');
    store.getState().setNumberText(['pool', 'poolSize'], '5');
    expect(store.getState().validation.ok).toBe(true);
    expect(store.getState().lastGood).toMatchObject({ wave: { containers: 50 }, pool: { poolSize: 5, maxOverflow: 3 }, simulation: { seed: 7 } });
    // Only unknown fields: the rest is valid, and opens and runs as it is.
    expect(store.getState().openLink(rawLink('{"version":1,"wave":{"containers":12,"containerz":13}}'))).toBe('repaired');
    expect(store.getState().validation.ok).toBe(true);
    expect(store.getState().lastGood.wave.containers).toBe(12);
    expect(notice(store, 'link')!.title).toBe('This link holds an unknown field (left out): the rest of it is open');
  });

  it('a link whose refused value breaks a rule its default breaks too opens with both values as written, only the refused one marked', () => {
    const store = make();
    // With the cap written, and without (the cap's default breaks the rule as well: it is marked, as if the base had
    // been typed in the form).
    for (const retry of ['{"base":20,"cap":10}', '{"base":20}']) {
      expect(store.getState().openLink(rawLink(`{"version":2,"retry":${retry},"pool":{"poolSize":6}}`))).toBe('repaired');
      const st = store.getState();
      expect(st.draft, retry).toMatchObject({ retry: { base: 20, cap: 10 }, pool: { poolSize: 6 } });
      expect(!st.validation.ok && st.validation.issues.map((i) => `${i.path}: ${i.message}`)).toEqual(['retry.cap: 10 must be ≥ backoff base (20 s): allowed 20–600 s here']);
      // The last valid settings are the link's but for the rule: base and cap at their defaults, pool_size 6 in force.
      expect(st.lastGood).toMatchObject({ retry: { base: 0.5, cap: 10 }, pool: { poolSize: 6 } });
      expect(notice(store, 'link')!.title).toBe('This link holds a value its field refuses: the rest of it is open; fix the marked field to run it');
    }
    const st = store.getState();
    // What the results shown and a copied link hold is said: not the base set aside for the rule, which waits.
    expect(heldAtInvalid(st.lastGood, st.validation)).toBe('retry backoff cap 10 s');
    expect(waitingValuesText(st.lastGood, st.draft, st.validation)).toBe('another new value in the form');
    expect(waitingValuesText(st.lastGood, st.draft, { ok: true, scenario: st.lastGood })).toBe('');
    store.getState().setNumberText(['retry', 'cap'], '30');
    expect(store.getState().lastGood).toMatchObject({ retry: { base: 20, cap: 30 }, pool: { poolSize: 6 } });
  });

  it('a link whose name is too long for a title opens cut to fit, with every setting, and runs', () => {
    const store = make();
    const name = `Capacity review ${'n'.repeat(200)}`;
    expect(store.getState().openLink(rawLink(JSON.stringify({ version: 2, name, wave: { containers: 14 } })))).toBe('repaired');
    const st = store.getState();
    expect(st.validation.ok).toBe(true);
    expect(st.lastGood).toMatchObject({ name: name.slice(0, 120), wave: { containers: 14 } });
    const n = notice(store, 'link')!;
    expect(n.title).toBe('This link holds a name over 120 characters (cut to fit): the rest of it is open');
    // The whole link stays in the notice, name and all.
    expect(n.raw!.text).toContain('#s=');
  });

  it('says what the last valid scenario holds where the draft is invalid: a value valid on the way to a typo', () => {
    const store = make();
    for (const text of ['3', '30', '300000']) store.getState().setNumberText(['simulation', 'replications'], text);
    const st = store.getState();
    expect(st.validation.ok).toBe(false);
    expect(heldAtInvalid(st.lastGood, st.validation)).toBe('replications 30');
    expect(heldAtInvalid(st.lastGood, { ok: true, scenario: st.lastGood })).toBe('');
    // Units as reports write them, a distribution in words.
    store.getState().setNumberText(['retry', 'base'], '-1');
    store.getState().setField(['phases', 'init'], { kind: 'lognormal', median: 5, p95: 1 });
    expect(heldAtInvalid(store.getState().lastGood, store.getState().validation)).toBe('replications 30, Phase 1 INIT lognormal, median 1.5 s, p95 4 s, retry backoff base 0.5 s');
  });

  it('a link with two different scenarios (s= twice) is damaged: neither opens', () => {
    const store = make();
    const before = store.getState().draft;
    const two = `https://bootstorm.test/#s=${encodeScenario(small('mitigated'))}&s=${encodeScenario(small('healthy-baseline'))}`;
    expect(store.getState().openLink(two)).toBe('damaged');
    expect(store.getState().draft).toBe(before);
    expect(notice(store, 'link')!.sections!.flatMap((x) => x.items).join('\n')).toMatch(/s= twice, with different values/);
  });

  it('a damaged link keeps the last good scenario, names each problem, and keeps the link text to copy', () => {
    const store = make();
    store.getState().setNumberText(['wave', 'containers'], '40');
    const before = store.getState().draft;
    // Damage the form cannot hold (a group that is no group of fields) is refused whole.
    const bad = rawLink('{"version":1,"wave":5,"pool":{"poolSize":6}}');
    expect(store.getState().openLink(bad)).toBe('damaged');
    expect(store.getState().draft).toBe(before);
    const n = notice(store, 'link')!;
    expect(n.title).toBe('This link is damaged: the page kept the last good scenario');
    expect(n.sections!.flatMap((x) => x.items).join('\n')).toMatch(/^wave: 5 is not a valid group/m);
    expect(n.raw!.text).toBe(bad);
    // every other kind of damage, too
    for (const text of ['#s=1.', '#s=7.abc', '#s=1.%%%', `#s=${encodeScenario(small()).slice(0, 20)}`, '#s=', '#b=1.abc', `#s=1.${'x'.repeat(50_000)}`]) {
      expect(store.getState().openLink(text)).toBe('damaged');
      expect(store.getState().draft).toBe(before);
      expect(notice(store, 'link')!.raw!.text.length).toBeLessThan(20_100);
    }
    // a good link afterwards clears the banner
    store.getState().openLink(link(small()));
    expect(notice(store, 'link')).toBeUndefined();
  });

  it('a fragment that is not a link (an anchor) is ignored', () => {
    const store = make();
    expect(store.getState().openLink('https://bootstorm.test/#f-wave-containers')).toBe('none');
    expect(store.getState().notices).toEqual([]);
  });

  it('the share link reproduces the scenario and the baseline', () => {
    const store = make();
    store.getState().setNumberText(['timeouts', 'initialization'], '120');
    store.getState().pinBaseline();
    store.getState().setNumberText(['pool', 'poolSize'], '5');
    const url = store.getState().shareLink('https://bootstorm.test/app/?x=1#old');
    expect(url.startsWith('https://bootstorm.test/app/?x=1#s=2.')).toBe(true);
    const other = make();
    expect(other.getState().openLink(url)).toBe('opened');
    expect(other.getState().draft).toEqual(store.getState().draft);
    expect(other.getState().baseline?.scenario).toEqual(store.getState().baseline?.scenario);
    // a link without b= unpins
    other.getState().openLink(link(small()));
    expect(other.getState().baseline).toBeNull();
  });
});

describe('baseline and paired runs', () => {
  it('pinning runs the paired comparison: both arms with common random numbers, as runPairedRange', async () => {
    const store = make();
    store.getState().loadScenario(small('pre-fix-45s', 30));
    await until(() => store.getState().status === 'done');
    store.getState().pinBaseline();
    store.getState().setNumberText(['timeouts', 'initialization'], '300');
    await until(() => store.getState().status === 'done' && !!store.getState().comparison);
    const s = store.getState();
    const proposal = s.result!.scenario;
    const baseline = pairedBaseline(s.baseline!.scenario, proposal);
    const expected = summarizeComparison(runPairedRange(baseline, proposal, 0, 30), baseline, proposal);
    expect(s.comparison!.result.differences).toEqual(expected.differences);
    // the proposal's arm is exactly a single run of the proposal
    expect(s.result!.summary).toEqual(summarize(runRange(proposal, 0, 30), proposal));
    expect(s.comparison!.baseline.summary).toEqual(expected.baseline);
    expect(s.comparison!.result.differences.breachRate.diff).toBeLessThan(0);
    // unpin: back to single runs
    store.getState().unpinBaseline();
    await until(() => store.getState().status === 'done');
    expect(store.getState().comparison).toBeNull();
    expect(store.getState().result!.summary.phase3.breachRate).toBe(expected.proposal.phase3.breachRate);
  });

  it('the baseline runs with the proposal\'s simulation settings (seed, replications, horizon)', () => {
    const b = small('incident-1278-staging', 50);
    const p = small('mitigated', 20);
    p.simulation.seed = 7;
    expect(pairedBaseline(b, p).simulation).toEqual(p.simulation);
    expect(pairedBaseline(b, p).pool).toEqual(b.pool);
  });
});

describe('persistence', () => {
  it('keeps the last valid scenario, the baseline and saved scenarios; a reload restores them', async () => {
    const storage = new MemoryStorage();
    const a = make(storage);
    a.getState().setNumberText(['wave', 'containers'], '33');
    a.getState().pinBaseline();
    a.getState().setNumberText(['wave', 'containers'], '9000'); // invalid: not kept, the last valid one is
    expect(a.getState().saveScenario('x')).toBe(false);
    a.getState().setNumberText(['wave', 'containers'], '34');
    expect(a.getState().saveScenario('  Big   fleet ')).toBe(true);
    const stored = JSON.parse(storage.getItem(PERSIST_KEY)!);
    expect(stored.version).toBe(PERSIST_VERSION);
    expect(Object.keys(stored.state).sort()).toEqual(['baseline', 'presetId', 'scenario']);
    // The saved scenarios have their own record, shared by the page's tabs.
    expect(JSON.parse(storage.getItem(SAVED_KEY)!).saved.map((x: { name: string }) => x.name)).toEqual(['Big fleet']);
    const b = make(storage);
    expect(b.getState().draft).toEqual(a.getState().lastGood);
    expect((b.getState().draft.wave as { containers: number }).containers).toBe(34);
    expect(b.getState().draft.name).toBe('Big fleet');
    expect(b.getState().baseline?.scenario.wave.containers).toBe(33);
    expect(b.getState().saved.map((x) => x.name)).toEqual(['Big fleet']);
    expect(b.getState().changed).toEqual(['wave.containers']);
  });

  it('an edit in progress with an invalid field survives a reload, and the link of its last valid scenario', async () => {
    const storage = new MemoryStorage();
    const a = make(storage);
    a.getState().setNumberText(['cloudSql', 'maxConnections'], 'abc');
    a.getState().setNumberText(['pool', 'poolSize'], '5');
    expect(a.getState().validation.ok).toBe(false);
    const b = make(storage);
    const s = b.getState();
    expect(s.validation.ok).toBe(false);
    expect(s.rawText['cloudSql.maxConnections']).toBe('abc');
    expect((s.draft.pool as { poolSize: number }).poolSize).toBe(5);
    expect(s.lastGood.pool.poolSize).toBe(10);
    expect(s.changed).toEqual(expect.arrayContaining(['pool.poolSize', 'cloudSql.maxConnections']));
    // With nothing to show yet, the last valid scenario runs: its results, marked as not the settings shown. More
    // invalid typing meanwhile does not stop it (it would leave the page with nothing).
    const first = b.getState().runNow();
    b.getState().setNumberText(['cloudSql', 'maxConnections'], 'abcd');
    b.getState().setNumberText(['cloudSql', 'maxConnections'], 'abc');
    await first;
    expect(b.getState().result?.scenario).toEqual(s.lastGood);
    expect(b.getState().stale).toBe(true);
    expect(b.getState().status).toBe('invalid');
    // The address bar holds the last valid scenario: opening it on load keeps the edit.
    b.getState().openLink(link(s.lastGood), { onLoad: true });
    expect(b.getState().rawText['cloudSql.maxConnections']).toBe('abc');
    expect((b.getState().draft.pool as { poolSize: number }).poolSize).toBe(5);
    expect(b.getState().notices.find((n) => n.id === 'discarded')).toBeUndefined();
    // Any later navigation to a link (Back, Forward, a pasted link) replaces it, even the same scenario, and keeps
    // what was typed in a notice.
    b.getState().openLink(link(s.lastGood));
    expect(b.getState().validation.ok).toBe(true);
    expect(b.getState().draft).toEqual(s.lastGood);
    expect(b.getState().notices.find((n) => n.id === 'discarded')?.raw?.text).toMatch(/^max_connections: abc$/m);
    b.getState().setNumberText(['cloudSql', 'maxConnections'], 'abc');
    b.getState().openLink(link(small('mitigated')), { onLoad: true });
    expect(b.getState().validation.ok).toBe(true);
    // Fixed, the draft is the scenario again and nothing extra is stored.
    b.getState().setNumberText(['cloudSql', 'maxConnections'], '200');
    expect(Object.keys(JSON.parse(storage.getItem(PERSIST_KEY)!).state)).not.toContain('draft');
  });

  it("two tabs: a reload gets back this tab's own edit in progress, not the other's; a new tab opens on the last of either", () => {
    const shared = new MemoryStorage();
    const tabA = new MemoryStorage();
    const tabB = new MemoryStorage();
    const tab = (own: MemoryStorage) => {
      const store = createAppStore({ pool: new SimPool({ factory: inProcessWorkerFactory, size: 1 }), debounceMs: 60_000, persist: { storage: shared, tabStorage: own } });
      stores.push(store);
      return store;
    };
    const a = tab(tabA);
    a.getState().setNumberText(['pool', 'poolSize'], 'abc');
    const b = tab(tabB);
    // B opened on A's state (its first read, from the shared storage), then goes its own way.
    expect(b.getState().rawText['pool.poolSize']).toBe('abc');
    b.getState().setNumberText(['pool', 'poolSize'], '7');
    b.getState().setNumberText(['wave', 'containers'], '9000');
    // A reloads: its own half-typed pool_size, not B's 9000 containers.
    const a2 = tab(tabA);
    expect(a2.getState().rawText).toEqual({ 'pool.poolSize': 'abc' });
    expect(a2.getState().draft.wave).toMatchObject({ containers: 12 });
    // B reloads: its own.
    const b2 = tab(tabB);
    expect(b2.getState().rawText['wave.containers']).toBe('9000');
    expect((b2.getState().draft.pool as { poolSize: number }).poolSize).toBe(7);
    // A new tab opens on the last state written by any tab (B's).
    expect(tab(new MemoryStorage()).getState().rawText['wave.containers']).toBe('9000');
  });

  it('a valid value typed otherwise than its number ("2 min", "1_000") stays as typed over a reload', () => {
    const storage = new MemoryStorage();
    const a = make(storage);
    a.getState().setNumberText(['timeouts', 'initialization'], '2 min');
    a.getState().setNumberText(['cloudSql', 'maxConnections'], '1_000');
    expect(a.getState().validation.ok).toBe(true);
    const b = make(storage);
    expect(b.getState().rawText).toMatchObject({ 'timeouts.initialization': '2 min', 'cloudSql.maxConnections': '1_000' });
    expect(b.getState().validation.ok).toBe(true);
    expect(b.getState().lastGood.timeouts.initialization).toBe(120);
    expect(b.getState().lastGood.cloudSql.maxConnections).toBe(1000);
    // Typed as its number, nothing beside the scenario is stored.
    b.getState().setNumberText(['timeouts', 'initialization'], '120');
    b.getState().setNumberText(['cloudSql', 'maxConnections'], '1000');
    expect(Object.keys(JSON.parse(storage.getItem(PERSIST_KEY)!).state)).not.toContain('draft');
  });

  it('a value past the largest number (Infinity from a link or file) comes back refused for the same reason, not as null', () => {
    const storage = new MemoryStorage();
    const a = make(storage);
    a.getState().setField(['wave', 'containers'], Infinity);
    expect(a.getState().validation.ok).toBe(false);
    const b = make(storage);
    expect((b.getState().draft.wave as { containers: unknown }).containers).toBe('1e999');
    const v = b.getState().validation;
    expect(v.ok).toBe(false);
    expect(!v.ok && v.issues.find((i) => i.path === 'wave.containers')?.message).toContain('past the largest number');
  });

  it('a stored draft that is not one the page wrote is ignored', () => {
    const scenario = small();
    const good = { values: { ...scenario, wave: { ...scenario.wave, containers: 'x' } }, rawText: { 'wave.containers': 'x' } };
    const restored = (draft: unknown) => {
      const storage = new MemoryStorage();
      storage.data.set(PERSIST_KEY, JSON.stringify({ version: PERSIST_VERSION, state: { scenario, presetId: 'incident-1278-staging', draft } }));
      return make(storage).getState();
    };
    expect(restored(good).rawText).toEqual({ 'wave.containers': 'x' });
    for (const bad of [{ ...good, values: [1] }, { ...good, rawText: { 'wave.containers': 2 } }, { ...good, rawText: 'x' }, 'draft']) {
      const s = restored(bad);
      expect(s.validation.ok).toBe(true);
      expect(s.draft).toEqual(scenario);
      expect(s.notices.find((n) => n.id === 'storage')?.sections?.[0].items).toEqual(['draft: the edit in progress is not one this page wrote, so it was left out']);
    }
    // A stored edit that is valid now is the scenario.
    const nowValid = restored({ values: { ...scenario, wave: { ...scenario.wave, containers: 7 } }, rawText: {} });
    expect(nowValid.validation.ok && nowValid.lastGood.wave.containers).toBe(7);
  });

  it('does not write on every run update', async () => {
    const storage = new MemoryStorage();
    const a = make(storage);
    a.getState().setNumberText(['simulation', 'replications'], '40');
    await until(() => a.getState().status === 'done');
    const writes = storage.writes;
    await a.getState().runNow();
    expect(storage.writes).toBe(writes);
  });

  it('corrupt storage: a message, the preset, and nothing thrown; the damaged text is offered to copy', async () => {
    const storage = new MemoryStorage();
    storage.data.set(PERSIST_KEY, '{"state": {"scenario": tru');
    const a = make(storage);
    await tick();
    expect(a.getState().presetId).toBe('incident-1278-staging');
    const n = notice(a, 'storage')!;
    expect(n.title).toMatch(/damaged/);
    expect(n.raw!.text).toBe('{"state": {"scenario": tru');
  });

  it('invalid stored values are left out and named; the rest is used', async () => {
    const storage = new MemoryStorage();
    const good = small('mitigated');
    storage.data.set(
      PERSIST_KEY,
      JSON.stringify({
        version: PERSIST_VERSION,
        state: {
          scenario: { ...good, wave: { ...good.wave, containers: -5 } },
          presetId: 'mitigated',
          baseline: { scenario: good, title: 'Old' },
          saved: [{ name: 'ok', scenario: good, savedAt: '' }, { name: 'bad', scenario: { version: 99 } }, { scenario: good }],
        },
      }),
    );
    const a = make(storage);
    await tick();
    expect(a.getState().presetId).toBe('incident-1278-staging'); // the stored scenario was refused
    expect(a.getState().baseline?.title).toBe('Old');
    expect(a.getState().saved.map((x) => x.name)).toEqual(['ok']);
    const items = notice(a, 'storage')!.sections![0].items.join('\n');
    expect(items).toMatch(/scenario\.wave\.containers: -5 is out of range/);
    expect(items).toMatch(/saved\[1\] “bad”\.version/);
    expect(items).toMatch(/saved\[2\]: has no name/);
  });

  it('an older stored layout goes through migrate and the validator', async () => {
    const storage = new MemoryStorage();
    const s = small('healthy-baseline');
    storage.data.set(PERSIST_KEY, JSON.stringify({ version: 0, state: { scenario: s, presetId: 'healthy-baseline' } }));
    const a = make(storage);
    await tick();
    expect(a.getState().draft).toEqual(s);
    expect(a.getState().presetId).toBe('healthy-baseline');
    expect(JSON.parse(storage.getItem(PERSIST_KEY)!).version).toBe(PERSIST_VERSION);
  });

  it('full storage: a message, and everything stays in memory; the next successful write clears it', async () => {
    const storage = new MemoryStorage();
    const a = make(storage);
    storage.full = true;
    expect(() => a.getState().setNumberText(['wave', 'containers'], '25')).not.toThrow();
    expect(a.getState().saveScenario('kept in memory')).toBe(true);
    await tick();
    expect(notice(a, 'storage')!.title).toMatch(/kept in this tab only/);
    expect(notice(a, 'storage')!.sections![0].items.join(' ')).toMatch(/full/);
    expect(a.getState().saved.map((x) => x.name)).toEqual(['kept in memory']);
    expect((a.getState().draft.wave as { containers: number }).containers).toBe(25);
    storage.full = false;
    a.getState().setNumberText(['wave', 'containers'], '26');
    await tick();
    expect(notice(a, 'storage')).toBeUndefined();
    // The saved scenario, kept in this tab while storage was full, is written with the next successful write.
    expect(JSON.parse(storage.getItem(SAVED_KEY)!).saved[0].name).toBe('kept in memory');
  });

  it('unavailable storage: the page works and keeps nothing', () => {
    const a = make(null);
    a.getState().setNumberText(['wave', 'containers'], '25');
    expect(a.getState().saveScenario('x')).toBe(true);
  });
});

describe('saved scenarios', () => {
  it('save under a name (replacing the same name), open, delete', () => {
    const store = make();
    store.getState().setNumberText(['wave', 'containers'], '20');
    expect(store.getState().saveScenario('A')).toBe(true);
    store.getState().setNumberText(['wave', 'containers'], '21');
    expect(store.getState().saveScenario('B')).toBe(true);
    store.getState().setNumberText(['wave', 'containers'], '22');
    expect(store.getState().saveScenario('A')).toBe(true);
    expect(notice(store, 'library')!.title).toMatch(/Replaced/);
    expect(store.getState().saved.map((x) => [x.name, x.scenario.wave.containers])).toEqual([['A', 22], ['B', 21]]);
    store.getState().openSaved('B');
    expect((store.getState().draft.wave as { containers: number }).containers).toBe(21);
    expect(store.getState().draft.name).toBe('B');
    store.getState().deleteSaved('B');
    expect(store.getState().saved.map((x) => x.name)).toEqual(['A']);
    expect(store.getState().saveScenario('   ')).toBe(false);
    expect(store.getState().saveScenario('x'.repeat(121))).toBe(false);
  });
});

describe('saved scenarios this version cannot read', () => {
  it('are reported, not listed, and stay stored as they were through later saves', () => {
    const storage = new MemoryStorage();
    const a = make(storage);
    expect(a.getState().saveScenario('ok')).toBe(true);
    // A scenario a later version's rules (or a hand edit) make unreadable here, beside the good one.
    const record = JSON.parse(storage.getItem(SAVED_KEY)!);
    const bad = { name: 'from the future', scenario: { version: 2, wave: { containers: 9000 } }, savedAt: '2030-01-01' };
    record.saved.push(bad);
    storage.setItem(SAVED_KEY, JSON.stringify(record));
    const b = make(storage);
    expect(b.getState().saved.map((x) => x.name)).toEqual(['ok']);
    const n = notice(b, 'library');
    expect(n?.title).toMatch(/cannot be read by this version: they are not listed, and stay stored as they were/);
    expect(n?.sections?.[0].items[0]).toMatch(/^a saved scenario “from the future”\.wave\.containers: 9000 is out of range/);
    // Saving and deleting rewrite the list without losing it.
    expect(b.getState().saveScenario('new')).toBe(true);
    b.getState().deleteSaved('ok');
    expect(JSON.parse(storage.getItem(SAVED_KEY)!).saved).toEqual([expect.objectContaining({ name: 'new' }), bad]);
  });
});

describe('import', () => {
  it('a valid scenario file replaces the scenario', () => {
    const store = make();
    const s = small('mitigated');
    expect(store.getState().importScenarioText(JSON.stringify({ version: 1, wave: { containers: 7 } }), 'mine.json')).toBe(true);
    expect((store.getState().draft.wave as { containers: number }).containers).toBe(7);
    // A results file: its scenario is loaded and its results are shown as they are (tests/ui/resultsFile.test.ts).
    expect(store.getState().importScenarioText(JSON.stringify(buildResultsFile(s, summarize(runRange(s, 0, 2), s))), 'run.results.json')).toBe(true);
    expect(store.getState().draft).toEqual(s);
    expect(notice(store, 'file')!.title).toMatch(/^Showing results from run\.results\.json: 2 replications, seed /);
  });

  it('a file with refused values opens the rest for repair, naming every field; an invalid entry it replaces is kept in a notice', () => {
    const store = make();
    store.getState().setNumberText(['wave', 'containers'], '9000');
    expect(store.getState().importScenarioText('{"version":2,"wave":{"containers":0},"timeouts":{"connection":"35"},"pool":{"poolSize":6}}', 'bad.json')).toBe(true);
    const st = store.getState();
    expect(st.draft).toMatchObject({ wave: { containers: 0 }, timeouts: { connection: '35' }, pool: { poolSize: 6 } });
    expect(st.rawText).toEqual({ 'timeouts.connection': '35' });
    expect(st.lastGood).toMatchObject({ wave: { containers: 12 }, timeouts: { connection: 35 }, pool: { poolSize: 6 } });
    const n = notice(store, 'import')!;
    expect(n.title).toBe('bad.json holds 2 values their fields refuse: the rest of it is open; fix the marked fields to run it');
    expect(n.sections![0].items).toEqual([expect.stringMatching(/^Containers starting \(wave\.containers\): 0 is out of range/), expect.stringMatching(/^Connection timeout \(timeouts\.connection\): "35" is not a valid number/)]);
    // The 9000 typed before is not lost unseen.
    expect(notice(store, 'discarded')!.raw!.text).toMatch(/^Containers starting: 9000$/m);
  });

  it('a refused file changes nothing the user entered, and names every field', () => {
    const store = make();
    store.getState().setNumberText(['wave', 'containers'], '9000'); // even an invalid entry stays
    const before = { draft: store.getState().draft, raw: store.getState().rawText };
    // Damage the form cannot hold: a group that is no group of fields.
    expect(store.getState().importScenarioText('{"version":2,"wave":[1],"timeouts":{"connection":"35"}}', 'bad.json')).toBe(false);
    expect(store.getState().draft).toBe(before.draft);
    expect(store.getState().rawText).toBe(before.raw);
    const items = notice(store, 'import')!.sections![0].items;
    expect(items).toEqual([expect.stringMatching(/^wave: \[1\] is not a valid group/), expect.stringMatching(/^Connection timeout \(timeouts\.connection\): "35" is not a valid number/)]);
    expect(store.getState().importScenarioText('{not json', 'x.json')).toBe(false);
    expect(notice(store, 'import')!.title).toMatch(/not JSON/);
    expect(notice(store, 'import')!.sections![0].items[0]).toMatch(/ at line 1, column 2$/);
    expect(store.getState().importScenarioText('{"version": 2,\n "wave": {"containers": NaN}}', 'nan.json')).toBe(false);
    expect(notice(store, 'import')!.sections![0].items).toEqual(['NaN at line 2, column 25 is not a JSON value: write a number (JSON has no NaN, Infinity or undefined)']);
    expect(store.getState().importScenarioText(' \n', 'empty.json')).toBe(false);
    expect(notice(store, 'import')!.title).toBe('empty.json is empty: a scenario file holds JSON, at least {"version": 2}; nothing was changed');
    expect(store.getState().importScenarioText('{"format":"bootstorm-part/1"}', 'p.json')).toBe(false);
    expect(notice(store, 'import')!.sections![0].items[0]).toMatch(/part file/);
    // A key written twice: JSON.parse would keep one value silently; the file is refused naming the key and its lines.
    expect(store.getState().importScenarioText('{"version": 1,\n"wave": {"containers": 5,\n"containers": 50}}', 'twice.json')).toBe(false);
    expect(notice(store, 'import')!.title).toBe('twice.json writes a key more than once, and JSON keeps only the last value of each (the other would be lost without a word): nothing was changed');
    expect(notice(store, 'import')!.sections![0].items[0]).toBe('"wave.containers" is written twice (lines 2 and 3)');
    expect(store.getState().draft).toBe(before.draft);
  });
});

describe('pasted Python config', () => {
  it('fills the timeouts and pool settings and lists what was and was not applied', () => {
    const store = make();
    store.getState().choosePreset('mitigated');
    const ok = store.getState().applyPythonConfig(`{"staging": {"initialization_timeout": 75.0, "connection_timeout": 35.0, "pool_timeout": 45.0,
      "pool_config": {"pool_size": 10, "max_overflow": 15, "pool_timeout": 90.0, "cloud_sql_capacity_limit": 100, "capacity_safety_margin": 0.8}}}`);
    expect(ok).toBe(true);
    const d = store.getState().draft as Scenario;
    expect([d.timeouts.initialization, d.timeouts.connection, d.pool.poolSize, d.pool.maxOverflow, d.pool.poolTimeout, d.cloudSql.maxConnections]).toEqual([75, 35, 10, 15, 90, 100]);
    const n = notice(store, 'python')!;
    // (pool_size, max_overflow, pool_timeout and mitigated's 30 s connection timeout: the rest equal the preset's.)
    expect(n.title).toMatch(/Applied 6 settings .*\(staging\); 4 changed a value/);
    expect(n.sections!.find((x) => x.heading === 'Not applied')!.items.join('\n')).toMatch(/capacity_safety_margin = 0.8: a planning margin/);
  });

  it('out-of-range values land in their fields with the field message; a bad paste changes nothing', () => {
    const store = make();
    store.getState().applyPythonConfig('{"pool_config": {"pool_size": 900, "max_overflow": 5}}');
    expect(store.getState().validation.ok).toBe(false);
    expect(notice(store, 'python')!.tone).toBe('warning');
    // The refused value is entered but not in force: not counted or listed as applied.
    expect(notice(store, 'python')!.title).toMatch(/^Applied 1 setting from the pasted config; \d changed a value; 1 out of range$/);
    expect(notice(store, 'python')!.sections!.find((x) => x.heading === 'Applied')!.items.join('\n')).not.toMatch(/pool_size/);
    expect(notice(store, 'python')!.sections!.find((x) => /Out of range/.test(x.heading ?? ''))!.items[0]).toMatch(/^pool_config\.pool_size \(pool_size\): 900 is out of range/);
    const before = store.getState().draft;
    expect(store.getState().applyPythonConfig('{"pool_config": {"pool_size": ')).toBe(false);
    expect(store.getState().draft).toBe(before);
    expect(notice(store, 'python')!.title).toMatch(/not applied/);
  });
});
