/**
 * Flags of the what-if commands (sweep, solve, sensitivity): declared once per command, parsed strictly, every
 * problem a UsageError that names the flag and what it accepts.
 */
import { UsageError } from './args';
import { parseDecimal } from '../scenario/numberText';

export type FlagKind = 'value' | 'bool' | 'repeat';

export class Flags {
  readonly positional: string[] = [];
  private readonly values = new Map<string, string[]>();

  constructor(argv: readonly string[], spec: Record<string, FlagKind>) {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      if (name === '-h') {
        this.values.set('--help', ['']);
        continue;
      }
      if (!name.startsWith('-') || /^-\d/.test(name)) {
        this.positional.push(a);
        continue;
      }
      const kind = spec[name];
      if (kind === undefined) throw new UsageError(`unknown option ${name}`);
      if (kind === 'bool') {
        if (inline !== undefined) throw new UsageError(`${name} takes no value`);
        this.values.set(name, ['']);
        continue;
      }
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      if (kind === 'value' && this.values.has(name)) throw new UsageError(`${name} given twice`);
      this.values.set(name, [...(this.values.get(name) ?? []), v]);
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  str(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  /** Every value of a repeatable flag, as given. */
  all(name: string): string[] {
    return [...(this.values.get(name) ?? [])];
  }

  /** Repeatable flag; each value may also be a comma-separated list. */
  list(name: string): string[] {
    return (this.values.get(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  }

  num(name: string, check?: { gt?: number; min?: number; lt?: number; max?: number }): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = parseDecimal(v) ?? NaN;
    const c = check ?? {};
    const bounds = [
      c.gt !== undefined && `above ${c.gt}`, c.min !== undefined && `≥ ${c.min}`,
      c.lt !== undefined && `below ${c.lt}`, c.max !== undefined && `≤ ${c.max}`,
    ].filter(Boolean);
    const expected = `expected a number${bounds.length ? ` ${bounds.join(' and ')}` : ''}`;
    if (!Number.isFinite(n)) throw new UsageError(`${name} ${JSON.stringify(v)}: ${expected}`);
    if ((c.gt !== undefined && !(n > c.gt)) || (c.min !== undefined && n < c.min) || (c.lt !== undefined && !(n < c.lt)) || (c.max !== undefined && n > c.max))
      throw new UsageError(`${name} ${JSON.stringify(v)}: ${expected}`);
    return n;
  }

  int(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = parseDecimal(v) ?? NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new UsageError(`${name} ${JSON.stringify(v)}: expected a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}–${max}`}`);
    return n;
  }

  oneOf<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (!(choices as readonly string[]).includes(v)) throw new UsageError(`${name} ${JSON.stringify(v)}: expected one of ${choices.join(', ')}`);
    return v as T;
  }
}

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

/** One CSV field: quoted when it holds a comma, quote or newline. */
export function csvField(x: unknown): string {
  const s = x === null || x === undefined ? '' : String(x);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n');
}

/** Rows as an aligned text table; columns listed in `right` are right-aligned. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, right: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) => r.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** 0.0123 → '1.23%'; small rates keep two decimals so 0.4% and 0.6% stay apart. */
export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);

/** A number as a person reads it: up to 4 significant digits, no exponent for ordinary sizes. */
export function short(x: number | null): string {
  if (x === null) return '—';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}
