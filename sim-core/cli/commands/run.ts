import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildPart, pointRange } from '../../results/partFile';
import { buildResultsFile } from '../../results/resultsFile';
import { replicationRangeText, type Shard } from '../../results/shard';
import { resultNotes, summarize } from '../../results/summary';
import { Aggregate, EMPTY_DETAIL } from '../../results/aggregate';
import { estimatePointsWork, workProblem } from '../../limits';
import { PRESETS, presetById, scenarioTitle } from '../../scenario/presets';
import type { Scenario } from '../../scenario/schema';
import { ADAPTIVE_DEFAULT_CAP, ExplainedUsageError, parseArgs, USAGE, UsageError, type CliOptions } from '../args';
import { adaptivePlanner } from '../../explore/adaptive';
import { withReplications } from '../../explore/points';
import { runPlanner } from '../exploreRun';
import { Comparison, pairedBaseline, summarizeComparison, type ComparisonResult } from '../../compare';
import { unknownFields, type Assertion } from '../../report/assertions';
import { dashboardLink, gate, judge, parseAsserts, withGates } from '../review';
import { reportMarkdown, type ReportInput } from '../../report/markdown';
import type { SimulationResult } from '../../results/summary';
import { checkOutputsDistinct, checkWritable, writeFileAtomic } from '../files';
import { formatComparison, formatSummary, formatWarnings, forTerminal, partialText, plural } from '../format';
import { scenarioWarnings, type ScenarioWarning } from '../../scenario/warnings';
import { loadScenario, printNotes, ScenarioError, simulationOverrides, type LoadedScenario } from '../scenarioSource';
import { runOnThreads, runPairedOnThreads, threadsUsed, workersToUse } from '../threads';
import { progressLine } from '../progress';

/** `work` with a progress line on stderr (at a terminal only), erased before anything else is printed. */
async function withProgress<T>(total: number, work: (update: ((done: number) => void) | undefined) => Promise<T>): Promise<T> {
  const progress = progressLine(total);
  try {
    // No reader, no reports: a run in one thread then goes in one piece rather than block by block.
    return await work(progress.active ? (done) => progress.update(done) : undefined);
  } finally {
    progress.end();
  }
}

/**
 * The baseline as it is compared: validated as written (a typo in its simulation block is still an error), then
 * given the proposal's simulation settings so both run the same replications of the same seed. A file or link
 * whose own settings differ says so in a note (a preset's are only the defaults, and would always differ; a
 * setting the command line gave, --replications or --seed, is the run's for both, as asked).
 */
