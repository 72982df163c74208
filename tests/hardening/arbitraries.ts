/**
 * fast-check arbitraries for the hardening tests, on top of tests/helpers/arbitraries.ts:
 * - `edgeScenarioArb`: valid scenarios at the edges of the schema's ranges. Every numeric field is drawn from
 *   its own range in the schema's metadata (catalogue.ts) — its minimum, its maximum, or anything between —
 *   except the fields that multiply the work (containers, connections, attempts, restarts, horizon), which stay
 *   small so a case takes milliseconds. Distributions take extreme shapes (a median of 5e-324 s with a p95 of an
 *   hour, an hour-long constant …). The cross-field rules are then satisfied by adjusting the dependent field.
 * - `junkArb`: values that are wrong almost anywhere: wrong types, non-finite and huge numbers, -0, long strings,
 *   arrays, null, deep nesting, objects with prototype-pollution keys.
 * - `mutate`: one random change to a JSON value at a random path (replace, delete, add a field).
 */
import fc from 'fast-check';
import { FIELDS, getAt, NUMERIC_FIELDS, setAt } from '../../sim-core/scenario/catalogue';

/** Fields that multiply a replication's events: drawn from small ranges, not the schema's. */
const WORK: Record<string, [number, number]> = {
  'simulation.replications': [1, 2],
  'simulation.horizon': [60, 1200],
  'simulation.detailReplication': [0, 1],
  'wave.containers': [1, 12],
  'wave.runningContainers': [0, 50],
  'phase3.lazyConnections': [1, 12],
  'pool.poolSize': [1, 12],
  'pool.maxOverflow': [0, 12],
  'retry.attempts': [1, 12],
  'restart.maxRestarts': [0, 40],
};

function numberArb(key: string): fc.Arbitrary<number> {
  const f = FIELDS.get(key)!;
  const [min, max] = WORK[key] ?? [f.meta.min!, f.meta.max!];
  const between = f.meta.integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.oneof({ arbitrary: fc.constantFrom(min, max), weight: 2 }, { arbitrary: between, weight: 1 });
}

const SECONDS = 3600;
const edge = fc.constantFrom(0, 1e-9, 0.001, 1, 60, SECONDS);
const positive = fc.constantFrom(5e-324, 1e-9, 0.001, 1, 60, SECONDS);
const shift = fc.option(edge, { nil: undefined });

/** A distribution of any kind with parameters at or near its bounds. */
export const edgeDistributionArb = fc.oneof(
  fc.record({ kind: fc.constant('constant' as const), value: edge }),
  fc.tuple(edge, edge, shift).map(([a, b, s]) => ({ kind: 'uniform' as const, min: Math.min(a, b), max: Math.max(a, b), ...(s === undefined ? {} : { shift: s }) })),
  fc.tuple(edge, shift).map(([mean, s]) => ({ kind: 'exponential' as const, mean, ...(s === undefined ? {} : { shift: s }) })),
  fc.tuple(edge, edge, shift).map(([mean, sd, s]) => ({ kind: 'normal' as const, mean, sd, ...(s === undefined ? {} : { shift: s }) })),
  fc.tuple(positive, positive, shift).map(([a, b, s]) => ({ kind: 'lognormal' as const, median: Math.min(a, b), p95: Math.max(a, b), ...(s === undefined ? {} : { shift: s }) })),
);

const edgePatternArb = fc.oneof(
  fc.constant({ kind: 'all-at-once' as const }),
  fc.record({ kind: fc.constant('batches' as const), size: fc.constantFrom(1, 2, 5000), interval: edge }),
  fc.record({ kind: fc.constant('ramp' as const), duration: edge }),
  fc.record({ kind: fc.constant('poisson' as const), rate: fc.constantFrom(5e-324, 0.001, 1, 1000) }),
);

const DISTRIBUTIONS = [...FIELDS.values()].filter((f) => f.kind === 'distribution').map((f) => f.key);
const ENUMS = [...FIELDS.values()].filter((f) => f.kind === 'enum');

