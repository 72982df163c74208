// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { encodeScenario } from '../../sim-core/scenario/link';
import { presetById } from '../../sim-core/scenario/presets';
import { createAppStore, type AppStore } from '../../src/store';
import { startUrlSync } from '../../src/store/urlSync';
import { PERSIST_KEY, PERSIST_VERSION, SAVED_KEY, syncSavedAcrossTabs } from '../../src/store/persistence';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { SimPool } from '../../src/worker/pool';
import { merge, scenarioOf } from '../helpers/scenario';
import { encodeExplore } from '../../src/lib/exploreLink';

const wait = (ms = 0) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 5_000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await wait(5);
  }
}

let store: AppStore;
let stop: () => void = () => undefined;

/** A store that never runs (a long debounce): these tests are about the URL. */
function fresh() {
  const pool = new SimPool({ factory: inProcessWorkerFactory, size: 1 });
  store = createAppStore({ pool, debounceMs: 60_000 });
  return store;
}
const hash = () => window.location.hash.slice(1);
const containers = () => containersOf(store);
const containersOf = (x: AppStore) => (x.getState().draft.wave as { containers: number }).containers;

/**
 * Page loads over one in-memory local storage (what `entries` holds to begin with), as reloads of one browser tab:
 * `page()` is a fresh store on it that never runs.
 */
function browser(entries: Array<[string, string]> = []) {
  const data = new Map(entries);
  const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k) };
  const page = () => createAppStore({ pool: new SimPool({ factory: inProcessWorkerFactory, size: 1 }), debounceMs: 60_000, persist: { storage } });
  return { data, storage, page };
}

/** A page load in that tab: a store from `page`, its address bar synced (written after `replaceDelayMs`). */
function load(page: () => AppStore, replaceDelayMs = 0): void {
  store = page();
  stop = startUrlSync(store, window, { replaceDelayMs });
}

/** The page goes away (before a reload, or at a test's end): sync stopped, any run cancelled. */
function unload(): void {
  stop();
  store?.getState().cancelRun();
}

beforeEach(() => {
  window.history.replaceState(null, '', '/');
  // This tab's own record (the address before the last written) belongs to one test's pages.
  window.sessionStorage.clear();
});
afterEach(unload);

