import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressLine } from '../../sim-core/cli/progress';
import { runOnThreads, runPairedOnThreads } from '../../sim-core/cli/threads';
import { runRange } from '../../sim-core/run';
import { runPairedRange, summarizeComparison } from '../../sim-core/compare';
import { presetById } from '../../sim-core/scenario/presets';

/** A stream that records what is written, as a terminal or not. */
const stream = (isTTY: boolean) => {
  const out: string[] = [];
  return { s: { isTTY, write: (t: string) => out.push(t) } as unknown as NodeJS.WriteStream, out };
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('progressLine: a long command at a terminal says how far it is', () => {
  it('rewrites one line in place with the count, the time and (after a second) the time left, then erases it', () => {
    const clock = vi.spyOn(performance, 'now').mockReturnValue(0);
    const { s, out } = stream(true);
    const p = progressLine(10_000, 'replications', s);
    clock.mockReturnValue(500);
    p.update(1_000);
    clock.mockReturnValue(2_000);
    p.update(4_000);
    expect(out).toEqual(['\r1,000 / 10,000 replications · 0.5 s', '\r4,000 / 10,000 replications · 2.0 s · about 3 s left']);
    p.end();
    expect(out[2]).toBe('\r\x1b[K');
  });

  it('pads a shorter line over a longer one, and blanks it with spaces where the terminal has no cursor controls', () => {
    vi.stubEnv('TERM', 'dumb');
    vi.spyOn(performance, 'now').mockReturnValue(0);
    const { s, out } = stream(true);
    const p = progressLine(null, 'replications', s);
    p.update(12_345);
    p.update(9);
    expect(out[1]).toBe(`\r9 replications · 0.0 s${' '.repeat(out[0].length - 1 - '9 replications · 0.0 s'.length)}`);
    p.end();
    expect(out[2]).toMatch(/^\r +\r$/);
    expect(out.join('')).not.toContain('\x1b');
  });

  it('writes nothing when stderr is not a terminal (a CI log, a pipe)', () => {
    const { s, out } = stream(false);
    const p = progressLine(100, 'replications', s);
    p.update(50);
    p.end();
    expect(out).toEqual([]);
  });
});

describe('a run in one thread reports progress block by block, to the same result', () => {
  it('merges blocks of 100 into the aggregate of the whole range, reporting each', async () => {
    const s = structuredClone(presetById('healthy-baseline')!.scenario);
    const seen: number[] = [];
    const blocks = await runOnThreads(s, 0, 250, 1, (done) => seen.push(done));
    expect(seen).toEqual([100, 200, 250]);
    expect(JSON.stringify(blocks.toJSON())).toBe(JSON.stringify(runRange(s, 0, 250).toJSON()));
    const paired = await runPairedOnThreads(s, s, 0, 150, 1, (done) => seen.push(done));
    expect(seen.slice(3)).toEqual([100, 150]);
    expect(JSON.stringify(summarizeComparison(paired, s, s))).toBe(JSON.stringify(summarizeComparison(runPairedRange(s, s, 0, 150), s, s)));
  });
});
