/**
 * Keys written twice in a hand-edited JSON file: JSON.parse keeps the last one silently, so the scenario readers
 * (CLI and dashboard) ask duplicateKeys first. It must find every duplicate, at the path validation would name,
 * and nothing in any text without one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKeys, duplicateKeyText } from '../../sim-core/scenario/json';

describe('duplicateKeys', () => {
  it('names each duplicated key by its dotted path and the lines it is written on', () => {
    const text = '{"version": 2,\n "pool": {"poolSize": 5,\n  "poolSize": 10, "note": "a\\"b,{\\"poolSize\\": 1"},\n "phases": [{"d": 1}, {"d": 2, "d": 3, "d": 4}],\n "version": 3}';
    JSON.parse(text); // valid JSON, which is all duplicateKeys reads
    expect(duplicateKeys(text).map(duplicateKeyText)).toEqual([
      '"version" is written twice (lines 1 and 5)',
      '"pool.poolSize" is written twice (lines 2 and 3)',
      '"phases.1.d" is written 3 times (line 4)',
    ]);
  });

  it('compares keys as JSON.parse reads them (escapes decoded), and the same key in two objects is no duplicate', () => {
    expect(duplicateKeys('{"pool": 1, "\\u0070ool": 2}')).toEqual([{ path: 'pool', lines: [1, 1] }]);
    expect(duplicateKeys('{"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 2}]}')).toEqual([]);
  });

  it('finds nothing in any JSON.stringify output, whatever its values and indentation', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (v, indent) => {
        expect(duplicateKeys(JSON.stringify(v, null, indent))).toEqual([]);
      }),
    );
  });

  it('finds a key written again at the end of any object, at its path', () => {
    const objectArb = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 });
    fc.assert(
      fc.property(objectArb, fc.string({ maxLength: 6 }), (inner, outerKey) => {
        const key = Object.keys(inner)[0];
        const body = JSON.stringify(inner);
        // {"<outerKey>": {…inner…, "<key>": null}}: the last key of inner written twice.
        const text = `{${JSON.stringify(outerKey)}: ${body.slice(0, -1)}, ${JSON.stringify(key)}: null}}`;
        expect(duplicateKeys(text).map((d) => d.path)).toContain(`${outerKey}.${key}`);
      }),
    );
  });
});

describe('duplicateKeys on a deep nesting (a file of `[[[[…`, or objects inside objects, each with a duplicate)', () => {
  it('answers in linear time, and looks no deeper than any bootstorm file nests', () => {
    const deep = (n: number) => `{"version":2,"name":${'['.repeat(n)}${']'.repeat(n)}}`;
    // Each took minutes and all the memory before (a copy of the path per level); within the test's timeout now.
    expect(duplicateKeys(deep(200_000))).toEqual([]);
    // 80,000 nested objects each writing "a" twice: the scan stops 32 levels down, before any of them closes; such a
    // file is refused by validation (no scenario field nests like that), not for its duplicates.
    const nested = (n: number) => `{"x":${'{"a":1,"a":'.repeat(n)}1${'}'.repeat(n)}}`;
    expect(duplicateKeys(nested(80_000))).toEqual([]);
    // Within the scan depth, a duplicate 20 levels down is named at its path.
    expect(duplicateKeys(nested(20)).map((d) => d.path)[0]).toBe(['x', ...Array<string>(19).fill('a'), 'a'].join('.'));
  });
});
