import { existsSync } from 'node:fs';
import { ExplainedUsageError, UsageError, USAGE, usageErrorText } from './args';
import { TYPOGRAPHIC_DASH, typographicDashText } from './flags';
import { closestName } from '../didYouMean';
import { PRESETS } from '../scenario/presets';
import { MERGE_USAGE, mergeCommand } from './commands/merge';
import { runCommand } from './commands/run';
import { sensitivityCommand } from './commands/sensitivity';
import { solveCommand } from './commands/solve';
import { sweepCommand } from './commands/sweep';
import { VALIDATE_USAGE, validateCommand } from './commands/validate';
import { fieldsCommand, SHOW_USAGE, showCommand } from './commands/show';
import { ReplicationError } from '../run';
import { ScenarioError } from './scenarioSource';
import { BlockError } from './threads';
import { OutputError } from './files';
import { BOOTSTORM_VERSION } from '../results/summary';

/**
 * The `sim` command line, callable in-process (tests); main.ts runs it as the process. The first word picks a
 * command; anything else runs a scenario.
 * Exit codes (EXIT_CODES_TEXT, in every usage text): 0 ok; 1 the answer is no (a failed --assert, a solve with no
 * value); 2 nothing ran (bad usage, an invalid scenario or file, work refused as too big); 3 the tool failed (the
 * engine threw, a block of replications failed three times, an output could not be written, or an unexpected
 * error). A CI gate can tell a failed
 * threshold from a crash.
 */
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  sweep: sweepCommand,
  solve: solveCommand,
  sensitivity: sensitivityCommand,
  merge: mergeCommand,
  validate: validateCommand,
  show: showCommand,
  fields: fieldsCommand,
};

/**
 * What the first word means when it is no command, no preset, no file and no link, but reads like a command: a
 * near miss ("swep"), or a what-if that is an option of another command. Null otherwise (the run explains).
 */
function notACommand(word: string | undefined, another: boolean): string | null {
  if (word === undefined || word.startsWith('-') || /[./\\#:=?]/.test(word) || existsSync(word)) return null;
  if (TYPOGRAPHIC_DASH.test(word)) return typographicDashText(word);
  if (word === 'help') return 'for help, run --help (each command has its own: sweep --help)';
  if (word === 'list') return 'the presets are listed by --list';
  // What-ifs that are options of another command, by name or near miss ("compre").
  const option = ['heatmap', 'compare', 'diff', 'precision'].includes(word) ? word : closestName(word, ['heatmap', 'compare', 'precision']);
  if (option === 'heatmap') return 'a heatmap is a sweep over two fields: sweep <scenario> --field A --from … --to … --field2 B --from2 … --to2 …';
  if (option === 'compare' || option === 'diff') return 'a comparison is an option of a run: <proposal> --baseline <baseline> runs both on the same replications and prints the differences with their 95% intervals';
  if (option === 'precision') return 'precision is an option of a run: <scenario> --half-width H replicates until the breach rate is known to ±H';
  const presets = PRESETS.map((p) => p.id);
  if (presets.includes(word)) return null;
  const near = closestName(word, Object.keys(COMMANDS));
  // A word followed by another (`review mitigated`) was meant as a command, unless it is a preset's near miss with
  // no command near; a lone word near a preset is the preset's typo, and one near nothing is the run's to explain.
  if (closestName(word, presets) !== null && (near === null || !another)) return null;
  if (near === null && !another) return null;
  return `unknown command ${JSON.stringify(word)}${near === null ? '' : `: did you mean ${near}?`}`;
}

/** Run one command line; returns the exit code (what the process exits with). */
export async function sim(argv: string[]): Promise<number> {
  // Own keys only: `sim constructor` must not call Object.
  const command = argv.length && Object.hasOwn(COMMANDS, argv[0]) ? COMMANDS[argv[0]] : undefined;
  try {
    if (argv.includes('--version')) {
      if (argv.length > 1) throw new ExplainedUsageError('--version stands alone: npm run -s sim -- --version');
      process.stdout.write(`bootstorm ${BOOTSTORM_VERSION}\n`);
      return 0;
    }
    const typo = command ? null : notACommand(argv[0], argv.length > 1 && !argv[1].startsWith('-'));
    if (typo !== null) throw new ExplainedUsageError(`${typo} (commands: ${Object.keys(COMMANDS).join(', ')}; or a preset, a scenario file or a share link: see --help)`);
    return command ? await command(argv.slice(1)) : await runCommand(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      // merge's, validate's, show's and fields' own usage for their errors (sweep, solve and sensitivity print theirs themselves).
      const usage = command === mergeCommand ? MERGE_USAGE : command === validateCommand ? VALIDATE_USAGE : command === showCommand || command === fieldsCommand ? SHOW_USAGE : USAGE;
      process.stderr.write(usageErrorText(e, usage));
      return 2;
    }
    if (e instanceof ScenarioError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    // A failed run: the message names the replication or block and how to reproduce it, or the file it could not
    // write; the stack would only show the CLI's own frames.
    if (e instanceof ReplicationError || e instanceof BlockError || e instanceof OutputError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 3;
    }
    throw e;
  }
}