/** Valid scenario inputs at the edges of the schema (see the module comment). */
export const edgeScenarioArb = fc
  .tuple(
    fc.tuple(...NUMERIC_FIELDS.map((f) => numberArb(f.key))),
    fc.tuple(...DISTRIBUTIONS.map(() => edgeDistributionArb)),
    fc.tuple(...ENUMS.map((f) => fc.constantFrom(...f.options!.map((o) => o.value)))),
    edgePatternArb,
    fc.boolean(),
  )
  .map(([numbers, distributions, enums, pattern, restart]) => {
    let s: Record<string, unknown> = { version: 1 };
    NUMERIC_FIELDS.forEach((f, i) => (s = setAt(s, f.path, numbers[i])));
    DISTRIBUTIONS.forEach((key, i) => (s = setAt(s, key.split('.'), distributions[i])));
    ENUMS.forEach((f, i) => (s = setAt(s, f.path, enums[i])));
    s = setAt(s, ['wave', 'pattern'], pattern);
    s = setAt(s, ['restart', 'enabled'], restart);
    // The cross-field rules, by moving the dependent field.
    const get = (key: string) => getAt(s, key.split('.')) as number;
    const set = (key: string, v: number) => (s = setAt(s, key.split('.'), v));
    if (get('connector.maxInstances') <= get('connector.minInstances')) set('connector.minInstances', get('connector.maxInstances') - 1);
    if (get('retry.cap') < get('retry.base')) set('retry.cap', get('retry.base'));
    if (get('restart.cap') < get('restart.initialBackoff')) set('restart.cap', get('restart.initialBackoff'));
    if (get('simulation.detailReplication') >= get('simulation.replications')) set('simulation.detailReplication', get('simulation.replications') - 1);
    if (get('cloudSql.reservedConnections') >= get('cloudSql.maxConnections')) set('cloudSql.reservedConnections', get('cloudSql.maxConnections') - 1);
    const usable = get('cloudSql.maxConnections') - get('cloudSql.reservedConnections');
    if (get('wave.runningContainers') * get('wave.runningConnectionsEach') > usable)
      set('wave.runningConnectionsEach', Math.floor(usable / Math.max(1, get('wave.runningContainers'))));
    set('cloudSql.otherClients', Math.min(get('cloudSql.otherClients'), usable - get('wave.runningContainers') * get('wave.runningConnectionsEach')));
    return s;
  });

/** A prototype-pollution attempt as JSON.parse builds it: `__proto__` as an own key. */
export const pollution = (): Record<string, unknown> => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":{"polluted":true}}');

/** Values that are wrong almost anywhere in a scenario or a results file. */
export const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, -0, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, -1, 0.5, 2 ** 53),
  fc.constantFrom(null, undefined, true, false, '', '12', 'NaN', '1e3', '__proto__'),
  fc.string({ maxLength: 20 }),
  fc.nat(2000).map((n) => 'x'.repeat(n * 50)), // up to 100,000 characters
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { maxLength: 5 }),
  fc.constant(null).map(() => pollution()),
  fc.nat(200).map((depth) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
    return v;
  }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxKeys: 4 }),
);

/** Every path to a value inside a JSON object (objects and arrays), the root excluded. */
export function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      pathsOf(v, p, out);
    }
  }
  return out;
}

export type Mutation =
  | { op: 'replace'; path: (string | number)[]; value: unknown }
  | { op: 'delete'; path: (string | number)[] }
  | { op: 'add'; path: (string | number)[]; key: string; value: unknown };

/** Apply a mutation to a deep copy of `value`. `__proto__` is set as an own key, the way JSON.parse sets it. */
export function mutate(value: unknown, m: Mutation): unknown {
  const copy = structuredClone(value);
  const parentPath = m.op === 'add' ? m.path : m.path.slice(0, -1);
  const parent = getAt(copy, parentPath);
  if (parent === null || typeof parent !== 'object') return copy;
  const key = m.op === 'add' ? m.key : m.path[m.path.length - 1];
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete (parent as Record<string | number, unknown>)[key];
  } else Object.defineProperty(parent, key, { value: m.value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A mutation of `value`: replace or delete a value at a random path, or add a field to a random object. */
export function mutationArb(value: unknown): fc.Arbitrary<Mutation> {
  const paths = pathsOf(value);
  const objects = [[], ...paths].filter((p) => {
    const v = getAt(value, p);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('replace' as const), path: fc.constantFrom(...paths), value: junkArb }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...paths) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('add' as const),
        path: fc.constantFrom(...objects),
        key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'extra'), fc.string({ maxLength: 6 })),
        value: junkArb,
      }),
    },
  );
}
