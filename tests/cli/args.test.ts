/** Command-line parsing (sim-core/cli/args.ts): strict, every problem a UsageError naming the argument. */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../sim-core/cli/args';

describe('parseArgs', () => {
  it('reads a target and every option', () => {
    expect(parseArgs(['mitigated', '--json', '--replications', '50', '--seed', '3', '--workers', '2'])).toEqual({
      target: 'mitigated', list: false, json: true, help: false, replications: 50, seed: 3, workers: 2, asserts: [],
    });
    expect(
      parseArgs(['--url', 'http://x/#s=1.abc', '--baseline', 'incident-1278-staging', '--assert', 'a<1', '--assert', 'b>=2', '--report', 'r.md']),
    ).toMatchObject({ target: 'http://x/#s=1.abc', baseline: 'incident-1278-staging', asserts: ['a<1', 'b>=2'], report: 'r.md' });
    expect(parseArgs(['--list']).list).toBe(true);
    expect(parseArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--frobnicate'], 'unknown option --frobnicate'],
    [['x', '--url', 'y'], '--url and a scenario argument ("x") name two scenarios; give one'],
    [['x', '--assert'], "--assert needs a threshold such as 'phase3.breachRate<0.01'"],
    [['x', '--shard', '1/2', '--baseline', 'y'], '--shard writes a part file only: --baseline, --assert and --report apply to whole runs and merges'],
    [['x', '--seed'], '--seed needs a value'],
    [['x', '--replications', '1.5'], '--replications "1.5": expected a whole number ≥ 0'],
    [['x', '--seed', '-3'], '--seed "-3": expected a whole number ≥ 0'],
    [['x', '--workers', '0'], '--workers must be at least 1'],
    [['a.json', 'b.json'], 'unexpected argument "b.json" (one scenario at a time)'],
  ])('%j → %s', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
