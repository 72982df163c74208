/**
 * Invariants of the model on random valid scenarios (fast-check; ≤ 30 containers, ≤ 3 replications,
 * horizon ≤ 600 s; see tests/helpers/arbitraries.ts):
 * - Cloud SQL admits no connection at or beyond max_connections − reserved; the peak counts the background
 *   (other clients + running containers) too, which validation lets exceed the usable limit, so the bound
 *   the model guarantees is max(usable limit, background);
 * - no pool has more than pool_size + max_overflow checked out (or reserved), in any attempt;
 * - conservation at the horizon: connections established on Cloud SQL by the wave = those held in the
 *   containers' current pools + those of exited attempts still inside their release delay; the connector's
 *   slots = the same + its pre-existing connections + handshakes in flight, which stay within the per-instance
 *   handshake limit when there is one;
 * - counts are consistent (breaches ≤ starts, causes add up to breaches, records agree with counters,
 *   every grid point holds every container), every Phase 3 verdict comes within the initialization timeout;
 * - no NaN or infinity anywhere in the summary, counts non-negative, rates and intervals within [0, 1].
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FAILURE_CAUSES } from '../../sim-core/model/outcomes';
import { GRID_INTERVALS, runReplication, type ReplicationResult } from '../../sim-core/model/replication';
import { Aggregate } from '../../sim-core/results/aggregate';
import { summarize } from '../../sim-core/results/summary';
import { FIELDS, getAt } from '../../sim-core/scenario/catalogue';
import type { Scenario } from '../../sim-core/scenario/schema';
import { scenarioInputArb } from '../helpers/arbitraries';
import { instrumentPools, numbersIn, snapshot, type HorizonSnapshot } from '../helpers/invariants';
import { scenarioOf } from '../helpers/scenario';

const RUNS = 200;
const pools = instrumentPools();
afterAll(() => pools.restore());

let cases = 0;
let replications = 0;
let attempts = 0;

function checkReplication(s: Scenario, r: ReplicationResult, at: HorizonSnapshot): void {
  const n = s.wave.containers;
  const usable = s.cloudSql.maxConnections - s.cloudSql.reservedConnections;
  const background = s.cloudSql.otherClients + s.wave.runningContainers * s.wave.runningConnectionsEach;
  const records = r.records!;
  attempts += records.length;

  // Cloud SQL's limit.
  // The schema guarantees background ≤ usable, so the peak never passes the usable limit.
  expect(background).toBeLessThanOrEqual(usable);
  expect(r.peakCloudSqlConnections).toBeLessThanOrEqual(usable);
  expect(r.refusedConnections).toBeGreaterThanOrEqual(r.failures.too_many_clients);

  // Each record's end: the horizon cut it (none), it became healthy (its last phase), it exited at its Phase 3 verdict, or
  // the startup probe killed it at its deadline, in whatever phase.
  for (const x of records) {
    if (x.outcome === 'unfinished') {
      expect(x.end).toBeNull();
      continue;
    }
    expect(x.end!).toBeGreaterThanOrEqual(x.phaseEnds.at(-1) ?? x.start);
    expect(x.end!).toBeLessThanOrEqual(s.simulation.horizon);
    if (x.outcome === 'healthy') expect(x.end).toBe(x.phaseEnds[6]);
    else if (x.outcome === 'startup_probe') expect(x.end).toBeCloseTo(x.start + s.timeouts.startupProbe, 6);
    else expect(x.end).toBe(x.phase3End);
  }

  // Conservation at the horizon: a failed start's connections linger for the release delay after it ended (its exit,
  // or the probe's kill, which can come after Phase 3 passed).
  const lingering = records
    .filter((x) => x.outcome !== 'healthy' && x.outcome !== 'unfinished' && x.end! + s.cloudSql.releaseDelay > s.simulation.horizon)
    .reduce((sum, x) => sum + x.connectionsHeld, 0);
  expect(at.problems).toEqual([]);
  expect(at.waveConnections).toBe(at.pooled + lingering);
  expect(at.cpuInUse).toBeGreaterThanOrEqual(0);
  expect(at.cpuInUse).toBeLessThanOrEqual(at.cpuCapacity);
  expect(at.poolWaiters).toBe(at.poolWaitersInPools);
  expect(at.tableSetupsActive).toBeGreaterThanOrEqual(0);
  if (at.connectorShared) {
    const carried = s.wave.runningContainers * s.wave.runningConnectionsEach + s.connector.otherConnections + at.pooled + lingering;
    expect(at.connectorBusy - carried).toBeGreaterThanOrEqual(0);
    // In flight: connects of current attempts (reserved, not yet established) and abandoned handshakes
    // still on a vCPU.
    expect(at.connectorBusy - carried).toBeLessThanOrEqual(at.connecting + at.cpuInUse);
    // Handshakes are exactly those connects in flight, and within the per-instance limit when there is one.
    expect(at.connectorHandshaking).toBe(at.connectorBusy - carried);
    if (at.connectorHandshakeLimit > 0) expect(at.connectorHandshaking).toBeLessThanOrEqual(at.connectorHandshakeLimit);
    expect(r.peakConnectorInstances).toBeGreaterThanOrEqual(s.connector.minInstances);
    expect(r.peakConnectorInstances).toBeLessThanOrEqual(s.connector.maxInstances);
  } else {
    expect(at.connectorBusy).toBe(0);
    expect(r.droppedHandshakes).toBe(0);
  }

  // Counts.
  const failures = FAILURE_CAUSES.reduce((sum, c) => sum + r.failures[c], 0);
  expect(failures).toBe(r.breaches);
  expect(r.breaches).toBeLessThanOrEqual(r.starts);
  expect(r.phase3Durations.length).toBe(r.starts);
  expect(r.phase3Breached.reduce((a, b) => a + b, 0)).toBe(r.breaches);
  expect(r.firstBreaches).toBeLessThanOrEqual(r.firstStarts);
  expect(r.firstBreaches).toBeLessThanOrEqual(r.breaches);
  expect(r.firstStarts).toBeLessThanOrEqual(n);
  expect(r.healthyAtHorizon).toBeLessThanOrEqual(n);
  if (!s.restart.enabled) expect(r.restarts).toBe(0);
  expect(r.restarts).toBeLessThanOrEqual(n * s.restart.maxRestarts);
  // Element-wise checks collect problems (an expect per element would dominate the run time).
  const bad: string[] = [];
  const check = (ok: boolean, what: string) => ok || bad.length > 20 || bad.push(what);
  for (const v of [r.starts, r.breaches, r.unfinished, r.restarts, r.droppedHandshakes, r.refusedConnections, r.peakPoolWaiters, r.eventCount])
    check(v >= 0, `negative count ${v}`);
  for (const d of r.phase3Durations)
    check(d >= 0 && d <= s.timeouts.initialization + 1e-9, `Phase 3 duration ${d} outside [0, ${s.timeouts.initialization}]`);
  for (let k = 0; k <= GRID_INTERVALS; k++) {
    const total = r.states.reduce((sum, st) => sum + st[k], 0);
    check(total === n, `grid point ${k} holds ${total} containers, not ${n}`);
  }

  // Records agree with the counters.
  // A failed start is a Phase 3 breach when Phase 3 began and did not pass; only the startup probe also kills starts
  // before Phase 3 (no verdict) or after it passed (in phases 4–7).
  const inPhase3 = (x: (typeof records)[number]) => x.phase3Duration !== null && x.phaseEnds.length === 2;
  for (const c of FAILURE_CAUSES) expect(records.filter((x) => x.outcome === c && inPhase3(x)).length).toBe(r.failures[c]);
  const failed = (x: (typeof records)[number]) => x.outcome !== 'healthy' && x.outcome !== 'unfinished';
  expect(records.filter((x) => failed(x) && !inPhase3(x) && x.outcome !== 'startup_probe')).toEqual([]);
  expect(records.filter((x) => x.outcome === 'startup_probe' && !inPhase3(x)).length).toBe(r.killedOutsidePhase3);
  for (const x of records.filter((y) => y.outcome === 'startup_probe'))
    check(Math.abs((x.phaseEnds.length ? x.phaseEnds[x.phaseEnds.length - 1] : x.start) - x.start) < s.timeouts.startupProbe, `container ${x.container} attempt ${x.attempt}: a phase ended after the startup probe`);
  expect(records.filter((x) => x.outcome === 'healthy').length).toBe(r.healthyAtHorizon);
  expect(records.filter((x) => x.outcome === 'unfinished' && x.phase3Duration === null).length).toBe(r.unfinished);
  // Every verdict has a duration: healthy, failed, and passed-then-cut-by-the-horizon ('unfinished').
  expect(records.filter((x) => x.phase3Duration !== null).length).toBe(r.starts);
  expect(records.length).toBeLessThanOrEqual(n + r.restarts);
  for (const x of records) {
    let t = x.start;
    for (const e of x.phaseEnds) {
      check(e >= t, `container ${x.container} attempt ${x.attempt}: phase end ${e} before ${t}`);
      t = e;
    }
    check(t <= s.simulation.horizon, `container ${x.container} attempt ${x.attempt}: ${t} after the horizon`);
  }
  expect(bad).toEqual([]);
}

describe('the random scenarios', () => {
  it('draw every field the schema has (a new field left out would only ever run at its default)', () => {
    // detailReplication only chooses which replication keeps its records: the checks below keep all of them.
    const runSettings = new Set(['simulation.detailReplication']);
    for (const input of fc.sample(scenarioInputArb, { numRuns: 20, seed: 7 })) {
      const missing = [...FIELDS.values()].filter((f) => !runSettings.has(f.key) && getAt(input, f.path) === undefined).map((f) => f.key);
      expect(missing).toEqual([]);
    }
  });
});

describe('model invariants on random valid scenarios', () => {
  it(`hold for ${RUNS} random scenarios`, () => {
    fc.assert(
      fc.property(scenarioInputArb, (input) => {
        const s = scenarioOf(input);
        const agg = Aggregate.forScenario(s);
        for (let rep = 0; rep < s.simulation.replications; rep++) {
          let at: HorizonSnapshot | undefined;
          const r = runReplication(s, rep, true, (w) => (at = snapshot(w)));
          checkReplication(s, r, at!);
          agg.add(r);
          replications++;
        }
        const summary = summarize(agg, s);
        // Walk the object itself: JSON would have turned NaN and infinities into null.
        const notFinite = [...numbersIn(summary)].filter(([, v]) => !Number.isFinite(v));
        expect(notFinite).toEqual([]);
        expect(JSON.stringify(summary)).not.toMatch(/NaN|Infinity/);
        const p = summary.phase3;
        for (const x of [summary.starts, summary.unfinished, summary.restarts, p.breaches, p.exitCode3, summary.events, ...Object.values(summary.failures)])
          expect(x).toBeGreaterThanOrEqual(0);
        for (const rate of [p, p.firstAttempt]) {
          expect(rate.breaches).toBeLessThanOrEqual(rate.starts);
          expect(rate.breachCi95[0]).toBeGreaterThanOrEqual(0);
          expect(rate.breachCi95[0]).toBeLessThanOrEqual(rate.breachRate + 1e-12);
          expect(rate.breachCi95[1]).toBeGreaterThanOrEqual(rate.breachRate - 1e-12);
          expect(rate.breachCi95[1]).toBeLessThanOrEqual(1);
        }
        expect(pools.problems).toEqual([]);
        cases++;
      }),
      { numRuns: RUNS, seed: 20261130 },
    );
    console.log(
      `invariants: ${cases} scenarios, ${replications} replications, ${attempts} start attempts, ${pools.calls()} pool operations checked`,
    );
    expect(cases).toBe(RUNS);
    expect(pools.calls()).toBeGreaterThan(0);
  });
});
