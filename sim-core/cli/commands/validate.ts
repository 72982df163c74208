import type { ScenarioIssue } from '../../scenario/validate';
import { estimatePointsWork, workProblem } from '../../limits';
import { pairedBaseline } from '../../compare';
import type { Scenario } from '../../scenario/schema';
import { BOOTSTORM_VERSION } from '../../results/summary';
import { scenarioWarnings, type ScenarioWarning } from '../../scenario/warnings';
import { EXIT_CODES_TEXT, UsageError } from '../args';
import { Flags } from '../flags';
import { loadScenario, ScenarioError } from '../scenarioSource';

export const VALIDATE_USAGE = `Usage: npm run -s sim -- validate <preset | scenario.json | share-link …> [options]

  Check scenarios without running them, as a run reads them (a link with its pinned baseline, &b=, too): each
  invalid one lists every offending field with its path, value and allowed range; each valid one its configuration
  warnings, what reading it noted (an older version, a results file) and whether its replications fit the work
  limit (one pilot replication is run for that).
  Exit 0 when every scenario is valid and fits, 2 when one is not or does not.

  --strict           exit 1 when a valid scenario has configuration warnings (a CI gate on them)
  --json             one JSON object on stdout: { bootstorm, scenarios: [{ source, valid, errors, issues, warnings, notes }] }
                     (issues: each invalid field's { path, message })

${EXIT_CODES_TEXT}`;

interface Checked {
  source: string;
  valid: boolean;
  /** Why it is not valid (or does not fit the work limit): the messages a run would print. */
  errors: string[];
  /** The fields at fault, one by one (path and message), when the scenario read but did not validate. */
  issues: ScenarioIssue[];
  warnings: Array<Pick<ScenarioWarning, 'id' | 'message' | 'fields'>>;
  notes: string[];
}

/**
 * One scenario argument, read and judged as a run would (without --replications or --seed): a link that pins a
 * baseline (`&b=`) is judged with it, as a run compares against it (its problems, warnings and notes marked as the
 * baseline's), so a link that validates also runs.
 */
function check(source: string): Checked {
  try {
    // Nothing runs: a results file's note says its scenario is what is read, as `show` says it.
    const loaded = loadScenario(source, undefined, { show: true });
    const base = loaded.pinnedBaseline === undefined ? undefined : loadScenario(loaded.pinnedBaseline, undefined, { role: 'baseline', pinned: true });
    const pilots = base ? [pairedBaseline(base.scenario, loaded.scenario), loaded.scenario] : [loaded.scenario];
    const work = workProblem(estimatePointsWork(pilots, pilots.length, loaded.scenario.simulation.replications));
    const warningsOf = (s: Scenario, whose = '') => scenarioWarnings(s).map(({ id, message, fields }) => ({ id, message: `${whose}${message}`, fields }));
    return {
      source, valid: work === null, errors: work === null ? [] : [`refused: ${work}`], issues: [],
      warnings: [...warningsOf(loaded.scenario), ...(base ? warningsOf(base.scenario, 'baseline: ') : [])],
      notes: [...loaded.notes, ...(base ? base.notes.map((n) => `baseline: ${n}`) : [])],
    };
  } catch (e) {
    // What a run would refuse with: an invalid scenario, or an argument that names none (no such file, a bad link).
    if (e instanceof ScenarioError || e instanceof UsageError)
      return { source, valid: false, errors: [e.message], issues: e instanceof ScenarioError ? [...e.issues] : [], warnings: [], notes: [] };
    throw e;
  }
}

function text(c: Checked): string {
  const head = c.valid ? `✓ ${c.source}: valid${c.warnings.length ? `, ${c.warnings.length} configuration warning${c.warnings.length === 1 ? '' : 's'}` : ''}` : `✗ ${c.source}`;
  return [
    head,
    ...c.errors.map((m) => `  error: ${m.replace(/\n/g, '\n  ')}`),
    ...c.notes.map((n) => `  note: ${n}`),
    ...c.warnings.map((w) => `  warning: ${w.message}`),
  ].join('\n');
}

/** `sim validate <scenario …>`: every scenario checked, all problems at once; nothing runs but one pilot each. */
export async function validateCommand(argv: string[]): Promise<number> {
  const f = new Flags(argv, { '--json': 'bool', '--strict': 'bool', '--help': 'bool' }, {});
  if (f.has('--help')) {
    process.stdout.write(`${VALIDATE_USAGE}\n`);
    return 0;
  }
  if (f.positional.length === 0) throw new UsageError('validate needs the scenarios to check: presets, scenario files or share links');
  const checked = f.positional.map(check);
  if (f.has('--json')) process.stdout.write(`${JSON.stringify({ bootstorm: BOOTSTORM_VERSION, scenarios: checked })}\n`);
  else process.stdout.write(`${checked.map(text).join('\n')}\n`);
  if (checked.some((c) => !c.valid)) return 2;
  return f.has('--strict') && checked.some((c) => c.warnings.length > 0) ? 1 : 0;
}
