import type { PersistOptions, PersistStorage, StorageValue } from 'zustand/middleware';
import type { Scenario } from '../../sim-core/scenario/schema';
import { validateScenario } from '../../sim-core/scenario/validate';
import { getAt } from '../../sim-core/scenario/catalogue';
import type { Baseline } from './baselineSlice';
import type { SavedScenario } from './librarySlice';
import { MAX_NAME } from './librarySlice';
import { deriveScenario, goodScenario, scenarioFromValid, type Draft } from './scenarioSlice';
import { deepEqual, isPlainObject } from '../../sim-core/scenario/json';
import type { AppState } from './types';
import { versionNotice, type Notice } from './uiSlice';
import type { MigrationNote } from '../../sim-core/scenario/migrate';
import { EXPLORE_DEFAULT, checkExplore, type ExploreDraft } from '../lib/exploreSettings';

/**
 * What this browser keeps between visits (zustand `persist` on local storage): the last valid scenario and the
 * preset it is diffed against, the pinned baseline, and while the settings are invalid the draft as typed (so a
 * reload loses no edit, valid or not). The saved scenarios have a record of their own (`SAVED_KEY`), shared by
 * every tab of the page: see `savedLibrary`. Results and run state are not kept. Everything read back goes through
 * the scenario validator (which also migrates old scenario versions); what fails is reported by field and left
 * out, never loaded. A restored draft is only ever a draft: validated like any edit.
 */

export const PERSIST_KEY = 'bootstorm:state';
/** The saved scenarios' own record: `{ version: 1, saved: [...] }`. */
export const SAVED_KEY = 'bootstorm:saved';
/** Layout of the stored object; bump and extend `migrate` when it changes. Scenario versions migrate on their own. */
export const PERSIST_VERSION = 1;

export interface PersistedState {
  scenario: Scenario;
  presetId: string;
  baseline: Baseline | null;
  /** Only in the layout before `SAVED_KEY`: read once, then moved there. */
  saved?: SavedScenario[];
  /** Present while the settings are invalid: the draft being edited on top of `scenario`, and its typed text. */
  draft?: { values: Draft; rawText: Record<string, string> };
  /** The fragment the page last wrote to the address bar (LinkValues.address). */
  address?: string;
  /**
   * Present while the What-if settings are invalid: the draft being edited, typed text and all, and the last good
   * settings it was typed on (which the address bar holds as `&x=`).
   */
  explore?: { draft: ExploreDraft; on: ExploreDraft };
}

/** A stored address longer than this is not one the page wrote: it is left out. */
const MAX_ADDRESS = 256 * 1024;

/** A stored draft bigger than this is not one the page wrote: it is left out. */
const MAX_DRAFT_CHARS = 256 * 1024;

/** A stored draft as the page wrote it (an object, and texts by field path), else null. */
function readDraft(d: unknown): PersistedState['draft'] | null {
  if (d === null || typeof d !== 'object') return null;
  const { values, rawText } = d as { values?: unknown; rawText?: unknown };
  if (!isPlainObject(values) || !isPlainObject(rawText)) return null;
  if (!Object.values(rawText).every((t) => typeof t === 'string')) return null;
  if (JSON.stringify(d).length > MAX_DRAFT_CHARS) return null;
  return { values, rawText: rawText as Record<string, string> };
}

/** Shaped like `template`: the same objects and keys, and a number or a text wherever it holds one. */
function shapedLike(x: unknown, template: unknown): boolean {
  if (template !== null && typeof template === 'object') {
    if (!isPlainObject(x)) return false;
    return Object.keys(template).every((k) => shapedLike((x as Record<string, unknown>)[k], (template as Record<string, unknown>)[k]));
  }
  return typeof x === 'number' || typeof x === 'string';
}

/** A stored What-if draft as the page wrote it (a draft of the settings' shape, on good settings), else null. */
function readExplore(e: unknown): PersistedState['explore'] | null {
  if (!isPlainObject(e) || JSON.stringify(e).length > MAX_DRAFT_CHARS) return null;
  const { draft, on } = e as { draft?: unknown; on?: unknown };
  if (!shapedLike(draft, EXPLORE_DEFAULT) || !shapedLike(on, EXPLORE_DEFAULT) || !checkExplore(on as ExploreDraft).ok) return null;
  return { draft: draft as ExploreDraft, on: on as ExploreDraft };
}

