import { FIELDS, fieldKeyOf, getAt, setAt, type FieldInfo } from './catalogue';
import { isPlainObject } from './json';
import { andList } from '../report/count';
import { migrate, type MigrationNote } from './migrate';
import { SCENARIO_NAME_MAX, scenarioSchema, type Scenario } from './schema';

/** A field whose value the scenario refused: the value as written, to put back into the form where it is marked. */
export interface RefusedValue {
  /** The field's dotted path (a whole distribution or start pattern when one of its parameters was refused). */
  path: string;
  value: unknown;
}

export interface Salvage {
  /** The scenario with each refused field at its default and each unknown field left out: valid. */
  scenario: Scenario;
  refused: RefusedValue[];
  /**
   * Values valid on their own, at their defaults in `scenario` because a rule across fields with a refused value
   * held no other way (retry base 20 s with cap 10 s: the cap's default is under 20 too). They go back into the
   * form as written, unmarked: the refused field's message then names them.
   */
  setAside: RefusedValue[];
  /** Unknown fields left out, as dotted paths (validation's issues say which field each most likely meant). */
  dropped: string[];
  /** The name was longer than SCENARIO_NAME_MAX: it is open cut to that length (the notice shows the whole link or file). */
  nameShortened: boolean;
  notes: MigrationNote[];
}

/** The first SCENARIO_NAME_MAX characters of `name`, without half of a character written as two (an emoji). */
export function shortenedName(name: string): string {
  const cut = name.slice(0, SCENARIO_NAME_MAX);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/**
 * Rounds of repair: a default that breaks a rule across fields with another refused value takes one more, and so
 * does setting aside the other fields of a rule whose flagged field's default breaks it too.
 */
const MAX_ROUNDS = 6;

/**
 * A refused value the form can hold, marked, for the user to fix: any value of a number field (shown as text), and a
 * distribution or start pattern of a known kind (its parameters as written, fields it does not have left out). A
 * choice or a switch with a value it does not offer, or a distribution of no known kind, has no way to be shown
 * as written: undefined.
 */
function holdable(field: FieldInfo, value: unknown, path: string, dropped: string[]): unknown {
  if (field.kind === 'number') return value;
  if (!field.variants || !isPlainObject(value)) return undefined;
  const variant = field.variants.find((v) => v.kind === value.kind);
  if (!variant) return undefined;
  const kept: Record<string, unknown> = { kind: value.kind };
  for (const [k, v] of Object.entries(value)) {
    if (k === 'kind') continue;
    if (Object.hasOwn(variant.params, k)) kept[k] = v;
    else if (!dropped.includes(`${path}.${k}`)) dropped.push(`${path}.${k}`);
  }
  return kept;
}

/**
 * What of an invalid scenario (a hand-edited link, a file with one bad value) can be opened for repair, so that
 * one refused value does not cost every other setting: its fields in the form, the refused ones marked there as
 * typed ones are; a name too long for titles is cut to fit. Null when the damage is not in what the form can show (no
 * readable version, a group that is no object, a name that is no text, a choice it does not offer, a rule across fields not even the
 * defaults of every field it reads settle) or when it is valid already; the caller then refuses the whole, as before.
 */
export function salvageScenario(input: unknown): Salvage | null {
  const migrated = migrate(input);
  if (!migrated.ok || !isPlainObject(migrated.value)) return null;
  const original = migrated.value;
  let repaired: unknown = structuredClone(original);
  const refused = new Map<string, unknown>();
  const setAside = new Map<string, unknown>();
  const dropped: string[] = [];
  let nameShortened = false;
  const listed = (m: Map<string, unknown>) => [...m].map(([path, value]) => ({ path, value }));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const r = scenarioSchema.safeParse(repaired);
    if (r.success) return round === 0 ? null : { scenario: r.data, refused: listed(refused), setAside: listed(setAside), dropped, nameShortened, notes: migrated.notes };
    // Judged over the round, not per issue: two issues of one rule (max_connections and other clients) may share the
    // fields to set aside, which the first then moves for both.
    let progressed = false;
    for (const issue of r.error.issues) {
      const at = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        const parent = getAt(repaired, at);
        if (!isPlainObject(parent)) return null;
        const kept = { ...parent };
        for (const k of issue.keys) {
          delete kept[k];
          dropped.push([...at, k].join('.'));
        }
        repaired = setAt(repaired, at, kept);
        progressed = true;
        continue;
      }
      // A name too long for titles: a title is no setting, so the rest opens under its first characters.
      const name = at.length === 1 && at[0] === 'name' ? getAt(repaired, at) : undefined;
      if (typeof name === 'string' && name.length > SCENARIO_NAME_MAX) {
        repaired = setAt(repaired, at, shortenedName(name));
        nameShortened = progressed = true;
        continue;
      }
      const key = fieldKeyOf(at.join('.'));
      if (key === null) return null;
      const field = FIELDS.get(key)!;
      // The whole field as written (a distribution with its kind), once: a later round's default is not the user's.
      // A rule across fields may flag one the scenario leaves out (a retry base over the default cap): the form marks
      // it at its default, as it would had the user typed the other value there, and the round after sets that aside.
      if (!refused.has(key)) {
        const written = getAt(original, field.path);
        const value = holdable(field, written === undefined ? structuredClone(field.default) : written, key, dropped);
        if (value === undefined) return null;
        refused.set(key, value);
        repaired = setAt(repaired, field.path, structuredClone(field.default));
        progressed = true;
        continue;
      }
      // Its default breaks the rule too: the other fields the rule reads that the user wrote (as the refused ones,
      // before any migration) go to their defaults.
      const others = issue.code === 'custom' && Array.isArray(issue.params?.others) ? (issue.params.others as string[]) : [];
      for (const other of others) {
        const info = FIELDS.get(other);
        if (!info || other === key || refused.has(other) || setAside.has(other) || getAt(input, info.path) === undefined) continue;
        setAside.set(other, getAt(original, info.path));
        repaired = setAt(repaired, info.path, structuredClone(info.default));
        progressed = true;
      }
    }
    if (!progressed) return null;
  }
  return null;
}

/**
 * The notice's title for a scenario opened for repair: "This link holds 2 values their fields refuse and an unknown
 * field (left out): the rest of it is open; fix the marked fields to run it".
 */
export function repairTitle(what: string, r: Salvage): string {
  const refused = r.refused.length ? (r.refused.length === 1 ? 'a value its field refuses' : `${r.refused.length} values their fields refuse`) : '';
  const dropped = r.dropped.length ? `${r.dropped.length === 1 ? 'an unknown field' : `${r.dropped.length} unknown fields`} (left out)` : '';
  const name = r.nameShortened ? `a name over ${SCENARIO_NAME_MAX} characters (cut to fit)` : '';
  const fix = r.refused.length ? `; fix ${r.refused.length === 1 ? 'the marked field' : 'the marked fields'} to run it` : '';
  return `${what} holds ${andList([refused, dropped, name].filter(Boolean))}: the rest of it is open${fix}`;
}