describe('the URL follows the store', () => {
  it('on load without a link, the address bar gets the scenario (no new entry)', () => {
    const before = window.history.length;
    load(fresh);
    expect(hash()).toBe(store.getState().fragment());
    expect(hash().startsWith('s=2.')).toBe(true);
    expect(window.history.length).toBe(before);
  });

  it('a link in the address bar wins over what storage restored', () => {
    const s = structuredClone(presetById('mitigated')!.scenario);
    s.wave.containers = 44;
    window.history.replaceState(null, '', `/#s=${encodeScenario(s)}`);
    load(fresh);
    expect(store.getState().draft).toEqual(s);
    expect(store.getState().presetId).toBe('mitigated');
  });

  it('a reload in the middle of an invalid edit keeps it: the address bar holds the scenario it was made on', () => {
    const scenario = structuredClone(presetById('incident-1278-staging')!.scenario);
    const draft = { ...scenario, pool: { ...scenario.pool, poolSize: 5 }, cloudSql: { ...scenario.cloudSql, maxConnections: 'abc' } };
    const { page } = browser([[PERSIST_KEY, JSON.stringify({ version: PERSIST_VERSION, state: { scenario, presetId: 'incident-1278-staging', draft: { values: draft, rawText: { 'cloudSql.maxConnections': 'abc' } } } })]]);
    window.history.replaceState(null, '', `/#s=${encodeScenario(scenario)}`);
    load(page);
    expect(store.getState().rawText['cloudSql.maxConnections']).toBe('abc');
    expect((store.getState().draft.pool as { poolSize: number }).poolSize).toBe(5);
    expect(hash()).toBe(`s=${encodeScenario(scenario)}`);
  });

  it('a link opened for repair stays in the address bar while its fields are fixed; a reload keeps the fixes made so far', async () => {
    const { page } = browser();
    let bin = '';
    for (const b of deflateSync(strToU8(JSON.stringify({ version: 2, wave: { containers: 9000 }, pool: { poolSize: 0, maxOverflow: 3 } })))) bin += String.fromCharCode(b);
    const link = `s=2.${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
    window.history.replaceState(null, '', `/#${link}`);
    load(page);
    expect(containers()).toBe(9000);
    store.getState().setNumberText(['wave', 'containers'], '30'); // one fixed, pool_size still refused
    await wait(5);
    expect(hash()).toBe(link);
    unload();
    // Reload: the same address bar, the same storage. The fix is kept, the link not opened over it again.
    load(page);
    expect(containers()).toBe(30);
    expect((store.getState().draft.pool as { poolSize: unknown; maxOverflow: number })).toMatchObject({ poolSize: 0, maxOverflow: 3 });
    // The link stays in the address bar (not the last good scenario's), and its notice is shown again with its text.
    await wait(5);
    expect(hash()).toBe(link);
    const notice = store.getState().notices.find((n) => n.id === 'link');
    expect(notice?.raw?.text).toContain(link);
    // Fixed, it is a valid scenario: the address bar takes it.
    store.getState().setNumberText(['pool', 'poolSize'], '4');
    await wait(5);
    expect(hash()).toBe(store.getState().fragment());
    expect(store.getState().lastGood.pool).toMatchObject({ poolSize: 4, maxOverflow: 3 });
  });

  it('a link whose only problem is an unknown field keeps its address and notice over a reload too (the misspelling is not lost)', async () => {
    const { page } = browser();
    let bin = '';
    for (const b of deflateSync(strToU8(JSON.stringify({ version: 2, wave: { contaners: 50 }, pool: { poolSize: 3 } })))) bin += String.fromCharCode(b);
    const link = `s=2.${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
    window.history.replaceState(null, '', `/#${link}`);
    load(page);
    expect(store.getState().validation.ok).toBe(true);
    await wait(5);
    expect(hash()).toBe(link);
    unload();
    load(page);
    await wait(5);
    expect(hash()).toBe(link);
    expect(JSON.stringify(store.getState().notices.find((n) => n.id === 'link')?.sections)).toContain('contaners');
    expect((store.getState().draft.pool as { poolSize: number }).poolSize).toBe(3);
  });

  it('a reload in the middle of an invalid What-if edit keeps all of it, typed text and valid entries alike', async () => {
    const { page } = browser();
    load(page);
    store.getState().setExploreTab('explore');
    await wait(0);
    // A valid change to another kind first: the link carries only the active kind, the storage all of them.
    store.getState().editExplore((d) => ({ ...d, heatmap: { ...d.heatmap, targetPct: 10 } }));
    await wait(5);
    store.getState().editExplore((d) => ({ ...d, sweep: { ...d.sweep, axis: { ...d.sweep.axis, from: '2,5', to: '1e400', steps: 7 } } }));
    await wait(5);
    const edited = store.getState().exploreDraft;
    unload();
    // Reload: the address bar holds the last good settings (&x=), the storage the edit made on them.
    load(page);
    expect(store.getState().exploreTab).toBe('explore');
    expect(store.getState().exploreDraft).toEqual(edited);
    expect(store.getState().exploreDraft.sweep.axis).toMatchObject({ from: '2,5', to: '1e400', steps: 7 });
    expect(store.getState().exploreDraft.heatmap.targetPct).toBe(10);
    expect(store.getState().notices.map((n) => n.id)).not.toContain('storage');
    unload();
    // Other settings in the address bar (a link pasted) win over the kept edit.
    const other = store.getState().exploreGood;
    window.history.replaceState(null, '', `/#${store.getState().fragment().replace(/&x=.*/, '')}&x=${encodeExplore({ ...other, sweep: { ...other.sweep, axis: { ...other.sweep.axis, steps: 4 } } })}`);
    load(page);
    expect(store.getState().exploreDraft.sweep.axis.steps).toBe(4);
  });

  it('a reload right after a valid edit, before the address bar caught up with it, keeps the edit; another link still wins', async () => {
    const { page } = browser();
    // The first visit: the address bar is written at once, then an edit it has not caught up with yet.
    load(page, 60_000);
    store.getState().setView('report'); // a step: written at once, and not stored (the address bar holds it)
    await wait(0);
    const before = hash();
    expect(before).toMatch(/&view=report$/);
    store.getState().setNumberText(['wave', 'containers'], '31');
    expect(hash()).toBe(before);
    unload();
    // Reload: the same address bar, the same storage. The edit is kept, and the view the address bar holds.
    load(page);
    expect(containers()).toBe(31);
    expect(store.getState().view).toBe('report');
    expect(hash()).toBe(store.getState().fragment());
    unload();
    // A link the page did not write (pasted, bookmarked) is opened as before.
    const other = structuredClone(presetById('mitigated')!.scenario);
    window.history.replaceState(null, '', `/#s=${encodeScenario(other)}`);
    load(page);
    expect(store.getState().draft).toEqual(other);
  });

  it('a reload that began with the address before the last one the page wrote (the replace landed while it unloaded) keeps the edit; in a new tab that address is a link', async () => {
    const { page } = browser();
    load(page, 20);
    const before = hash();
    store.getState().setNumberText(['wave', 'containers'], '31');
    await until(() => hash() !== before);
    unload();
    // The reload opens the address as it was when it started: the one before.
    window.history.replaceState(null, '', `/#${before}`);
    load(page);
    expect(containers()).toBe(31);
    expect(hash()).toBe(store.getState().fragment());
    unload();
    // Another tab (no session record of its own) opening that older address gets what it says.
    window.sessionStorage.clear();
    window.history.replaceState(null, '', `/#${before}`);
    load(page);
    expect(containers()).toBe(12);
  });

  it('a damaged link in the address bar: banner and the last good scenario; the link stays there (a reload reports it again) until the first edit', async () => {
    window.history.replaceState(null, '', '/#s=1.not-a-scenario');
    load(fresh);
    expect(store.getState().notices.map((n) => n.id)).toEqual(['link']);
    expect(store.getState().presetId).toBe('incident-1278-staging');
    expect(hash()).toBe('s=1.not-a-scenario');
    store.getState().setNumberText(['wave', 'containers'], '20');
    await wait(5);
    expect(hash()).toBe(store.getState().fragment());
  });

  it('a link mangled on its way (`s%3D`, `S=`, spaces, `?s=` instead of `#s=`, `%23` for `#`) opens; another tool\'s fragment is not taken for one', async () => {
    const link = `s=${encodeScenario(scenarioOf(merge(presetById('healthy-baseline')!.input, { wave: { containers: 33 } })))}`;
    for (const address of [`/#${link.replace('=', '%3D')}`, `/#${link.replace('s=', 'S=')}`, `/#%20${link}%20`, `/?${link}`]) {
      stop();
      window.history.replaceState(null, '', address);
      load(fresh);
      expect(store.getState().draft.wave, address).toMatchObject({ containers: 33 });
      expect(store.getState().notices.map((n) => n.id), address).not.toContain('link');
    }
    // From the query, the whole link opens (its baseline too) and leaves the query; the query's other parameters stay.
    stop();
    const baseline = `b=${encodeScenario(presetById('mitigated')!.scenario)}`;
    window.history.replaceState(null, '', `/?utm=mail&${link}&${baseline}`);
    load(fresh);
    expect(store.getState().draft.wave).toMatchObject({ containers: 33 });
    expect(store.getState().baseline?.scenario).toEqual(presetById('mitigated')!.scenario);
    expect(window.location.search).toBe('?utm=mail');
    expect(hash()).toBe(store.getState().fragment());
    // With its `#` percent-encoded, the link sits in the path: it opens and leaves the path.
    for (const address of [`/%23${link}`, `/app/%23${link.replace('=', '%3D')}`]) {
      stop();
      window.history.replaceState(null, '', address);
      load(fresh);
      expect(store.getState().draft.wave, address).toMatchObject({ containers: 33 });
      expect(window.location.pathname, address).toBe(address.startsWith('/app/') ? '/app/' : '/');
      expect(hash()).toBe(store.getState().fragment());
    }
    // Only the first `=` encoded, the baseline's not: still the link as sent.
    stop();
    window.history.replaceState(null, '', `/#${link.replace('=', '%3D')}&${baseline}`);
    load(fresh);
    expect(store.getState().draft.wave).toMatchObject({ containers: 33 });
    expect(store.getState().baseline?.scenario).toEqual(presetById('mitigated')!.scenario);
    // A damaged link in the query is reported and stays until the first edit, which takes it out of the query.
    stop();
    window.history.replaceState(null, '', '/?s=2.garbage');
    load(fresh);
    expect(store.getState().notices.map((n) => n.id)).toContain('link');
    expect(window.location.search).toBe('?s=2.garbage');
    store.getState().setNumberText(['wave', 'containers'], '21');
    await wait(5);
    expect(window.location.search).toBe('');
    expect(hash()).toBe(store.getState().fragment());
    // An identity provider's redirect or another tool's state is not a link: nothing is reported or opened.
    stop();
    window.history.replaceState(null, '', '/#access_token=abc&token_type=bearer');
    load(fresh);
    expect(store.getState().notices.map((n) => n.id)).not.toContain('link');
    expect(store.getState().presetId).toBe('incident-1278-staging');
    // A link without its scenario is one, and is reported.
    stop();
    window.history.replaceState(null, '', '/#view=report&x=abc');
    load(fresh);
    expect(store.getState().notices.find((n) => n.id === 'link')?.sections?.[0].items).toContain('link: the link holds no scenario (expected #s=<version>.<data>)');
  });

  it('edits replace the current entry; steps (preset, pin, report view) push one; Back and Forward walk them', async () => {
    load(fresh);
    const start = window.history.length;
    store.getState().setNumberText(['wave', 'containers'], '20');
    store.getState().setNumberText(['wave', 'containers'], '21');
    await wait(5);
    expect(window.history.length).toBe(start);
    const edited = hash();
    expect(edited).toBe(store.getState().fragment());

    store.getState().choosePreset('mitigated');
    await wait(0);
    expect(window.history.length).toBe(start + 1);
    expect(hash()).toBe(store.getState().fragment());

    store.getState().pinBaseline();
    await wait(0);
    expect(window.history.length).toBe(start + 2);
    expect(hash()).toMatch(/&b=2\./);

    store.getState().setView('report');
    await wait(0);
    expect(window.history.length).toBe(start + 3);
    expect(hash()).toMatch(/&view=report$/);

    // an invalid edit does not touch the URL (it keeps the last valid scenario)
    store.getState().setView('dashboard');
    await wait(0);
    const valid = hash();
    store.getState().setNumberText(['wave', 'containers'], '9000');
    await wait(5);
    expect(hash()).toBe(valid);

    window.history.back();
    await until(() => store.getState().view === 'report');
    expect(store.getState().baseline).not.toBeNull();
    window.history.back();
    await until(() => store.getState().view === 'dashboard');
    window.history.back();
    await until(() => store.getState().baseline === null);
    expect(store.getState().presetId).toBe('mitigated');
    window.history.back();
    await until(() => store.getState().presetId === 'incident-1278-staging');
    expect(containers()).toBe(21); // the edit stayed on the entry it was made on
    window.history.forward();
    await until(() => store.getState().presetId === 'mitigated');
  });

  it('a link pasted into the address bar (hashchange) opens; a damaged one leaves the page as it was', async () => {
    load(fresh);
    const s = structuredClone(presetById('healthy-baseline')!.scenario);
    window.location.hash = `#s=${encodeScenario(s)}`;
    await until(() => store.getState().presetId === 'healthy-baseline');
    const good = hash();
    window.location.hash = '#s=1.q1bKS8xNVbJS8sx<script>';
    await until(() => store.getState().notices.some((n) => n.id === 'link'));
    expect(store.getState().draft).toEqual(s);
    await until(() => hash() === good);
    // an anchor is not a link
    window.location.hash = '#f-wave-containers';
    await wait(20);
    expect(store.getState().draft).toEqual(s);
  });
});

