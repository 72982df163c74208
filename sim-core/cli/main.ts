import { sim } from './sim';

/** `npm run -s sim -- …`: the process around `sim()` (sim.ts), which holds the commands and exit codes. */

// The reader went away (`sim … | head -1`, `| true`): stop quietly, as a command killed by SIGPIPE would
// (exit 141), instead of a stack trace for an unhandled 'error' event.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(141);
    throw e;
  });
}

sim(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);
