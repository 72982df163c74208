import { FIELDS, rangeBounds, rangeText } from './catalogue';
import { SCENARIO_DEFAULTS } from './schema';
import { closestName } from '../didYouMean';

/**
 * Read a Python `database_timeout_config`-style dict, as pasted from an application's settings module or an
 * incident write-up, and map what it says onto scenario fields:
 *
 *   database_timeout_config = {
 *       "staging": {
 *           "initialization_timeout": 75.0,   # was 45.0
 *           'connection_timeout': 35.0,
 *           "pool_config": {"pool_size": 10, "max_overflow": 15, "pool_timeout": 90.0, "cloud_sql_capacity_limit": 100,},
 *       },
 *   }
 *
 * Only Python literals are read (dicts, lists, tuples, strings, numbers, True/False/None, comments, trailing
 * commas, single or double quotes); nothing is evaluated. Anything else (a call, a name, arithmetic) is reported
 * as not understood, with its text. Pure: no DOM, no clock, never throws.
 */

/** A parsed Python literal; `expr` is source text that is not a literal (a call, a name, arithmetic …). */
export type PyNode =
  | { t: 'num'; v: number; text: string }
  | { t: 'str'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'none' }
  | { t: 'list'; items: PyNode[] }
  | { t: 'dict'; entries: PyEntry[] }
  | { t: 'expr'; text: string };

export interface PyEntry {
  /** The key as text when it is a string or number literal; null otherwise (then `keyText` is its source). */
  key: string | null;
  keyText: string;
  value: PyNode;
  line: number;
}

export type PyParse = { ok: true; value: PyNode; line: number } | { ok: false; error: string };

/** Longest text read (a settings module, not a data dump). */
export const MAX_PY_CHARS = 200_000;
const MAX_DEPTH = 40;

type TokKind = 'punct' | 'str' | 'num' | 'name' | 'other' | 'eof';
interface Tok {
  k: TokKind;
  /** Punctuation or name text; the decoded value of a string; the source of a number. */
  v: string;
  start: number;
  end: number;
  line: number;
}

