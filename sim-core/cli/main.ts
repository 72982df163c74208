import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { summarize } from '../results/summary';
import { PRESETS, presetById } from '../scenario/presets';
import { formatIssues, validateScenario } from '../scenario/validate';
import { parseArgs, USAGE, UsageError } from './args';
import { formatSummary } from './format';
import { defaultWorkers, runOnThreads } from './threads';

/** Exit codes: 0 ok, 1 failed run, 2 bad usage or invalid scenario. */
async function main(argv: string[]): Promise<number> {
  let o;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (o.list) {
    for (const p of PRESETS) process.stdout.write(`${p.id.padEnd(24)} ${p.title}\n`);
    return 0;
  }
  if (!o.target) {
    process.stderr.write(`error: name a preset or a scenario file\n\n${USAGE}`);
    return 2;
  }
  let input: unknown;
  const preset = presetById(o.target);
  if (preset) input = structuredClone(preset.input);
  else {
    let text: string;
    try {
      text = readFileSync(o.target, 'utf8');
    } catch {
      process.stderr.write(`error: ${JSON.stringify(o.target)} is neither a preset (see --list) nor a readable file\n`);
      return 2;
    }
    try {
      input = JSON.parse(text);
    } catch (e) {
      process.stderr.write(`error: ${o.target} is not valid JSON: ${(e as Error).message}\n`);
      return 2;
    }
  }
  // Command-line overrides are applied to the input, so they are validated like the rest.
  if (input && typeof input === 'object') {
    const sim = { ...((input as { simulation?: object }).simulation ?? {}) } as Record<string, unknown>;
    if (o.replications !== undefined) sim.replications = o.replications;
    if (o.seed !== undefined) sim.seed = o.seed;
    input = { ...input, simulation: sim };
  }
  const v = validateScenario(input);
  if (!v.ok) {
    process.stderr.write(`error: invalid scenario ${o.target}:\n${formatIssues(v.issues).replace(/^/gm, '  ')}\n`);
    return 2;
  }
  const scenario = v.scenario;
  const workers = o.workers ?? defaultWorkers();
  const t0 = performance.now();
  const agg = await runOnThreads(scenario, 0, scenario.simulation.replications, workers);
  const result = summarize(agg, scenario);
  const seconds = (performance.now() - t0) / 1000;
  if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${formatSummary(preset?.id ?? o.target, result, seconds, workers)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);
