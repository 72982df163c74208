import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { FIELDS, setAt } from '../../sim-core/scenario/catalogue';
import { decodeScenario, encodeScenario, fragmentParams, isAppFragment, scenarioFragment, MAX_LINK_JSON_BYTES } from '../../sim-core/scenario/link';
import { PRESETS } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { validateScenario } from '../../sim-core/scenario/validate';

/** A link payload for arbitrary JSON (what a tampered or hand-made link holds). */
function payloadOf(json: unknown, version = 1): string {
  const bytes = deflateSync(strToU8(typeof json === 'string' ? json : JSON.stringify(json)));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `${version}.${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

const NUMBERS = [...FIELDS.values()].filter((f) => f.kind === 'number');
const ENUMS = [...FIELDS.values()].filter((f) => f.kind === 'enum');
const FLAGS = [...FIELDS.values()].filter((f) => f.kind === 'boolean');

/** A value inside a numeric field's range (whole numbers where the field wants them; never −0). */
function numberIn(f: (typeof NUMBERS)[number]) {
  const min = f.meta.min!;
  const max = f.meta.max!;
  if (f.meta.integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)).filter((x) => x >= min && x <= max && (min > 0 ? x > 0 || min === 0 : true));
}

/** Make the cross-field rules hold (the schema's superRefine), so every generated scenario is valid. */
function repair(s: Scenario): Scenario {
  const out = structuredClone(s);
  if (out.connector.maxInstances <= out.connector.minInstances) out.connector.maxInstances = Math.min(10, out.connector.minInstances + 1);
  if (out.connector.maxInstances <= out.connector.minInstances) out.connector.minInstances = out.connector.maxInstances - 1;
  if (out.retry.cap < out.retry.base) out.retry.cap = out.retry.base;
  if (out.simulation.detailReplication >= out.simulation.replications) out.simulation.detailReplication = out.simulation.replications - 1;
  if (out.cloudSql.reservedConnections >= out.cloudSql.maxConnections) out.cloudSql.reservedConnections = out.cloudSql.maxConnections - 1;
  return out;
}

/** Random valid scenarios: a preset with numeric fields moved within their ranges, enum choices, flags and a name. */
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    preset: fc.constantFrom(...PRESETS),
    numbers: fc.subarray(NUMBERS).chain((fs) => fc.tuple(...fs.map((f) => numberIn(f).map((v) => [f.path, v] as const)))),
    enums: fc.subarray(ENUMS).chain((fs) => fc.tuple(...fs.map((f) => fc.constantFrom(...f.options!.map((o) => o.value)).map((v) => [f.path, v] as const)))),
    flags: fc.subarray(FLAGS).chain((fs) => fc.tuple(...fs.map((f) => fc.boolean().map((v) => [f.path, v] as const)))),
    name: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: undefined }),
  })
  .map(({ preset, numbers, enums, flags, name }) => {
    let s: Scenario = structuredClone(preset.scenario);
    for (const [path, v] of [...numbers, ...enums, ...flags]) s = setAt(s, path, v);
    if (name !== undefined) s.name = name;
    else delete s.name;
    return repair(s);
  })
  .filter((s) => validateScenario(s).ok);

describe('scenario links: round trip', () => {
  it('scenario → link → scenario gives the same scenario, for random valid scenarios', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const v = validateScenario(s);
        expect(v.ok).toBe(true);
        const link = `https://example.test/bootstorm/#${scenarioFragment(s)}`;
        const d = decodeScenario(link);
        expect(d).toEqual({ ok: true, scenario: v.ok ? v.scenario : null });
        // and the encoding is stable: encode(decode(x)) = x
        if (d.ok) expect(encodeScenario(d.scenario)).toBe(encodeScenario(s));
      }),
      { numRuns: 300 },
    );
  });

  it('a whole link is read as the page reads it, wherever a mail or chat tool left its scenario', () => {
    const s = PRESETS[3].scenario;
    const data = encodeScenario(s);
    for (const text of [data, `s=${data}`, `#s=${data}`, `https://x.test/#view=compare&s=${data}`, `https://x.test/?s=${data}`, `https://x.test/%23s%3D${data}`, `<https://x.test/#s=${data}>.`]) {
      expect(decodeScenario(text), text).toEqual({ ok: true, scenario: s });
    }
    expect(decodeScenario('https://x.test/#view=compare')).toEqual({ ok: false, issues: [{ path: 'link', message: 'the link holds no scenario (expected #s=<version>.<data>)' }] });
  });

  it('a link encoded twice or three times (a chat tool encoding an encoded link) opens, and is one to open', () => {
    const s = PRESETS[3].scenario;
    const data = encodeScenario(s);
    const once = encodeURIComponent(`https://x.test/#s=${data}&view=report`);
    for (const text of [`https://x.test/#s%253D${data}`, encodeURIComponent(once), encodeURIComponent(encodeURIComponent(once))]) {
      expect(isAppFragment(text), text).toBe(true);
      expect(fragmentParams(text).get('s'), text).toBe(data);
      expect(decodeScenario(text), text).toEqual({ ok: true, scenario: s });
    }
    expect(fragmentParams(encodeURIComponent(once)).get('view')).toBe('report');
  });

  it('a link cut off right after its version says it is truncated', () => {
    for (const text of ['https://x.test/#s=2.', 'https://x.test/#s=2', '2.']) {
      expect(decodeScenario(text), text).toEqual({ ok: false, issues: [{ path: 'link', message: 'the link is truncated: it has no data after its version' }] });
    }
  });

  it('spaces and line breaks a mail or chat tool put into the data when it wrapped the link are no damage', () => {
    const data = encodeScenario(PRESETS[3].scenario);
    const wrapped = `${data.slice(0, 20)}\n  ${data.slice(20, 40)} ${data.slice(40)}`;
    for (const text of [`2.${wrapped.slice(2)}`, `https://x.test/#s=${wrapped}`, `https://x.test/#s=${data.slice(0, 30)}%20${data.slice(30)}`]) {
      const d = decodeScenario(text);
      expect(d.ok && d.scenario, text).toEqual(PRESETS[3].scenario);
    }
  });

  it("base64's = padding, which base64url never has, is named where it is, whole link or data alone", () => {
    const data = `${encodeScenario(PRESETS[3].scenario)}==`;
    for (const text of [data, `https://x.test/#s=${data}`]) {
      const d = decodeScenario(text);
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.issues[0].message).toMatch(/^the link is damaged: its data holds "=" at character \d+, which base64url never uses/);
    }
  });

  it('defaults are left out: the incident preset (the defaults) makes a short link', () => {
    expect(encodeScenario(PRESETS[0].scenario).length).toBeLessThan(100);
  });
});

