/** Command-line parsing (sim-core/cli/args.ts): strict, every problem a UsageError naming the argument. */
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../sim-core/cli/args';

describe('parseArgs', () => {
  it('reads a target and every option', () => {
    expect(parseArgs(['mitigated', '--json', '--replications', '50', '--seed', '3', '--workers', '2'])).toEqual({
      target: 'mitigated', list: false, json: true, help: false, replications: 50, seed: 3, workers: 2,
    });
    expect(parseArgs(['--list']).list).toBe(true);
    expect(parseArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--frobnicate'], 'unknown option --frobnicate'],
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
