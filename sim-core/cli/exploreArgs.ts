/** What the what-if commands (sweep, solve, sensitivity) share: their common flags and their output formats. */
import { UsageError } from './args';
import { fmtPct } from '../report/percent';
import { csvText } from '../report/csv';
import type { Flags, FlagKind } from './flags';

/** Flags every what-if command takes. */
export const COMMON_FLAGS: Record<string, FlagKind> = {
  '--replications': 'value',
  '--seed': 'value',
  '--workers': 'value',
  '--json': 'bool',
  '--csv': 'bool',
  '--help': 'bool',
};

export type OutputFormat = 'table' | 'json' | 'csv';

export function outputFormat(f: Flags): OutputFormat {
  if (f.has('--json') && f.has('--csv')) throw new UsageError('choose one of --json and --csv');
  return f.has('--json') ? 'json' : f.has('--csv') ? 'csv' : 'table';
}

/** The one scenario argument. */
export function targetOf(f: Flags): string {
  if (f.positional.length === 0) throw new UsageError('name a preset, a scenario file or a share link');
  if (f.positional.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(f.positional[1])} (one scenario at a time)`);
  return f.positional[0];
}

/** A header and its rows as CSV (sim-core/report/csv.ts: the dashboard's exports encode cells the same way). */
export function csv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return csvText([header, ...rows]).trimEnd();
}

/** Rows as an aligned text table; columns listed in `right` are right-aligned. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, right: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) => r.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** 0.0123 → '1.23%': two decimals in a table column, so 0.4% and 0.6% stay apart; a rate below 0.005% keeps two significant digits (fmtPct). */
export const pct = (x: number | null) => (x === null ? '—' : fmtPct(x, 2));

/** A number as a person reads it: up to 4 significant digits, no exponent for ordinary sizes. */
export function short(x: number | null): string {
  if (x === null) return '—';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}
