/**
 * A stable fingerprint of plain JSON data, in pure JS (no Node, no DOM): the same value gives the same hash in
 * the CLI, a worker and the browser.
 *
 * `canonicalJson` writes object keys sorted (by UTF-16 code units, as `Array.prototype.sort` does), drops
 * `undefined` members as `JSON.stringify` does, and writes numbers and strings exactly as `JSON.stringify`
 * (which round-trips every double). `hashJson` is FNV-1a 64 over the UTF-8 bytes of that text.
 *
 * FNV-1a is a checksum, not a signature: it tells apart different scenarios and catches files edited or damaged
 * by accident (a chance collision is ~2^-64), but anyone can recompute it after a deliberate edit.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json | undefined };

/** @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}' */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    if (s === undefined) throw new TypeError(`canonicalJson: ${typeof value} is not JSON`);
    return s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as { [k: string]: Json | undefined };
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * FNV-1a 64 of a string's UTF-8 bytes, as 16 hex digits. The 64-bit state is kept in four 16-bit limbs so
 * every step is exact in 32-bit integer arithmetic (no BigInt in the loop).
 *
 * @example fnv1a64('') // 'cbf29ce484222325'
 * @example fnv1a64('a') // 'af63dc4c8601ec8c'
 */
export function fnv1a64(text: string): string {
  // Offset basis 0xcbf29ce484222325, low limb first.
  let h0 = 0x2325, h1 = 0x8422, h2 = 0x9ce4, h3 = 0xcbf2;
  // One byte: h ^= byte; h *= prime 0x100000001b3 = 2^40 + 0x1b3 (the 2^40 term shifts two limbs and 8 bits).
  // Every intermediate stays below 2^27, so the bit operations are exact.
  const step = (byte: number) => {
    h0 ^= byte;
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      step(c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate, as TextEncoder writes it
    if (c < 0x800) {
      step(0xc0 | (c >> 6));
      step(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      step(0xe0 | (c >> 12));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    } else {
      step(0xf0 | (c >> 18));
      step(0x80 | ((c >> 12) & 0x3f));
      step(0x80 | ((c >> 6) & 0x3f));
      step(0x80 | (c & 0x3f));
    }
  }
  const hex = (x: number) => x.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

/** `fnv1a64:<16 hex digits>` of the canonical JSON of a value. @example hashJson({ a: 1 }) === hashJson({ a: 1 }) */
export function hashJson(value: unknown): string {
  return `fnv1a64:${fnv1a64(canonicalJson(value))}`;
}
