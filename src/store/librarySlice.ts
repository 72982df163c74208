import { versionNotice } from './uiSlice';
import { getAt, setAt } from '../../sim-core/scenario/catalogue';
import { readPythonConfig } from '../../sim-core/scenario/pythonConfig';
import { EMPTY_SCENARIO_FILE_TEXT, SCENARIO_NAME_MAX, type Scenario } from '../../sim-core/scenario/schema';
import { issueLine, validateScenario, type ScenarioIssue } from '../../sim-core/scenario/validate';
import { repairTitle, salvageScenario } from '../../sim-core/scenario/salvage';
import { isResultsSummary, SUMMARY_IS_NO_SCENARIO, validateResultsFile } from '../../sim-core/results/resultsFile';
import { DUPLICATE_KEYS_TEXT, duplicateKeys, duplicateKeyText, jsonErrorText } from '../../sim-core/scenario/json';
import { goodScenario, type Draft } from './scenarioSlice';
import type { SliceCreator } from './types';
import type { SavedLibrary } from './persistence';

/** A scenario saved under a name in this browser. */
export interface SavedScenario {
  name: string;
  scenario: Scenario;
  /** ISO time it was saved (for display). */
  savedAt: string;
}

export interface LibraryValues {
  /** Saved scenarios, newest first. */
  saved: SavedScenario[];
}

export interface LibraryActions {
  /** Save the current (valid) scenario under `name` (replacing one of the same name); it takes that name. */
  saveScenario(name: string): boolean;
  openSaved(name: string): void;
  deleteSaved(name: string): void;
  /** A scenario file (or a results file, whose scenario is taken). Refused files change nothing. */
  importScenarioText(text: string, fileName: string): boolean;
  /** A pasted Python `database_timeout_config` dict: fill the timeouts and pool settings it names. */
  applyPythonConfig(text: string, environment?: string[]): boolean;
}

export type LibrarySlice = LibraryValues & LibraryActions;

export const LIBRARY_DEFAULT: LibraryValues = { saved: [] };

/** A saved scenario's name is the scenario's own: the schema's limit. */
export const MAX_NAME = SCENARIO_NAME_MAX;
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/** A name as it is saved: trimmed, inner spaces collapsed. */
export const savedName = (raw: string) => String(raw).trim().replace(/\s+/g, ' ');

const issueLines = (issues: ScenarioIssue[]) => issues.map(issueLine);

