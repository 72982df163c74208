/** Run the `sim` CLI as a child process (the tsx binary `npx tsx` would run, without npm's start-up cost). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of one run: working directory, extra environment variables (the CLI's test hooks), and how long before it counts as a hang. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Close this end of the pipe at once, as a reader that goes away would (`… | true`); it then collects nothing. */
  closeEarly?: 'stdout' | 'stderr';
}

/** Run a command to its end, collecting what it printed; never rejects on a non-zero exit code. */
export function runCommand(cmd: string, args: readonly string[], { cwd = ROOT, env = {}, timeoutMs = Infinity, closeEarly }: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    if (closeEarly) child[closeEarly].destroy();
    if (closeEarly !== 'stdout') child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    if (closeEarly !== 'stderr') child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer =
      timeoutMs === Infinity
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`${[cmd, ...args].join(' ')} did not finish in ${timeoutMs} ms: a hang`));
          }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The sim CLI from source; a run that takes over a minute counts as a hang. */
export function runCli(args: string[], { env, timeoutMs = 60_000, closeEarly }: RunOptions = {}): Promise<CliRun> {
  return runCommand(TSX, ['sim-core/cli/main.ts', ...args], { env, timeoutMs, closeEarly });
}

/** Run several CLI invocations, at most `parallel` at a time (the machine's 2 cores are shared). */
export async function runAll(runs: string[][], parallel = 2): Promise<CliRun[]> {
  const out: CliRun[] = new Array(runs.length);
  let next = 0;
  const lane = async () => {
    while (next < runs.length) {
      const i = next++;
      out[i] = await runCli(runs[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, runs.length) }, lane));
  return out;
}

/** stderr without the configuration's `warning:` lines the run command prints first beside --json. */
export const withoutWarnings = (stderr: string): string => stderr.replace(/^(warning: .*\n)*/, '');
