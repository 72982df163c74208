/**
 * `--assert 'phase3.breachRate<0.01'`: thresholds on any numeric result field, so a configuration change can be
 * gated in CI the way k6 thresholds gate a load test.
 */
import { didYouMean } from '../didYouMean';
import { parseDecimal } from '../scenario/numberText';
import { cutShareText, HORIZON_CUT_LIMIT_TEXT, horizonCutShare } from '../results/summary';
import { FEW_EVENTS } from '../compare';

export type Comparator = '<' | '<=' | '>' | '>=';

export interface Assertion {
  text: string;
  path: string[];
  op: Comparator;
  limit: number;
}

export interface AssertionOutcome {
  assertion: Assertion;
  actual: number | null;
  passed: boolean;
  /** Why it could not be evaluated (unknown field, not a number). */
  error?: string;
}

// <field><op><limit>; the limit is read as every number a person types is (parseDecimal: "1e-3", "10 000", "−0.5").
const PATTERN = /^\s*([A-Za-z_][\w]*(?:\.[\w]+)*)\s*(<=|>=|<|>)\s*(.+?)\s*$/;

/**
 * The assertions in one `--assert` value: comma-separated, except that a comma before a digit is inside a number
 * (`<0,05`, a decimal comma), which parseAssertion then refuses saying why, instead of reading `<0` and a stray `05`.
 */
export function splitAssertions(value: string): string[] {
  return value.split(/,(?!\s*\d)/).map((t) => t.trim()).filter(Boolean);
}

/** Result fields that are fractions (rates, shares, utilisations), by the name of a path segment. */
const FRACTION_SEGMENTS = new Set(['breachRate', 'breachCi95', 'healthyByHorizon', 'allHealthyFraction', 'connectorUtilisation', 'cloudSqlCpu', 'fraction', 'threshold']);
const isFractionField = (path: string): boolean => path.split('.').some((seg) => FRACTION_SEGMENTS.has(seg));

/** Parse one assertion; throws an Error whose message says what form is expected. */
export function parseAssertion(text: string): Assertion {
  const m = PATTERN.exec(text);
  const limit = m ? parseDecimal(m[3]) : null;
  if (!m || limit === null) {
    // A limit written as people write rates: say how to write it.
    const typed = /(<=|>=|<|>)\s*(.*?)\s*$/.exec(text)?.[2] ?? '';
    const percent = /^(-?(?:\d+\.?\d*|\.\d+))\s*%$/.exec(typed);
    const field = /^\s*([\w.]*)/.exec(text)?.[1] ?? '';
    // 1,000 reads as a thousand to some and as one to others: no guess (a "decimal comma" hint would make it 1.000).
    const hint = /^\d{1,3}(,\d{3})+$/.test(typed)
      ? ` (${typed} has a comma, a thousands separator to some readers and a decimal mark to others: write thousands as ${typed.replace(/,/g, '')} or ${typed.replace(/,/g, ' ')}, decimals with a point; commas separate assertions)`
      : /\d,\d/.test(typed)
        ? ` (${typed} has a decimal comma: write it with a point, ${typed.replace(',', '.')}; commas separate assertions)`
        : !percent
          ? ''
          : isFractionField(field)
            ? ` (rates are fractions, as in --json: write ${typed} as ${Number((Number(percent[1]) / 100).toPrecision(12))})`
            : ` (${field || 'the field'} is no rate: write its limit as a plain number, in the unit --json gives it)`;
    throw new Error(`cannot read assertion ${JSON.stringify(text)}${hint}: expected <field><op><number> with op one of < <= > >=, e.g. 'phase3.breachRate<0.01'`);
  }
  return { text: text.trim(), path: m[1].split('.'), op: m[2] as Comparator, limit };
}

/**
 * Numeric leaves of a result, as dotted paths: what an assertion may name. A null inside a group is a number this run
 * lacks (timeToAllHealthy.p95); at the top it is a group a run fills in (`detail`), no number.
 */
export function numericPaths(obj: unknown, prefix = '', out: string[] = [], depth = 0): string[] {
  if (depth > 4 || obj === null || typeof obj !== 'object') return out;
  for (const [k, v] of Object.entries(obj)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number' || (v === null && depth > 0)) out.push(p);
    else if (v && typeof v === 'object' && !Array.isArray(v)) numericPaths(v, p, out, depth + 1);
    else if (Array.isArray(v) && v.length <= 2 && v.every((x) => typeof x === 'number')) v.forEach((_, i) => out.push(`${p}.${i}`));
  }
  return out;
}

/**
 * The value at `path` in `obj`, own fields only ('constructor' or '__proto__' is not a result field). When the path
 * is not there, `opaque` says whether the walk stopped at a null or an array (whose contents a run fills in)
 * rather than at an object without the key.
 */