/** The part of `Storage` used (window.localStorage, or a fake in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The window's local or session storage, or null where there is none or it is blocked (reading it can throw). */
export function browserStorage(which: 'localStorage' | 'sessionStorage', win: Window | undefined = typeof window === 'undefined' ? undefined : window): KeyValueStorage | null {
  try {
    return win?.[which] ?? null;
  } catch {
    return null;
  }
}

export interface PersistDeps {
  /** null: storage unavailable (private mode, blocked): the page works, nothing is kept. */
  storage: KeyValueStorage | null;
  /**
   * This tab's own storage (window.sessionStorage: it lives as long as the tab and survives its reloads), or none.
   * The state is written there too and read from there first (see tabFirst), so that a reload gets back this tab's
   * edit in progress, not the last one another tab on the same link made.
   */
  tabStorage?: KeyValueStorage | null;
  key?: string;
  /** The saved scenarios' key (default SAVED_KEY). */
  savedKey?: string;
}

/**
 * The saved scenarios in storage, apart from the rest of the state: read just before each save or delete and
 * written only by them, so that tabs of the page never write over each other's saves (each change starts from
 * what is stored, other tabs' saves included), and typing in one tab never rewrites the list.
 */
export interface SavedLibrary {
  /**
   * The stored list, invalid entries left out; null when nothing is stored, or it cannot be read. Entries left
   * out stay in storage as they are (a later version may read them again): writes keep them.
   */
  read(): SavedScenario[] | null;
  /** Why the entries left out at the last read were (empty when none were). */
  problems(): string[];
  write(saved: SavedScenario[]): void;
  /** Try again to write a list whose write failed (storage full): called when a write of the state succeeds. */
  flush(): void;
}

export function savedLibrary(raw: KeyValueStorage | null, report: Report, key = SAVED_KEY): SavedLibrary {
  // A list this tab could not write: it is this tab's list until a write succeeds.
  let pending: SavedScenario[] | null = null;
  // Stored entries this version cannot read, as stored, and why: written back with every list.
  let unreadable: unknown[] = [];
  let why: string[] = [];
  return {
    read() {
      if (pending) return pending;
      if (!raw) return null;
      try {
        const text = raw.getItem(key);
        const r = text === null ? null : savedRecordFromText(text);
        unreadable = r?.unreadable ?? [];
        why = r?.problems ?? [];
        return r ? r.saved : null;
      } catch {
        return null; // unreadable storage is reported by the state's own read
      }
    },
    problems() {
      return why;
    },
    write(saved) {
      if (!raw) return;
      try {
        raw.setItem(key, JSON.stringify({ version: 1, saved: [...saved, ...unreadable] }));
        pending = null;
      } catch (e) {
        pending = saved;
        report(writeFailed(e, 'your saved scenarios are kept in this tab only'));
      }
    },
    flush() {
      if (pending) this.write(pending);
    },
  };
}

/** The saved scenarios in a stored record (through the validator), or null when the text is not one. */
function savedFromText(text: string): SavedScenario[] | null {
  return savedRecordFromText(text)?.saved ?? null;
}

/**
 * A stored record of saved scenarios, entry by entry: those that read (through the validator) and those that do
 * not (no name, or a scenario this version refuses), kept as stored with why; null when the text is not a record.
 * A second entry under a name already read is dropped, as the list never holds two.
 */
