/**
 * Links and pasted text from chat: random byte strings, real links mutated or cut short, links inside junk
 * URLs, and zip bombs (a tiny link that inflates to megabytes of JSON) always decode to `{ ok: false }` with a
 * message — never an exception, never a hang, a bomb refused in milliseconds. The same for pasted Python configs
 * (sim-core/scenario/pythonConfig.ts): any text is read or refused without an exception.
 * (tests/ui/link.test.ts checks round trips and the common damage; this file pushes further.)
 */
import { deflateSync, strToU8 } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeScenario, encodeScenario, MAX_LINK_JSON_BYTES, MAX_LINK_PAYLOAD_CHARS, MAX_LINK_TEXT_CHARS } from '../../sim-core/scenario/link';
import { FIELDS } from '../../sim-core/scenario/catalogue';
import { MAX_PY_CHARS, readPythonConfig } from '../../sim-core/scenario/pythonConfig';
import { PRESETS } from '../../sim-core/scenario/presets';
import { scenarioInputArb } from '../helpers/arbitraries';
import { scenarioOf } from '../helpers/scenario';

const base64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const linkOf = (json: string, level: 0 | 9 = 9) => `1.${base64url(deflateSync(strToU8(json), { level }))}`;

/** Decode, timed; the result must be a refusal with messages, or a scenario. */
function decodeChecked(text: string): { ok: boolean; ms: number } {
  const t0 = performance.now();
  const d = decodeScenario(text);
  const ms = performance.now() - t0;
  if (!d.ok) {
    expect(d.issues.length).toBeGreaterThan(0);
    for (const i of d.issues) {
      expect(typeof i.path).toBe('string');
      expect(i.message.length).toBeGreaterThan(0);
    }
  }
  return { ok: d.ok, ms };
}

const links = PRESETS.map((p) => encodeScenario(p.scenario));

/** A real link, damaged one of many ways. */
const damagedArb = fc.oneof(
  fc.tuple(fc.constantFrom(...links), fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(([l, at, s]) => {
    const i = at % l.length;
    return l.slice(0, i) + s + l.slice(i + 1); // a character replaced
  }),
  fc.tuple(fc.constantFrom(...links), fc.nat()).map(([l, at]) => l.slice(0, at % l.length)), // cut short
  fc.tuple(fc.constantFrom(...links), fc.nat(), fc.nat(10)).map(([l, at, n]) => l.slice(0, at % l.length) + l.slice((at % l.length) + n + 1)), // bytes lost
  fc.tuple(fc.constantFrom(...links), fc.string({ maxLength: 20 })).map(([l, junk]) => `https://host/#s=${l}${junk}`),
  fc.tuple(fc.constantFrom(...links), fc.string({ maxLength: 20 })).map(([l, junk]) => `${junk}#s=${encodeURIComponent(l)}&b=${junk}`),
  fc.tuple(fc.constantFrom(...links), fc.integer({ min: -3, max: 99 })).map(([l, v]) => `${v}${l.slice(l.indexOf('.'))}`), // another version
  fc.tuple(fc.constantFrom(...links), fc.nat()).map(([l, at]) => {
    // one bit flipped inside the compressed data
    const bytes = Buffer.from(l.slice(2), 'base64url');
    bytes[at % bytes.length] ^= 1 << (at % 8);
    return `1.${base64url(bytes)}`;
  }),
);

describe('links from chat', () => {
  it('random text and bytes are refused with a message, quickly', () => {
    let n = 0;
    let slowest = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.uint8Array({ maxLength: 400 }).map((b) => `1.${base64url(b)}`),
          fc.uint8Array({ maxLength: 400 }).map((b) => `#s=1.${Buffer.from(b).toString('latin1')}`),
          fc.string({ unit: 'grapheme', maxLength: 100 }).map((s) => `s=${s}`),
        ),
        (text) => {
          const r = decodeChecked(text);
          slowest = Math.max(slowest, r.ms);
          expect(r.ok).toBe(false);
          n++;
        },
      ),
      { numRuns: 800, seed: 3_2026 },
    );
    console.log(`random text as links: ${n} cases refused; slowest ${slowest.toFixed(1)} ms`);
    expect(slowest).toBeLessThan(500);
  });

  it('damaged real links are refused with a message or still decode to a valid scenario, quickly', () => {
    let refused = 0;
    let valid = 0;
    let slowest = 0;
    fc.assert(
      fc.property(damagedArb, (text) => {
        const r = decodeChecked(text);
        slowest = Math.max(slowest, r.ms);
        if (r.ok) valid++;
        else refused++;
      }),
      { numRuns: 800, seed: 4_2026 },
    );
    console.log(`damaged links: ${refused + valid} cases, ${refused} refused with a message, ${valid} still a valid scenario; slowest ${slowest.toFixed(1)} ms`);
    expect(refused).toBeGreaterThan(valid);
    expect(slowest).toBeLessThan(500);
  });

  it('links of random valid scenarios wrapped in URLs decode to the same scenario', () => {
    let n = 0;
    fc.assert(
      fc.property(scenarioInputArb, fc.constantFrom('', 'https://bootstorm.example/#', 'https://x/?a=1#s='), (input, prefix) => {
        const s = scenarioOf(input);
        const fragment = prefix.endsWith('s=') ? encodeScenario(s) : prefix ? `s=${encodeScenario(s)}` : encodeScenario(s);
        const d = decodeScenario(`${prefix}${fragment}`);
        expect(d.ok && d.scenario).toEqual(s);
        n++;
      }),
      { numRuns: 100, seed: 5_2026 },
    );
    console.log(`links of random scenarios in URLs: ${n} cases decoded back`);
  });

  it('a zip bomb (megabytes of JSON in a link of a few kilobytes) is refused with the size, in milliseconds', () => {
    // Deflate shrinks runs ~1000:1: the most a link's data may hold inflates to about 12 MB.
    const bombs = [
      linkOf(`{"version":1,"name":"${' '.repeat(12_000_000)}"}`),
      linkOf(`{"version":1,"pad":[${'0,'.repeat(5_000_000)}0]}`),
      linkOf(`{"version":1,"name":"${'a'.repeat(MAX_LINK_JSON_BYTES)}"}`),
    ];
    for (const bomb of bombs) {
      expect(bomb.length).toBeLessThanOrEqual(MAX_LINK_PAYLOAD_CHARS + 2);
      const t0 = performance.now();
      const d = decodeScenario(bomb);
      const ms = performance.now() - t0;
      expect(d).toEqual({ ok: false, issues: [{ path: 'link', message: `the link expands to too much data (more than ${MAX_LINK_JSON_BYTES} bytes)` }] });
      expect(ms).toBeLessThan(200);
    }
    // Past the payload cap, and past the text cap, the data is not even inflated.
    expect(decodeScenario(`1.${'A'.repeat(MAX_LINK_PAYLOAD_CHARS + 1)}`)).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/too long/) }] });
    expect(decodeScenario('x'.repeat(MAX_LINK_TEXT_CHARS + 1))).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/too long/) }] });
    console.log(`zip bombs: ${bombs.length} refused by size`);
  });

  it('a distribution changed within its default kind survives the link (0.1.0 links, written without the kind, still open)', () => {
    const s = scenarioOf({ version: 1, phases: { init: { kind: 'lognormal', median: 2, p95: 4 } }, connector: { handshakeLatency: { kind: 'lognormal', median: 0.005, p95: 0.02, shift: 1 } } });
    expect(decodeScenario(encodeScenario(s))).toEqual({ ok: true, scenario: s });
    // What the old encoder wrote: only the parameters that differ from the default (lognormal 1.5 s, p95 4 s).
    const old = decodeScenario(linkOf(JSON.stringify({ version: 1, phases: { init: { median: 2 } } })));
    expect(old.ok && old.scenario.phases.init).toEqual({ kind: 'lognormal', median: 2, p95: 4 });
    // … and a wrong parameter in such a link is still named.
    const bad = decodeScenario(linkOf(JSON.stringify({ version: 1, phases: { init: { median: -2 } } })));
    expect(!bad.ok && bad.issues).toEqual([{ path: 'phases.init.median', message: '-2 is out of range: allowed above 0 and up to 3600 s' }]);
  });

  it('a value that is not text at all is refused, not thrown on', () => {
    for (const x of [null, undefined, 42, {}, [], Symbol('s'), { toString: () => { throw new Error('boom'); } }])
      expect(decodeScenario(x as unknown as string).ok).toBe(false);
  });
});

