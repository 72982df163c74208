/** canonicalJson + FNV-1a 64 (sim-core/results/hash.ts): the fingerprint of scenarios and aggregates in part files. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64, hashJson } from '../../sim-core/results/hash';

/** The definition, with BigInt: h = offset; for each UTF-8 byte b: h = (h ^ b) × prime mod 2^64. */
function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  it('matches the published test vectors (FNV reference page: "", "a", "foobar")', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('equals the BigInt definition over UTF-8 for any string, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(fnv1a64(s)).toBe(reference(s));
    }), { numRuns: 300 });
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe('{"a":{"d":[1,{"e":3,"f":2}]},"b":1}');
  });

  it('does not depend on key order, and round-trips through JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const reordered = JSON.parse(JSON.stringify(v, (_k, x) =>
          x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).reverse()) : x));
        expect(hashJson(reordered)).toBe(hashJson(v));
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 200 },
    );
  });
});
