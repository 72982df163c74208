import { existsSync, readFileSync, statSync } from 'node:fs';
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

/** A scenario file is a few kilobytes; anything past this is not one (and is not read into memory). */
export const MAX_SCENARIO_FILE_BYTES = 1024 * 1024;

const LINK = /^s=|^\d+\.[A-Za-z0-9_-]+$/;

/**
 * Read a scenario argument: a preset id, a JSON file, or a share link (anything containing `#s=` or starting
 * with `<version>.`). Overrides (e.g. --replications) are applied to the input before validation, so they are
 * checked like any other field.
 */
export function loadScenario(
  arg: string,
  overrides: (input: Record<string, unknown>) => Record<string, unknown> = (x) => x,
  opts: { link?: boolean } = {},
): LoadedScenario {
  let input: unknown;
  let label = arg;
  const preset = opts.link ? undefined : presetById(arg);
  if (preset) input = structuredClone(preset.input);
  // `1.json` looks like a link (`<version>.<data>`): a file of that name is read as the file.
  else if (opts.link || arg.includes('#s=') || (LINK.test(arg) && !existsSync(arg))) {
    const d = decodeScenario(arg);
    if (!d.ok) throw new ScenarioError(`invalid link:\n${formatIssues(d.issues).replace(/^/gm, '  ')}`);
    input = d.scenario;
    label = 'link';
  } else {
    let text: string;
    try {
      const size = statSync(arg).size;
      if (size > MAX_SCENARIO_FILE_BYTES)
        throw new ScenarioError(`${arg} is ${size.toLocaleString('en-US')} bytes: too large to be a scenario file (at most ${MAX_SCENARIO_FILE_BYTES.toLocaleString('en-US')})`);
      text = readFileSync(arg, 'utf8');
    } catch (e) {
      if (e instanceof ScenarioError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EISDIR') throw new UsageError(`${JSON.stringify(arg)} is a directory, not a scenario file`);
      throw new UsageError(`${JSON.stringify(arg)} is neither a preset (see --list), a share link, nor a readable file${code && code !== 'ENOENT' ? ` (${code})` : ''}`);
    }
    try {
      input = JSON.parse(text.replace(/^\uFEFF/, ''));
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
