/**
 * Tiny in-process benchmark helpers: time a function (warm-up, then best and median of several runs) and
 * print rows as a table. In-process timing leaves Node start-up and module load out of the figures.
 */
import { performance } from 'node:perf_hooks';

/** One line of the bench report. `ratio` is value / baselineValue (for times: > 1 means slower). */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baselineName?: string;
  baselineValue?: number;
  ratio?: number;
  note?: string;
}

export interface Timing {
  /** Fastest run, ms: the least disturbed by GC and the other processes on the machine. */
  bestMs: number;
  medianMs: number;
  runs: number;
}

export interface TimeOptions {
  warmup?: number;
  runs?: number;
}

/** Times `fn`: `warmup` untimed calls (so the JIT has optimised it), then `runs` timed calls. */
export function time(fn: () => void, { warmup = 2, runs = 7 }: TimeOptions = {}): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { bestMs: samples[0], medianMs: samples[samples.length >> 1], runs };
}

/**
 * Times functions doing the same work, interleaved run by run, so drift in machine load (other processes on
 * a shared machine) hits them alike. Returns one Timing per function, in order.
 */
export function timeInterleaved(fns: (() => void)[], { warmup = 2, runs = 7 }: TimeOptions = {}): Timing[] {
  for (let i = 0; i < warmup; i++) for (const fn of fns) fn();
  const samples: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const t0 = performance.now();
      fn();
      samples[k].push(performance.now() - t0);
    });
  }
  return samples.map((s) => {
    s.sort((x, y) => x - y);
    return { bestMs: s[0], medianMs: s[s.length >> 1], runs };
  });
}

/** Formats a number with a fixed count of significant digits and thousands separators for big values. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(4);
}

/** Prints rows as an aligned text table: name, value unit, baseline, ratio, note. */
export function printTable(rows: BenchRow[], out: (line: string) => void = console.log): void {
  const header = ['name', 'value', 'baseline', 'ratio', 'note'];
  const cells = rows.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.baselineName === undefined ? '' : `${r.baselineName}${r.baselineValue === undefined ? '' : ` (${fmt(r.baselineValue)} ${r.unit})`}`,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((s, i) => s.padEnd(widths[i])).join('  ').trimEnd();
  out(line(header));
  out(line(widths.map((w) => '-'.repeat(w))));
  for (const c of cells) out(line(c));
}