class PyError extends Error {}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === ';') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    // String, with an optional prefix (r, b, u, f and combinations).
    const pre = /^([rRbBuUfF]{0,2})(['"])/.exec(src.slice(i, i + 3));
    if (pre && (pre[1] === '' || /^[rRbBuUfF]+$/.test(pre[1]))) {
      const start = i;
      const startLine = line;
      const raw = /[rR]/.test(pre[1]);
      i += pre[1].length;
      const q = src[i];
      const triple = src.startsWith(q.repeat(3), i);
      const close = triple ? q.repeat(3) : q;
      i += close.length;
      let value = '';
      for (;;) {
        if (i >= n) throw new PyError(`line ${startLine}: a string is not closed (missing ${close})`);
        const ch = src[i];
        if (src.startsWith(close, i)) {
          i += close.length;
          break;
        }
        if (ch === '\n') {
          if (!triple) throw new PyError(`line ${startLine}: a string is not closed before the end of the line`);
          line++;
        }
        if (ch === '\\' && !raw && i + 1 < n) {
          const e = src[i + 1];
          if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(i + 2, i + 4))) {
            value += String.fromCharCode(parseInt(src.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          if (e === '\n') line++;
          value += ESCAPES[e] ?? `\\${e}`;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      out.push({ k: 'str', v: value, start, end: i, line: startLine });
      continue;
    }
    const num = /^(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)/.exec(src.slice(i, i + 64));
    if (num) {
      out.push({ k: 'num', v: num[0], start: i, end: i + num[0].length, line });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 256));
    if (name) {
      out.push({ k: 'name', v: name[0], start: i, end: i + name[0].length, line });
      i += name[0].length;
      continue;
    }
    out.push({ k: '{}[]():,='.includes(c) ? 'punct' : 'other', v: c, start: i, end: i + 1, line });
    i++;
  }
  out.push({ k: 'eof', v: '', start: n, end: n, line });
  return out;
}

function numberOf(text: string): number {
  const t = text.replace(/_/g, '');
  return /^0[xX]/.test(t) ? parseInt(t.slice(2), 16) : Number(t);
}

const OPEN: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

class Parser {
  private p = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Tok[],
  ) {}

  get pos(): number {
    return this.p;
  }
  set pos(p: number) {
    this.p = p;
  }
  peek(o = 0): Tok {
    return this.toks[Math.min(this.p + o, this.toks.length - 1)];
  }
  next(): Tok {
    return this.toks[Math.min(this.p++, this.toks.length - 1)];
  }

  /** Skip a non-literal expression up to the next `,` `:` or closing bracket at this nesting level; return its text. */
  private skipExpr(from: Tok): PyNode {
    const stack: string[] = [];
    let last = from;
    for (;;) {
      const t = this.peek();
      if (t.k === 'eof') break;
      if (t.k === 'punct') {
        if (stack.length === 0 && (t.v === ',' || t.v === ':' || t.v === '}' || t.v === ']' || t.v === ')')) break;
        if (OPEN[t.v]) stack.push(OPEN[t.v]);
        else if (t.v === stack[stack.length - 1]) stack.pop();
      }
      last = this.next();
    }
    return { t: 'expr', text: this.src.slice(from.start, last.end).replace(/\s+/g, ' ').trim() };
  }

  value(depth: number): PyNode {
    if (depth > MAX_DEPTH) throw new PyError(`nested deeper than ${MAX_DEPTH} levels`);
    const start = this.pos;
    const t = this.next();
    const asExpr = (): PyNode => {
      this.pos = start;
      return this.skipExpr(this.peek());
    };
    let node: PyNode;
    if (t.k === 'punct' && t.v === '{') node = this.dict(t, depth);
    else if (t.k === 'punct' && (t.v === '[' || t.v === '(')) node = this.list(t, depth);
    else if (t.k === 'str') {
      let v = t.v;
      while (this.peek().k === 'str') v += this.next().v; // "a" "b" is "ab" in Python
      node = { t: 'str', v };
    } else if (t.k === 'num') node = { t: 'num', v: numberOf(t.v), text: t.v };
    else if (t.k === 'other' && (t.v === '-' || t.v === '+') && this.peek().k === 'num') {
      const n = this.next();
      node = { t: 'num', v: (t.v === '-' ? -1 : 1) * numberOf(n.v), text: `${t.v}${n.v}` };
    } else if (t.k === 'name' && (t.v === 'True' || t.v === 'False')) node = { t: 'bool', v: t.v === 'True' };
    else if (t.k === 'name' && t.v === 'None') node = { t: 'none' };
    else if (t.k === 'eof') throw new PyError(`line ${t.line}: the text ends where a value was expected`);
    else if (t.k === 'punct' && (t.v === ',' || t.v === ':' || t.v === '}' || t.v === ']' || t.v === ')'))
      throw new PyError(`line ${t.line}: expected a value, found "${t.v}"`);
    else return asExpr();
    // A literal followed by more than a separator (75.0 * 2, "a".upper()) is an expression.
    const after = this.peek();
    if (depth > 0 && after.k !== 'eof' && !(after.k === 'punct' && ',:}])'.includes(after.v))) return asExpr();
    return node;
  }

  private dict(open: Tok, depth: number): PyNode {
    const entries: PyEntry[] = [];
    for (;;) {
      const t = this.peek();
      if (t.k === 'punct' && t.v === '}') {
        this.next();
        return { t: 'dict', entries };
      }
      if (t.k === 'eof') throw new PyError(`line ${open.line}: the dict opened here is not closed (missing "}")`);
      const keyTok = this.peek();
      const k = this.value(depth + 1);
      const key = k.t === 'str' ? k.v : k.t === 'num' ? String(k.v) : null;
      const keyText = k.t === 'str' ? JSON.stringify(k.v) : k.t === 'num' ? k.text : k.t === 'expr' ? k.text : this.src.slice(keyTok.start, this.toks[this.pos - 1].end);
      const colon = this.next();
      if (!(colon.k === 'punct' && colon.v === ':')) throw new PyError(`line ${colon.line}: expected ":" after the key ${keyText}`);
      const value = this.value(depth + 1);
      entries.push({ key, keyText, value, line: keyTok.line });
      const sep = this.next();
      if (sep.k === 'punct' && sep.v === ',') continue;
      if (sep.k === 'punct' && sep.v === '}') return { t: 'dict', entries };
      if (sep.k === 'eof') throw new PyError(`line ${open.line}: the dict opened here is not closed (missing "}")`);
      throw new PyError(`line ${sep.line}: expected "," or "}" after the value of ${keyText}, found "${sep.v}"`);
    }
  }

  private list(open: Tok, depth: number): PyNode {
    const close = OPEN[open.v];
    const items: PyNode[] = [];
    for (;;) {
      const t = this.peek();
      if (t.k === 'punct' && t.v === close) {
        this.next();
        return { t: 'list', items };
      }
      if (t.k === 'eof') throw new PyError(`line ${open.line}: the ${open.v === '[' ? 'list' : 'tuple'} opened here is not closed (missing "${close}")`);
      items.push(this.value(depth + 1));
      const sep = this.next();
      if (sep.k === 'punct' && sep.v === ',') continue;
      if (sep.k === 'punct' && sep.v === close) return { t: 'list', items };
      throw new PyError(`line ${sep.line}: expected "," or "${close}", found "${sep.v || 'the end of the text'}"`);
    }
  }
}

/**
 * Parse the first dict literal in `text` (an assignment such as `config = {…}` in front is fine). Never throws.
 */
export function parsePythonDict(text: string): PyParse {
  const src = String(text);
  if (src.length > MAX_PY_CHARS) return { ok: false, error: `the text is too long (${src.length} characters, at most ${MAX_PY_CHARS})` };
  try {
    const toks = tokenize(src);
    const at = toks.findIndex((t) => t.k === 'punct' && t.v === '{');
    if (at < 0) return { ok: false, error: 'no dict found: expected a Python dict such as {"initialization_timeout": 75.0, …}' };
    const p = new Parser(src, toks);
    p.pos = at;
    const line = toks[at].line;
    const value = p.value(0);
    return { ok: true, value, line };
  } catch (e) {
    if (e instanceof PyError) return { ok: false, error: e.message };
    return { ok: false, error: `could not read the text: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** One dict literal of a settings module, with the name assigned to it (`pool_config = {…}`) when there is one. */
interface TopDict {
  name: string | null;
  value: Extract<PyNode, { t: 'dict' }>;
  line: number;
}

/**
 * Every dict literal at the top of `text` (a settings module: `INIT = {…}` then `pool_config = {…}`), in order, each
 * with the name assigned to it. Never throws.
 */
function parseTopDicts(text: string): { ok: true; dicts: TopDict[] } | { ok: false; error: string } {
  const first = parsePythonDict(text);
  if (!first.ok) return first;
  const src = String(text);
  try {
    const toks = tokenize(src);
    const p = new Parser(src, toks);
    const dicts: TopDict[] = [];
    const opens = (t: Tok) => t.k === 'punct' && (t.v === '{' || t.v === '[' || t.v === '(');
    for (let i = 0; i < toks.length && toks[i].k !== 'eof'; ) {
      // `NAME = <literal>` or a bare literal: read it whole (a list's dicts are no settings of their own); skip the rest.
      const named = toks[i].k === 'name' && toks[i + 1]?.k === 'punct' && toks[i + 1].v === '=' && opens(toks[i + 2] ?? toks[i]);
      const at = named ? i + 2 : opens(toks[i]) ? i : -1;
      if (at < 0) {
        i++;
        continue;
      }
      p.pos = at;
      const value = p.value(0);
      if (value.t === 'dict') dicts.push({ name: named ? toks[i].v : null, value, line: toks[at].line });
      i = p.pos;
    }
    // A dict only inside something else (`config = build({…})`): that one, as before there were several.
    if (dicts.length === 0 && first.value.t === 'dict') dicts.push({ name: null, value: first.value, line: first.line });
    return { ok: true, dicts };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The dict to read settings from. One dict: itself. Several (a settings module): the one named pool_config becomes
 * the pool's; with at most one other that reads like a config, their entries join one dict; with more (`STAGING =
 * {…}`, `PRODUCTION = {…}`), each is an environment under its name, as in `{"staging": {…}, "production": {…}}`.
 */
function rootOf(dicts: readonly TopDict[]): Extract<PyNode, { t: 'dict' }> {
  if (dicts.length === 1) return dicts[0].value;
  const entry = (name: string, value: PyNode, line: number): PyEntry => ({ key: name, keyText: name, value, line });
  const isPool = (d: TopDict) => d.name?.toLowerCase() === 'pool_config';
  const configs = dicts.filter((d) => !isPool(d) && looksLikeConfig(d.value));
  const entries: PyEntry[] =
    configs.length <= 1
      ? dicts.flatMap((d) => (isPool(d) ? [entry('pool_config', d.value, d.line)] : d.value.entries))
      : dicts.map((d, i) => entry(d.name ?? `dict ${i + 1} (line ${d.line})`, d.value, d.line));
  return { t: 'dict', entries };
}

/** Plain JSON-like value of a node (expressions as their source text), for messages and tests. */
export function pyToJs(n: PyNode): unknown {
  switch (n.t) {
    case 'num':
    case 'str':
    case 'bool':
      return n.v;
    case 'none':
      return null;
    case 'list':
      return n.items.map(pyToJs);
    case 'dict':
      return Object.fromEntries(n.entries.map((e) => [e.key ?? e.keyText, pyToJs(e.value)]));
    case 'expr':
      return { expression: n.text };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mapping onto scenario fields

/** Keys of the config dict (or of its `pool_config`) that set a scenario field. */
const TOP_KEYS: Record<string, string> = {
  initialization_timeout: 'timeouts.initialization',
  init_timeout: 'timeouts.initialization',
  startup_timeout: 'timeouts.initialization',
  connection_timeout: 'timeouts.connection',
  connect_timeout: 'timeouts.connection',
  table_setup_timeout: 'timeouts.tableSetup',
  health_check_timeout: 'timeouts.healthCheck',
  pool_timeout: 'pool.poolTimeout',
  pool_size: 'pool.poolSize',
  max_overflow: 'pool.maxOverflow',
  max_connections: 'cloudSql.maxConnections',
  cloud_sql_capacity_limit: 'cloudSql.maxConnections',
  retry_attempts: 'retry.attempts',
  connection_retry_attempts: 'retry.attempts',
  connect_attempts: 'retry.attempts',
  // Retries after the first attempt (see RETRIES_ONLY).
  max_retries: 'retry.attempts',
  connection_retries: 'retry.attempts',
  connect_retries: 'retry.attempts',
};

/** Keys that count retries, not attempts: the first attempt is added (5 retries = 6 attempts). */
const RETRIES_ONLY = new Set(['max_retries', 'connection_retries', 'connect_retries']);

const POOL_KEYS: Record<string, string> = {
  pool_size: 'pool.poolSize',
  max_overflow: 'pool.maxOverflow',
  pool_timeout: 'pool.poolTimeout',
  cloud_sql_capacity_limit: 'cloudSql.maxConnections',
  max_connections: 'cloudSql.maxConnections',
};

/** A table's own entry for a key read from the text: `constructor` or `__proto__` in a pasted dict is not a field. */
const own = (table: Record<string, string>, key: string): string | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/** Why a key is not read: not modelled (and why), or unknown, with the key most likely meant ("initialisation_timeout"). */
function notUnderstood(table: Record<string, string>, key: string): string {
  const modelled = own(NOT_MODELLED, key);
  if (modelled) return modelled;
  const near = closestName(key, Object.keys(table));
  return `not understood: no scenario field has this name${near === null ? '' : ` (did you mean ${near}?)`}`;
}

/** Keys that are understood but have no counterpart in the model, with the reason. */
const NOT_MODELLED: Record<string, string> = {
  vpc_connector_capacity_buffer: 'a planning buffer, not a runtime setting: the model has no field for it (the connector\'s capacity is set under "VPC connector")',
  capacity_safety_margin: `a planning margin, not a runtime setting; the default of "Connections held by other clients" (${SCENARIO_DEFAULTS.cloudSql.otherClients}) was sized from the incident's 0.8: set that field if your other clients differ`,
  pool_recycle: 'connections are not recycled during a startup wave: not modelled',
  pool_pre_ping: 'a ping on checkout: not modelled',
  echo: 'logging only: no effect on timing',
  echo_pool: 'logging only: no effect on timing',
  pool_use_lifo: 'checkout order: not modelled',
  command_timeout: 'bounds each query after startup: not part of Phase 3',
  statement_timeout: 'bounds each query after startup: not part of Phase 3',
};

export interface AppliedSetting {
  /** Where it was read, e.g. `pool_config.pool_size`. */
  key: string;
  /** Dotted scenario path, e.g. `pool.poolSize`. */
  field: string;
  label: string;
  unit: string;
  value: number;
  /** How the value was read when it is not the number written (SQLAlchemy's max_overflow=-1, "no limit"). */
  note?: string;
}

export interface IgnoredSetting {
  key: string;
  /** The value as written (short). */
  value: string;
  reason: string;
}

export interface PythonConfigRead {
  ok: boolean;
  /** Why nothing could be read (syntax, no dict, no known key). */
  error?: string;
  /** Path of the dict that was read, e.g. ['staging']; [] for the outer dict. */
  environment: string[];
  /** Every nested dict that looks like a config, by path (to choose another environment). */
  environments: string[][];
  applied: AppliedSetting[];
  ignored: IgnoredSetting[];
}

const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

function showNode(n: PyNode): string {
  switch (n.t) {
    case 'num':
      return n.text;
    case 'str':
      return short(JSON.stringify(n.v));
    case 'bool':
      return n.v ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'list':
      return short(`[${n.items.map(showNode).join(', ')}]`);
    case 'dict':
      return '{…}';
    case 'expr':
      return short(n.text);
  }
}

const keyOf = (e: PyEntry) => (e.key ?? e.keyText).trim();

function looksLikeConfig(n: PyNode): boolean {
  if (n.t !== 'dict') return false;
  return n.entries.some((e) => {
    const k = keyOf(e).toLowerCase();
    return own(TOP_KEYS, k) !== undefined || own(NOT_MODELLED, k) !== undefined || k === 'pool_config' || /timeout/.test(k);
  });
}

/** Nested dicts that look like a config, by path, breadth first (up to 3 levels). */
function findConfigs(n: PyNode, path: string[] = [], out: string[][] = []): string[][] {
  if (n.t !== 'dict' || path.length > 3) return out;
  if (looksLikeConfig(n)) out.push(path);
  for (const e of n.entries) if (e.value.t === 'dict' && keyOf(e).toLowerCase() !== 'pool_config') findConfigs(e.value, [...path, keyOf(e)], out);
  return out;
}

function at(n: PyNode, path: string[]): PyNode | undefined {
  let cur: PyNode | undefined = n;
  for (const k of path) {
    if (!cur || cur.t !== 'dict') return undefined;
    cur = cur.entries.find((e) => keyOf(e) === k)?.value;
  }
  return cur;
}

/**
 * Read a pasted config (one dict, or a settings module's several: see rootOf) and say which scenario fields it sets.
 * `environment` picks a nested dict by key or path (e.g. 'production'); by default 'staging' (the incident's), else
 * the outer dict when it holds settings itself, else the first config-like dict. The settings of the config-like
 * dicts around the one picked apply too (a module's pool_config beside its per-environment timeouts), the picked
 * one's own winning where both set a field. Ranges are not checked here: the values go through the scenario
 * validator, which names any that are out of range.
 */
export function readPythonConfig(text: string, opts: { environment?: string | string[] } = {}): PythonConfigRead {
  const empty = { environment: [], environments: [], applied: [], ignored: [] };
  const parsed = parseTopDicts(text);
  if (!parsed.ok) return { ok: false, error: parsed.error, ...empty };
  if (parsed.dicts.length === 0) return { ok: false, error: 'expected a dict { … }', ...empty };
  const root = rootOf(parsed.dicts);
  const environments = findConfigs(root);
  if (environments.length === 0)
    return { ok: false, error: 'the dict holds none of the settings bootstorm reads (initialization_timeout, connection_timeout, pool_config, …)', ...empty };
  const want = opts.environment === undefined ? undefined : Array.isArray(opts.environment) ? opts.environment : [opts.environment];
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  let chosen: string[] | undefined;
  if (want) chosen = environments.find((p) => same(p, want)) ?? environments.find((p) => p[p.length - 1] === want[want.length - 1]);
  if (want && !chosen) return { ok: false, error: `no settings under ${JSON.stringify(want.join('.'))}: found ${environments.map((p) => JSON.stringify(p.join('.') || '(outer dict)')).join(', ')}`, ...empty, environments };
  const picked = chosen ?? environments.find((p) => p.length > 0 && p[p.length - 1].toLowerCase() === 'staging') ?? environments.find((p) => p.length === 0) ?? environments[0];

  const applied: AppliedSetting[] = [];
  const ignored: IgnoredSetting[] = [];
  const seen = new Map<string, string>(); // field → key that set it

  const take = (key: string, field: string, node: PyNode) => {
    const info = FIELDS.get(field);
    if (node.t !== 'num' || !Number.isFinite(node.v)) {
      const what =
        node.t === 'num' ? `${showNode(node)} is past the largest number (about 1.8e308)` : node.t === 'expr' ? `${showNode(node)} is not a literal number (nothing is evaluated)` : `${showNode(node)} is not a number`;
      // What would be taken instead: the field's range, as every other message about a value gives it.
      const bounds = info && rangeBounds(info.meta);
      const allowed = bounds ? `: ${info.meta.label} allows ${rangeText(bounds)}` : '';
      ignored.push({ key, value: showNode(node), reason: `${what}${allowed}` });
      return;
    }
    const prev = seen.get(field);
    if (prev) {
      ignored.push({ key, value: showNode(node), reason: `${info?.meta.label ?? field} is already set from ${prev}` });
      return;
    }
    seen.set(field, key);
    // SQLAlchemy reads max_overflow=-1 as "no limit": the largest the scenario allows stands for it.
    if (field === 'pool.maxOverflow' && node.v === -1 && info?.meta.max !== undefined) {
      applied.push({ key, field, label: info.meta.label, unit: info.meta.unit, value: info.meta.max, note: `-1 is SQLAlchemy's "no limit": read as ${info.meta.max}, the most the model allows` });
      return;
    }
    // Configs count retries either way: say which reading was taken.
    const retriesOnly = RETRIES_ONLY.has(key.slice(key.lastIndexOf('.') + 1).toLowerCase());
    const value = retriesOnly ? node.v + 1 : node.v;
    const note = retriesOnly
      ? `${node.text} retries after the first attempt: read as ${value} attempts`
      : field === 'retry.attempts' ? 'read as the total number of attempts, the first included (add 1 if yours counts retries only)' : undefined;
    applied.push({ key, field, label: info?.meta.label ?? field, unit: info?.meta.unit ?? '', value, ...(note ? { note } : {}) });
  };

  /** One dict's settings, keys read as `prefix` + key; dicts that are environments of their own are passed over. */
  const readDict = (cfg: Extract<PyNode, { t: 'dict' }>, path: string[]) => {
    const prefix = path.length ? `${path.join('.')}.` : '';
    const poolEntry = cfg.entries.find((e) => keyOf(e).toLowerCase() === 'pool_config');
    const poolTimeout =
      poolEntry?.value.t === 'dict' ? poolEntry.value.entries.find((e) => keyOf(e).toLowerCase() === 'pool_timeout' && e.value.t === 'num') : undefined;
    const readPool = (pool: PyEntry) => {
      if (pool.value.t !== 'dict') {
        ignored.push({ key: `${prefix}pool_config`, value: showNode(pool.value), reason: 'expected a dict' });
        return;
      }
      for (const e of pool.value.entries) {
        const k = keyOf(e);
        const full = `${prefix}pool_config.${k}`;
        const field = own(POOL_KEYS, k.toLowerCase());
        if (field) take(full, field, e.value);
        else ignored.push({ key: full, value: showNode(e.value), reason: notUnderstood(POOL_KEYS, k.toLowerCase()) });
      }
    };
    // In the order written; pool_config's pool_timeout is the pool's and wins over one outside it.
    for (const e of cfg.entries) {
      const k = keyOf(e);
      const lk = k.toLowerCase();
      const full = `${prefix}${k}`;
      if (lk === 'pool_config') {
        if (e === poolEntry) readPool(e);
        else ignored.push({ key: full, value: showNode(e.value), reason: 'a second pool_config: only the first is read' });
        continue;
      }
      const field = own(TOP_KEYS, lk);
      if (field) {
        if (lk === 'pool_timeout' && poolTimeout) {
          ignored.push({
            key: full,
            value: showNode(e.value),
            reason: `the pool's timeout is read from ${prefix}pool_config.pool_timeout (${showNode(poolTimeout.value)}); this one, outside pool_config, has no field of its own in the model`,
          });
          continue;
        }
        take(full, field, e.value);
      } else if (e.value.t === 'dict' && environments.some((p) => same(p, [...path, k]))) continue;
      else ignored.push({ key: full, value: showNode(e.value), reason: notUnderstood(TOP_KEYS, lk) });
    }
  };
  // The environment's own settings, then those of the dicts around it (shared settings, such as a module's pool_config
  // beside its per-environment timeouts), the nearest first: where two set one field, the environment's own wins.
  for (let depth = picked.length; depth >= 0; depth--) {
    const path = picked.slice(0, depth);
    const dict = at(root, path);
    if (dict?.t === 'dict' && (depth === picked.length || environments.some((p) => same(p, path)))) readDict(dict, path);
  }
  const within = (p: string[], q: string[]) => p.length <= q.length && same(q.slice(0, p.length), p);
  for (const p of environments)
    if (!within(p, picked) && !within(picked, p))
      ignored.push({ key: p.join('.') || '(outer dict)', value: '{…}', reason: 'another environment: not applied (choose it to apply it instead)' });
  if (applied.length === 0) return { ok: false, error: 'no setting could be applied', environment: picked, environments, applied, ignored };
  return { ok: true, environment: picked, environments, applied, ignored };
}