function lookup(
  obj: unknown,
  path: readonly string[],
): { found: boolean; value: unknown; opaque: boolean; nullAt?: string; noVerdictAt?: string; cut?: HorizonCut; list?: { at: string; length: number } } {
  let cur: unknown = obj;
  let noVerdictAt: string | undefined;
  let cut: HorizonCut | undefined;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    // A verdict field of a result the horizon cut short: of this run, or of either side of a comparison.
    if (cut === undefined && NEEDS_VERDICTS.has(key)) cut = horizonCutOf(obj, path.slice(0, i));
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) {
      // An array of numbers (an interval) has the length every result gives it: past it is no field. Only an array
      // of records (detail.records), or an empty one, is filled in by the run.
      const numbers = Array.isArray(cur) && cur.length > 0 && cur.every((x) => typeof x === 'number');
      const at = path.slice(0, i).join('.');
      return {
        found: false, value: undefined, opaque: cur === null || (Array.isArray(cur) && !numbers),
        nullAt: cur === null ? at : undefined, list: numbers ? { at, length: (cur as number[]).length } : undefined,
      };
    }
    if (noVerdictAt === undefined && NEEDS_VERDICTS.has(key) && (cur as { starts?: unknown }).starts === 0) noVerdictAt = path.slice(0, i).join('.');
    cur = (cur as Record<string, unknown>)[key];
  }
  return { found: true, value: cur, opaque: false, noVerdictAt, cut };
}

/**
 * Fields of a breach rate (phase3, phase3.firstAttempt, a comparison's two breach-rate differences) that measure nothing
 * when no start reached a Phase 3 verdict (`starts` 0): the rate, its interval and the Phase 3 durations then read 0,
 * which would pass any `<` gate; and that lean to the quick outcomes when the horizon cut most starts short.
 */
const NEEDS_VERDICTS = new Set(['breachRate', 'firstAttemptBreachRate', 'breachCi95', 'durationQuantiles', 'meanDuration']);

interface HorizonCut {
  /** Which result: '' for a run's, 'baseline' or 'proposal' for a side of a comparison. */
  at: string;
  share: number;
  horizon: number;
}

/**
 * The result a verdict field at `prefix` belongs to (for `differences.*` both sides of the comparison, else the deepest
 * group on the way with `starts` and `unfinished`), when its horizon cut more than HORIZON_CUT_LIMIT of the start attempts
 * short of a verdict: its rates and durations then lean to the quick outcomes, and a gate on them could pass a
 * configuration that breaches far more (the incident at a 60 s horizon reads 6% instead of ~85%).
 */
function horizonCutOf(root: unknown, prefix: readonly string[]): HorizonCut | undefined {
  const groups: Array<[string, unknown]> = [['', root]];
  let cur: unknown = root;
  for (let i = 0; i < prefix.length && cur !== null && typeof cur === 'object'; i++) {
    cur = (cur as Record<string, unknown>)[prefix[i]];
    groups.push([prefix.slice(0, i + 1).join('.'), cur]);
  }
  const cutOf = (at: string, g: unknown): HorizonCut | undefined => {
    const { starts, unfinished, horizon } = (g ?? {}) as { starts?: unknown; unfinished?: unknown; horizon?: unknown };
    if (typeof starts !== 'number' || typeof unfinished !== 'number') return undefined;
    const share = horizonCutShare({ starts, unfinished });
    return share === null ? undefined : { at, share, horizon: typeof horizon === 'number' ? horizon : NaN };
  };
  // A difference is of both sides (the comparison's top level is the proposal's, so it would hide the baseline's).
  const { baseline, proposal } = (root ?? {}) as { baseline?: unknown; proposal?: unknown };
  if (prefix[0] === 'differences' && baseline !== undefined && proposal !== undefined) return cutOf('proposal', proposal) ?? cutOf('baseline', baseline);
  for (let i = groups.length - 1; i >= 0; i--) {
    const [at, g] = groups[i];
    const { starts, unfinished } = (g ?? {}) as { starts?: unknown; unfinished?: unknown };
    if (typeof starts === 'number' && typeof unfinished === 'number') return cutOf(at, g);
  }
  return undefined;
}

/** What a difference's `events` count, by metric (ComparedDifference.events): one, many. */
const EVENT_NOUN: Record<string, [string, string]> = {
  breachRate: ['breach', 'breaches'],
  firstAttemptBreachRate: ['first-attempt breach', 'first-attempt breaches'],
  exitCode3: ['exit with code 3', 'exits with code 3'],
  restarts: ['restart', 'restarts'],
  healthyByHorizon: ['container on the rarer side (healthy by the horizon or not)', 'containers on the rarer side (healthy by the horizon or not)'],
};