export function baselineAsCompared(base: LoadedScenario, proposal: Scenario, setOnCommandLine: ReadonlySet<string> = new Set()): LoadedScenario {
  const own = base.scenario.simulation;
  const replaced = presetById(base.label)
    ? []
    : (Object.keys(own) as (keyof Scenario['simulation'])[]).filter((k) => own[k] !== proposal.simulation[k] && !setOnCommandLine.has(k));
  const notes = replaced.length === 0 ? base.notes : [
    ...base.notes,
    `its ${replaced.map((k) => `simulation.${k} ${own[k]}`).join(', ')} ${replaced.length === 1 ? 'is' : 'are'} replaced by the proposal's (${replaced.map((k) => proposal.simulation[k]).join(', ')}): a comparison pairs the same replications of the same seed`,
  ];
  return { ...base, scenario: pairedBaseline(base.scenario, proposal), notes };
}


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
    if (o.json) process.stdout.write(`${JSON.stringify(PRESETS.map((p) => ({ id: p.id, title: p.title, description: p.description, assumed: p.assumed })))}\n`);
    else for (const p of PRESETS) process.stdout.write(`${p.id.padEnd(24)} ${p.title}\n`);
    return 0;
  }
  if (!o.target) {
    process.stderr.write(`error: name a preset, a scenario file or a share link\n\n${USAGE}`);
    return 2;
  }
  // With --half-width, simulation.replications is the cap the adaptive run may reach.
  const cap = o.halfWidth === undefined ? o.replications : (o.maxReplications ?? o.replications ?? ADAPTIVE_DEFAULT_CAP);
  const loaded = withBaselineProblems(o.baseline, () =>
    loadScenario(o.target!, simulationOverrides({ ...o, replications: cap }), {
      link: o.url,
      // The cap --half-width sets when --replications does not is no flag the user typed: named as what it is.
      setBy:
        o.halfWidth === undefined || o.replications !== undefined ? undefined
        : o.maxReplications !== undefined ? 'by --max-replications'
        : `by --half-width (its default cap of ${ADAPTIVE_DEFAULT_CAP.toLocaleString('en-US')} replications)`,
    }),
  );
  const { scenario, label, file } = loaded;
  printNotes(loaded);
  const workers = workersToUse(o.workers);
  // Everything that can be refused is refused before any work: outputs, assertions, the baseline, the size.
  if (o.out !== undefined) checkWritable(o.out, '--out');
  if (o.report !== undefined) checkWritable(o.report, '--report');
  const assertions = parseAsserts(o.asserts);
  const replications = scenario.simulation.replications;
  // Pairing needs the same replications of the same seed: the baseline takes the proposal's simulation
  // settings (replications, seed, horizon, detail replication), as the dashboard does. A dashboard link with a
  // pinned baseline (`#s=…&b=…`) brings its baseline along.
  // (Only a link pins one: a file or a preset named like `b=…` does not.)
  const pinned = loaded.pinnedBaseline;
  if (pinned !== undefined && o.baseline === undefined && (o.halfWidth !== undefined || o.shard))
    throw new ExplainedUsageError(`${o.halfWidth !== undefined ? '--half-width' : '--shard'} runs one scenario, but the link pins a baseline (its &b= part) to compare with: drop &b=… from the link, or the flag`);
  if (pinned !== undefined && o.baseline !== undefined) process.stderr.write('note: --baseline replaces the baseline the link pins (its &b= part)\n');
  const baselineArg = o.baseline ?? pinned;
  const baseAsWritten = baselineArg === undefined ? undefined : loadScenario(baselineArg, undefined, { role: 'baseline', pinned: o.baseline === undefined });
  const base = baseAsWritten && baselineAsCompared(
    baseAsWritten,
    scenario,
    new Set([...(cap === undefined ? [] : ['replications']), ...(o.seed === undefined ? [] : ['seed'])]),
  );
  printNotes(base, 'baseline');
  // Only the files the scenarios were read from count (a preset or a link is none, even beside a file of its name).
  checkOutputsDistinct([['--out', o.out], ['--report', o.report]], [file, base?.file]);
  checkAssertable(assertions, scenario, base?.scenario, o.halfWidth);
  const [from, to] = o.shard ? pointRange(scenario, o.shard) : [0, replications];
  if (to > from) {
    const pilots = base ? [base.scenario, scenario] : [scenario];
    const tooMuch = workProblem(estimatePointsWork(pilots, pilots.length, to - from), (max) =>
      o.shard
        ? `split the run into more shards (each running at most ${max.toLocaleString('en-US')} replications)`
        // As typed: 4976, not 4,976. A count the scenario gave is named as its own, not as a flag the user never typed.
        : `${cap === undefined ? `run fewer than the scenario's ${replications.toLocaleString('en-US')} replications (--replications ${max} at most)` : `lower --replications to at most ${max}`}, or split the run with --shard k/n`,
    );
    if (tooMuch) {
      process.stderr.write(`error: refused: ${tooMuch}\n`);
      return 2;
    }
  }
  if (o.shard) return runShard(o, o.shard, scenario, label, [from, to], workers);
  // What is wrong with the configuration before it runs: under the summary, or on stderr beside --json.
  // With a baseline, its configuration is reviewed too (its warnings are said to be the baseline's).
  const warnings = scenarioWarnings(scenario);
  const baseWarnings = base ? scenarioWarnings(base.scenario) : [];
  if (o.json) {
    for (const w of warnings) process.stderr.write(`warning: ${w.message}\n`);
    for (const w of baseWarnings) process.stderr.write(`warning: baseline: ${w.message}\n`);
  }
  // The text summary carries the notes on starts the breach rate leaves out; beside --json they go to stderr, after the run.
  const noteCut = (r: SimulationResult, whose = '') => {
    if (o.json) for (const n of resultNotes(r)) process.stderr.write(`note: ${whose}${n}\n`);
  };
  const run: RunContext = { o, scenario, label, workers, warnings, noteCut };
  const { result, printed, assertTarget, summaryText, comparison, ran } = base
    ? await runComparison(run, base, baseWarnings)
    : o.halfWidth !== undefined
      ? await runAdaptive(run, o.halfWidth)
      : await runFixed(run);
  // Judged before anything is printed or written, so that --json and --report carry the verdicts too.
  const gates = judge(assertions, assertTarget);
  process.stdout.write(`${o.json ? JSON.stringify(withGates(printed, gates)) : summaryText}\n`);
  if (o.out !== undefined) {
    writeFileAtomic(o.out, `${JSON.stringify(buildResultsFile(ran, result))}\n`);
    // As a merge says it: where the file went, and whether its numbers are partial.
    // A results file holds one scenario (the dashboard opens it as one run): with a baseline, which one, and where the rest is.
    const whose = comparison ? "the proposal's " : '';
    const rest = comparison ? ' (a results file holds one scenario; the comparison is in --json and --report)' : '';
    process.stderr.write(`wrote ${whose}${result.truncatedReplications ? 'PARTIAL ' : ''}results to ${o.out}${rest}\n`);
  }
  if (o.report !== undefined) {
    // The link reopens what the report shows: the scenario, and the baseline it was compared with, pinned as written
    // (its own simulation settings, which the comparison replaces), as the dashboard's own link pins it.
    const shareLink = dashboardLink(ran, baseAsWritten?.scenario);
    writeFileAtomic(o.report, reportMarkdown({ title: scenarioTitle(ran, file === undefined ? label : basename(file)), scenario: ran, result, comparison, shareLink, gates }));
    process.stderr.write(`wrote the capacity-review report to ${o.report}\n`);
  }
  return gate(gates);
}

