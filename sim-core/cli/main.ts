import { sim } from './sim';

/** `npm run -s sim -- …`: the process around `sim()` (sim.ts), which holds the commands and exit codes. */
sim(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);