/** Every decode of a damaged link: {ok:false}, issues with a path and a message, never a throw. */
function expectRefused(text: string) {
  let d: ReturnType<typeof decodeScenario>;
  expect(() => (d = decodeScenario(text))).not.toThrow();
  expect(d!.ok).toBe(false);
  const issues = d!.ok ? [] : d!.issues;
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    // '' is the scenario itself (e.g. an unknown top-level field, which the message names)
    expect(typeof i.path).toBe('string');
    expect(typeof i.message).toBe('string');
    expect(i.message.length).toBeGreaterThan(0);
    expect(i.message.length).toBeLessThan(400);
  }
  return issues;
}

describe('scenario links: damaged or tampered', () => {
  it('a truncated link is refused', () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (s, at) => {
        const full = encodeScenario(s);
        expectRefused(full.slice(0, Math.floor(at * full.length)));
      }),
      { numRuns: 200 },
    );
  });

  it('a link holding s= twice with different scenarios is refused, not opened as its first', () => {
    const [a, b] = [encodeScenario(PRESETS[0].scenario), encodeScenario(PRESETS[3].scenario)];
    expect(decodeScenario(`https://x.test/#s=${a}&s=${b}`)).toEqual({ ok: false, issues: [{ path: 'link', message: 'the link holds s= twice, with different values: which was meant cannot be told; keep one' }] });
    expect([...fragmentParams(`#s=${a}&b=${a}&b=${b}`).conflicts]).toEqual(['b']);
    // The same value twice (a link pasted after itself) is one scenario.
    expect(decodeScenario(`https://x.test/#s=${a}&s=${a}`).ok).toBe(true);
  });

  it('a link cut off part-way through a character says it is truncated', () => {
    const good = encodeScenario(PRESETS[3].scenario);
    const cut = good.slice(0, good.length - ((good.length - good.indexOf('.') - 1) % 4) - 3); // data length ≡ 1 (mod 4)
    expect(expectRefused(cut)[0].message).toBe('the link is truncated or damaged: its data stops part-way through a character');
  });

  it('a wrong or missing version is refused, naming "version"', () => {
    const good = encodeScenario(PRESETS[3].scenario);
    const payload = good.slice(good.indexOf('.') + 1);
    for (const v of ['3', '0', '-1', 'x', '', '99999999999999999999']) expect(expectRefused(`${v}.${payload}`).map((i) => i.path)).toEqual(['version']);
    expect(expectRefused(`1.5.${payload}`)[0].message).toMatch(/^the link is damaged: its data holds "\." at character 2, which base64url never uses/);
    // the version in front and the data's disagree
    expect(expectRefused(payloadOf({ version: 2 }, 1)).map((i) => i.path)).toEqual(['version']);
    const missing = expectRefused(payloadOf({ wave: { containers: 3 } }, 1));
    expect(missing.map((i) => i.path)).toEqual(['version']);
    expect(missing[0].message).toMatch(/the link's data has no version \(the version in front says 1\)/);
  });

  it('bad values are refused with every offending field named', () => {
    const issues = expectRefused(payloadOf({ version: 1, wave: { containers: 9000, jitter: -1 }, pool: { poolSize: 2.5 }, connector: { machineType: 'z9-mega' }, retry: { policy: 7 } }));
    expect(issues.map((i) => i.path).sort()).toEqual(['connector.machineType', 'pool.poolSize', 'retry.policy', 'wave.containers', 'wave.jitter']);
    expect(issues.find((i) => i.path === 'wave.containers')!.message).toMatch(/9000.*1–5000 containers/);
  });

  it('huge numbers are refused, named, and shown short', () => {
    const json = '{"version":1,"simulation":{"replications":1e308,"seed":1e999},"wave":{"containers":' + '9'.repeat(400) + '}}';
    const issues = expectRefused(payloadOf(json));
    expect([...new Set(issues.map((i) => i.path))].sort()).toEqual(['simulation.replications', 'simulation.seed', 'wave.containers']);
    for (const i of issues) expect(i.message.length).toBeLessThan(200);
    // a payload that inflates to too much, and one that is too long to be a link
    expectRefused(payloadOf(' '.repeat(MAX_LINK_JSON_BYTES + 10)));
    expectRefused(`1.${'A'.repeat(20_000)}`);
  });

  it('extra fields are refused, naming where they are', () => {
    const issues = expectRefused(payloadOf({ version: 1, admin: true, wave: { containers: 3, colour: 'red' } }));
    expect(issues.map((i) => i.path).sort()).toEqual(['', 'wave']);
    expect(issues.map((i) => i.message).join(' ')).toMatch(/unknown field "admin"/);
    expect(issues.map((i) => i.message).join(' ')).toMatch(/unknown field "colour"/);
  });

  it('text that looks like markup is only ever data: refused where it is not a value, kept as text in a name', () => {
    const markup = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const issues = expectRefused(payloadOf({ version: 1, wave: { containers: markup }, [markup]: 1 }));
    expect(issues.map((i) => i.path)).toContain('wave.containers');
    // the messages quote it as a JSON string (the page renders them as text)
    expect(issues.find((i) => i.path === 'wave.containers')!.message.startsWith('"<img')).toBe(true);
    const named = decodeScenario(payloadOf({ version: 1, name: markup }));
    expect(named.ok && named.scenario.name).toBe(markup);
    // markup around a link is not a link
    expectRefused(`<a href="#s=${encodeScenario(PRESETS[0].scenario)}">x</a>`.replace('#', '%23'));
  });

  it('random strings never throw and are never a scenario unless they are one', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string().map((x) => `1.${x}`), fc.string().map((x) => `#s=1.${x}`), fc.base64String().map((x) => `1.${x}`)), (text) => {
        let d: ReturnType<typeof decodeScenario> | undefined;
        expect(() => (d = decodeScenario(text))).not.toThrow();
        if (!d!.ok) for (const i of d!.issues) expect(typeof i.message).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('JSON that is not a scenario object is refused', () => {
    for (const j of ['null', '[]', '"text"', '42', 'true', '{"version":1,"wave":[]}', '{"version":1,"wave":null}']) expectRefused(payloadOf(j));
    expectRefused(payloadOf('{"version":1,'));
    expectRefused('1.%E0%A4%A'); // not URL text
  });
});
