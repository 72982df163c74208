import { UsageError, USAGE, usageErrorText } from './args';
import { MERGE_USAGE, mergeCommand } from './commands/merge';
import { runCommand } from './commands/run';
import { sensitivityCommand } from './commands/sensitivity';
import { solveCommand } from './commands/solve';
import { sweepCommand } from './commands/sweep';
import { ReplicationError } from '../run';
import { ScenarioError } from './scenarioSource';
import { BlockError } from './threads';

/**
 * The `sim` command line, callable in-process (tests); main.ts runs it as the process. The first word picks a
 * command; anything else runs a scenario.
 * Exit codes: 0 ok, 1 a failed run or a failed --assert, 2 bad usage, an invalid scenario or work refused as
 * too big.
 */
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  sweep: sweepCommand,
  solve: solveCommand,
  sensitivity: sensitivityCommand,
  merge: mergeCommand,
};

/** Run one command line; returns the exit code (what the process exits with). */
export async function sim(argv: string[]): Promise<number> {
  // Own keys only: `sim constructor` must not call Object.
  const command = argv.length && Object.hasOwn(COMMANDS, argv[0]) ? COMMANDS[argv[0]] : undefined;
  try {
    return command ? await command(argv.slice(1)) : await runCommand(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      // merge's own usage for merge's errors (sweep, solve and sensitivity print theirs themselves).
      process.stderr.write(usageErrorText(e, command === mergeCommand ? MERGE_USAGE : USAGE));
      return 2;
    }
    if (e instanceof ScenarioError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    // A failed run: the message names the replication or block and how to reproduce it; the stack would only
    // show the CLI's own frames.
    if (e instanceof ReplicationError || e instanceof BlockError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

