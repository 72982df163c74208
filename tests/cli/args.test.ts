/** Command-line parsing (sim-core/cli/args.ts): strict, every problem a UsageError naming the argument. */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../sim-core/cli/args';

describe('an option whose dashes became one typographic dash (a chat tool, a word processor)', () => {
  it('is refused saying how to write it; a value with a typeset minus is still a value', () => {
    expect(() => parseArgs(['mitigated', '\u2014replications', '50'])).toThrow('\u2014replications starts with a typographic dash (as a chat tool or word processor writes "--"): write --replications');
    expect(() => parseArgs(['mitigated', '\u2013seed', '4'])).toThrow('write --seed');
    expect(parseArgs(['mitigated', '--seed', '4']).seed).toBe(4);
  });
});

describe('parseArgs', () => {
  it('reads a target and every option', () => {
    expect(parseArgs(['mitigated', '--json', '--replications', '50', '--seed', '3', '--workers', '2'])).toEqual({
      target: 'mitigated', list: false, json: true, help: false, replications: 50, seed: 3, workers: 2, asserts: [],
    });
    expect(
      parseArgs(['--url', 'http://x/#s=1.abc', '--baseline', 'incident-1278-staging', '--assert', 'a<1', '--assert', 'b>=2', '--report', 'r.md']),
    ).toMatchObject({ target: 'http://x/#s=1.abc', baseline: 'incident-1278-staging', asserts: ['a<1', 'b>=2'], report: 'r.md' });
    // Several thresholds in one --assert, comma-separated, as merge reads them.
    expect(parseArgs(['x', '--assert', 'phase3.breachRate<0.5, restarts<100', '--assert', 'b>=2']).asserts).toEqual(['phase3.breachRate<0.5', 'restarts<100', 'b>=2']);
    expect(parseArgs(['x', '--half-width', '0.01', '--max-replications', '300'])).toMatchObject({ halfWidth: 0.01, maxReplications: 300 });
    expect(parseArgs(['--list']).list).toBe(true);
    // A scenario beside --list would be ignored: said, not silently listed.
    expect(() => parseArgs(['healthy-baseline', '--list'])).toThrow('--list lists the presets and runs nothing: give it alone (or with --json), not with "healthy-baseline"');
    expect(() => parseArgs(['--list', '--url', 'x'])).toThrow('--list lists the presets and runs nothing: give it alone (or with --json), without --url');
    expect(() => parseArgs(['--list', '--replications', '5', '--seed=3'])).toThrow('--list lists the presets and runs nothing: give it alone (or with --json), without --replications, --seed');
    // Decimal notation, as in the dashboard's fields: 1e3 and 10_000 are numbers, 0x10 is not.
    expect(parseArgs(['x', '--replications', '1e3', '--seed', '10_000'])).toMatchObject({ replications: 1000, seed: 10000 });
    expect(parseArgs(['-h']).help).toBe(true);
    // Written inline, a value may start with --.
    expect(parseArgs(['x', '--out=--json']).out).toBe('--json');
  });

  it.each([
    [['--frobnicate'], 'unknown option --frobnicate'],
    [['x', '--url', 'y'], '--url and a scenario argument ("x") name two scenarios; give one'],
    [['x', '--assert'], "--assert needs a threshold such as 'phase3.breachRate<0.05'"],
    [['x', '--shard', '1/2', '--baseline', 'y'], '--shard writes a part file only: --baseline, --assert and --report apply to whole runs, and --assert and --report to merges'],
    [['x', '--seed'], '--seed needs a value'],
    // The ranges are the scenario fields' (simulation.replications 1–200000, simulation.seed 0–4294967295).
    [['x', '--replications', '1.5'], '--replications "1.5": expected a whole number 1–200000'],
    [['x', '--replications', '0'], '--replications "0": expected a whole number 1–200000'],
    [['x', '--seed', '-3'], '--seed "-3": expected a whole number 0–4294967295'],
    [['x', '--seed', '0x10'], '--seed "0x10": expected a whole number 0–4294967295'],
    [['x', '--workers', '0'], '--workers "0": expected a whole number 1–256'],
    [['x', '--workers', '1.5'], '--workers "1.5": expected a whole number 1–256'],
    [['x', '--replications', '10', '--replications', '30'], '--replications given twice'],
    // --max-replications caps an adaptive run, as in sweep; once, and only with --half-width.
    [['x', '--max-replications', '300'], '--max-replications caps an adaptive run: give it with --half-width'],
    // A percentage where a fraction is wanted: how to write it.
    [['x', '--half-width', '0.5%'], '--half-width "0.5%" (a fraction: write 0.5% as 0.005): expected a number above 0 and below 0.5'],
    [['x', '--half-width', '0.01', '--max-replications', '300', '--replications', '200'], 'with --half-width a run takes one cap: --max-replications, or --replications (the same thing for a run); give one'],
    [['x', '--out', ''], '--out needs a file path'],
    // A forgotten value is not the next flag: no file named "--json", no baseline "--replications".
    [['x', '--out', '--json'], '--out needs a file path (got the flag --json; for a value that starts with --, write --out=VALUE)'],
    [['x', '--baseline', '--replications', '20'], '--baseline needs a preset, a scenario file or a share link (got the flag --replications;'],
    [['x', '--report', '--seed=3'], '--report needs a file path for the Markdown report (got the flag --seed;'],
    [['x', '--out', '-h'], '--out needs a file path (got the flag -h;'],
    [['a.json', 'b.json'], 'unexpected argument "b.json" (one scenario at a time)'],
  ])('%j → %s', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
