import { describeGap, mergeParts, validatePart, type MergedPoint, type NamedPart } from '../../results/partFile';
import { formatFileIssues } from '../../results/fileIssues';
import { buildResultsFile } from '../../results/resultsFile';
import { summarize } from '../../results/summary';
import { ExplainedUsageError, UsageError, EXIT_CODES_TEXT } from '../args';
import { Flags } from '../flags';
import { TooLargeError, checkOutputsDistinct, checkWritable, readTextBounded, writeFileAtomic } from '../files';
import { formatResult, forTerminal } from '../format';
import { splitAssertions, unknownFields } from '../../report/assertions';
import { dashboardLink, gate, judge, parseAsserts, withGates } from '../review';
import { reportMarkdown } from '../../report/markdown';
import { scenarioTitle } from '../../scenario/presets';
import { jsonErrorText } from '../../scenario/json';

export const MERGE_USAGE = `Usage: npm run -s sim -- merge <part.json …> [options]

  Merge the part files of one sharded run (written by --shard k/n) into exactly the output of the same run in
  one process. Refuses parts of different scenarios, seeds or bootstorm versions, overlapping parts and missing
  shards, naming the files.

  --json             print one JSON object on stdout (byte-identical to the unsharded run's --json)
  --out FILE         also write a results file { format: 'bootstorm-results/1', scenario, result }
  --allow-partial    merge even if shards are missing; the output is flagged partial (JSON and text)
  --assert 'F<X'     as for a run: fail (exit 1) unless result field F satisfies the threshold; repeatable
  --report FILE      write the capacity-review report (Markdown) of the merged run to FILE

${EXIT_CODES_TEXT}`;

interface MergeOptions {
  files: string[];
  json: boolean;
  out?: string;
  report?: string;
  asserts: string[];
  allowPartial: boolean;
  help: boolean;
}

export function parseMergeArgs(argv: string[]): MergeOptions {
  const f = new Flags(
    argv,
    { '--json': 'bool', '--allow-partial': 'bool', '--help': 'bool', '--out': 'value', '--report': 'value', '--assert': 'repeat' },
    { '--out': 'a file path', '--report': 'a file path', '--assert': "a threshold such as 'phase3.breachRate<0.05'" },
  );
  const o: MergeOptions = { files: f.positional, json: f.has('--json'), allowPartial: f.has('--allow-partial'), help: f.has('--help'), asserts: f.all('--assert').flatMap(splitAssertions) };
  if (f.has('--out')) o.out = f.str('--out');
  if (f.has('--report')) o.report = f.str('--report');
  if (!o.help && o.files.length === 0) throw new UsageError('merge needs the part files, e.g. merge parts/part-*.json');
  return o;
}

/** A part file is tens to hundreds of kilobytes (one replication's start records at most a few megabytes): past this, it is not one. */
export const MAX_PART_FILE_BYTES = 256 * 1024 * 1024;

