import { READABLE_VERSIONS, SCENARIO_DEFAULTS, SCENARIO_VERSION, type Scenario } from './schema';
import { showValue, type ScenarioIssue } from './validate';
import { deepEqual, isPlainObject } from './json';

/**
 * Bring a scenario of an older version up to SCENARIO_VERSION. One step per version bump, each a pure
 * function of plain JSON; a link or file written by an old bootstorm keeps opening.
 */
const STEPS: Record<number, (s: Record<string, unknown>, notes: MigrationNote[]) => Record<string, unknown>> = {
  1: fromVersion1,
};

type Obj = Record<string, unknown>;

/** Something reading an older scenario version kept that the user should know, and the fields it is about. */
export interface MigrationNote {
  message: string;
  fields: string[];
}

/**
 * Version 2 recalibrated five assumed defaults so that the incident preset fails as the write-up says (slow,
 * load-amplified connects cut off by the initialization timeout). A version 1 scenario meant the old
 * defaults wherever it left these fields out: write them in, so it runs exactly as it did.
 */
const VERSION_1_DEFAULTS: readonly [group: string, field: string, value: unknown][] = [
  ['connector', 'otherConnections', 40],
  ['connector', 'handshakeLatency', { kind: 'lognormal', median: 0.005, p95: 0.02 }],
  ['connector', 'latencyAtFullLoad', 20],
  ['cloudSql', 'otherClients', 0],
  ['restart', 'maxRestarts', 10],
];

/**
 * The defaults a scenario of `version` was written against (what a link of that version left out). Only
 * version 1 differs from the current ones, in VERSION_1_DEFAULTS.
 */
export function defaultsFor(version: number): Scenario {
  if (version !== 1) return SCENARIO_DEFAULTS;
  const d = structuredClone(SCENARIO_DEFAULTS) as unknown as Record<string, Obj>;
  for (const [group, field, old] of VERSION_1_DEFAULTS) d[group][field] = structuredClone(old);
  return d as unknown as Scenario;
}

function fromVersion1(s: Obj, notes: MigrationNote[]): Obj {
  const out: Obj = { ...s };
  const kept: string[] = [];
  const fields: string[] = [];
  for (const [group, field, old] of VERSION_1_DEFAULTS) {
    const g = out[group] === undefined ? {} : out[group];
    if (!isPlainObject(g)) continue; // not a group: validation reports it as it stands
    const v = g[field];
    if (v === undefined) out[group] = { ...g, [field]: old };
    // Left out, or written out as it was (a stored or exported scenario has every field): either way the
    // version 1 default, which the current version no longer has.
    if (v === undefined || deepEqual(v, old)) {
      kept.push(`${group}.${field} ${isPlainObject(old) ? `lognormal median ${old.median} s, p95 ${old.p95} s` : showValue(old)}`);
      fields.push(`${group}.${field}`);
    }
  }
  if (kept.length)
    notes.push({
      message:
        `This scenario is version 1 and has the version 1 defaults of ${kept.join(', ')}. ` +
        'Version 2 recalibrated them to reproduce the incident: to use the current values, set these fields (or start from a preset).',
      fields,
    });
  return out;
}

/**
 * `notes`: what a migration step kept or changed that the user should know (a version 1 scenario keeping the
 * version 1 defaults, say); empty for a current scenario.
 */
export function migrate(input: unknown): { ok: true; value: unknown; notes: MigrationNote[] } | { ok: false; issues: ScenarioIssue[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return { ok: false, issues: [{ path: '', message: 'a scenario must be a JSON object' }] };
  let s = input as Record<string, unknown>;
  const v = s.version;
  if (v === undefined) return { ok: false, issues: [{ path: 'version', message: `is required (current version is ${SCENARIO_VERSION})` }] };
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > SCENARIO_VERSION) {
    // A readable version written as text ("2"): say how to write it. Any other text is simply not a version.
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    const text = Number.isInteger(n) && n >= 1 && n <= SCENARIO_VERSION ? ` (write it as the number ${n}, not as text)` : '';
    // A version above ours comes from a newer bootstorm (as a link's says): what the reader can act on.
    const newer = typeof v === 'number' && Number.isInteger(v) && v > SCENARIO_VERSION ? ' (written by a newer bootstorm)' : '';
    return { ok: false, issues: [{ path: 'version', message: `${showValue(v)} is not a known version${text}${newer}: this bootstorm reads ${READABLE_VERSIONS}` }] };
  }
  const notes: MigrationNote[] = [];
  for (let from = v; from < SCENARIO_VERSION; from++) s = { ...STEPS[from](s, notes), version: from + 1 };
  return { ok: true, value: s, notes };
}
