import { performance } from 'node:perf_hooks';
import { summarize } from '../../results/summary';
import { PRESETS } from '../../scenario/presets';
import { parseArgs, USAGE } from '../args';
import { formatSummary } from '../format';
import { loadScenario, simulationOverrides } from '../scenarioSource';
import { defaultWorkers, runOnThreads } from '../threads';

/** `sim <scenario> [options]`: run one scenario and print a summary or JSON. Returns the exit code. */
export async function runCommand(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (o.list) {
    for (const p of PRESETS) process.stdout.write(`${p.id.padEnd(24)} ${p.title}\n`);
    return 0;
  }
  if (!o.target) {
    process.stderr.write(`error: name a preset, a scenario file or a share link\n\n${USAGE}`);
    return 2;
  }
  const { scenario, label } = loadScenario(o.target, simulationOverrides(o));
  const workers = o.workers ?? defaultWorkers();
  const t0 = performance.now();
  const agg = await runOnThreads(scenario, 0, scenario.simulation.replications, workers);
  const result = summarize(agg, scenario);
  const seconds = (performance.now() - t0) / 1000;
  if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${formatSummary(label, result, seconds, workers)}\n`);
  return 0;
}
