import { existsSync } from 'node:fs';
import { PRESETS, presetById, scenarioTitle } from '../scenario/presets';
import { didYouMean } from '../didYouMean';
import { conflictMessage, decodeScenario, holdsLink, linkParams } from '../scenario/link';
import { formatIssues, validateScenario, type ScenarioIssue } from '../scenario/validate';
import { EMPTY_SCENARIO_FILE_TEXT, type Scenario } from '../scenario/schema';
import { DUPLICATE_KEYS_TEXT, duplicateKeys, duplicateKeyText, isPlainObject, jsonErrorText } from '../scenario/json';
import { isResultsSummary, RESULTS_FORMAT, SUMMARY_IS_NO_SCENARIO } from '../results/resultsFile';
import { BOOTSTORM_VERSION } from '../results/summary';
import { ExplainedUsageError, UsageError } from './args';
import { TooLargeError, readTextBounded } from './files';

/** Where a scenario came from, for messages and report titles. */
export interface LoadedScenario {
  scenario: Scenario;
  /** The preset id, file path or 'link'. */
  label: string;
  /** The unvalidated input, for overrides. */
  input: unknown;
  /** The file it was read from; absent for a preset or a link (an output must never overwrite it). */
  file?: string;
  /** What reading an older scenario version kept (printed as `note:` lines on stderr). */
  notes: string[];
  /** A share link's pinned baseline (its `&b=` data), when it came from a link that pins one. */
  pinnedBaseline?: string;
}

/** The `b=` parameter of a dashboard link's parameters (linkParams): its pinned baseline, if any. */
export function baselineOfLink(params: ReadonlyMap<string, string>): string | undefined {
  return params.get('b') || undefined;
}

/** Raised for a scenario that does not validate: the message lists every field. */
export class ScenarioError extends Error {
  /** The fields at fault, each with its path and message, when the scenario read but did not validate. */
  constructor(message: string, readonly issues: readonly ScenarioIssue[] = []) {
    super(message);
  }
}

/** A scenario file is a few kilobytes; anything past this is not one (and is not read into memory). */
export const MAX_SCENARIO_FILE_BYTES = 1024 * 1024;

/** A link's data given alone: `2.<payload>` (with spaces or line breaks inside where a mail or chat tool wrapped it). */
const LINK = /^\s*\d+\.[A-Za-z0-9_-][A-Za-z0-9_\s-]*$/;

/**
 * Read a scenario argument: a preset id, a JSON file, or a share link (a URL or fragment with the link's
 * parameters, as linkParams() finds them, or its data alone, `<version>.…`). Overrides (e.g. --replications) are
 * applied to the input before validation, so they are checked like any other field.
 */