function savedRecordFromText(text: string): { saved: SavedScenario[]; unreadable: unknown[]; problems: string[] } | null {
  let list: unknown;
  try {
    list = (JSON.parse(text) as { saved?: unknown })?.saved;
  } catch {
    return null;
  }
  if (!Array.isArray(list)) return null;
  const saved: SavedScenario[] = [];
  const unreadable: unknown[] = [];
  const problems: string[] = [];
  for (const entry of list.slice(0, 500)) {
    const r = readPersisted({ saved: [entry] });
    const one = r.state.saved?.[0];
    if (one && !saved.some((x) => x.name === one.name)) saved.push(one);
    else if (!one) {
      unreadable.push(entry);
      problems.push(...r.problems.map((p) => p.replace(/^saved\[0\]/, 'a saved scenario')));
    }
  }
  return { saved, unreadable, problems };
}

type Report = (n: Notice | null) => void;

const MAX_RAW = 20_000;
const rawText = (text: string) => (text.length > MAX_RAW ? `${text.slice(0, MAX_RAW)}… (${text.length - MAX_RAW} more characters)` : text);

/**
 * A PersistStorage that never throws: unreadable JSON and a full or blocked storage become notices, and the
 * state in memory is untouched. Writes of an unchanged state (every run-progress update calls setItem) are
 * skipped.
 */
export function safeStorage(raw: KeyValueStorage | null, report: Report, onWritten: () => void = () => undefined): PersistStorage<PersistedState> {
  let lastState: unknown = undefined;
  let failing = false;
  return {
    getItem(name) {
      if (!raw) return null;
      let text: string | null;
      try {
        text = raw.getItem(name);
      } catch (e) {
        report({ id: 'storage', tone: 'warning', title: `This browser's storage cannot be read (${messageOf(e)}): nothing is kept between visits` });
        return null;
      }
      if (text === null) return null;
      try {
        const value = JSON.parse(text) as unknown;
        if (value === null || typeof value !== 'object' || !('state' in value)) throw new Error('it is not a saved bootstorm state');
        return value as StorageValue<PersistedState>;
      } catch (e) {
        report({
          id: 'storage',
          tone: 'warning',
          title: 'What this browser had saved is damaged and was not loaded: the page starts from the preset',
          sections: [{ items: [messageOf(e), 'It is replaced at the next change; copy it below first if you need it.'] }],
          raw: { label: 'The damaged saved state', text: rawText(text) },
        });
        return null;
      }
    },
    setItem(name, value) {
      if (!raw || value.state === lastState) return;
      lastState = value.state;
      try {
        raw.setItem(name, JSON.stringify(value));
        if (failing) {
          failing = false;
          report(null);
        }
        onWritten();
      } catch (e) {
        failing = true;
        report(writeFailed(e, 'your work is kept in this tab only'));
      }
    },
    removeItem(name) {
      try {
        raw?.removeItem(name);
      } catch {
        /* nothing to do */
      }
    },
  };
}

/**
 * The state's storage as one tab sees it: what this tab wrote last (`tab`) first, else what any tab wrote last
 * (`shared`: a new tab opens on it). Writes go to both. Only the state's record: the saved scenarios are shared.
 */
export function tabFirst(shared: KeyValueStorage, tab: KeyValueStorage): KeyValueStorage {
  return {
    getItem(key) {
      let own: string | null = null;
      try {
        own = tab.getItem(key);
      } catch {
        own = null; // this tab's copy is a convenience: the shared one still holds the state
      }
      return own ?? shared.getItem(key);
    },
    setItem(key, value) {
      try {
        tab.setItem(key, value);
      } catch {
        /* the shared write below reports a full or blocked storage */
      }
      shared.setItem(key, value);
    },
    removeItem(key) {
      try {
        tab.removeItem(key);
      } catch {
        /* nothing to do */
      }
      shared.removeItem(key);
    },
  };
}

/** The notice for a write storage refused (full, or blocked). */
function writeFailed(e: unknown, kept: string): Notice {
  return {
    id: 'storage',
    tone: 'warning',
    title: `Could not save to this browser's storage: ${kept}`,
    sections: [{ items: [`${messageOf(e)}.`, 'Delete saved scenarios you no longer need, or export the scenario as JSON or copy its link to keep it.'] }],
  };
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.name === 'QuotaExceededError' ? 'the storage is full (QuotaExceededError)' : e.message;
  return String(e);
}

