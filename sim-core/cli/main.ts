import { sim } from './sim';

/** `npm run -s sim -- …`: the process around `sim()` (sim.ts), which holds the commands and exit codes. */

// The reader of stdout went away (`sim … | head -1`, `| true`): stop quietly, as a command killed by SIGPIPE
// would (exit 141), instead of a stack trace for an unhandled 'error' event. A closed stderr is not a reason to
// stop: the run, its --out file and its exit code still matter, so what goes to stderr is dropped instead.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(141);
  // Any other failure to write the output (a full disk: `> /dev/full`) is the tool failing, exit 3, not an answer.
  process.stderr.write(`error: could not write the output: ${e.message}\n`);
  process.exit(3);
});
process.stderr.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

sim(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    // An unexpected error: the tool failed (exit 3, as an engine failure), not the run's answer.
    process.stderr.write(`error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 3;
  },
);
