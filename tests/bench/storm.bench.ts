/**
 * The startup-storm model: replications per second of incident-1278-staging, the CLI's wall time for 10,000
 * replications on all cores and on one (how it scales over worker threads), and whether memory stays flat as
 * replications grow. Scaling is measured on the CLI, whose threads load the bundle: threads started from this
 * process would compile TypeScript with tsx first (~0.5 s each), which no user pays.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { estimateWork } from '../../sim-core/limits';
import { runReplication } from '../../sim-core/model/replication';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import { validateScenario } from '../../sim-core/scenario/validate';
import { time, type BenchRow } from './harness';

const scenario = presetById('incident-1278-staging')!.scenario;

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const reps = 1000;

  // Model alone vs model + aggregation: what the statistics cost per replication.
  const modelOnly = time(() => {
    for (let r = 0; r < reps; r++) runReplication(scenario, r, false);
  }, { warmup: 1, runs: 5 });
  const withAggregate = time(() => runRange(scenario, 0, reps), { warmup: 1, runs: 5 });
  const modelRate = (reps / modelOnly.bestMs) * 1000;
  let events = 0;
  for (let r = 0; r < 100; r++) events += runReplication(scenario, r, false).eventCount;
  const perRep = events / 100;
  rows.push({ name: 'storm: model only, 1 thread', value: modelRate, unit: 'reps/s', note: `${Math.round(perRep).toLocaleString('en-US')} events per replication: ${((modelRate * perRep) / 1e6).toFixed(1)} M events/s` });
  rows.push({
    name: 'storm: model + aggregate, 1 thread', value: (reps / withAggregate.bestMs) * 1000, unit: 'reps/s',
    baselineName: 'model only', baselineValue: modelRate, ratio: withAggregate.bestMs / modelOnly.bestMs,
    note: 'time ratio: cost of streaming the aggregates',
  });

  // Validation happens once at the boundary: its cost beside one replication's.
  const input = structuredClone(presetById('incident-1278-staging')!.input);
  const validate = time(() => {
    for (let i = 0; i < 200; i++) validateScenario(input);
  });
  const perValidation = validate.bestMs / 200;
  const perReplication = withAggregate.bestMs / reps;
  rows.push({
    name: 'validation of one scenario', value: perValidation * 1000, unit: 'µs',
    baselineName: 'one replication', baselineValue: perReplication * 1000, ratio: perValidation / perReplication,
    note: 'paid once per run, never in the hot loop',
  });

  // The work estimate (sim-core/limits.ts): one pilot replication before a run is accepted, beside the run it
  // guards (the CLI's default: the scenario's 400 replications). The hot loop runs neither validation nor the
  // estimate: runReplication trusts its validated scenario; a worker validates once per block of 100.
  const estimate = time(() => estimateWork(scenario), { warmup: 2, runs: 9 });
  const runReps = scenario.simulation.replications;
  const fullRun = perReplication * runReps;
  rows.push({
    name: 'work estimate of one scenario (pilot)', value: estimate.bestMs, unit: 'ms',
    baselineName: `full run, ${runReps} reps`, baselineValue: fullRun, ratio: estimate.bestMs / fullRun,
    note: 'once before a run; no validation or estimate in the hot loop',
  });

  // Memory stays flat: the aggregate's size does not grow with replications.
  const small = JSON.stringify(runRange(scenario, 0, 200).toJSON()).length;
  const large = JSON.stringify(runRange(scenario, 0, 2000).toJSON()).length;
  rows.push({ name: 'aggregate size after 2,000 reps', value: large / 1024, unit: 'KiB', baselineName: 'after 200 reps', baselineValue: small / 1024, ratio: large / small, note: 'flat ≈ 1' });

  // The whole CLI, as a user runs it (`npm run -s sim`, the bundled CLI): 10,000 replications, all cores (goal:
  // under 2 s). The first call may build the bundle, so it is not timed.
  const cliArgs = ['scripts/sim.mjs', 'incident-1278-staging', '--replications', '10000', '--json'];
  execFileSync('node', ['scripts/sim.mjs', '--list'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const timeCli = (extra: string[]): number => {
    const t0 = performance.now();
    // stderr is passed on for errors, without the preset's configuration warnings the CLI prints beside --json.
    const r = spawnSync('node', [...cliArgs, ...extra], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    process.stderr.write(r.stderr.replace(/^warning: .*\n/gm, ''));
    if (r.status !== 0) throw new Error(`the CLI exited with ${r.status}`);
    return (performance.now() - t0) / 1000;
  };
  const cli = timeCli([]);
  const cliOne = timeCli(['--workers', '1']);
  rows.push({ name: 'CLI: incident-1278-staging × 10,000 reps', value: cli, unit: 's', baselineName: 'goal', baselineValue: 2, ratio: cli / 2, note: 'whole process, all cores' });
  rows.push({ name: 'CLI: the same on 1 thread', value: cliOne, unit: 's', baselineName: 'all cores', baselineValue: cli, ratio: cliOne / cli, note: 'speed-up from the worker threads (higher is better)' });
  return rows;
}
