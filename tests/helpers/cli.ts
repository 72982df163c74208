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

/** Options of one run: extra environment variables (the CLI's test hooks) and how long before it counts as a hang. */
export interface CliOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
}

export function runCli(args: string[], { env = {}, timeoutMs = 60_000 }: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['sim-core/cli/main.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sim ${args.join(' ')} did not finish in ${timeoutMs} ms: a hang`));
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