export function loadScenario(
  arg: string,
  overrides: (input: Record<string, unknown>) => Record<string, unknown> = (x) => x,
  /** `setBy`: who set the overridden fields, for the message on an invalid one (default "on the command line"). */
  /** `show`: the scenario is only shown or checked (sim show, sim validate), not run: notes about running it are not made. */
  opts: { link?: boolean; role?: 'baseline'; pinned?: boolean; setBy?: string; show?: boolean } = {},
): LoadedScenario {
  let input: unknown;
  let label = arg;
  let fromFile = false;
  let pinnedBaseline: string | undefined;
  // Messages about a --baseline say so: "invalid baseline link", not just "invalid link".
  const what = opts.role ? `${opts.role} ` : '';
  let sourceNotes: string[] = [];
  // A pinned baseline (a link's `&b=` part) is link data and nothing else: never a preset's name or a file's path.
  const mustBeLink = opts.link === true || opts.pinned === true;
  const preset = mustBeLink ? undefined : presetById(arg);
  // A link read as the dashboard reads it: however a mail or chat tool mangled it (`?s=…` for `#s=…`, `s%3D2.…`).
  const params = linkParams(arg);
  const linkLike = holdsLink(params);
  if (preset) input = structuredClone(preset.input);
  // `1.json`, `s=1.json` or `what?s=1.json` looks like a link: a file of that name is read as the file (a URL, with
  // a `#` or a scheme, is not one).
  else if (mustBeLink || (linkLike && (arg.includes('#') || /^[a-z][a-z0-9+.-]*:\/\//i.test(arg) || !existsSync(arg))) || (LINK.test(arg) && !existsSync(arg))) {
    if (opts.pinned && !LINK.test(arg))
      throw new ScenarioError(`invalid baseline link (the link's &b= part):\n  link: ${JSON.stringify(arg.slice(0, 40))} is not a scenario's link data (expected <version>.<data>)`);
    if (opts.link && !linkLike && !LINK.test(arg))
      throw new UsageError(`--url ${JSON.stringify(arg)} is not a share link (…#s=2.…)${existsSync(arg) ? '; to run a scenario file, give its path without --url' : ''}`);
    const data = linkLike ? params.get('s') : arg;
    if (data === undefined) throw new ScenarioError(`invalid ${what}link:\n  link: the link holds no scenario (expected #s=<version>.<data>)`);
    // Two scenarios (or two pinned baselines) in one link: running the first would be a guess.
    for (const key of ['s', 'b']) if (linkLike && params.conflicts.has(key)) throw new ScenarioError(`invalid ${what}link:\n  link: ${conflictMessage(key)}`);
    pinnedBaseline = linkLike ? baselineOfLink(params) : undefined;
    const d = decodeScenario(data);
    if (!d.ok) throw new ScenarioError(`invalid ${what}link:\n${formatIssues(d.issues).replace(/^/gm, '  ')}`, d.issues);
    input = d.scenario;
    sourceNotes = (d.notes ?? []).map((n) => n.message);
    // A link has no file name: its scenario's name, if it has one, says which it is (validation has made its control
    // characters spaces). An edited preset says so: "Incident #1278 — staging, 75 s (2 settings changed)".
    const printable = scenarioTitle(d.scenario, '').trim();
    label = printable !== '' ? `link "${printable}"` : 'link';
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg) && !existsSync(arg)) {
    // An address with no scenario in it (the dashboard's page, a link whose fragment was lost): no file to look for.
    const flag = opts.role ? `--${opts.role} ` : '';
    throw new ExplainedUsageError(`${flag}${JSON.stringify(arg)} is an address but not a share link: a scenario's link holds #s=2.… (the dashboard's Copy link)`);
  } else {
    fromFile = true;
    let text: string;
    try {
      text = readTextBounded(arg, MAX_SCENARIO_FILE_BYTES);
    } catch (e) {
      if (e instanceof TooLargeError)
        throw new ScenarioError(`${arg} ${e.sizeText}: too large to be a scenario file (at most ${MAX_SCENARIO_FILE_BYTES.toLocaleString('en-US')})`);
      // What is wrong is the file, not the command line: no usage text after these.
      const code = (e as NodeJS.ErrnoException).code;
      const flag = opts.role ? `--${opts.role} ` : '';
      if (code === 'EISDIR') throw new ExplainedUsageError(`${flag}${JSON.stringify(arg)} is a directory, not a scenario file`);
      // Written as a path (a folder or .json in it): the file is missing, whatever preset it might resemble.
      if (code === 'ENOENT' && (/[\\/]/.test(arg) || /\.json$/i.test(arg))) throw new ExplainedUsageError(`${flag}${JSON.stringify(arg)}: no such file`);
      throw new ExplainedUsageError(
        `${flag}${JSON.stringify(arg)} is neither a preset (see --list), a share link, nor a readable file${code && code !== 'ENOENT' ? ` (${code})` : didYouMean(arg, PRESETS.map((p) => p.id))}`,
      );
    }
    if (text.trim() === '') throw new ScenarioError(`${what}${arg} ${EMPTY_SCENARIO_FILE_TEXT}`);
    try {
      input = JSON.parse(text);
    } catch (e) {
      throw new ScenarioError(`${what}${arg} is not valid JSON: ${jsonErrorText((e as Error).message, text)}`);
    }
    const twice = duplicateKeys(text);
    if (twice.length) throw new ScenarioError(`${what}${arg} ${DUPLICATE_KEYS_TEXT}:\n${twice.map((d) => `  ${duplicateKeyText(d)}\n`).join('')}Keep one of each.`);
    // The files bootstorm writes hold scenarios too: a results file runs its scenario again; a part file, or a
    // results summary (numbers without their scenario), is refused by name.
    if (isResultsSummary(input)) throw new ScenarioError(`${what}${arg} ${SUMMARY_IS_NO_SCENARIO}`);
    const format = input !== null && typeof input === 'object' ? (input as { format?: unknown }).format : undefined;
    if (format === RESULTS_FORMAT && 'scenario' in (input as object)) {
      const stored = (input as { result?: { bootstorm?: unknown } }).result?.bootstorm;
      input = (input as { scenario: unknown }).scenario;
      sourceNotes = [`${arg} is a results file: ${opts.show ? 'its scenario' : 'running its scenario again (its stored results are not used)'}`];
      if (!opts.show && typeof stored === 'string' && stored !== BOOTSTORM_VERSION)
        sourceNotes.push(`its results were computed by bootstorm ${stored}; this is ${BOOTSTORM_VERSION}, whose model may give other numbers for the same scenario (README: Determinism and merging)`);
    } else if (format === RESULTS_FORMAT)
      throw new ScenarioError(`${what}${arg} is a results file without its scenario (the "scenario" field), so there is nothing to run`);
    else if (typeof format === 'string' && format.startsWith('bootstorm-results/'))
      throw new ScenarioError(`${what}${arg} is a results file in format ${format}, which this bootstorm (${BOOTSTORM_VERSION}) does not read: it reads ${RESULTS_FORMAT}`);
    else if (typeof format === 'string' && format.startsWith('bootstorm-part/'))
      throw new ScenarioError(`${what}${arg} is a part file of a sharded run (${format}), not a scenario: merge the parts with \`sim merge\``);
  }
  let overridden: string[] = [];
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const written = input;
    const before = (input as { simulation?: Record<string, unknown> }).simulation ?? {};
    input = overrides(input as Record<string, unknown>);
    const after = (input as { simulation?: Record<string, unknown> }).simulation ?? {};
    overridden = Object.keys(after).filter((k) => after[k] !== before[k]).map((k) => `simulation.${k}`);
    if (overridden.includes('simulation.detailReplication'))
      sourceNotes.push(`${fromFile ? 'the file' : 'the scenario'}'s simulation.detailReplication (${String(before.detailReplication)}) is not among the ${typeof after.replications === 'number' ? after.replications.toLocaleString('en-US') : String(after.replications)} replications run ${opts.setBy ?? 'as set on the command line'}: replication 0 is the one kept in detail`);
    // A bad value the command line replaces is not silently forgiven: the file is still wrong, and says so. (The
    // replication kept in detail has had its note above: it was replaced for the replications run, not for its own.)
    const own = overridden.length ? validateScenario(written) : null;
    if (own && !own.ok)
      for (const i of own.issues.filter((x) => overridden.includes(x.path) && x.path !== 'simulation.detailReplication'))
        sourceNotes.push(`${fromFile ? 'the file' : 'the scenario'}'s ${i.path}: ${i.message} — the value set ${opts.setBy ?? 'on the command line'} (${String(after[i.path.slice('simulation.'.length)])}) replaces it`);
  }
  const v = validateScenario(input);
  if (!v.ok) {
    // A field the command line set (--replications, --seed) may be the one at fault: said only when it is.
    // (The replication shown in detail is checked against the replication count.)
    const blames = (k: string, path: string) => path === k || (k === 'simulation.replications' && path === 'simulation.detailReplication');
    const set = overridden.filter((k) => v.issues.some((i) => blames(k, i.path)));
    const why = set.length ? `\n  (${set.join(', ')} ${set.length === 1 ? 'was' : 'were'} set ${opts.setBy ?? 'on the command line'}, not read from ${fromFile ? 'the file' : 'the scenario'})` : '';
    throw new ScenarioError(`invalid ${what}scenario ${label}:\n${formatIssues(v.issues).replace(/^/gm, '  ')}${why}`, v.issues);
  }
  const loaded: LoadedScenario = { scenario: v.scenario, label: preset?.id ?? label, input, notes: [...sourceNotes, ...(v.notes ?? []).map((n) => n.message)] };
  if (fromFile) loaded.file = arg;
  if (pinnedBaseline !== undefined) loaded.pinnedBaseline = pinnedBaseline;
  return loaded;
}