describe('saved scenarios across tabs', () => {
  it("no tab's save drops another's, the list shows in every tab, and nothing echoes", () => {
    const data = new Map<string, string>();
    let savedWrites = 0;
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void (data.set(k, v), k === SAVED_KEY && savedWrites++),
      removeItem: (k: string) => void data.delete(k),
    };
    const tab = () => createAppStore({ pool: new SimPool({ factory: inProcessWorkerFactory, size: 1 }), debounceMs: 60_000, persist: { storage } });
    const one = tab();
    const two = tab();
    // Tab 2 saves without having heard of tab 1's save (the event not yet delivered): it still keeps it.
    expect(one.getState().saveScenario('from tab 1')).toBe(true);
    two.getState().setNumberText(['wave', 'containers'], '7');
    expect(two.getState().saveScenario('from tab 2')).toBe(true);
    expect(JSON.parse(data.get(SAVED_KEY)!).saved.map((x: { name: string }) => x.name)).toEqual(['from tab 2', 'from tab 1']);
    // The page listens on its window; the other tab's write arrives as a storage event, and is only read.
    const stopSync = syncSavedAcrossTabs(one, window);
    try {
      const writes = savedWrites;
      window.dispatchEvent(new StorageEvent('storage', { key: SAVED_KEY, newValue: data.get(SAVED_KEY)! }));
      expect(one.getState().saved.map((x) => x.name)).toEqual(['from tab 2', 'from tab 1']);
      one.getState().setNumberText(['wave', 'containers'], '9'); // typing writes the state, not the list
      expect(savedWrites).toBe(writes);
      // Only the list moves: each tab keeps its own scenario.
      expect(containersOf(one)).toBe(9);
      expect(containersOf(two)).toBe(7);
      // A delete in tab 2 reaches tab 1; another key or a damaged value changes nothing.
      two.getState().deleteSaved('from tab 1');
      window.dispatchEvent(new StorageEvent('storage', { key: SAVED_KEY, newValue: data.get(SAVED_KEY)! }));
      window.dispatchEvent(new StorageEvent('storage', { key: 'other', newValue: '{}' }));
      window.dispatchEvent(new StorageEvent('storage', { key: SAVED_KEY, newValue: '{"saved": tru' }));
      expect(one.getState().saved.map((x) => x.name)).toEqual(['from tab 2']);
    } finally {
      stopSync();
    }
  });

  it('saved scenarios stored by an earlier version inside the state move to their own record', () => {
    const scenario = structuredClone(presetById('mitigated')!.scenario);
    const { data, page } = browser([[PERSIST_KEY, JSON.stringify({ version: PERSIST_VERSION, state: { scenario, presetId: 'mitigated', saved: [{ name: 'old', scenario, savedAt: '' }] } })]]);
    const s = page();
    expect(s.getState().saved.map((x) => x.name)).toEqual(['old']);
    expect(JSON.parse(data.get(SAVED_KEY)!).saved.map((x: { name: string }) => x.name)).toEqual(['old']);
    // Once the record exists it is the list: the earlier layout's copy left in the state never comes back over it.
    const record = JSON.stringify({ version: 1, saved: [{ name: 'new', scenario, savedAt: '' }] });
    data.set(SAVED_KEY, record);
    const again = page();
    expect(again.getState().saved.map((x) => x.name)).toEqual(['new']);
    expect(data.get(SAVED_KEY)).toBe(record);
  });
});