/** Read and check every file; all problems of all files at once. */
function readParts(files: readonly string[]): { parts: NamedPart[]; errors: string[] } {
  const parts: NamedPart[] = [];
  const errors: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readTextBounded(file, MAX_PART_FILE_BYTES);
    } catch (e) {
      if (e instanceof TooLargeError) errors.push(`${file} ${e.sizeText}: too large to be a part file (at most ${MAX_PART_FILE_BYTES.toLocaleString('en-US')})`);
      else {
        // In words where a run's scenario argument says them so; else the system's code.
        const code = (e as NodeJS.ErrnoException).code;
        errors.push(code === 'EISDIR' ? `${file} is a directory, not a part file` : code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read: ${code ?? (e as Error).message}`);
      }
      continue;
    }
    const r = partFromText(file, text);
    if ('part' in r) parts.push(r);
    else errors.push(r.error);
  }
  return { parts, errors };
}

/** The part file `file` holds `text`: the part, or what is wrong with it (naming the file, and the field if JSON). */
export function partFromText(file: string, text: string): NamedPart | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { error: `${file}: not JSON (truncated or damaged?): ${jsonErrorText((e as Error).message, text)}` };
  }
  const r = validatePart(json);
  return r.ok ? { file, part: r.part } : { error: formatFileIssues(file, r.issues) };
}

const partialLine = (p: MergedPoint) =>
  p.partial ? `PARTIAL RESULT — ${describeGap(p.partial)}; the numbers cover only the replications present` : '';

/** `sim merge <parts…>`: returns the exit code (2 when the parts cannot be merged). */
export async function mergeCommand(argv: string[]): Promise<number> {
  const o = parseMergeArgs(argv);
  if (o.help) {
    process.stdout.write(MERGE_USAGE);
    return 0;
  }
  if (o.out !== undefined) checkWritable(o.out, '--out');
  if (o.report !== undefined) checkWritable(o.report, '--report');
  checkOutputsDistinct([['--out', o.out], ['--report', o.report]], o.files);
  const assertions = parseAsserts(o.asserts);
  const { parts, errors } = readParts(o.files);
  if (errors.length) {
    const bad = o.files.length === 1 ? 'the file is not a valid part file' : `${errors.length} of ${o.files.length} files ${errors.length === 1 ? 'is not a valid part file' : 'are not valid part files'}`;
    process.stderr.write(`error: cannot merge: ${bad}\n${errors.join('\n').replace(/^/gm, '  ')}\n`);
    return 2;
  }
  const merged = mergeParts(parts, { allowPartial: o.allowPartial });
  if (!merged.ok) {
    const gaps = merged.problems.some((p) => p.includes('in no part'));
    process.stderr.write(
      `error: cannot merge ${parts.length === 1 ? 'this part' : `these ${parts.length} parts`}:\n${merged.problems.map((p) => `  - ${p}`).join('\n')}\n` +
        (gaps ? 'Run the missing shards and merge again, or pass --allow-partial to merge what is here (flagged partial).\n' : ''),
    );
    return 2;
  }
  const job = merged.job;
  const title = job.label ?? 'merged';
  const how = `merged from ${parts.length} part${parts.length > 1 ? 's' : ''}`;
  for (const p of job.points) if (p.partial) process.stderr.write(`warning: ${job.points.length > 1 ? `point ${p.index}: ` : ''}${partialLine(p)}\n`);

  if (job.points.length === 1) {
    const [point] = job.points;
    const result = summarize(point.aggregate, point.scenario);
    // What --json prints is what --assert reads: a partial merge's `partial` block too (partial.replications>=…).
    const printed = point.partial ? { partial: point.partial, ...result } : result;
    // A gate on partial.* holds for a whole merge too (nothing missing), rather than refusing the best case.
    const whole = { replications: result.replications, of: result.replications, missing: [], missingShards: [], shardCount: parts.length };
    const gated = { partial: point.partial ?? whole, ...result };
    // A misspelt field is refused before anything is written or printed.
    const unknown = unknownFields(assertions, gated);
    if (unknown.length) throw new ExplainedUsageError(`--assert: ${unknown.join('\n  ')}`);
    if (o.out !== undefined) {
      writeFileAtomic(o.out, `${JSON.stringify(buildResultsFile(point.scenario, result, point.partial))}\n`);
      process.stderr.write(`wrote ${point.partial ? 'PARTIAL ' : ''}results to ${o.out}\n`);
    }
    const gates = judge(assertions, gated);
    if (o.json) process.stdout.write(`${JSON.stringify(withGates(printed, gates))}\n`);
    else process.stdout.write(`${forTerminal(`${point.partial ? `${partialLine(point)}\n\n` : ''}${formatResult(title, result, how, point.scenario.restart)}`)}\n`);
    if (o.report !== undefined) {
      const partial = point.partial ? ` (PARTIAL: ${describeGap(point.partial)})` : '';
      writeFileAtomic(o.report, reportMarkdown({ title: `${scenarioTitle(point.scenario, title)}${partial}`, scenario: point.scenario, result, shareLink: dashboardLink(point.scenario), gates }));
      process.stderr.write(`wrote the capacity-review report to ${o.report}\n`);
    }
    return gate(gates);
  }

  // A job of several points (a sweep): one result per point. The sweep command may give this its own report.
  for (const [flag, given] of [['--out', o.out !== undefined], ['--report', o.report !== undefined], ['--assert', assertions.length > 0]] as const) {
    if (!given) continue;
    process.stderr.write(`error: ${flag} applies to a run of one scenario; this ${job.kind} has ${job.points.length} points${flag === '--out' ? ' (use --json)' : ''}\n`);
    return 2;
  }
  const results = job.points.map((p) => ({ p, result: summarize(p.aggregate, p.scenario) }));
  if (o.json) {
    const points = results.map(({ p, result }) => ({
      index: p.index,
      ...(p.label === undefined ? {} : { label: p.label }),
      ...(p.params === undefined ? {} : { params: p.params }),
      ...(p.partial ? { partial: p.partial } : {}),
      result,
    }));
    process.stdout.write(`${JSON.stringify({ kind: job.kind, ...(job.label === undefined ? {} : { label: job.label }), partial: job.partial, points })}\n`);
  } else {
    const blocks = results.map(({ p, result }) =>
      `${p.partial ? `${partialLine(p)}\n` : ''}${formatResult(`${title} — point ${p.index}${p.label ? ` (${p.label})` : ''}`, result, how, p.scenario.restart)}`);
    process.stdout.write(`${blocks.join('\n\n')}\n`);
  }
  return 0;
}
