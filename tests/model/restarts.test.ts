/**
 * Exit code 3 and restart: a failed start waits initial·multiplier^k (capped) and starts over from Phase 1,
 * up to maxRestarts restarts, then the container is given up. Constant base (tests/helpers/scenario.ts):
 * phases 1–2 take 3 s, handshake 0.125 s. Table setup 30 s under its 25 s timeout fails every attempt
 * 3 + 0.125 + 25 = 28.125 s after it starts.
 */
import { describe, expect, it } from 'vitest';
import { ContainerState } from '../../sim-core/model/container';
import { GRID_INTERVALS, runReplication } from '../../sim-core/model/replication';
import { constant, expectTime, handScenario } from '../helpers/scenario';

const FAIL_AFTER = 28.125;
const failing = (restart: object, horizon = 300) =>
  handScenario({ simulation: { horizon }, phase3: { tableSetup: constant(30) }, restart: { enabled: true, ...restart } });

describe('a start that always fails', () => {
  const restart = { initialBackoff: 10, multiplier: 2, cap: 30, maxRestarts: 4 };
  const r = runReplication(failing(restart), 0, true);

  it('restarts after 10, 20, 30 (capped from 40), 30 (capped from 80) s, then gives up', () => {
    // computed by hand: attempt starts s₀ = 0, s₁ = 28.125 + 10 = 38.125, s₂ = 66.25 + 20 = 86.25,
    // s₃ = 114.375 + 30 = 144.375, s₄ = 172.5 + 30 = 202.5; attempt 4 fails at 230.625 and is the last.
    const starts = [0, 38.125, 86.25, 144.375, 202.5];
    expect(r.records).toHaveLength(5);
    r.records!.forEach((rec, k) => {
      expect(rec.attempt).toBe(k);
      expect(rec.outcome).toBe('table_setup_timeout');
      expectTime(rec.start, starts[k]);
      expectTime(rec.phase3End, starts[k] + FAIL_AFTER);
      expectTime(rec.phase3Duration, 25.125);
    });
  });

  it('counts: 5 starts, 5 breaches, 4 restarts, 1 first start', () => {
    expect(r.starts).toBe(5);
    expect(r.breaches).toBe(5);
    expect(r.failures.table_setup_timeout).toBe(5);
    expect(r.restarts).toBe(4);
    expect(r.firstStarts).toBe(1);
    expect(r.firstBreaches).toBe(1);
    expect(r.unfinished).toBe(0);
    expect(r.healthyAtHorizon).toBe(0);
  });

  it('the container ends given up', () => {
    expect(r.states[ContainerState.gaveUp][GRID_INTERVALS]).toBe(1);
    expect(r.states[ContainerState.healthy][GRID_INTERVALS]).toBe(0);
  });
});

describe('restart knobs', () => {
  it('restart disabled: one attempt, given up at once', () => {
    const r = runReplication(handScenario({ phase3: { tableSetup: constant(30) } }), 0, true);
    expect(r.records).toHaveLength(1);
    expect(r.restarts).toBe(0);
    expect(r.states[ContainerState.gaveUp][GRID_INTERVALS]).toBe(1);
  });

  it('maxRestarts 0 behaves as disabled', () => {
    const r = runReplication(failing({ maxRestarts: 0 }), 0, true);
    expect(r.records).toHaveLength(1);
    expect(r.restarts).toBe(0);
  });

  it('multiplier 1 restarts at a fixed interval', () => {
    // computed by hand: attempt k starts at k·(28.125 + 7) = 35.125·k; 2 restarts ⇒ 3 attempts.
    const r = runReplication(failing({ initialBackoff: 7, multiplier: 1, cap: 300, maxRestarts: 2 }), 0, true);
    expect(r.records!.map((x) => x.start)).toEqual([0, 35.125, 70.25]);
  });
});

describe('the horizon cuts an attempt short', () => {
  it('an attempt in Phase 3 at the horizon is unfinished: recorded, not counted as a start', () => {
    // computed by hand: attempt 1 starts at 38.125, its Phase 3 at 41.125, its table setup would time out
    // at 66.25 > horizon 60.
    const r = runReplication(failing({ initialBackoff: 10, multiplier: 2, cap: 300, maxRestarts: 4 }, 60), 0, true);
    expect(r.starts).toBe(1);
    expect(r.unfinished).toBe(1);
    expect(r.records).toHaveLength(2);
    const cut = r.records![1];
    expect(cut.outcome).toBe('unfinished');
    expect(cut.phase3Duration).toBeNull();
    expect(cut.phase3End).toBeNull();
    expectTime(cut.start, 38.125);
    expect(cut.connectionsHeld).toBe(1);
  });
});

describe('the horizon cuts a restart backoff short', () => {
  it('a container waiting out its backoff at the horizon has not restarted: the restart is not counted', () => {
    // computed by hand: attempt 0 fails at 28.125 and backs off 40 s, to 68.125; a 60 s horizon ends the
    // replication in the backoff; a 70 s one sees the restart begin (and cuts the new attempt short).
    const restart = { initialBackoff: 40, multiplier: 2, cap: 300, maxRestarts: 4 };
    const cut = runReplication(failing(restart, 60), 0, true);
    expect(cut.restarts).toBe(0);
    expect(cut.records).toHaveLength(1);
    expect(cut.states[ContainerState.restartBackoff][GRID_INTERVALS]).toBe(1);
    const begun = runReplication(failing(restart, 70), 0, true);
    expect(begun.restarts).toBe(1);
    expect(begun.records!.map((x) => x.outcome)).toEqual(['table_setup_timeout', 'unfinished']);
    expectTime(begun.records![1].start, 68.125);
  });
});