/** The estimate and interval of a comparison's difference: what its event count must support. */
const DIFFERENCE_ESTIMATES = new Set(['diff', 'lo', 'hi', 'se']);

/**
 * The event count behind `differences.<metric>.{diff,lo,hi,se}` when the comparison reads it "too few events to tell":
 * fewer than FEW_EVENTS, an interval that excludes 0, and the exact test not agreeing (a delta-method or t interval on
 * a handful of events can exclude 0 by chance: 0 against 4 breaches splits 4–0 one time in eight), with the value the
 * doubt allows in its place: the interval's end moved out to 0, or no difference at all. A difference the exact test
 * confirms, or whose interval holds 0 (a "no worse than" gate on two clean arms), is compared as it is.
 */
function fewEventsOf(root: unknown, path: readonly string[], value: number): { events: number; doubted: number | null } | undefined {
  if (path.length !== 3 || path[0] !== 'differences' || !DIFFERENCE_ESTIMATES.has(path[2])) return undefined;
  const d = ((root as { differences?: Record<string, unknown> }).differences ?? {})[path[1]] as
    | { events?: unknown; significant?: unknown; lo?: unknown; hi?: unknown }
    | undefined;
  if (!d || typeof d.events !== 'number' || d.events >= FEW_EVENTS || d.significant !== false) return undefined;
  const excludesZero = (typeof d.lo === 'number' && d.lo > 0) || (typeof d.hi === 'number' && d.hi < 0);
  if (!excludesZero) return undefined;
  // se has no such stand-in: any gate on it is doubted.
  const doubted = path[2] === 'lo' ? Math.min(value, 0) : path[2] === 'hi' ? Math.max(value, 0) : path[2] === 'diff' ? 0 : null;
  return { events: d.events, doubted };
}

const holds = (op: Assertion['op'], a: number, l: number) => (op === '<' ? a < l : op === '<=' ? a <= l : op === '>' ? a > l : a >= l);

/** Why a field that exists holds no number in this run. */
const noValue = (name: string) =>
  `${name} has no value in this result (null: a time never reached within the horizon, or nothing to measure), so it cannot be compared`;

/**
 * Check, before any work, that every assertion can name a field of the result: `shape` is a result of the same
 * kind (e.g. of no replications), whose fields are all there even where their values are not yet numbers. A path
 * is refused only where an object of the shape lacks the key, or past the end of a list of numbers (an interval): past
 * a null (`detail` before any replication ran) or into a list of records (`detail.records`), the run decides.
 * Returns one message per unknown field (with the closest field name when one is near), or none.
 */
export function unknownFields(assertions: readonly Assertion[], shape: unknown): string[] {
  const known = numericPaths(shape);
  return assertions.flatMap((a) => {
    const name = a.path.join('.');
    const { found, value, opaque, list } = lookup(shape, a.path);
    if (found) {
      // A group or a list (an interval) has numbers inside but is not one: name them.
      if (value === null || typeof value === 'number') return [];
      // Text or a flag (phase3.ciMethod, bootstorm) is never a number, whatever the run: said now, not as a failed gate.
      if (typeof value !== 'object')
        return [`${JSON.stringify(a.text)}: ${name} is ${typeof value === 'string' ? 'text' : `a ${typeof value}`}, not a number`];
      const inner = Array.isArray(value) ? value.map((_, i) => `${name}.${i}`) : numericPaths(value, name);
      const some = inner.length > 8 ? `${inner.slice(0, 8).join(', ')} … (${inner.length} in all)` : inner.join(', ');
      return [`${JSON.stringify(a.text)}: ${name} is ${Array.isArray(value) ? 'a list' : 'a group of fields'}, not a number${inner.length ? `; compare one of its numbers: ${some}` : ''}`];
    }
    if (opaque) return [];
    if (list) {
      const items = list.length <= 4 ? Array.from({ length: list.length }, (_, i) => `${list.at}.${i}`).join(', ') : `${list.at}.0 … ${list.at}.${list.length - 1}`;
      return [`${JSON.stringify(a.text)}: the result has no field ${name}: ${list.at} is a list of ${list.length} numbers (${items})`];
    }
    return [`${JSON.stringify(a.text)}: the result has no field ${name}${didYouMean(name, known)}`];
  });
}

/**
 * Where the result holds no replication at all (a partial merge of empty shards): '' for the run itself, the arm's name
 * in a comparison, else null. Its counts and peaks read 0, which is no measurement.
 */
function emptyArm(result: unknown): string | null {
  const replications = (x: unknown) => (x !== null && typeof x === 'object' ? (x as { replications?: unknown }).replications : undefined);
  if (replications(result) === 0) return '';
  for (const arm of ['baseline', 'proposal'])
    if (result !== null && typeof result === 'object' && replications((result as Record<string, unknown>)[arm]) === 0) return arm;
  return null;
}

