import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import { FIELDS, getAt, setAt } from './catalogue';
import { READABLE_VERSIONS, SCENARIO_DEFAULTS, SCENARIO_VERSION, type Scenario } from './schema';
import { defaultsFor, type MigrationNote } from './migrate';
import { validateScenario, type ScenarioIssue } from './validate';

/**
 * A scenario in a URL fragment: `#s=<version>.<payload>`, payload = base64url(deflate(JSON of the fields
 * that differ from the defaults)). Defaults are left out so links stay short; the version in front lets an
 * old link be migrated. Decoding validates and never throws.
 */

/** Decoding refuses payloads that would inflate past this (a zip bomb in a link must not freeze the tab). */
export const MAX_LINK_JSON_BYTES = 256 * 1024;
export const MAX_LINK_PAYLOAD_CHARS = 16 * 1024;
/** Longest text decoding looks at (a whole URL with other parameters, percent-encoded): past it, not a link. */
export const MAX_LINK_TEXT_CHARS = 8 * MAX_LINK_PAYLOAD_CHARS;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObj = (x: unknown): x is { [k: string]: Json } => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * Only what differs from `base`: groups are diffed field by field; anything else whole — a distribution or a
 * start pattern (an object with a `kind`) too, since the schema reads it only whole.
 */
