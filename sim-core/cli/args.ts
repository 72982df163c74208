import { shardProblem, type Shard } from '../results/shard';
import { Flags, type FlagKind } from './flags';
import { splitAssertions } from '../report/assertions';

/** Command-line parsing for the `sim` CLI: small and strict, every problem named. */
export interface CliOptions {
  target?: string;
  list: boolean;
  json: boolean;
  help: boolean;
  replications?: number;
  seed?: number;
  workers?: number;
  /** Run only this shard (1-based k of n) and write a part file. */
  shard?: Shard;
  /** Write the part (with --shard) or a results file (without) to this path. */
  out?: string;
  /** A scenario to compare against (preset, file or link): paired replications, differences with 95% CIs. */
  baseline?: string;
  /** Thresholds on result fields; any failure exits 1. */
  asserts: string[];
  /** Write the capacity-review report (Markdown) here. */
  report?: string;
  /** The target came from --url: it must be a share link. */
  url?: boolean;
  /** Replicate until the breach rate's 95% interval is narrower than ± this (a fraction); --max-replications caps it. */
  halfWidth?: number;
  /** With --half-width: the most replications to run (the what-if tools' name; --replications says the same for a run). */
  maxReplications?: number;
}

export class UsageError extends Error {}

/**
 * A usage error whose message says all there is to change (flags that are each well written but do not go
 * together, or with the scenario given; an --assert field the result does not have): no usage text follows it.
 */
export class ExplainedUsageError extends UsageError {}

/**
 * What a usage error prints on stderr: the message, then (unless the flags only conflict) the command's synopsis,
 * its "Usage:" lines, and the command that prints every option. Not the whole help: a page of options would bury
 * the one line that says what was wrong.
 */
export function usageErrorText(e: UsageError, usage: string): string {
  if (e instanceof ExplainedUsageError) return `error: ${e.message}\n`;
  const end = usage.indexOf('\n\n');
  const synopsis = end < 0 ? usage.trimEnd() : usage.slice(0, end);
  // "Usage: npm run -s sim -- sweep <…" → "npm run -s sim -- sweep --help"; the main usage has no command word.
  const command = /^Usage: (npm run -s sim --(?: [a-z]+(?= ))?)/.exec(synopsis)?.[1] ?? 'npm run -s sim --';
  return `error: ${e.message}\n\n${synopsis}\n\nEvery option: ${command} --help\n`;
}

/** The most replications --half-width runs when --replications does not say. */
export const ADAPTIVE_DEFAULT_CAP = 20_000;

/** Most worker threads a command starts (each holds a copy of the engine; more than the cores only costs memory). */
export const MAX_WORKERS = 256;

/** The run command's flags (the what-if commands declare theirs in commands/*.ts): see USAGE. */
const RUN_FLAGS: Record<string, FlagKind> = {
  '--list': 'bool', '--json': 'bool', '--help': 'bool',
  '--replications': 'value', '--seed': 'value', '--workers': 'value',
  '--shard': 'value', '--out': 'value', '--url': 'value', '--baseline': 'value',
  '--assert': 'repeat', '--report': 'value', '--half-width': 'value', '--max-replications': 'value',
};

/** What the run command's value flags take, for "--out needs a file path". */
const RUN_FLAG_VALUES: Record<string, string> = {
  '--shard': 'a value k/n, e.g. 2/8 for the second of 8 shards',
  '--out': 'a file path',
  '--url': "a share link, e.g. 'https://…/#s=2.…'",
  '--baseline': 'a preset, a scenario file or a share link',
  '--assert': "a threshold such as 'phase3.breachRate<0.05'",
  '--report': 'a file path for the Markdown report',
};