/** `library`: the saved scenarios' record in storage, read before each change (other tabs' saves in it). */
export const createLibrarySlice = (library?: SavedLibrary): SliceCreator<LibrarySlice> => (set, get) => ({
  ...LIBRARY_DEFAULT,

  saveScenario(rawName) {
    const name = savedName(rawName);
    if (!name || name.length > MAX_NAME) {
      get().notify({ id: 'library', tone: 'error', title: `A saved scenario needs a name of 1–${MAX_NAME} characters` });
      return false;
    }
    if (!get().validation.ok) {
      get().notify({ id: 'library', tone: 'error', title: 'Fix the invalid settings before saving: only a valid scenario can be saved' });
      return false;
    }
    const scenario: Scenario = { ...goodScenario(get()), name };
    const stored = library?.read() ?? get().saved;
    const replaced = stored.some((x) => x.name === name);
    const entry: SavedScenario = { name, scenario, savedAt: new Date().toISOString() };
    const saved = [entry, ...stored.filter((x) => x.name !== name)];
    library?.write(saved);
    set({ saved });
    // The scenario now carries its name (report title, link); values are unchanged.
    if (get().draft.name !== name) {
      set({ draft: { ...get().draft, name }, lastGood: scenario, validation: { ok: true, scenario } });
    }
    get().notify({ id: 'library', tone: 'info', title: `${replaced ? 'Replaced' : 'Saved'} “${name}” in this browser` });
    return true;
  },

  openSaved(name) {
    const entry = get().saved.find((x) => x.name === name);
    if (!entry) return;
    get().markCheckpoint();
    get().loadScenario(entry.scenario);
    get().dismissNotice('library');
  },

  deleteSaved(name) {
    const stored = library?.read() ?? get().saved;
    if (!stored.some((x) => x.name === name) && !get().saved.some((x) => x.name === name)) return;
    const saved = stored.filter((x) => x.name !== name);
    library?.write(saved);
    set({ saved });
    get().notify({ id: 'library', tone: 'info', title: `Deleted “${name}” from this browser` });
  },

  importScenarioText(text, fileName) {
    const file = String(fileName || 'the file');
    const refuse = (title: string, items: string[] = []) => {
      get().notify({ id: 'import', tone: 'error', title, sections: items.length ? [{ items }] : undefined });
      return false;
    };
    if (text.length > MAX_IMPORT_BYTES) return refuse(`${file} is too large (${text.length} characters, at most ${MAX_IMPORT_BYTES}): nothing was changed`);
    const body = text.replace(/^\uFEFF/, ''); // a byte-order mark from some editors
    if (body.trim() === '') return refuse(`${file} ${EMPTY_SCENARIO_FILE_TEXT}; nothing was changed`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (e) {
      return refuse(`${file} is not JSON: nothing was changed`, [jsonErrorText(e instanceof Error ? e.message : String(e), body)]);
    }
    const twice = duplicateKeys(text);
    if (twice.length) return refuse(`${file} ${DUPLICATE_KEYS_TEXT}: nothing was changed`, [...twice.map(duplicateKeyText), 'Keep one of each, then open the file again.']);
    const format = json !== null && typeof json === 'object' ? (json as { format?: unknown }).format : undefined;
    if (format !== undefined) {
      const r = validateResultsFile(json);
      if (!r.ok) return refuse(`${file} is not a results file this page can show: nothing was changed`, issueLines(r.issues));
      // A results file (a single run or a merge): its results are shown as they are, with its scenario loaded.
      get().dismissNotice('import');
      get().showResultsFile(r.file, file);
      const version = versionNotice(r.notes, file);
      if (version) get().notify(version);
      return true;
    }
    if (isResultsSummary(json)) return refuse(`${file} ${SUMMARY_IS_NO_SCENARIO}: nothing was changed`);
    const v = validateScenario(json);
    if (!v.ok) {
      // One refused value does not cost the file's other settings: they open, the refused ones marked in their fields.
      const repair = salvageScenario(json);
      if (!repair) return refuse(`${file} is not a valid scenario: nothing was changed`, issueLines(v.issues));
      get().markCheckpoint();
      get().loadForRepair(repair, `“${file}”`);
      get().notify({ id: 'import', tone: 'error', title: repairTitle(file, repair), sections: [{ items: issueLines(v.issues) }] });
      const version = versionNotice(repair.notes, file);
      if (version) get().notify(version);
      return true;
    }
    get().markCheckpoint();
    get().loadScenario(v.scenario);
    get().notify({ id: 'import', tone: 'info', title: `Opened the scenario from ${file}` });
    const version = versionNotice(v.notes, file);
    if (version) get().notify(version);
    return true;
  },

  applyPythonConfig(text, environment) {
    const r = readPythonConfig(text, environment ? { environment } : {});
    const notApplied = r.ignored.map((i) => `${i.key} = ${i.value}: ${i.reason}`);
    if (!r.ok) {
      get().notify({
        id: 'python',
        tone: 'error',
        title: `The pasted config was not applied: ${r.error}`,
        sections: notApplied.length ? [{ heading: 'Not understood', items: notApplied }] : undefined,
      });
      return false;
    }
    // Apply as edits: a value out of range stays in its field with the field's message, like a typed one.
    let draft: Draft = get().draft;
    const rawText = { ...get().rawText };
    for (const a of r.applied) {
      const path = a.field.split('.');
      draft = setAt(draft, path, a.value);
      delete rawText[a.field];
    }
    const before = get().draft;
    get().markCheckpoint();
    get().editDraft(draft, rawText); // one edit: validation, diff and run
    const v = get().validation;
    const invalid = v.ok ? [] : v.issues.filter((i) => r.applied.some((a) => a.field === i.path));
    // A value its field refuses is entered (and shown there) but not in force: listed apart, not counted as applied.
    const accepted = r.applied.filter((a) => !invalid.some((i) => i.path === a.field));
    const changed = accepted.filter((a) => getAt(before, a.field.split('.')) !== a.value).length;
    const env = r.environment.length ? ` (${r.environment.join('.')})` : '';
    const refused = invalid.length ? `; ${invalid.length} out of range` : '';
    get().notify({
      id: 'python',
      tone: invalid.length ? 'warning' : 'info',
      title: `Applied ${accepted.length} setting${accepted.length === 1 ? '' : 's'} from the pasted config${env}; ${changed} changed a value${refused}`,
      sections: [
        ...(accepted.length ? [{ heading: 'Applied', items: accepted.map((a) => `${a.label} = ${a.value}${a.unit ? ` ${a.unit}` : ''} (from ${a.key}${a.note ? `; ${a.note}` : ''})`) }] : []),
        // Named as the paste names them (the Python key) and as the form does (the label), not by the scenario's path.
        ...(invalid.length
          ? [{ heading: 'Out of range (shown at the field; the simulation waits until fixed)', items: invalid.map((i) => {
              const a = r.applied.find((x) => x.field === i.path)!;
              return `${a.key} (${a.label}): ${i.message}`;
            }) }]
          : []),
        ...(notApplied.length ? [{ heading: 'Not applied', items: notApplied }] : []),
        ...(r.environments.length > 1
          ? [{ heading: 'Environments in the paste', items: r.environments.map((p) => `${p.join('.') || '(outer dict)'}${p.join('.') === r.environment.join('.') ? ' — applied' : ''}`) }]
          : []),
      ],
    });
    return true;
  },
});