/** Read a stored object field by field through the validator. */
export function readPersisted(p: unknown): { state: Partial<PersistedState>; problems: string[]; notes: MigrationNote[] } {
  const problems: string[] = [];
  const notes: MigrationNote[] = [];
  const state: Partial<PersistedState> = {};
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return { state, problems: ['the saved state is not an object'], notes };
  const o = p as Record<string, unknown>;
  if (o.scenario !== undefined) {
    const v = validateScenario(o.scenario);
    if (v.ok) {
      state.scenario = v.scenario;
      notes.push(...(v.notes ?? []));
    } else problems.push(...v.issues.map((i) => `scenario${i.path ? `.${i.path}` : ''}: ${i.message}`));
  }
  if (typeof o.presetId === 'string') state.presetId = o.presetId;
  if (typeof o.address === 'string' && o.address.length <= MAX_ADDRESS) state.address = o.address;
  if (o.baseline !== undefined && o.baseline !== null) {
    const b = o.baseline as { scenario?: unknown; title?: unknown };
    const v = validateScenario(b?.scenario);
    if (v.ok) state.baseline = { scenario: v.scenario, title: typeof b.title === 'string' && b.title.trim() ? b.title.slice(0, MAX_NAME) : 'Baseline' };
    else problems.push(...v.issues.map((i) => `baseline.${i.path || 'scenario'}: ${i.message}`));
  } else if (o.baseline === null) state.baseline = null;
  if (Array.isArray(o.saved)) {
    const saved: SavedScenario[] = [];
    o.saved.slice(0, 500).forEach((x: unknown, k) => {
      const e = (x ?? {}) as { name?: unknown; scenario?: unknown; savedAt?: unknown };
      const name = typeof e.name === 'string' ? e.name.trim().slice(0, MAX_NAME) : '';
      const v = validateScenario(e.scenario);
      const label = `saved[${k}]${name ? ` “${name}”` : ''}`;
      if (!name) problems.push(`${label}: has no name`);
      else if (!v.ok) problems.push(...v.issues.map((i) => `${label}.${i.path || 'scenario'}: ${i.message}`));
      else if (saved.some((s) => s.name === name)) problems.push(`${label}: a second scenario with this name`);
      else saved.push({ name, scenario: v.scenario, savedAt: typeof e.savedAt === 'string' ? e.savedAt.slice(0, 40) : '' });
    });
    state.saved = saved;
  } else if (o.saved !== undefined) problems.push('saved: is not a list');
  return { state, problems, notes };
}

/**
 * The draft as JSON can hold it: a value past the largest number (Infinity, from a link or a file) as text that means
 * it ("1e999"), which comes back refused with the same reason, where JSON would write null.
 */
function jsonSafe(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? '1e999' : '-1e999';
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
  return v;
}

/** Whether a field's text says its value otherwise than the number would read ("2 min", "1_000", "70%"). */
function typedOtherwise(draft: unknown, rawText: Readonly<Record<string, string>>): boolean {
  return Object.entries(rawText).some(([key, text]) => text.trim() !== String(getAt(draft, key.split('.'))));
}

