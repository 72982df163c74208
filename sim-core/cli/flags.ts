/**
 * Command-line flags, declared once per command (run, merge, sweep, solve, sensitivity) and parsed strictly:
 * every problem is a UsageError that names the flag and what it accepts; numbers are read in decimal notation,
 * as the dashboard's fields read them.
 */
import { UsageError } from './args';
import { commaHint, parseDecimal, parseQuantity, timeUnitHint } from '../scenario/numberText';
import { NUMERIC_FIELDS } from '../scenario/catalogue';
import { didYouMean } from '../didYouMean';

export type FlagKind = 'value' | 'bool' | 'repeat';

/** An option whose dashes a chat tool or word processor turned into one typographic dash: —replications, –seed. */
export const TYPOGRAPHIC_DASH = /^[\u2012-\u2015\u2212]+[a-z]/i;

/** What to write instead, e.g. `—replications` → `--replications`. */
export const typographicDashText = (a: string) =>
  `${a} starts with a typographic dash (as a chat tool or word processor writes "--"): write --${a.replace(/^[\u2012-\u2015\u2212]+/, '')}`;

export class Flags {
  readonly positional: string[] = [];
  private readonly values = new Map<string, string[]>();

  /** `needs`: what a flag's value is, for "--shard needs a value k/n, e.g. 2/8" (default: "a value"). */
  constructor(argv: readonly string[], spec: Record<string, FlagKind>, needs: Record<string, string> = {}) {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      if (name === '-h') {
        this.values.set('--help', ['']);
        continue;
      }
      if (TYPOGRAPHIC_DASH.test(a)) throw new UsageError(typographicDashText(a));
      if (!name.startsWith('-') || /^-\d/.test(name)) {
        this.positional.push(a);
        continue;
      }
      const kind = spec[name];
      if (kind === undefined) throw new UsageError(`unknown option ${name}${didYouMean(name, Object.keys(spec))}`);
      if (kind === 'bool') {
        if (inline !== undefined) throw new UsageError(`${name} takes no value`);
        this.values.set(name, ['']);
        continue;
      }
      const v = inline ?? argv[++i];
      if (v === undefined || (v === '' && needs[name] !== undefined)) throw new UsageError(`${name} needs ${needs[name] ?? 'a value'}`);
      // `--out --json` is a forgotten value, not a file named "--json"; `--out=--json` still says it on purpose.
      if (inline === undefined && (v.startsWith('--') || v === '-h'))
        throw new UsageError(`${name} needs ${needs[name] ?? 'a value'} (got the flag ${v.split('=')[0]}; for a value that starts with --, write ${name}=VALUE)`);
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

  /**
   * A number flag within `check`'s bounds; `fraction`: the flag takes a fraction (a rate), so "5%" is answered with
   * 0.05; `field`: the value of a scenario field, read in its unit as the dashboard reads it ("2 min" for seconds),
   * and a value that is no number is told the field's range.
   */
  num(name: string, check?: { gt?: number; min?: number; lt?: number; max?: number; fraction?: boolean; field?: { unit: string; allowed: string } }): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const c = check ?? {};
    const n = (c.field ? parseQuantity(v, c.field.unit) : parseDecimal(v)) ?? NaN;
    const bounds = [
      c.gt !== undefined && `above ${c.gt}`, c.min !== undefined && `≥ ${c.min}`,
      c.lt !== undefined && `below ${c.lt}`, c.max !== undefined && `≤ ${c.max}`,
    ].filter(Boolean);
    const expected = `expected a number${bounds.length ? ` ${bounds.join(' and ')}` : ''}${c.field ? ` (${c.field.allowed})` : ''}`;
    // "5%" for a fraction: say how to write it (rates are fractions in flags, as in the --json fields). Only for a
    // fraction: "10%" for --from of a count is no 0.1.
    const pct = c.fraction ? /^\s*(.+?)\s*%\s*$/.exec(v) : null;
    const pctValue = pct ? parseDecimal(pct[1]) : null;
    const pctHint = pctValue !== null ? ` (a fraction: write ${v.trim()} as ${Number((pctValue / 100).toPrecision(12))})` : '';
    if (!Number.isFinite(n)) throw new UsageError(`${name} ${JSON.stringify(v)}${commaHint(v)}${timeUnitHint(v, c.field?.unit)}${pctHint}: ${expected}`);
    if ((c.gt !== undefined && !(n > c.gt)) || (c.min !== undefined && n < c.min) || (c.lt !== undefined && !(n < c.lt)) || (c.max !== undefined && n > c.max))
      throw new UsageError(`${name} ${JSON.stringify(v)}: ${expected}`);
    return n;
  }

  /** A flag as a message names it: with the text typed when that was no plain number (`--from "20 min" =`). */
  asTyped(name: string): string {
    const v = this.str(name);
    return v !== undefined && parseDecimal(v) === null ? `${name} ${JSON.stringify(v)} =` : name;
  }

  int(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = parseDecimal(v) ?? NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new UsageError(`${name} ${JSON.stringify(v)}${commaHint(v)}: expected a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}–${max}`}`);
    return n;
  }

  /** A whole-number scenario setting given as a flag (--seed, --replications): the field's range (schema.ts) applies. */
  setting(name: string, key: 'simulation.seed' | 'simulation.replications'): number | undefined {
    const meta = NUMERIC_FIELDS.find((x) => x.key === key)!.meta;
    return this.int(name, meta.min ?? 0, meta.max);
  }

  oneOf<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (!(choices as readonly string[]).includes(v)) throw new UsageError(`${name} ${JSON.stringify(v)}: expected one of ${choices.join(', ')}`);
    return v as T;
  }
}