export function evaluate(assertion: Assertion, result: unknown): AssertionOutcome {
  const empty = emptyArm(result);
  if (empty !== null)
    return { assertion, actual: null, passed: false, error: `${empty ? `the ${empty}` : 'the result'} holds no replications, so nothing was measured: ${assertion.path.join('.')} cannot be compared` };
  const { found, value: cur, nullAt, noVerdictAt, cut } = lookup(result, assertion.path);
  if (!found) return { assertion, actual: null, passed: false, error: nullAt ? noValue(nullAt) : `no result field ${assertion.path.join('.')}` };
  if (noVerdictAt !== undefined)
    return { assertion, actual: null, passed: false, error: `${assertion.path.join('.')} has no value in this result: no start reached a Phase 3 verdict (${noVerdictAt}.starts is 0), so it cannot be compared` };
  if (cur === null) return { assertion, actual: null, passed: false, error: noValue(assertion.path.join('.')) };
  if (typeof cur !== 'number' || !Number.isFinite(cur))
    return { assertion, actual: null, passed: false, error: `${assertion.path.join('.')} is not a number` };
  const a = cur;
  if (cut !== undefined) {
    const whose = cut.at === '' ? 'the' : `the ${cut.at}'s`;
    const horizon = Number.isFinite(cut.horizon) ? `${cut.horizon} s horizon` : 'horizon';
    return {
      assertion, actual: a, passed: false,
      error: `${whose} ${horizon} cut ${cutShareText(cut.share)} of the start attempts short of a Phase 3 verdict (more than ${HORIZON_CUT_LIMIT_TEXT}), so ${assertion.path.join('.')} (${a}) leans to the quick outcomes and cannot be trusted against a limit: lengthen simulation.horizon`,
    };
  }
  const passed = holds(assertion.op, a, assertion.limit);
  // Too few events to trust that the interval excludes 0: the gate stands only if it reads the same with the interval
  // reaching 0 (a "no worse than" gate on a proposal that is better passes; a "must improve" one cannot be told).
  const few = fewEventsOf(result, assertion.path, a);
  if (few !== undefined && (few.doubted === null || holds(assertion.op, few.doubted, assertion.limit) !== passed)) {
    const { events } = few;
    return {
      assertion, actual: a, passed: false,
      error: `${assertion.path.slice(0, 2).join('.')} reads "too few events to tell": its interval excludes 0 on ${events} ${(EVENT_NOUN[assertion.path[1]] ?? ['event', 'events'])[events === 1 ? 0 : 1]} in the two arms together (fewer than ${FEW_EVENTS}), and the exact test does not confirm it, so ${assertion.path.join('.')} (${a}) cannot be compared${few.doubted === null ? '' : `: the gate would ${passed ? 'fail' : 'pass'} were the interval to reach 0`}; run more replications`,
    };
  }
  return { assertion, actual: a, passed };
}

/**
 * Six significant digits, or as many more as it takes for the value shown to compare with the limit as the value does
 * ("actual 0.0147783" failing "<0.01477834" would read as passing).
 */
function actualText(actual: number, limit: number): string {
  const side = (x: number) => Math.sign(x - limit);
  for (let digits = 6; digits < 17; digits++) {
    const shown = Number(actual.toPrecision(digits));
    if (side(shown) === side(actual)) return String(shown);
  }
  return String(actual);
}

/** The value an outcome compared, as the ✓/✗ line and the report show it; null when there was none. */
export function outcomeValueText(o: AssertionOutcome): string | null {
  return o.actual === null ? null : actualText(o.actual, o.assertion.limit);
}

export function formatOutcomes(outcomes: readonly AssertionOutcome[]): string {
  return outcomes
    .map((o) => (o.error ? `✗ ${o.assertion.text}: ${o.error}` : `${o.passed ? '✓' : '✗'} ${o.assertion.text}  (actual ${outcomeValueText(o)})`))
    .join('\n');
}

/** One gate as `--json` lists it under `gates`: what was asked, the value read, the verdict, and why it could not be judged. */
export interface GateJson {
  assert: string;
  field: string;
  op: Comparator;
  limit: number;
  /** The value compared; null when the field holds none (see `why`). */
  actual: number | null;
  passed: boolean;
  /** Present when the gate failed without a comparison (no value, horizon cut, too few events), saying why. */
  why?: string;
}

export function gateJson(o: AssertionOutcome): GateJson {
  const { text, path, op, limit } = o.assertion;
  return { assert: text, field: path.join('.'), op, limit, actual: o.actual, passed: o.passed, ...(o.error === undefined ? {} : { why: o.error }) };
}
