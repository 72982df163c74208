import { FIELDS, changedFields, fieldKeyOf, getAt, setAt, unitAt } from '../../sim-core/scenario/catalogue';
import { DEFAULT_PRESET_ID, PRESETS, presetById, type Preset } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { validateScenario, type Validation } from '../../sim-core/scenario/validate';
import { scenarioWarnings, type ScenarioWarning } from '../../sim-core/scenario/warnings';
import { parseQuantity } from '../../sim-core/scenario/numberText';
import type { Salvage } from '../../sim-core/scenario/salvage';
import { isPlainObject } from '../../sim-core/scenario/json';
import type { SliceCreator } from './types';
import { labelInSentence } from '../../sim-core/report/count';
import { describeValue, describeWithUnit } from '../../sim-core/report/describe';

/** The draft scenario as the user edits it: may hold invalid values (out of range, or raw text). */
export type Draft = Record<string, unknown>;

export interface ScenarioValues {
  presetId: string;
  /** The scenario being edited; invalid entries stay in it as typed (numbers or strings). */
  draft: Draft;
  /** Exactly what the user typed in number inputs, by dotted path (so "1e3" or "7," stays as written). */
  rawText: Record<string, string>;
  /** validateScenario(draft), recomputed on every edit. */
  validation: Validation;
  /** Configuration warnings of the valid scenario (empty while invalid). */
  warnings: ScenarioWarning[];
  /** Dotted paths of fields that differ from the preset. */
  changed: string[];
  /** The last valid scenario: what the URL, local storage and a pinned baseline hold while the draft is invalid. */
  lastGood: Scenario;
}

export interface ScenarioActions {
  /** Set a field (or a distribution/pattern sub-field) to a value. */
  setField(path: readonly string[], value: unknown): void;
  /** A number input's text: stored as typed; the draft gets the number when it parses, the text when not. */
  setNumberText(path: readonly string[], text: string): void;
  /** Replace the whole draft as one edit (several fields at once, e.g. a pasted config). */
  editDraft(draft: Draft, rawText: Record<string, string>): void;
  choosePreset(id: string): void;
  resetToPreset(): void;
  /**
   * Replace the draft with a validated scenario (from a link, a file, a saved scenario, local storage). The
   * diff is taken against `presetId`, or the preset the scenario is closest to. No history checkpoint: callers
   * that are one (import, open saved) add it.
   */
  loadScenario(scenario: Scenario, presetId?: string): void;
  /**
   * Open what a refused scenario (a hand-edited link, a file) holds for repair: its valid fields applied, each refused
   * value in its field, marked as a typed one is. Until the fields are fixed, the last valid scenario is the salvaged
   * one (refused values at their defaults): it runs, and it is what a copied link holds. No history checkpoint, as
   * loadScenario.
   */
  loadForRepair(salvage: Salvage, what: string): void;
}

export type ScenarioSlice = ScenarioValues & ScenarioActions;

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function requirePreset(id: string): Preset {
  const p = presetById(id);
  if (!p) throw new Error(`unknown preset "${id}"`);
  return p;
}

/** The state derived from a draft: validation, warnings, and the diff from the preset. */
export function deriveScenario(presetId: string, draft: Draft): Pick<ScenarioValues, 'validation' | 'warnings' | 'changed'> {
  const validation = validateScenario(draft);
  const preset = presetById(presetId);
  const changed = preset ? changedFields(draft, preset.scenario) : [];
  return { validation, warnings: validation.ok ? scenarioWarnings(validation.scenario) : [], changed };
}

export function scenarioFromPreset(id: string): ScenarioValues {
  const preset = requirePreset(id);
  const draft = clone(preset.scenario) as Draft;
  return { presetId: id, draft, rawText: {}, ...deriveScenario(id, draft), lastGood: preset.scenario };
}

/** The preset a scenario came from: the one whose title is its name, else the one it differs least from. */
export function closestPreset(s: Scenario): string {
  const named = PRESETS.find((p) => p.title === s.name);
  if (named) return named.id;
  let best = DEFAULT_PRESET_ID;
  let fewest = Infinity;
  for (const p of PRESETS) {
    const n = changedFields(s, p.scenario).length;
    if (n < fewest) [best, fewest] = [p.id, n];
  }
  return best;
}

