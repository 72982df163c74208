import { readFileSync } from 'node:fs';
import { presetById } from '../scenario/presets';
import { decodeScenario } from '../scenario/link';
import { formatIssues, validateScenario } from '../scenario/validate';
import type { Scenario } from '../scenario/schema';
import { UsageError } from './args';

/** Where a scenario came from, for messages and report titles. */
export interface LoadedScenario {
  scenario: Scenario;
  /** The preset id, file path or 'link'. */
  label: string;
  /** The unvalidated input, for overrides. */
  input: unknown;
}

/** Raised for a scenario that does not validate: the message lists every field. */
export class ScenarioError extends Error {}

/**
 * Read a scenario argument: a preset id, a JSON file, or a share link (anything containing `#s=` or starting
 * with `<version>.`). Overrides (e.g. --replications) are applied to the input before validation, so they are
 * checked like any other field.
 */
export function loadScenario(arg: string, overrides: (input: Record<string, unknown>) => Record<string, unknown> = (x) => x): LoadedScenario {
  let input: unknown;
  let label = arg;
  const preset = presetById(arg);
  if (preset) input = structuredClone(preset.input);
  else if (arg.includes('#s=') || /^s=|^\d+\.[A-Za-z0-9_-]+$/.test(arg)) {
    const d = decodeScenario(arg);
    if (!d.ok) throw new ScenarioError(`invalid link:\n${formatIssues(d.issues).replace(/^/gm, '  ')}`);
    input = d.scenario;
    label = 'link';
  } else {
    let text: string;
    try {
      text = readFileSync(arg, 'utf8');
    } catch {
      throw new UsageError(`${JSON.stringify(arg)} is neither a preset (see --list), a share link, nor a readable file`);
    }
    try {
      input = JSON.parse(text);
    } catch (e) {
      throw new ScenarioError(`${arg} is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) input = overrides(input as Record<string, unknown>);
  const v = validateScenario(input);
  if (!v.ok) throw new ScenarioError(`invalid scenario ${label}:\n${formatIssues(v.issues).replace(/^/gm, '  ')}`);
  return { scenario: v.scenario, label: preset?.id ?? label, input };
}

/** Override simulation.replications / seed on an input. */
export function simulationOverrides(o: { replications?: number; seed?: number }) {
  return (input: Record<string, unknown>): Record<string, unknown> => {
    const sim = { ...((input.simulation as object | undefined) ?? {}) } as Record<string, unknown>;
    if (o.replications !== undefined) sim.replications = o.replications;
    if (o.seed !== undefined) sim.seed = o.seed;
    return { ...input, simulation: sim };
  };
}
