import * as z from 'zod';
import { checkExplore, EXPLORE_DEFAULT, EXPLORE_KINDS, type ExploreDraft, type ExploreIssue, type ExploreKind } from './exploreSettings';

/**
 * The exploration settings in the URL fragment, beside the scenario: `#s=…&x=<base64url(JSON)>`. The JSON is
 * `{ v: 1, kind, <kind>: {…its settings}, precision?: {…} }`: only the active kind (and the replication policy
 * when it uses one), so links stay short. Decoding never throws: the shape is checked by a zod schema, then the
 * values by the same checks as the form (fields, ranges, steps, targets); anything wrong is refused with
 * messages that name the entry, and nothing of it is applied.
 */

export const EXPLORE_PARAM = 'x';
export const EXPLORE_LINK_VERSION = 1;
/** Longest `x` value accepted (a sane link is a few hundred characters). */
export const MAX_EXPLORE_PARAM_CHARS = 4096;

// A number, or text: a wrong value is refused by checkExplore, whose messages name the entry and its range (zod's would
// say only "Invalid input"). Any other JSON value (true, null, a list) reaches it as its text, to be refused there too.
const num = z.unknown().transform((v): number | string => (typeof v === 'number' ? v : typeof v === 'string' ? v.slice(0, 40) : v === undefined ? '' : String(JSON.stringify(v)).slice(0, 40)));
/** A group of settings that says which keys it does not know, in words (zod: "Unrecognized key"). */
const strict = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `${iss.keys.map((k) => JSON.stringify(k)).join(', ')} ${iss.keys.length === 1 ? 'is no setting' : 'are no settings'} of an exploration (the link may have been edited)` : undefined),
  });
const axis = strict({ field: z.string().max(80), from: num, to: num, steps: num, scale: z.enum(['linear', 'log']) });
const precision = strict({
  mode: z.enum(['fixed', 'adaptive']),
  /** null: the scenario's own replications. */
  replications: num.nullable(),
  halfWidthPts: num,
  maxReplications: num,
});

const payloadSchema = strict({
  v: z.literal(EXPLORE_LINK_VERSION),
  kind: z.enum(EXPLORE_KINDS as [ExploreKind, ...ExploreKind[]]),
  sweep: strict({ axis, metric: z.string().max(80) }).optional(),
  heatmap: strict({ x: axis, y: axis, targetPct: num }).optional(),
  solve: strict({
    field: z.string().max(80),
    direction: z.enum(['min', 'max']),
    targetPct: num,
    from: num,
    to: num,
    initialReplications: num,
    maxReplications: num,
    budget: num,
  }).optional(),
  sensitivity: strict({ stepPct: num, metric: z.string().max(80) }).optional(),
  precision: precision.optional(),
}).superRefine((p, ctx) => {
  if (p.kind !== 'precision' && p[p.kind] === undefined) ctx.addIssue({ code: 'custom', path: [p.kind], message: `the ${p.kind} settings are missing` });
  if (usesPolicy(p.kind) && p.precision === undefined) ctx.addIssue({ code: 'custom', path: ['precision'], message: 'the replication settings are missing' });
});

export type ExplorePayload = z.infer<typeof payloadSchema>;

/** A value of the wrong kind in words, as the scenario's messages say it (zod's own: "Invalid option: expected one of …"). */
function shapeMessage(iss: z.core.$ZodRawIssue): string | undefined {
  const shown = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 40);
  if (iss.code === 'invalid_value') return `${shown(iss.input)} is not allowed: choose one of ${iss.values.map((v) => String(v)).join(', ')}`;
  if (iss.code === 'invalid_type') return iss.input === undefined ? `is required (${iss.expected})` : `${shown(iss.input)} is not valid: expected ${iss.expected}`;
  if (iss.code === 'too_big' && iss.origin === 'string') return `is too long: at most ${String(iss.maximum)} characters`;
  return undefined;
}

/** Kinds whose runs take a replication policy (fixed or adaptive). */
const usesPolicy = (k: ExploreKind) => k !== 'solve';

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The payload of a (valid) draft: the active kind's settings, and the replication policy where it is used. */
export function explorePayload(d: ExploreDraft): ExplorePayload {
  const p: ExplorePayload = { v: EXPLORE_LINK_VERSION, kind: d.kind };
  if (d.kind !== 'precision') (p as Record<string, unknown>)[d.kind] = d[d.kind];
  if (usesPolicy(d.kind)) {
    const { mode, replications, halfWidthPts, maxReplications } = d.precision;
    // The entries of the mode not in use are not checked: a mistyped one is linked as its default.
    const d0 = EXPLORE_DEFAULT.precision;
    const n = (v: unknown, dflt: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : (dflt as number));
    p.precision = {
      mode,
      replications: replications === '' || (mode === 'adaptive' && typeof replications !== 'number') ? null : n(replications, null),
      halfWidthPts: n(halfWidthPts, d0.halfWidthPts),
      maxReplications: n(maxReplications, d0.maxReplications),
    };
  }
  return p;
}

/**
 * The `x` parameter's value for a draft, or null when the draft has problems (the link then keeps the last
 * good settings; see the store).
 */
export function encodeExplore(d: ExploreDraft): string | null {
  if (!checkExplore(d).ok) return null;
  return toBase64Url(JSON.stringify(explorePayload(d)));
}

export type ExploreDecode = { ok: true; draft: ExploreDraft } | { ok: false; issues: ExploreIssue[] };

const pathOf = (path: ReadonlyArray<PropertyKey>) => path.map(String).join('.');

/**
 * Read an `x` parameter: a draft (the link's kind and settings over the defaults for the other kinds), or the
 * problems with it. Never throws.
 */
export function decodeExplore(raw: string): ExploreDecode {
  const text = String(raw);
  const fail = (message: string, path = ''): ExploreDecode => ({ ok: false, issues: [{ path, message }] });
  if (text.length > MAX_EXPLORE_PARAM_CHARS) return fail(`the exploration settings are too long (${text.length} characters, at most ${MAX_EXPLORE_PARAM_CHARS})`);
  const json = fromBase64Url(text);
  if (json === null) return fail('the exploration settings are not readable (expected base64url text): the link may have been cut or edited');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return fail('the exploration settings are not valid JSON: the link may have been cut or edited');
  }
  if (value !== null && typeof value === 'object' && 'v' in value && (value as { v: unknown }).v !== EXPLORE_LINK_VERSION)
    return fail(`version ${JSON.stringify((value as { v: unknown }).v)} of the exploration settings is not known here (this page reads version ${EXPLORE_LINK_VERSION})`, 'v');
  const parsed = payloadSchema.safeParse(value, { error: shapeMessage });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message })) };
  const p = parsed.data;
  const draft: ExploreDraft = {
    ...structuredClone(EXPLORE_DEFAULT),
    kind: p.kind,
    ...(p.sweep ? { sweep: { ...p.sweep, metric: p.sweep.metric as ExploreDraft['sweep']['metric'] } } : {}),
    ...(p.heatmap ? { heatmap: p.heatmap } : {}),
    ...(p.solve ? { solve: p.solve } : {}),
    ...(p.sensitivity ? { sensitivity: { ...p.sensitivity, metric: p.sensitivity.metric as ExploreDraft['sensitivity']['metric'] } } : {}),
    ...(p.precision ? { precision: { ...p.precision, replications: p.precision.replications ?? '' } } : {}),
  };
  const c = checkExplore(draft);
  if (!c.ok) return { ok: false, issues: c.issues };
  return { ok: true, draft };
}
