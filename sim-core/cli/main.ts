import { UsageError, USAGE } from './args';
import { mergeCommand } from './commands/merge';
import { runCommand } from './commands/run';
import { sensitivityCommand } from './commands/sensitivity';
import { solveCommand } from './commands/solve';
import { sweepCommand } from './commands/sweep';
import { ScenarioError } from './scenarioSource';

/**
 * `npm run -s sim -- …`. The first word picks a command; anything else runs a scenario.
 * Exit codes: 0 ok, 1 a failed run or a failed --assert, 2 bad usage or an invalid scenario.
 */
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  sweep: sweepCommand,
  solve: solveCommand,
  sensitivity: sensitivityCommand,
  merge: mergeCommand,
};

async function main(argv: string[]): Promise<number> {
  const command = COMMANDS[argv[0]];
  try {
    return command ? await command(argv.slice(1)) : await runCommand(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof ScenarioError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);
