/**
 * Scenario builders for the model tests: a deterministic base in which every duration is a constant, so a
 * storm's times can be computed by hand, and a validated merge of overrides onto it.
 */
import { expect } from 'vitest';
import type { StartRecord } from '../../sim-core/model/outcomes';
import type { Scenario } from '../../sim-core/scenario/schema';
import { formatIssues, validateScenario } from '../../sim-core/scenario/validate';

export const constant = (value: number) => ({ kind: 'constant' as const, value });

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deep merge; a distribution or a start pattern (an object with `kind`) is replaced whole, not merged. */
export function merge<T>(base: T, over: unknown): T {
  if (!isPlain(base) || !isPlain(over) || 'kind' in over) return (over === undefined ? base : over) as T;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out as T;
}

/** Validate or fail the test with the validator's own messages. */
export function scenarioOf(input: unknown): Scenario {
  const v = validateScenario(input);
  if (!v.ok) throw new Error(`invalid test scenario:\n${formatIssues(v.issues)}`);
  return v.scenario;
}

/**
 * The hand-computable base. Durations are dyadic fractions, so every sum below is exact in binary floating
 * point. Nothing random is left:
 * - phases 1, 2 = 1 s, 2 s (Phase 3 starts at t = 3 s); phases 4–7 = 0.5 + 0.25 + 0.125 + 0.125 = 1 s;
 * - Phase 3: lazy, 1 connection; table setup 3 s; health check 0.5 s; table-setup race probability 0;
 * - Cloud SQL: 1 vCPU, handshake 0.125 s, slowdownAtLimit 1 (no load-dependent slowdown), 100 − 3 usable;
 * - connector 'none' (no connector: no latency, no slot limit); its latency 0.25 s and latencyAtFullLoad 1
 *   (constant latency) apply when a test switches to serverless-vpc-access; no other connections on it;
 * - no connect retries, no restarts (a test that turns them on gets a limit of 10), no jitter; timeouts at the
 *   incident's values (75 / 35 / 25 / 20 s).
 */
export const HAND_BASE = {
  version: 2,
  simulation: { replications: 1, seed: 1, horizon: 600, detailReplication: 0 },
  wave: { containers: 1, pattern: { kind: 'all-at-once' }, jitter: 0, runningContainers: 0 },
  phases: {
    init: constant(1), dependencies: constant(2),
    cache: constant(0.5), services: constant(0.25), websocket: constant(0.125), finalize: constant(0.125),
  },
  phase3: {
    connectionMode: 'lazy', lazyConnections: 1, opening: 'concurrent',
    tableSetup: constant(3), tableSetupRace: 0, healthCheck: constant(0.5),
  },
  timeouts: { initialization: 75, connection: 35, tableSetup: 25, healthCheck: 20 },
  pool: { poolSize: 10, maxOverflow: 15, poolTimeout: 90 },
  retry: { policy: 'none' },
  connector: {
    mode: 'none', machineType: 'e2-micro', minInstances: 2, maxInstances: 10, connectionsPerInstance: 50,
    otherConnections: 0, handshakeLatency: constant(0.25), latencyAtFullLoad: 1, scaleOutThreshold: 0.7, scaleOutDelay: 30,
  },
  cloudSql: {
    maxConnections: 100, reservedConnections: 3, otherClients: 0, vcpus: 1,
    handshakeTime: constant(0.125), slowdownAtLimit: 1, releaseDelay: 0,
  },
  restart: { enabled: false, maxRestarts: 10 },
} as const;

/** Phase 3 starts at 1 + 2 = 3 s in HAND_BASE; phases 4–7 take 1 s together. */
export const P3_START = 3;
export const LATER_PHASES = 1;

export function handScenario(overrides: unknown = {}): Scenario {
  return scenarioOf(merge(HAND_BASE, overrides));
}

/** Exact-time assertion: the hand computations are exact, 9 digits leave room for nothing but rounding. */
export function expectTime(actual: number | null | undefined, expected: number): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeCloseTo(expected, 9);
}

/** Records of one container, in attempt order. */
export function recordsOf(records: readonly StartRecord[] | null, container: number): StartRecord[] {
  if (!records) throw new Error('no records: run the replication with keepDetail = true');
  return records.filter((r) => r.container === container);
}