/** Scenario state for a validated scenario (diffed against `presetId`, or the closest preset). */
export function scenarioFromValid(s: Scenario, presetId?: string): ScenarioValues {
  const id = presetId && presetById(presetId) ? presetId : closestPreset(s);
  const draft = clone(s) as Draft;
  return { presetId: id, draft, rawText: {}, ...deriveScenario(id, draft), lastGood: s };
}

/** The scenario to share, save or compare: the draft when valid, else the last valid one. */
export const goodScenario = (s: Pick<ScenarioValues, 'validation' | 'lastGood'>): Scenario => (s.validation.ok ? s.validation.scenario : s.lastGood);

export const SCENARIO_DEFAULT: ScenarioValues = scenarioFromPreset(DEFAULT_PRESET_ID);

/**
 * What the user typed into the fields that are invalid, as "label: text" lines (the text as typed when there is
 * some, else the value), then the user's other changes from the preset, or [] when the draft is valid: kept in a
 * notice when something replaces the draft. The other changes matter because a rule across fields flags only one
 * of them: base 20 s makes the cap of 10 s invalid, and the 20 typed is what the user would lose.
 */
export function invalidEntries(s: Pick<ScenarioValues, 'validation' | 'draft' | 'rawText' | 'changed'>): Array<{ key: string; line: string; invalid: boolean }> {
  if (s.validation.ok) return [];
  const listed = new Set<string>();
  const out: Array<{ key: string; line: string; invalid: boolean }> = [];
  const add = (path: string, invalid: boolean) => {
    if (listed.has(path)) return;
    listed.add(path);
    const key = fieldKeyOf(path) ?? path;
    const typed = s.rawText[path] ?? JSON.stringify(getAt(s.draft, path.split('.'))) ?? '(empty)';
    const label = FIELDS.get(key)?.meta.label ?? key;
    const part = key === path ? '' : ` ${path.slice(key.length + 1)}`;
    out.push({ key, line: `${label}${part}: ${typed}`, invalid });
  };
  for (const issue of s.validation.issues) add(issue.path, true);
  // Typed text first (as written), then changed fields nothing typed covers (a choice, a distribution's kind).
  for (const path of Object.keys(s.rawText)) if (s.changed.includes(fieldKeyOf(path) ?? path)) add(path, false);
  const covered = (key: string) => [...listed].some((p) => p === key || p.startsWith(`${key}.`));
  for (const key of s.changed) if (!covered(key)) add(key, false);
  return out;
}

/**
 * What `scenario` (the last valid one, or the one results were computed for) holds at the fields an invalid draft
 * flags: "replications 30000" — what a half-typed 300000 left behind, said where the page offers that scenario.
 */
export function heldAtInvalid(scenario: Scenario, validation: Validation): string {
  if (validation.ok) return '';
  const keys = [...new Set(validation.issues.map((i) => fieldKeyOf(i.path)).filter((k): k is string => k !== null))];
  // The values in words with their units, as reports write them ("retry backoff base 5 s", "phase 1 INIT lognormal, …").
  const parts = keys.map((key) => {
    const f = FIELDS.get(key)!;
    const label = labelInSentence(f.meta.label);
    const v = getAt(scenario, f.path);
    // No unit the label says already ("replications 30", not "replications 30 replications").
    const named = f.meta.unit !== '' && label.toLowerCase().split(/\W+/).includes(f.meta.unit.toLowerCase());
    return `${label} ${named ? describeValue(f, v) : describeWithUnit(f, v)}`;
  });
  return parts.join(', ');
}

/**
 * Valid values in the form that `scenario` (the last valid settings) does not hold yet, because another field is
 * invalid: "3 other new values in the form", or '' when none. A link opened for repair brings several at once; said
 * so that the results shown and the copied link do not pass for them.
 */
export function waitingValuesText(scenario: Scenario, draft: unknown, validation: Validation): string {
  if (validation.ok) return '';
  const invalid = new Set(validation.issues.map((i) => fieldKeyOf(i.path)));
  const n = changedFields(draft, scenario).filter((k) => !invalid.has(k)).length;
  return n === 0 ? '' : `${n === 1 ? 'another new value' : `${n} other new values`} in the form`;
}

