import { performance } from 'node:perf_hooks';
import { buildPart, pointRange } from '../../results/partFile';
import { buildResultsFile } from '../../results/resultsFile';
import { rangeText } from '../../results/shard';
import { summarize } from '../../results/summary';
import { estimateWork, workProblem } from '../../limits';
import { PRESETS } from '../../scenario/presets';
import { parseArgs, USAGE } from '../args';
import { writeFileAtomic } from '../files';
import { formatSummary } from '../format';
import { loadScenario, simulationOverrides } from '../scenarioSource';
import { defaultWorkers, runOnThreads } from '../threads';

/**
 * `sim <scenario> [options]`: run one scenario and print a summary or JSON. With `--shard k/n`, run only that
 * shard's replications and write its part file (to --out, or stdout); `sim merge` joins the parts. With `--out`
 * and no shard, also write a results file. Returns the exit code.
 */
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
  const tooMuch = workProblem(estimateWork(scenario));
  if (tooMuch) {
    process.stderr.write(`error: refused: ${tooMuch}\n`);
    return 2;
  }
  if (o.shard) {
    const [from, to] = pointRange(scenario, o.shard);
    const aggregate = await runOnThreads(scenario, from, to, workers);
    const part = buildPart({ kind: 'run', label, shard: o.shard, points: [{ scenario, aggregate }] });
    const text = `${JSON.stringify(part)}\n`;
    if (o.out === undefined) process.stdout.write(text);
    else {
      writeFileAtomic(o.out, text);
      const reps = from < to ? `replications ${rangeText([from, to])}` : 'no replications';
      process.stderr.write(`wrote shard ${o.shard.index}/${o.shard.count} (${reps} of ${scenario.simulation.replications}) to ${o.out}\n`);
    }
    return 0;
  }
  const t0 = performance.now();
  const agg = await runOnThreads(scenario, 0, scenario.simulation.replications, workers);
  const result = summarize(agg, scenario);
  const seconds = (performance.now() - t0) / 1000;
  if (o.out !== undefined) writeFileAtomic(o.out, `${JSON.stringify(buildResultsFile(scenario, result))}\n`);
  if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${formatSummary(label, result, seconds, workers)}\n`);
  return 0;
}