export function parseArgs(argv: string[]): CliOptions {
  const f = new Flags(argv, RUN_FLAGS, RUN_FLAG_VALUES);
  // --assert as merge reads it: repeatable, each value also a comma-separated list.
  const o: CliOptions = { list: f.has('--list'), json: f.has('--json'), help: f.has('--help'), asserts: f.all('--assert').flatMap(splitAssertions) };
  if (f.positional.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(f.positional[1])} (one scenario at a time)`);
  o.target = f.positional[0];
  const url = f.str('--url');
  if (url !== undefined) {
    if (o.target !== undefined) throw new UsageError(`--url and a scenario argument (${JSON.stringify(o.target)}) name two scenarios; give one`);
    o.target = url;
    o.url = true;
  }
  if (f.has('--shard')) o.shard = parseShard(f.str('--shard'));
  o.out = f.str('--out');
  o.baseline = f.str('--baseline');
  o.report = f.str('--report');
  o.halfWidth = f.num('--half-width', { gt: 0, lt: 0.5, fraction: true });
  o.maxReplications = f.setting('--max-replications', 'simulation.replications');
  o.replications = f.setting('--replications', 'simulation.replications');
  o.seed = f.setting('--seed', 'simulation.seed');
  o.workers = f.int('--workers', 1, MAX_WORKERS);
  // Absent flags stay absent (toEqual in tests, and `{ ...o }` spreads, see no undefined keys).
  for (const k of Object.keys(o) as (keyof CliOptions)[]) if (o[k] === undefined) delete o[k];
  // --max-replications caps an adaptive run, as in sweep and sensitivity; a run's --replications says the same.
  if (o.maxReplications !== undefined && o.halfWidth === undefined) throw new ExplainedUsageError('--max-replications caps an adaptive run: give it with --half-width');
  if (o.maxReplications !== undefined && o.replications !== undefined)
    throw new ExplainedUsageError('with --half-width a run takes one cap: --max-replications, or --replications (the same thing for a run); give one');
  if (o.halfWidth !== undefined && (o.shard || o.baseline))
    throw new ExplainedUsageError('--half-width decides the replication count as it goes: use it without --shard and --baseline');
  if (o.list && o.target !== undefined)
    throw new ExplainedUsageError(`--list lists the presets and runs nothing: give it alone (or with --json), ${o.url ? 'without --url' : `not with ${JSON.stringify(o.target)}`}`);
  // A run option beside --list would be ignored without a word.
  const unused = o.list ? argv.filter((a) => a.startsWith('--') && !['--list', '--json', '--help'].includes(a.split('=')[0])).map((a) => a.split('=')[0]) : [];
  if (unused.length)
    throw new ExplainedUsageError(`--list lists the presets and runs nothing: give it alone (or with --json), without ${[...new Set(unused)].join(', ')}`);
  if (o.shard && (o.baseline || o.asserts.length || o.report))
    throw new ExplainedUsageError('--shard writes a part file only: --baseline, --assert and --report apply to whole runs, and --assert and --report to merges');
  return o;
}

/**
 * `--shard k/n`: shard k (1 … n) of n. The split itself is shardRange() in sim-core/results/shard.ts.
 * @example parseShard('2/8') // { index: 2, count: 8 }
 */
export function parseShard(v: string | undefined): Shard {
  if (v === undefined) throw new UsageError('--shard needs a value k/n, e.g. 2/8 for the second of 8 shards');
  const m = /^(\d+)\/(\d+)$/.exec(v);
  if (!m) throw new UsageError(`--shard ${JSON.stringify(v)}: expected k/n, e.g. 2/8 for the second of 8 shards (k from 1 to n)`);
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  const problem = shardProblem(shard);
  if (problem) throw new UsageError(`--shard ${v}: ${problem}`);
  return shard;
}

/** Where the dashboard is when $BOOTSTORM_URL does not say: the dev server `npm start` runs. */
export const DEFAULT_DASHBOARD = 'http://localhost:5173/';

/** The exit codes, as every command's usage text ends (sim.ts returns them). */
export const EXIT_CODES_TEXT = `Exit codes: 0 done; 1 the answer is no (a failed --assert; solve: no value shown to meet it);
            2 nothing ran (bad usage, an invalid scenario or file, work over the limit); 3 the tool
            failed (the engine threw, a block of replications failed 3 times, an output could not be
            written, an unexpected error)
`;

export const USAGE = `Usage: npm run -s sim -- [run] <preset-name | scenario.json | share-link> [options]
       npm run -s sim -- merge <part.json …> [--json] [--out merged.json] [--allow-partial] [--assert 'F<X'] [--report FILE]
       npm run -s sim -- sweep <scenario> --field PATH [--from A --to B --steps K] [--field2 …]   (--help for more)
       npm run -s sim -- solve <scenario> --field PATH --target T [--direction min|max]          (--help for more)
       npm run -s sim -- sensitivity <scenario> [--step 0.1]                                      (--help for more)
       npm run -s sim -- validate <scenario …> [--strict] [--json]                              (--help for more)
       npm run -s sim -- show <scenario>      the scenario whole, as JSON: a file to save and edit
       npm run -s sim -- fields [--json]      every scenario field: path, allowed values, default, its source

  --replications N   replications to run (overrides the scenario's simulation.replications)
  --seed S           seed (overrides simulation.seed)
  --workers N        worker threads (default: all cores); results are identical for any N
  --json             print one JSON object on stdout instead of the summary table
  --list             list the presets (with --json: id, title, description, assumed values as JSON)
  --version          print bootstorm's version (alone)
  --shard k/n        run only shard k of n (k = 1 … n: replications [⌊(k−1)·N/n⌋, ⌊k·N/n⌋)) and write a
                     mergeable part file (JSON) to --out, or to stdout
  --out FILE         with --shard: the part file; without: also write a results file (scenario + result)
  --url LINK         run exactly the scenario of a share link (same as giving the link as the scenario)
  --baseline S       compare against scenario S (preset, file or link) on the same replications (common
                     random numbers): prints baseline, proposal and the difference with its 95% interval
  --assert 'F<X'     fail (exit 1) unless result field F satisfies the threshold; ops < <= > >=; repeatable,
                     or several in one, comma-separated.
                     F is a path into the --json result (e.g. phase3.breachRate, peaks.cloudSqlConnections.max);
                     with --baseline the result is {baseline, proposal, differences}: F is baseline.…,
                     proposal.… or differences.<metric>.{diff,lo,hi}, and a bare path reads the proposal's;
                     a difference the comparison reads "too few events to tell" fails its gate.
                     Verdicts: a ✓/✗ line each on stderr; also under "gates" in --json, and in --report
  --report FILE      write the capacity-review report (Markdown) to FILE; its scenario link points at the
                     dashboard in $BOOTSTORM_URL (default ${DEFAULT_DASHBOARD})
  --half-width H     keep adding replications until the breach rate's 95% interval lies within ±H of it
                     (e.g. 0.005 = ±0.5 points), at most --max-replications (or --replications; default
                     ${ADAPTIVE_DEFAULT_CAP}); the result equals a fixed run of the replications it needed
  --max-replications N  with --half-width: the most replications to run (the same as --replications there)

${EXIT_CODES_TEXT}`;
