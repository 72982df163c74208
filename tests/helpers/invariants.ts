/**
 * Invariant checks on the model's state, for property tests. They read existing state only: the pool's own
 * counters (wrapped, so every checkout of every attempt is seen) and the world at the horizon (through
 * runReplication's `inspect` hook).
 */
import { ConnectionPool } from '../../sim-core/model/pool';
import type { World } from '../../sim-core/model/world';
import { handshakesPerInstance } from '../../sim-core/scenario/capacity';

/** What the world looked like at the horizon, as plain numbers. */
export interface HorizonSnapshot {
  waveConnections: number;
  /** Connections established in the pools of the containers' current attempts. */
  pooled: number;
  /** Σ (reserved − established): connects in progress in the current pools. */
  connecting: number;
  connectorShared: boolean;
  connectorBusy: number;
  /** Handshakes in progress through the connector, and the most it sets up at once now (0: no limit). */
  connectorHandshaking: number;
  connectorHandshakeLimit: number;
  cpuInUse: number;
  cpuCapacity: number;
  poolWaiters: number;
  poolWaitersInPools: number;
  tableSetupsActive: number;
  problems: string[];
}

/** Checks one pool's counters against each other; returns what is wrong. */
export function poolProblems(p: ConnectionPool): string[] {
  const out: string[] = [];
  const say = (ok: boolean, what: string) => {
    if (!ok) out.push(`${what} (reserved ${p.reserved}, established ${p.established}, idle ${p.idle}, checked out ${p.checkedOut}, limit ${p.limit})`);
  };
  say(p.checkedOut >= 0 && p.idle >= 0 && p.established >= 0, 'negative count');
  say(p.checkedOut <= p.limit, 'checked out beyond pool_size + max_overflow');
  say(p.peakCheckedOut <= p.limit, 'peak checked out beyond pool_size + max_overflow');
  say(p.reserved <= p.limit, 'reserved beyond pool_size + max_overflow');
  say(p.established <= p.reserved, 'more established than reserved');
  say(p.idle <= p.poolSize, 'more idle than pool_size');
  say(p.established === p.idle + p.checkedOut, 'established ≠ idle + checked out');
  return out;
}

/**
 * Wrap the pool's state-changing methods so every call, in every attempt of every container, is followed
 * by a consistency check. Returns the problems seen and a function that undoes the wrapping.
 */
export function instrumentPools(): { problems: string[]; calls: () => number; restore: () => void } {
  const problems: string[] = [];
  let calls = 0;
  const proto = ConnectionPool.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const names = ['takeIdle', 'reserve', 'opened', 'openFailed', 'checkIn', 'closeAll', 'giveUp'] as const;
  const originals = names.map((n) => proto[n]);
  names.forEach((n, i) => {
    const original = originals[i];
    proto[n] = function (this: ConnectionPool, ...args: unknown[]) {
      const result = original.apply(this, args);
      calls++;
      for (const p of poolProblems(this)) if (problems.length < 20) problems.push(`after ${n}: ${p}`);
      return result;
    };
  });
  return {
    problems,
    calls: () => calls,
    restore: () => names.forEach((n, i) => (proto[n] = originals[i])),
  };
}

export function snapshot(world: World): HorizonSnapshot {
  let pooled = 0, connecting = 0, waiting = 0;
  const problems: string[] = [];
  for (const p of world.pools) {
    if (!p) continue;
    pooled += p.established;
    connecting += p.reserved - p.established;
    waiting += p.waiterCount;
    problems.push(...poolProblems(p));
  }
  return {
    waveConnections: world.cloudSql.waveConnections,
    pooled,
    connecting,
    connectorShared: world.connector.shared,
    connectorBusy: world.connector.busy,
    connectorHandshaking: world.connector.handshaking,
    connectorHandshakeLimit: world.connector.instances * handshakesPerInstance(world.scenario.connector),
    cpuInUse: world.cloudSql.cpu.inUse,
    cpuCapacity: world.cloudSql.cpu.capacity,
    poolWaiters: world.poolWaiters,
    poolWaitersInPools: waiting,
    tableSetupsActive: world.tableSetupsActive,
    problems,
  };
}

/** Every number in a JSON-like value, with its path. */
export function* numbersIn(value: unknown, path = '$'): Generator<[string, number]> {
  if (typeof value === 'number') yield [path, value];
  else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const a = value as ArrayLike<unknown>;
    for (let i = 0; i < a.length; i++) yield* numbersIn(a[i], `${path}[${i}]`);
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* numbersIn(v, `${path}.${k}`);
}
