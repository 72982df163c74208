import { READABLE_VERSIONS, SCENARIO_VERSION } from './schema';
import { showValue, type ScenarioIssue } from './validate';

/**
 * Bring a scenario of an older version up to SCENARIO_VERSION. One step per version bump, each a pure
 * function of plain JSON; a link or file written by an old bootstorm keeps opening.
 */
const STEPS: Record<number, (s: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2 goes here when version 2 exists.
};

export function migrate(input: unknown): { ok: true; value: unknown } | { ok: false; issues: ScenarioIssue[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return { ok: false, issues: [{ path: '', message: 'a scenario must be a JSON object' }] };
  let s = input as Record<string, unknown>;
  const v = s.version;
  if (v === undefined) return { ok: false, issues: [{ path: 'version', message: `is required (current version is ${SCENARIO_VERSION})` }] };
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > SCENARIO_VERSION) {
    const text = typeof v === 'string' && v.trim() !== '' && Number.isInteger(Number(v)) ? ` (write it as the number ${Number(v)}, not as text)` : '';
    return { ok: false, issues: [{ path: 'version', message: `${showValue(v)} is not a known version${text}: this bootstorm reads ${READABLE_VERSIONS}` }] };
  }
  for (let from = v; from < SCENARIO_VERSION; from++) s = { ...STEPS[from](s), version: from + 1 };
  return { ok: true, value: s };
}