/** What a run needs besides the baseline: the options, the scenario, and where its warnings and notes go. */
interface RunContext {
  o: CliOptions;
  scenario: Scenario;
  label: string;
  workers: number;
  warnings: ScenarioWarning[];
  /** Writes the notes on starts the breach rate leaves out, beside --json (the text summary carries them). */
  noteCut: (r: SimulationResult, whose?: string) => void;
}

/** What a run computed, and how it is printed, gated and written. */
interface RunOutcome {
  result: SimulationResult;
  /** What --json prints. */
  printed: object;
  /** What --assert paths read: the result, plus baseline/proposal/differences when comparing. */
  assertTarget: object;
  summaryText: string;
  comparison?: ReportInput['comparison'];
  /** The scenario exactly as computed (an adaptive run's stops short of its cap). */
  ran: Scenario;
}

/** The text summary of a run's result: the numbers, then the scenario's configuration warnings. */
const summaryOf = ({ scenario, label, workers, warnings }: RunContext, result: SimulationResult, seconds: number) =>
  forTerminal(`${formatSummary(label, result, seconds, threadsUsed(0, result.replications, workers), scenario.restart)}${formatWarnings(warnings)}`);

/** The scenario's replications, one by one, into its result. */
async function runFixed(run: RunContext): Promise<RunOutcome> {
  const { scenario, workers, noteCut } = run;
  const t0 = performance.now();
  const replications = scenario.simulation.replications;
  const result = summarize(await withProgress(replications, (update) => runOnThreads(scenario, 0, replications, workers, update)), scenario);
  noteCut(result);
  const seconds = (performance.now() - t0) / 1000;
  const summaryText = summaryOf(run, result, seconds);
  return { result, printed: result, assertTarget: result, summaryText, ran: scenario };
}

