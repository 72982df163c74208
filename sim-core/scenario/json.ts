/** Plain-JSON helpers for scenarios, shared by sim-core (migration) and the app's store. */
import { andList } from '../report/count';

/** An object that is not null or an array: a JSON object. */
export const isPlainObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Structural equality of plain JSON-like values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A key written more than once in one JSON object: its dotted path and the line of each occurrence. */
export interface DuplicateKey {
  path: string;
  lines: number[];
}

/** How deep duplicateKeys looks: a scenario nests 3 levels (phases.init.median), a results file a few more. */
const DUPLICATE_SCAN_DEPTH = 32;

/**
 * Keys written twice in one object of a JSON text (which JSON.parse accepts, keeping the last): a hand-edited
 * scenario with `"poolSize"` twice would otherwise run one of the two values without a word about the other. The text
 * must be valid JSON (parse it first); paths are dotted as in validation messages (`phases.2.duration`).
 *
 * @example duplicateKeys('{"pool": {"poolSize": 5,\n"poolSize": 10}}') // [{ path: 'pool.poolSize', lines: [1, 2] }]
 */
export function duplicateKeys(text: string): DuplicateKey[] {
  // Each open object or array holds its current key or index, not its path: the path of a duplicate is read off the
  // stack when its object closes (its ancestors' current keys lead to it), so a deep nesting costs linear time, not
  // a copy of the path per level (200,000 levels of `[` took minutes and all the memory). An empty key is a segment too.
  type Frame = { array: false; keys: Map<string, number[]>; key: string } | { array: true; index: number };
  const stack: Frame[] = [];
  const found: DuplicateKey[] = [];
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top !== undefined && !top.array) {
        // Decoded, so "a" and "\u0061" are the same key, as JSON.parse sees them.
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        top.key = key;
        const lines = top.keys.get(key);
        if (lines) lines.push(line);
        else top.keys.set(key, [line]);
        expectKey = false;
      }
      i = j; // a JSON string holds no raw line break
    } else if ((c === '{' || c === '[') && stack.length === DUPLICATE_SCAN_DEPTH) {
      // Deeper than any scenario nests: validation refuses what is down there, whatever its keys. (Scanned, 80,000
      // nested objects each with a duplicate would have 80,000 paths of up to 80,000 keys to report.)
      break;
    } else if (c === '{') {
      stack.push({ array: false, keys: new Map(), key: '' });
      expectKey = true;
    } else if (c === '[') stack.push({ array: true, index: 0 });
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else expectKey = true;
    } else if (c === '}' || c === ']') {
      const done = stack.pop();
      if (done && !done.array)
        for (const [key, lines] of done.keys)
          if (lines.length > 1) found.push({ path: [...stack.map((f) => (f.array ? String(f.index) : f.key)), key].join('.'), lines });
    }
  }
  return found.sort((a, b) => a.lines[0] - b.lines[0]);
}

/** Why a text with duplicate keys is refused, after its name. */
export const DUPLICATE_KEYS_TEXT = 'writes a key more than once, and JSON keeps only the last value of each (the other would be lost without a word)';

/** `"pool.poolSize" is written twice (lines 5 and 9)`: one line per duplicated key. */
export function duplicateKeyText(d: DuplicateKey): string {
  const times = d.lines.length === 2 ? 'twice' : `${d.lines.length} times`;
  const lines = new Set(d.lines).size === 1 ? `line ${d.lines[0]}` : `lines ${andList(d.lines.map(String))}`;
  return `"${d.path}" is written ${times} (${lines})`;
}

/** Line and column (from 1) of character `index` of `text`, as an editor counts them. */
function lineAndColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  return { line: before.split('\n').length, column: index - (before.lastIndexOf('\n') + 1) + 1 };
}

const NON_JSON_WORD = /^(?:NaN|Infinity|undefined)\b/;

/** The first index outside JSON strings in `text` where `at` holds, or -1. */
function firstOutsideStrings(text: string, at: (i: number) => boolean): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (at(i)) return i;
  }
  return -1;
}

/** Where the first NaN, Infinity or undefined beginning with `first` stands outside strings in `text`, if anywhere. */
function bareNonJsonWord(text: string, first: string): number {
  return firstOutsideStrings(text, (i) => text[i] === first && !/[\w$]/.test(text[i - 1] ?? '') && NON_JSON_WORD.test(text.slice(i, i + 10)));
}

/** "NaN at line 1, column 39 is not a JSON value: …", for the word at `index` (with its minus sign, if written). */
function nonJsonWordText(text: string, index: number): string {
  const start = text[index - 1] === '-' ? index - 1 : index;
  const word = text.slice(start, index) + NON_JSON_WORD.exec(text.slice(index, index + 10))![0];
  const at = lineAndColumn(text, start);
  return `${word} at line ${at.line}, column ${at.column} is not a JSON value: write a number (JSON has no NaN, Infinity or undefined)`;
}

/**
 * A JSON.parse error as a person fixing the file needs it: "… at position 45" → "… at line 3, column 29" (what an
 * editor shows), and a NaN, (-)Infinity or undefined (which JSON has no words for) named with its line and column.
 */
export function jsonErrorText(raw: string, text: string): string {
  return `${engineErrorText(raw, text)}${habitHint(text)}`;
}

/**
 * What JSON has no room for but hand-edited files often hold, which engines report only as an unexpected token: a
 * comment, or a comma before } or ] (JavaScript, JSON5 and YAML allow both). '' when the text holds neither.
 */
function habitHint(text: string): string {
  const comment = (i: number) => text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*');
  const trailingComma = (i: number) => text[i] === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 200));
  const i = firstOutsideStrings(text, (k) => comment(k) || trailingComma(k));
  if (i < 0) return '';
  const at = lineAndColumn(text, i);
  return comment(i)
    ? ` (JSON has no comments: remove the ${text.slice(i, i + 2)} at line ${at.line}, column ${at.column})`
    : ` (JSON allows no comma before } or ]: remove the one at line ${at.line}, column ${at.column})`;
}

function engineErrorText(raw: string, text: string): string {
  // The engine quotes the text around the error: its line breaks would split the one-line message, and control
  // characters (a binary file's) would reach a terminal as they are.
  const message = raw.replace(/\r?\n/g, '\\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // (Newer engines say "(line 3 column 28)" themselves.)
  if (/\bline \d+/.test(message)) return message;
  const m = / at position (\d+)/.exec(message);
  if (m) {
    const index = Number(m[1]);
    // "-Infinity", "-NaN": the engine stops after the minus sign.
    if (NON_JSON_WORD.test(text.slice(index, index + 10))) return nonJsonWordText(text, index);
    const at = lineAndColumn(text, index);
    return message.replace(m[0], ` at line ${at.line}, column ${at.column}`);
  }
  // No position: the engine names the character it did not expect; a NaN, Infinity or undefined beginning with it is
  // found by a scan (any other error is left as the engine wrote it).
  const first = /^Unexpected token '([NIu])'/.exec(message)?.[1];
  const index = first === undefined ? -1 : bareNonJsonWord(text, first);
  return index < 0 ? message : nonJsonWordText(text, index);
}
