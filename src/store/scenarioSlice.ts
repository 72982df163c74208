import { FIELD_GROUPS, getAt, setAt } from '../../sim-core/scenario/catalogue';
import { DEFAULT_PRESET_ID, presetById, type Preset } from '../../sim-core/scenario/presets';
import { validateScenario, type Validation } from '../../sim-core/scenario/validate';
import { scenarioWarnings, type ScenarioWarning } from '../../sim-core/scenario/warnings';
import { deepEqual } from '../lib/equal';
import type { SliceCreator } from './types';

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
}

export interface ScenarioActions {
  /** Set a field (or a distribution/pattern sub-field) to a value. */
  setField(path: readonly string[], value: unknown): void;
  /** A number input's text: stored as typed; the draft gets the number when it parses, the text when not. */
  setNumberText(path: readonly string[], text: string): void;
  choosePreset(id: string): void;
  resetToPreset(): void;
}

export type ScenarioSlice = ScenarioValues & ScenarioActions;

/** Every leaf field key with its path, for diffing. */
const FIELD_PATHS = FIELD_GROUPS.flatMap((g) => g.fields.map((f) => f.path));

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
  const changed = preset ? FIELD_PATHS.filter((p) => !deepEqual(getAt(draft, p), getAt(preset.scenario, p))).map((p) => p.join('.')) : [];
  return { validation, warnings: validation.ok ? scenarioWarnings(validation.scenario) : [], changed };
}

export function scenarioFromPreset(id: string): ScenarioValues {
  const draft = clone(requirePreset(id).scenario) as Draft;
  return { presetId: id, draft, rawText: {}, ...deriveScenario(id, draft) };
}

export const SCENARIO_DEFAULT: ScenarioValues = scenarioFromPreset(DEFAULT_PRESET_ID);

/** Parse a number input's text; null when it is not a finite number. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/[\s_]/g, '');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export const createScenarioSlice: SliceCreator<ScenarioSlice> = (set, get) => {
  const edit = (draft: Draft, rawText: Record<string, string>) => {
    set({ draft, rawText, ...deriveScenario(get().presetId, draft) });
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
      const n = parseNumber(text);
      edit(setAt(get().draft, path, n ?? text), { ...get().rawText, [path.join('.')]: text });
    },
    choosePreset(id) {
      set(scenarioFromPreset(id));
      get().scenarioChanged();
    },
    resetToPreset() {
      set(scenarioFromPreset(get().presetId));
      get().scenarioChanged();
    },
  };
};
