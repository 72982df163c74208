/**
 * QueuePool waits (sqlalchemy/pool/impl.py): past pool_size + max_overflow a checkout waits for a returned
 * connection for at most pool_timeout, which never bounds opening one. The startup connections are held
 * until all are open, so nothing is returned during Phase 3. Constant base: tests/helpers/scenario.ts
 * (Phase 3 at 3 s, handshake 0.125 s on 1 vCPU); pool_size 1 + max_overflow 1 = 2, 4 connections wanted.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';
import { expectTime, handScenario, recordsOf } from '../helpers/scenario';

const wants4 = (opening: 'concurrent' | 'serial', poolTimeout: number) =>
  handScenario({ phase3: { lazyConnections: 4, opening }, pool: { poolSize: 1, maxOverflow: 1, poolTimeout } });

describe('pool_timeout shorter than the initialization timeout', () => {
  it('concurrent: two openers connect, two wait and time out at exactly pool_timeout', () => {
    // computed by hand: the waiters queue at 3 s and give up at 3 + 5 = 8 s: pool_timeout, Phase 3 = 5 s.
    const r = runReplication(wants4('concurrent', 5), 0, true);
    const [rec] = recordsOf(r.records, 0);
    expect(rec.outcome).toBe('pool_timeout');
    expectTime(rec.phase3Duration, 5);
    expect(rec.connectionsHeld).toBe(2);
    expect(r.peakPoolWaiters).toBe(2);
    expect(r.failures.pool_timeout).toBe(1);
  });

  it('serial: the third checkout starts waiting when the second connection is open', () => {
    // computed by hand: connections open at 3.125 and 3.25; the third checkout waits 3.25–8.25: 5.25 s.
    const r = runReplication(wants4('serial', 5), 0, true);
    const [rec] = recordsOf(r.records, 0);
    expect(rec.outcome).toBe('pool_timeout');
    expectTime(rec.phase3Duration, 5.25);
    expect(r.peakPoolWaiters).toBe(1);
  });
});

describe("pool_timeout longer than the initialization timeout (the incident's 90 s > 75 s)", () => {
  it('the pool never times out: the initialization timeout fires first, at exactly 75 s', () => {
    for (const opening of ['concurrent', 'serial'] as const) {
      const s = wants4(opening, 90);
      expect(scenarioWarnings(s).map((w) => w.id)).toContain('pool-timeout-never-fires');
      const r = runReplication(s, 0, true);
      const [rec] = recordsOf(r.records, 0);
      expect(rec.outcome).toBe('init_timeout');
      expectTime(rec.phase3Duration, 75);
      expect(r.failures.pool_timeout).toBe(0);
    }
  });
});

describe('a pool wait that ends exactly at the initialization deadline', () => {
  it('is an init_timeout: the outer timeout wins ties, as it does for connect attempts and table setup', () => {
    // computed by hand: Phase 3 starts at 3 s, so the initialization deadline is 78 s. Concurrent: the waiters
    // queue at 3 s with pool_timeout 75 s; serial: the third checkout queues at 3.25 s with 74.75 s. Both end at 78 s.
    for (const [opening, poolTimeout] of [['concurrent', 75], ['serial', 74.75]] as const) {
      const r = runReplication(wants4(opening, poolTimeout), 0, true);
      const [rec] = recordsOf(r.records, 0);
      expect(rec.outcome, opening).toBe('init_timeout');
      expectTime(rec.phase3Duration, 75);
      expect(r.failures.pool_timeout).toBe(0);
    }
  });
});

describe('within pool_size + max_overflow nobody waits', () => {
  it('two connections of a 1 + 1 pool open without a wait; the overflow one is closed when returned', () => {
    // computed by hand: handshakes end at 0.125 and 0.25 s, then table setup + health check: 3.75 s. After
    // startup the overflow connection goes back beyond pool_size and is closed: 1 held.
    const s = handScenario({ phase3: { lazyConnections: 2 }, pool: { poolSize: 1, maxOverflow: 1, poolTimeout: 5 } });
    const r = runReplication(s, 0, true);
    const [rec] = recordsOf(r.records, 0);
    expect(rec.outcome).toBe('healthy');
    expectTime(rec.phase3Duration, 3.75);
    expect(rec.connectionsHeld).toBe(1);
    expect(r.peakPoolWaiters).toBe(0);
    expect(r.peakCloudSqlConnections).toBe(2);
  });
});

describe('more startup connections than the pool allows', () => {
  it('is warned about before the run, naming the three fields, and every such start fails as warned', () => {
    for (const opening of ['concurrent', 'serial'] as const) {
      const s = wants4(opening, 5);
      const w = scenarioWarnings(s).find((x) => x.id === 'startup-exceeds-pool');
      expect(w?.message).toBe(
        `Each start checks out 4 connections${opening === 'serial' ? ' one after another' : ' at once'} and holds them until the last is open, but its pool allows at most pool_size 1 + max_overflow 1 = 2: the rest wait for a connection that is never returned, so every start fails (pool_timeout, or the initialization timeout).`,
      );
      expect(w?.fields).toEqual(['phase3.lazyConnections', 'pool.poolSize', 'pool.maxOverflow']);
      expect(runReplication(s, 0, false).breaches).toBe(1);
    }
  });

  it('is not warned about when the pool has room, as in every preset', () => {
    const fits = handScenario({ phase3: { lazyConnections: 2 }, pool: { poolSize: 1, maxOverflow: 1 } });
    expect(scenarioWarnings(fits).map((x) => x.id)).not.toContain('startup-exceeds-pool');
    expect(runReplication(fits, 0, false).breaches).toBe(0);
  });
});

describe('a pool_timeout equal to the initialization timeout', () => {
  it('cannot fire first either (the outer timeout wins the tie): warned about', () => {
    const s = handScenario({ pool: { poolTimeout: 75 }, timeouts: { initialization: 75 } });
    expect(scenarioWarnings(s).map((w) => w.id)).toContain('pool-timeout-never-fires');
  });
});
