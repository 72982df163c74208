/**
 * The connection budget: containers × pool_size above max_connections − reserved ⇒ Cloud SQL refuses the
 * connections beyond the usable limit with 53300 `too many clients`, after the full handshake (the limit is
 * checked after authentication). Constant base: tests/helpers/scenario.ts (Phase 3 at 3 s, h = 0.125 s,
 * 1 vCPU, table setup + health check 3.5 s); restarts disabled, so this is the first wave only.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { PRESETS } from '../../sim-core/scenario/presets';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';
import { expectTime, handScenario, recordsOf } from '../helpers/scenario';

const H = 0.125;

describe('one connection per container', () => {
  // 10 containers × pool_size 1 = 10 > 10 − 3 = 7 usable.
  const s = handScenario({
    wave: { containers: 10 },
    phase3: { connectionMode: 'warm-pool' },
    pool: { poolSize: 1 },
    cloudSql: { maxConnections: 10, reservedConnections: 3 },
  });
  const r = runReplication(s, 0, true);

  it('refuses exactly the connections beyond the usable limit', () => {
    // computed by hand: 10 − 7 = 3 refusals, one per container that does not fit.
    expect(r.refusedConnections).toBe(3);
    expect(r.failures.too_many_clients).toBe(3);
    expect(r.breaches).toBe(3);
    expect(r.starts).toBe(10);
    expect(r.peakCloudSqlConnections).toBe(7);
  });

  it('the refused are the last in the handshake queue, and they paid the whole handshake', () => {
    // Handshake k (FIFO, container k) ends at (k + 1)·h after Phase 3 starts; containers 7, 8, 9 are refused
    // computed by hand: at 8·0.125 = 1.0, 9·0.125 = 1.125, 10·0.125 = 1.25 s.
    for (let c = 0; c < 10; c++) {
      const [rec] = recordsOf(r.records, c);
      if (c < 7) {
        expect(rec.outcome).toBe('healthy');
        expectTime(rec.phase3Duration, (c + 1) * H + 3.5);
      } else {
        expect(rec.outcome).toBe('too_many_clients');
        expectTime(rec.phase3Duration, (c + 1) * H);
        expect(rec.connectionsHeld).toBe(0);
        expect(rec.phaseEnds).toHaveLength(2);
      }
    }
  });

  it('the budget warning names the overflow', () => {
    const w = scenarioWarnings(s).find((x) => x.id === 'connection-budget');
    // The warning uses pool_size + max_overflow: 10 × (1 + 15) = 160 > 7.
    expect(w?.message).toContain('= 160 exceeds the 7');
  });
});

describe("Cloud Run's 100 connections per instance (built-in Cloud SQL connection)", () => {
  const capWarning = (poolSize: number, maxOverflow: number) =>
    scenarioWarnings(handScenario({ pool: { poolSize, maxOverflow } })).find((x) => x.id === 'instance-connection-cap');

  it('is named when one container\'s pool may open more than 100, and not at 100', () => {
    expect(capWarning(50, 50)).toBeUndefined();
    const w = capWarning(60, 41);
    expect(w?.message).toMatch(/^pool_size 60 \+ max_overflow 41 = 101 connections per container, more than the 100 per instance/);
    expect(w?.message).toContain('does not apply that cap');
    expect(w?.fields).toEqual(['pool.poolSize', 'pool.maxOverflow']);
  });

  it('no preset comes near it', () => {
    for (const p of PRESETS) expect(scenarioWarnings(p.scenario).map((x) => x.id), p.id).not.toContain('instance-connection-cap');
  });
});

describe('warm pools of 5: 4 containers × 5 = 20 > 20 − 3 = 17 usable', () => {
  const fleet = (opening: 'concurrent' | 'serial') =>
    handScenario({
      wave: { containers: 4 },
      phase3: { connectionMode: 'warm-pool', opening },
      pool: { poolSize: 5 },
      cloudSql: { maxConnections: 20, reservedConnections: 3 },
    });

  it('concurrent opening: the first refusal fails the container and cancels its other connects', () => {
    // FIFO: containers 0–2 take handshakes 0–14; container 3 takes 15, 16, then handshake 17 is refused at
    // 18·h = 2.25 s. asyncio.gather raises at once: its 2 queued/in-flight connects die, so they are never
    // refused, and its 2 established connections are closed.
    // computed by hand: 1 refusal; containers 0–2 pass at (c + 1)·5·h + 3.5 = 4.125, 4.75, 5.375 s.
    const r = runReplication(fleet('concurrent'), 0, true);
    expect(r.refusedConnections).toBe(1);
    expect(r.failures.too_many_clients).toBe(1);
    expect(r.breaches).toBe(1);
    expect(r.peakCloudSqlConnections).toBe(17);
    for (let c = 0; c < 3; c++) expectTime(recordsOf(r.records, c)[0].phase3Duration, (c + 1) * 5 * H + 3.5);
    const [victim] = recordsOf(r.records, 3);
    expect(victim.outcome).toBe('too_many_clients');
    expectTime(victim.phase3Duration, 18 * H);
    expect(victim.connectionsHeld).toBe(2);
  });

  it('serial opening: containers take turns, and the one whose turn hits the limit fails', () => {
    // Handshake k belongs to container k mod 4. Handshakes 0–16 are admitted (17 = usable); handshake 17
    // (container 1's fifth) is refused at 18·h = 2.25 s, and container 1 closes its 4 connections, so
    // handshakes 18 (container 2) and 19 (container 3) fit again.
    // computed by hand: container 0 passes at 17·h + 3.5 = 5.625 s, container 2 at 19·h + 3.5 = 5.875 s,
    // container 3 at 20·h + 3.5 = 6.0 s; container 1 fails at 2.25 s holding 4.
    const r = runReplication(fleet('serial'), 0, true);
    expect(r.refusedConnections).toBe(1);
    expect(r.breaches).toBe(1);
    expectTime(recordsOf(r.records, 0)[0].phase3Duration, 5.625);
    expectTime(recordsOf(r.records, 2)[0].phase3Duration, 5.875);
    expectTime(recordsOf(r.records, 3)[0].phase3Duration, 6.0);
    const [victim] = recordsOf(r.records, 1);
    expect(victim.outcome).toBe('too_many_clients');
    expectTime(victim.phase3Duration, 18 * H);
    expect(victim.connectionsHeld).toBe(4);
  });

  it('within the budget (3 containers × 5 = 15 ≤ 17) nobody is refused', () => {
    const s = handScenario({
      wave: { containers: 3 },
      phase3: { connectionMode: 'warm-pool' },
      pool: { poolSize: 5 },
      cloudSql: { maxConnections: 20, reservedConnections: 3 },
    });
    const r = runReplication(s, 0, false);
    expect(r.refusedConnections).toBe(0);
    expect(r.breaches).toBe(0);
    expect(r.peakCloudSqlConnections).toBe(15);
  });
});

describe('the budget counts every client', () => {
  it('other clients take their share: 2 × (5 + 5) = 20 against 97 usable less 80 held = 17 is warned about', () => {
    const s = handScenario({ wave: { containers: 2 }, pool: { poolSize: 5, maxOverflow: 5 }, cloudSql: { otherClients: 80 } });
    expect(scenarioWarnings(s).map((w) => w.id)).toContain('connection-budget');
  });
});