describe('pasted Python configs', () => {
  const INCIDENT = `database_timeout_config = {
    "staging": {
        "initialization_timeout": 75.0,   # was 45.0
        'connection_timeout': 35.0,
        "pool_config": {"pool_size": 10, "max_overflow": 15, "pool_timeout": 90.0, "cloud_sql_capacity_limit": 100,},
    },
}`;

  it('any text, and the incident config damaged at random, is read or refused without an exception, quickly', () => {
    let n = 0;
    let read = 0;
    let slowest = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          fc.tuple(fc.nat(), fc.nat(20), fc.string({ maxLength: 6 })).map(([at, del, ins]) => {
            const i = at % INCIDENT.length;
            return INCIDENT.slice(0, i) + ins + INCIDENT.slice(i + del);
          }),
          fc.nat(3000).map((d) => `${'{"a": '.repeat(d)}1${'}'.repeat(d)}`),
          fc.nat(3000).map((d) => `x = ${'['.repeat(d)}`),
        ),
        (text) => {
          const t0 = performance.now();
          const r = readPythonConfig(text);
          slowest = Math.max(slowest, performance.now() - t0);
          if (r.ok) read++;
          else expect(r.error!.length).toBeGreaterThan(0);
          for (const a of r.applied) {
            expect(Number.isFinite(a.value)).toBe(true);
            expect(FIELDS.has(a.field)).toBe(true);
          }
          n++;
        },
      ),
      { numRuns: 500, seed: 6_2026 },
    );
    console.log(`pasted configs: ${n} cases, ${read} read, ${n - read} refused with a message; slowest ${slowest.toFixed(1)} ms`);
    expect(slowest).toBeLessThan(500);
  });

  it('keys named like the properties of every object are no settings', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const r = readPythonConfig(`{"${key}": 5, "pool_config": {"${key}": 6}, "pool_size": 3}`);
      expect(r.applied.map((a) => a.field)).toEqual(['pool.poolSize']);
      expect(r.ignored.map((i) => i.key).sort()).toEqual([key, `pool_config.${key}`].sort());
    }
  });

  it('a text longer than the limit is refused before it is read', () => {
    const t0 = performance.now();
    const r = readPythonConfig(`x = {"pool_size": 1, "a": "${'z'.repeat(MAX_PY_CHARS)}"}`);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/too long/);
    expect(performance.now() - t0).toBeLessThan(100);
  });
});