export const createScenarioSlice: SliceCreator<ScenarioSlice> = (set, get) => {
  /** About to replace the draft: an invalid edit in it is not thrown away unseen, but kept in a notice to copy. */
  const keepInvalidEdit = (what: string) => {
    const entries = invalidEntries(get());
    if (entries.length === 0) return;
    const lines = entries.map((e) => e.line);
    const others = entries.some((e) => !e.invalid);
    get().notify({
      id: 'discarded',
      tone: 'warning',
      title: `${what} replaced settings that were not valid yet; here they are as they stood`,
      raw: { label: others ? 'The invalid settings, then your other changes, as they stood (select to copy)' : 'The invalid settings as they stood (select to copy)', text: lines.join('\n') },
      fields: { label: 'Fields', keys: [...new Set(entries.map((e) => e.key))].filter((k) => FIELDS.has(k)) },
    });
  };
  const edit = (draft: Draft, rawText: Record<string, string>) => {
    const derived = deriveScenario(get().presetId, draft);
    set({ draft, rawText, ...derived, lastGood: derived.validation.ok ? derived.validation.scenario : get().lastGood });
    get().scenarioChanged();
  };
  return {
    ...SCENARIO_DEFAULT,
    setField(path, value) {
      const key = path.join('.');
      const rawText = Object.fromEntries(Object.entries(get().rawText).filter(([k]) => k !== key && !k.startsWith(`${key}.`)));
      edit(setAt(get().draft, path, value), rawText);
    },
    setNumberText(path, text) {
      // A time may be typed with its unit ("5 s", "500ms", "2 min"); the text stays as typed.
      const n = parseQuantity(text, unitAt(path));
      edit(setAt(get().draft, path, n ?? text), { ...get().rawText, [path.join('.')]: text });
    },
    editDraft(draft, rawText) {
      edit(draft, rawText);
    },
    choosePreset(id) {
      if (!presetById(id)) return;
      keepInvalidEdit(`The preset “${requirePreset(id).title}”`);
      get().markCheckpoint();
      set(scenarioFromPreset(id));
      get().dismissNotice('version');
      get().scenarioChanged();
    },
    resetToPreset() {
      keepInvalidEdit('Reset');
      get().markCheckpoint();
      set(scenarioFromPreset(get().presetId));
      get().dismissNotice('version');
      get().scenarioChanged();
    },
    loadForRepair(salvage, what) {
      keepInvalidEdit(what);
      const opened = scenarioFromValid(salvage.scenario);
      let draft = opened.draft;
      const rawText: Record<string, string> = {};
      // What is not a number shows as written ("40", "75s", [1]), in its field or in its parameter's.
      const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));
      // Values set aside to settle a rule across fields are valid on their own: back as written, unmarked.
      for (const r of salvage.setAside) draft = setAt(draft, r.path.split('.'), structuredClone(r.value));
      for (const r of salvage.refused) {
        draft = setAt(draft, r.path.split('.'), structuredClone(r.value));
        if (isPlainObject(r.value)) {
          for (const [k, v] of Object.entries(r.value)) if (k !== 'kind' && typeof v !== 'number') rawText[`${r.path}.${k}`] = asText(v);
        } else if (typeof r.value !== 'number') rawText[r.path] = asText(r.value);
      }
      // The last valid settings become the link's own, its refused values at their defaults: what the page runs and
      // shares until they are fixed, as a reload of the repair would. The results shown so far were another
      // scenario's (perhaps another tab's, restored from storage): beside this form they would pass for the link's.
      set({ presetId: opened.presetId, lastGood: salvage.scenario, result: null, comparison: null, stale: false });
      get().dismissNotice('version');
      // One edit of the draft: valid only when nothing was refused (unknown fields alone), and then it runs.
      edit(draft, rawText);
      // Refused values: the link's valid part runs now (runNow runs the last valid settings while nothing is shown).
      if (!get().validation.ok) void get().runNow({ auto: true });
    },
    // A caller that opened an older scenario (a link, an import) announces it after this.
    loadScenario(scenario, presetId) {
      keepInvalidEdit(scenario.name ? `“${scenario.name}”` : 'The scenario opened');
      set(scenarioFromValid(scenario, presetId));
      get().dismissNotice('version');
      get().scenarioChanged();
    },
  };
};