export function diffFromDefaults(value: Json, base: Json): Json | undefined {
  if (JSON.stringify(value) === JSON.stringify(base)) return undefined;
  if (!isObj(value) || !isObj(base) || 'kind' in value) return value;
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) {
    const d = diffFromDefaults(v, base[k] ?? null);
    if (d !== undefined) out[k] = d;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/**
 * Inflate `bytes`, stopping as soon as the output passes `cap` (a zip bomb costs a few hundred kilobytes, not
 * the ~1000× its size it would inflate to). Returns the bytes, or the size reached when it passed the cap.
 * Throws on data that is not deflate.
 */
function inflateCapped(bytes: Uint8Array, cap: number): Uint8Array | number {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflate = new Inflate((chunk) => {
    size += chunk.length;
    if (size <= cap) chunks.push(chunk.slice());
  });
  // Small steps: one step of deflate data inflates to at most ~1032 × its size.
  const STEP = 256;
  if (bytes.length === 0) inflate.push(bytes, true);
  for (let i = 0; i < bytes.length; i += STEP) {
    const end = Math.min(bytes.length, i + STEP);
    inflate.push(bytes.subarray(i, end), end === bytes.length);
    if (size > cap) return size;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * bootstorm 0.1.0's encoder wrote a distribution that kept its default kind as the changed parameters alone
 * (`{"median": 2}`), which the schema cannot read. Such links are out there: a distribution (or start pattern)
 * without a `kind` is completed from the default it was diffed against, the defaults of the link's version.
 */
function withWholeKinds(obj: Record<string, unknown>, defaults: Scenario): Record<string, unknown> {
  let out = obj;
  for (const f of FIELDS.values()) {
    if (!f.variants) continue;
    const v = getAt(out, f.path);
    const d = getAt(defaults, f.path);
    if (isObj(v) && !('kind' in v) && isObj(d)) out = setAt(out, f.path, { ...d, ...v });
  }
  return out;
}

/** The fragment value (without `#s=`) for a scenario. */
export function encodeScenario(s: Scenario): string {
  const diff = diffFromDefaults(s as unknown as Json, SCENARIO_DEFAULTS as unknown as Json) ?? {};
  const json = JSON.stringify({ ...(diff as object), version: s.version });
  return `${s.version}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`;
}

/**
 * A link's fragment, `s=2.xxxx`, with `&b=2.yyyy` for the baseline the scenario is compared with: as the dashboard
 * writes it and the CLI reads it. `encode` lets a caller reuse encodings it has cached.
 */
export function scenarioFragment(scenario: Scenario, baseline?: Scenario | null, encode: (s: Scenario) => string = encodeScenario): string {
  return `s=${encode(scenario)}${baseline ? `&b=${encode(baseline)}` : ''}`;
}

/** The share link of a scenario (and its baseline) on the page `base`. */
export function linkFor(base: string, scenario: Scenario, baseline?: Scenario | null, encode: (s: Scenario) => string = encodeScenario): string {
  return `${String(base).split('#')[0]}#${scenarioFragment(scenario, baseline, encode)}`;
}

/** `text` with its %-escapes decoded, or as it is where they do not decode. */
export function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A link's parameters (the first value of each key), and the keys given twice with different values. */
export class LinkParams extends Map<string, string> {
  /** Keys written more than once with different values (`s=2.aaa&s=2.bbb`): which one was meant cannot be told. */
  readonly conflicts = new Set<string>();
}

/** What a link's `key` given twice with different values is told: keep one. */
export function conflictMessage(key: string): string {
  return `the link holds ${key}= twice, with different values: which was meant cannot be told; keep one`;
}

/**
 * Fragment parameters: `s=…&b=…&view=…` (a whole URL is cut at its `#`). Read as a person would: a link that went
 * through a mail or chat tool may arrive percent-encoded (`s%3D2.…`), with a key in capitals or spaces around its
 * parts, and it is still the link that was sent. (The data itself is base64url: decoding and trimming cannot change it.)
 */
export function fragmentParams(text: string): LinkParams {
  // A link encoded twice or more (`s%253D2.…`: a chat tool encoding an encoded link) is undone to once: a link's own
  // text holds no `%` (its values are base64url or words), so every `%25` in it is an encoding of an encoding.
  let t = String(text);
  for (let i = 0; i < 4 && /%25/i.test(t); i++) t = t.replace(/%25/gi, '%');
  // A wholly percent-encoded link (`…%23s%3D2.…`) has its `#` encoded too.
  const s = !t.includes('#') && /%23/i.test(t) ? t.replace(/%23/gi, '#') : t;
  // An encoded `=` or `&` is read as one, and so is an HTML-escaped `&amp;`: a link's values are base64url, which
  // holds neither `%`, `;` nor these.
  const hash = (s.includes('#') ? s.slice(s.indexOf('#') + 1) : s).replace(/%3d/gi, '=').replace(/%26/gi, '&').replace(/&amp;/gi, '&');
  const out = new LinkParams();
  for (const part of hash.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = percentDecoded(part.slice(0, eq)).trim().toLowerCase();
    if (key === '') continue;
    // Punctuation a mail or a Markdown text put after the link (`<…>`, a full stop) is no part of base64url.
    const value = percentDecoded(part.slice(eq + 1)).trim().replace(/[>)\].,;:'"]+$/, '');
    if (!out.has(key)) out.set(key, value);
    else if (out.get(key) !== value) out.conflicts.add(key);
  }
  return out;
}

/** The parameters a bootstorm link is made of: the scenario, the baseline, the view, the What-if settings. */
const LINK_KEYS = ['s', 'b', 'view', 'x'];

/** Is `key` (as a tool may have spaced or capitalised it) one of a link's own parameters? */
export function isLinkKey(key: string): boolean {
  return LINK_KEYS.includes(key.trim().toLowerCase());
}

/**
 * Is this fragment a link to open, rather than a place on the page (`#f-wave-containers`) or another tool's
 * parameters (`#access_token=…`)? One of the link's own keys, however it was mangled on the way, makes it one; a
 * link without its scenario is then reported, not silently replaced.
 */
export function isAppFragment(text: string): boolean {
  return holdsLink(fragmentParams(text));
}

/** Do these parameters (fragmentParams, linkParams) hold one of a link's own keys? */
export function holdsLink(params: ReadonlyMap<string, string>): boolean {
  return [...params.keys()].some(isLinkKey);
}

/**
 * A link's parameters wherever a tool left them: in the fragment (`#s=…`), in the query when its `#` became a
 * `?` on the way (`http://…/?s=…`), or bare (`s=…&b=…`). What the CLI reads; the page reads its query itself.
 */
export function linkParams(text: string): LinkParams {
  const s = String(text);
  if (!s.includes('#') && s.includes('?')) {
    const query = fragmentParams(s.slice(s.indexOf('?') + 1));
    if (holdsLink(query)) return query;
  }
  return fragmentParams(s);
}


export type LinkDecode =
  | { ok: true; scenario: Scenario; notes?: MigrationNote[] }
  /** `data`: the scenario the link holds, when it was read whole and only validation refused it (salvage.ts can open the rest). */
  | { ok: false; issues: ScenarioIssue[]; data?: Record<string, unknown> };

const fail = (message: string, path = 'link'): LinkDecode => ({ ok: false, issues: [{ path, message }] });

/** Decode `2.xxxx`, or the scenario of a whole link or fragment as linkParams finds it. Never throws. */
export function decodeScenario(text: string): LinkDecode {
  try {
    return decode(text);
  } catch (e) {
    // Every step below reports its own failure; this is the last line of "never throws".
    return fail(`the link could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function decode(text: string): LinkDecode {
  if (typeof text !== 'string') return fail(`a link is text, not ${text === null ? 'null' : typeof text}`);
  if (text.length > MAX_LINK_TEXT_CHARS) return fail(`the link is too long (${text.length} characters, at most ${MAX_LINK_TEXT_CHARS})`);
  let value = text.trim();
  // A whole link or fragment rather than its data (which, being `<version>.<base64url>`, holds no `#`, `?`, `=` or
  // `%`): its scenario is read as the page and the CLI read it, however a tool mangled it.
  const params = /[#?=%]/.test(value) ? linkParams(value) : null;
  if (params && (holdsLink(params) || value.includes('#'))) {
    if (params.conflicts.has('s')) return fail(conflictMessage('s'));
    const s = params.get('s');
    if (s === undefined) return fail('the link holds no scenario (expected #s=<version>.<data>)');
    value = s;
  }
  try {
    value = decodeURIComponent(value);
  } catch {
    return fail('the link is not valid URL text');
  }
  if (value === '') return fail("the link's scenario is empty: expected s=<version>.<data> (the link was cut off, or copied without it)");
  // A bare version (`#s=2.` loses its dot as trailing punctuation) is a version with no data after it.
  const dot = /^\d{1,3}$/.test(value) ? value.length : value.indexOf('.');
  if (dot < 0) return fail('the link is damaged: expected <version>.<data>');
  const version = Number(value.slice(0, dot));
  if (!Number.isInteger(version) || version < 1 || version > SCENARIO_VERSION) {
    // A version above ours comes from a newer bootstorm: say so, as that is what the reader can act on.
    const newer = Number.isInteger(version) && version > SCENARIO_VERSION ? ': the link was made by a newer bootstorm' : '';
    return fail(`${JSON.stringify(value.slice(0, Math.min(dot, 12)))} is not a scenario version this bootstorm reads (it reads ${READABLE_VERSIONS})${newer}`, 'version');
  }
  // Spaces and line breaks a mail or chat tool put in when it wrapped the link: base64url never holds any.
  const payload = value.slice(dot + 1).replace(/\s+/g, '');
  if (payload === '') return fail('the link is truncated: it has no data after its version');
  if (payload.length > MAX_LINK_PAYLOAD_CHARS) return fail(`the link's data is too long (${payload.length} characters, at most ${MAX_LINK_PAYLOAD_CHARS})`);
  // Which damage it is: a character a tool added or changed, or the end cut off (a length base64 never has).
  const foreign = /[^A-Za-z0-9_-]/.exec(payload);
  if (foreign) return fail(`the link is damaged: its data holds ${JSON.stringify(foreign[0])} at character ${foreign.index + 1}, which base64url never uses (only A–Z, a–z, 0–9, - and _)`);
  if (payload.length % 4 === 1) return fail('the link is truncated or damaged: its data stops part-way through a character');
  const bytes = fromBase64Url(payload);
  if (!bytes) return fail('the link is damaged: its data is not base64url text');
  let json: string;
  try {
    const inflated = inflateCapped(bytes, MAX_LINK_JSON_BYTES);
    if (typeof inflated === 'number') return fail(`the link expands to too much data (more than ${MAX_LINK_JSON_BYTES} bytes)`);
    json = strFromU8(inflated);
  } catch {
    return fail('the link is damaged or truncated: its data does not decompress');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return fail('the link is damaged: its data is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return fail('the link does not hold a scenario object');
  const obj = parsed as Record<string, unknown>;
  if (obj.version === undefined) return fail(`the link's data has no version (the version in front says ${version})`, 'version');
  if (obj.version !== version) return fail(`the version in front (${version}) does not match the data's (${JSON.stringify(obj.version)})`, 'version');
  // Validation migrates the completed scenario to the current version, with its notes.
  const data = withWholeKinds(obj, defaultsFor(version));
  const v = validateScenario(data);
  return v.ok ? v : { ...v, data };
}