/** Override simulation.replications / seed on an input. */
export function simulationOverrides(o: { replications?: number; seed?: number }) {
  return (input: Record<string, unknown>): Record<string, unknown> => {
    // Nothing to set, or a `simulation` that is no group of fields: left as written, for validation to report.
    if ((o.replications === undefined && o.seed === undefined) || (input.simulation !== undefined && !isPlainObject(input.simulation))) return input;
    const sim = { ...((input.simulation as object | undefined) ?? {}) } as Record<string, unknown>;
    if (o.replications !== undefined) {
      sim.replications = o.replications;
      // The replication shown in detail (a dashboard's choice, saved with the file) past the replications now run:
      // the first is shown instead (loadScenario says so), rather than refusing a quick run of a saved scenario.
      if (typeof sim.detailReplication === 'number' && Number.isInteger(o.replications) && sim.detailReplication >= o.replications) sim.detailReplication = 0;
    }
    if (o.seed !== undefined) sim.seed = o.seed;
    return { ...input, simulation: sim };
  };
}

/** A loaded scenario's notes as `note:` lines on stderr (`role`: "baseline" for a --baseline). */
export function printNotes(loaded: LoadedScenario | undefined, role?: string): void {
  for (const n of loaded?.notes ?? []) process.stderr.write(`note: ${role ? `${role}: ` : ''}${n}\n`);
}