/** Baseline and proposal on the same replications (common random numbers), and their differences. */
async function runComparison(run: RunContext, base: LoadedScenario, baseWarnings: ScenarioWarning[]): Promise<RunOutcome> {
  const { scenario, label, workers, noteCut } = run;
  const t0 = performance.now();
  const replications = scenario.simulation.replications;
  const cmp = await withProgress(replications, (update) => runPairedOnThreads(base.scenario, scenario, 0, replications, workers, update));
  const c = summarizeComparison(cmp, base.scenario, scenario);
  const result = c.proposal;
  // Titled as the dashboard titles a pinned baseline: by name (a preset's title), not by the argument.
  const baseTitle = scenarioTitle(base.scenario, base.label);
  noteCut(c.baseline, 'baseline: ');
  noteCut(result);
  const seconds = (performance.now() - t0) / 1000;
  const summaryText = `${summaryOf(run, result, seconds)}\n\n${formatComparison(baseTitle, scenarioTitle(scenario, label), c)}${forTerminal(formatWarnings(baseWarnings, `the baseline, ${baseTitle}`))}`;
  return {
    result, printed: c, assertTarget: comparisonAssertTarget(c), summaryText, ran: scenario,
    comparison: { baselineTitle: baseTitle, baselineScenario: base.scenario, result: c },
  };
}

/** Replications added in rounds until the breach rate's interval lies within ±halfWidth, at most the scenario's count. */
async function runAdaptive(run: RunContext, halfWidth: number): Promise<RunOutcome> {
  const { o, scenario, workers, noteCut } = run;
  const replications = scenario.simulation.replications;
  const planner = adaptivePlanner(scenario, { halfWidth, maxReplications: replications });
  if (!planner.ok) throw new UsageError(`--half-width: ${planner.message}`);
  const { result: adaptive, seconds } = await runPlanner(planner.value, workers);
  const result = adaptive.summary;
  const how = adaptive.reached
    ? `reached ±${(adaptive.halfWidth * 100).toFixed(2)} points (goal ±${(halfWidth * 100).toFixed(2)}) after ${adaptive.replications.toLocaleString('en-US')} replications (${plural(adaptive.rounds, 'round')})`
    : `stopped at the cap of ${replications.toLocaleString('en-US')} replications with ±${(adaptive.halfWidth * 100).toFixed(2)} points, short of ±${(halfWidth * 100).toFixed(2)}`;
  process.stderr.write(`adaptive: ${how}\n`);
  // The result is a fixed run's of the replications used; `adaptive` says whether the goal was reached.
  noteCut(result);
  // What the run computed is this scenario at the replications it used: the results file and the report's link
  // record that count, so that rerunning them reproduces these numbers rather than running to the cap.
  const used = withReplications(scenario, adaptive.replications);
  if (!used.ok && (o.out !== undefined || o.report !== undefined))
    process.stderr.write(`note: the results file and report record the cap of ${replications} replications: at the ${adaptive.replications} used, ${used.issues.map((i) => `${i.path} ${i.message}`).join('; ')}\n`);
  // --assert reads what --json prints: `adaptive.halfWidth<0.005` gates on the precision reached.
  const printed = { ...result, adaptive: adaptiveBlock(halfWidth, adaptive.reached, adaptive.halfWidth, adaptive.rounds) };
  const summaryText = summaryOf(run, result, seconds);
  return { result, printed, assertTarget: printed, summaryText, ran: used.ok ? used.scenario : scenario };
}