/** zustand persist options for the app store. `report` receives notices about storage. */
export function persistOptions(deps: PersistDeps, report: Report, library: SavedLibrary): PersistOptions<AppState, PersistedState> {
  let memo: { key: unknown[]; value: PersistedState } | null = null;
  return {
    name: deps.key ?? PERSIST_KEY,
    version: PERSIST_VERSION,
    storage: safeStorage(deps.storage && deps.tabStorage ? tabFirst(deps.storage, deps.tabStorage) : deps.storage, report, () => library.flush()),
    partialize(s) {
      // The edit in progress: an invalid one, or a valid one whose text is not its number ("2 min" for 120), which
      // stays as typed over a reload.
      const draft = s.validation.ok && !typedOtherwise(s.draft, s.rawText) ? undefined : s.draft;
      const explore = s.exploreDraft === s.exploreGood ? undefined : s.exploreDraft;
      const key = [goodScenario(s), s.presetId, s.baseline, draft, s.rawText, s.address, explore, s.exploreGood];
      if (!memo || key.some((k, i) => k !== memo!.key[i]))
        memo = {
          key,
          value: {
            scenario: goodScenario(s), presetId: s.presetId, baseline: s.baseline,
            ...(draft ? { draft: { values: jsonSafe(draft) as Draft, rawText: s.rawText } } : {}),
            ...(s.address !== null ? { address: s.address } : {}),
            ...(explore && !checkExplore(explore).ok ? { explore: { draft: explore, on: s.exploreGood } } : {}),
          },
        };
      return memo.value;
    },
    // Only one layout so far: an object of another version is read field by field by `merge` all the same.
    migrate: (persisted) => persisted as PersistedState,
    merge(persisted, current) {
      if (persisted === undefined || persisted === null) return current;
      const { state, problems, notes } = readPersisted(persisted);
      let out: AppState = { ...current };
      if (state.scenario) {
        out = { ...out, ...scenarioFromValid(state.scenario, state.presetId) };
        // The edit in progress at the last visit, invalid values and all: on top of its last valid scenario.
        const storedDraft = (persisted as { draft?: unknown }).draft;
        const draft = readDraft(storedDraft);
        if (draft) {
          const derived = deriveScenario(out.presetId, draft.values);
          // Valid now (a range widened since, or an older version migrated): it is the scenario, as after an edit.
          out = { ...out, draft: draft.values, rawText: draft.rawText, ...derived, ...(derived.validation.ok ? { lastGood: derived.validation.scenario } : {}) };
        } else if (storedDraft !== undefined) problems.push('draft: the edit in progress is not one this page wrote, so it was left out');
        // Only with the scenario it was written for: an address without its state would claim a state not restored.
        if (state.address !== undefined) out.address = state.address;
      }
      if (state.baseline !== undefined) out.baseline = state.baseline;
      // The What-if edit in progress: kept with the settings it was typed on; the link opens them (exploreSlice).
      const storedExplore = (persisted as { explore?: unknown }).explore;
      if (storedExplore !== undefined) {
        const explore = readExplore(storedExplore);
        if (explore) out = { ...out, exploreDraft: explore.draft, exploreGood: explore.on };
        else problems.push('explore: the What-if edit in progress is not one this page wrote, so it was left out');
      }
      // The saved scenarios' own record; a state written before it had one holds them: they move there.
      const savedList = library.read();
      if (savedList) out.saved = savedList;
      else if (state.saved) {
        out.saved = state.saved;
        if (state.saved.length) library.write(state.saved);
      }
      const unreadable = library.problems();
      if (unreadable.length)
        report({
          id: 'library',
          tone: 'warning',
          title: 'Some saved scenarios cannot be read by this version: they are not listed, and stay stored as they were',
          sections: [{ items: unreadable.slice(0, 50) }],
        });
      if (problems.length)
        report({
          id: 'storage',
          tone: 'warning',
          title: 'Part of what this browser had saved is invalid and was left out',
          sections: [{ items: problems.slice(0, 50) }],
          raw: { label: 'What was stored', text: rawText(JSON.stringify(persisted) ?? '') },
        });
      // For the current scenario only: saved and pinned ones keep their values without a word (they are stored
      // as version 2 from now on).
      const version = versionNotice(notes, 'The scenario this browser kept from your last visit');
      if (version) report(version);
      return out;
    },
  };
}

/**
 * Shows in this tab what another tab of the page saves or deletes (a storage event on the saved scenarios' own
 * record). Nothing is written back: the list is only read here, so there is no echo between tabs, and this tab's
 * next save starts from the stored list anyway (`savedLibrary`). Returns a function that stops it.
 */
export function syncSavedAcrossTabs(store: { getState(): Pick<AppState, 'saved'>; setState(s: Pick<AppState, 'saved'>): void }, win: Window, key = SAVED_KEY): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key !== key) return;
    const saved = e.newValue === null ? [] : savedFromText(e.newValue);
    if (saved && !deepEqual(saved, store.getState().saved)) store.setState({ saved });
  };
  win.addEventListener('storage', onStorage);
  return () => win.removeEventListener('storage', onStorage);
}
