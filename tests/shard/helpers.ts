/**
 * Shared by the shard tests: the CLI as a separate OS process (what a batch engine runs), at most two at a time
 * (the machine has two cores), and a cheap scenario.
 */
import { loadScenario, simulationOverrides } from '../../sim-core/cli/scenarioSource';
import type { Scenario } from '../../sim-core/scenario/schema';
import { ROOT, runCommand, type CliRun } from '../helpers/cli';

export { ROOT };

let running = 0;
const waiting: Array<() => void> = [];
const MAX_PROCESSES = 2;

/** Run a command with at most MAX_PROCESSES at once; resolves when it exits (never rejects on a non-zero code). */
export async function exec(cmd: string, args: readonly string[], cwd = ROOT): Promise<CliRun> {
  if (running >= MAX_PROCESSES) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await runCommand(cmd, args, { cwd });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** `npm run -s sim -- …`, from source (node + tsx, without npm's own start-up). */
export const sim = (args: readonly string[], cwd = ROOT) =>
  exec(process.execPath, ['--import', 'tsx', `${ROOT}/sim-core/cli/main.ts`, ...args], cwd);

/** The cheap scenario of these tests: 3 containers, nothing contended. */
export const PRESET = 'healthy-baseline';

/** The scenario the CLI runs for `PRESET --replications N [--seed S]`. */
export function cliScenario(replications: number, seed?: number): Scenario {
  return loadScenario(PRESET, simulationOverrides({ replications, seed })).scenario;
}

/** Fisher–Yates with a fixed LCG, so a "shuffled" order is the same on every run of the test. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