/** One shard's replications into a part file (to --out, or stdout), for `merge` to join. */
async function runShard(o: CliOptions, shard: Shard, scenario: Scenario, label: string, [from, to]: [number, number], workers: number): Promise<number> {
  if (o.json) process.stderr.write(`note: --json changes nothing with --shard: the part file ${o.out === undefined ? 'on stdout' : `in ${o.out}`} is JSON either way\n`);
  const aggregate = await withProgress(to - from, (update) => runOnThreads(scenario, from, to, workers, update));
  const part = buildPart({ kind: 'run', label, shard, points: [{ scenario, aggregate }] });
  const text = `${JSON.stringify(part)}\n`;
  if (o.out === undefined) process.stdout.write(text);
  else {
    writeFileAtomic(o.out, text);
    // Indices, so that "replication 0" cannot read as "no replications".
    const n = to - from;
    const reps = n === 0 ? 'no replications (more shards than replications)' : `${n} of ${scenario.simulation.replications} replications (index ${replicationRangeText([from, to])})`;
    process.stderr.write(`wrote shard ${shard.index}/${shard.count} to ${o.out}: ${reps}\n`);
  }
  if (aggregate.counts.truncated) process.stderr.write(`warning: ${partialText(aggregate.counts.truncated)}\n`);
  return 0;
}

/**
 * Every --assert must name a field of the result, checked before any work: a misspelt one would only show after the
 * whole run, as a failed gate. A usage error (exit 2) names each, with the nearest field.
 */
function checkAssertable(assertions: readonly Assertion[], scenario: Scenario, baseline: Scenario | undefined, halfWidth: number | undefined): void {
  if (assertions.length === 0) return;
  const shape = withDetailShape(baseline
    ? comparisonAssertTarget(summarizeComparison(Comparison.forScenarios(baseline, scenario), baseline, scenario))
    : { ...summarize(Aggregate.forScenario(scenario), scenario), ...(halfWidth === undefined ? {} : { adaptive: adaptiveBlock(halfWidth, false, 0.5, 0) }) });
  const unknown = unknownFields(assertions, shape);
  const comparing = !baseline && assertions.some((a) => ['baseline', 'proposal', 'differences'].includes(a.path[0]));
  if (unknown.length) throw new ExplainedUsageError(`--assert: ${unknown.join('\n  ')}${comparing ? '\n  (baseline.…, proposal.… and differences.… exist only with --baseline)' : ''}`);
}

/** How an adaptive run went, as --json prints it and --assert reads it. */
const adaptiveBlock = (goal: number, reached: boolean, halfWidth: number, rounds: number) => ({ goal, reached, halfWidth, rounds });

/**
 * A result of no replications has no `detail` yet (null): for the check before the run, the fields every detail has,
 * so that `detail.foo` is named as unknown then, not failed as a gate after the whole run. Its lists stay empty: what
 * they hold (records, trace) is the run's to say.
 */
function withDetailShape<T>(shape: T): T {
  const fill = (r: unknown) => (r !== null && typeof r === 'object' && (r as { detail?: unknown }).detail === null ? { ...r, detail: EMPTY_DETAIL } : r);
  const top = fill(shape) as Record<string, unknown>;
  return { ...top, ...('baseline' in top ? { baseline: fill(top.baseline) } : {}), ...('proposal' in top ? { proposal: fill(top.proposal) } : {}) } as T;
}

/** What --assert paths read when comparing: the proposal's fields at the top, and baseline/proposal/differences. */
function comparisonAssertTarget(c: ComparisonResult): object {
  return { ...c.proposal, baseline: c.baseline, proposal: c.proposal, differences: c.differences };
}

/**
 * Load the proposal; if it is invalid and a --baseline is given, the baseline's problems are reported with it, so that
 * fixing one does not reveal the other only on the next try.
 */
function withBaselineProblems(baseline: string | undefined, load: () => LoadedScenario): LoadedScenario {
  try {
    return load();
  } catch (e) {
    if (!(e instanceof ScenarioError) || baseline === undefined) throw e;
    try {
      loadScenario(baseline, undefined, { role: 'baseline' });
    } catch (b) {
      if (b instanceof ScenarioError) throw new ScenarioError(`${e.message}\nerror: ${b.message}`);
    }
    throw e;
  }
}
