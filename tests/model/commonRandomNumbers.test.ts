/**
 * Common random numbers: every component of a replication draws from its own stream (sim-core/random/
 * streams.ts), so two scenarios that differ only in Cloud SQL's max_connections see the same container
 * start jitter and the same phase 1–2 durations, attempt by attempt, although their Phase 3 outcomes (and
 * so how much Phase 3 randomness each attempt draws) differ.
 */
import { describe, expect, it } from 'vitest';
import type { StartRecord } from '../../sim-core/model/outcomes';
import { runReplication } from '../../sim-core/model/replication';
import { presetById } from '../../sim-core/scenario/presets';
import { merge, scenarioOf } from '../helpers/scenario';

const withMax = (maxConnections: number, detailReplication: number) =>
  scenarioOf(
    merge(presetById('incident-1278-staging')!.input, {
      simulation: { replications: detailReplication + 1, detailReplication },
      cloudSql: { maxConnections },
    }),
  );

/** Phase 1 and 2 durations of one attempt. */
const early = (r: StartRecord) => [r.phaseEnds[0] - r.start, r.phaseEnds[1] - r.phaseEnds[0]];

describe('changing only max_connections', () => {
  for (const [a, b] of [[100, 60], [100, 200]] as const) {
    it(`${a} → ${b}: phase 1–2 durations are the same for every attempt both runs made`, () => {
      let compared = 0, restartsCompared = 0, outcomesDiffer = 0;
      for (const rep of [0, 1, 2, 3]) {
        const ra = runReplication(withMax(a, rep), rep, true).records!;
        const rb = runReplication(withMax(b, rep), rep, true).records!;
        const byKey = new Map(rb.map((r) => [`${r.container}/${r.attempt}`, r]));
        for (const x of ra) {
          const y = byKey.get(`${x.container}/${x.attempt}`);
          if (!y || x.phaseEnds.length < 2 || y.phaseEnds.length < 2) continue;
          // The first attempts start at the same (jittered) time.
          if (x.attempt === 0) expect(y.start).toBe(x.start);
          const [p1x, p2x] = early(x);
          const [p1y, p2y] = early(y);
          // Later attempts start at different times, so the subtraction may round differently.
          expect(p1y).toBeCloseTo(p1x, 9);
          expect(p2y).toBeCloseTo(p2x, 9);
          compared++;
          if (x.attempt > 0) restartsCompared++;
          if (x.outcome !== y.outcome) outcomesDiffer++;
        }
      }
      // The comparison is not vacuous: restarts were compared, and the two scenarios did behave differently.
      expect(compared).toBeGreaterThan(48);
      expect(restartsCompared).toBeGreaterThan(0);
      expect(outcomesDiffer).toBeGreaterThan(0);
    });
  }

  it('the fleet is not the same: the scenarios really differ', () => {
    const ra = runReplication(withMax(100, 0), 0, false);
    const rb = runReplication(withMax(200, 0), 0, false);
    expect(rb.refusedConnections).toBeLessThan(ra.refusedConnections);
  });
});

describe('changing only Phase 3 randomness (table-setup race probability, retry jitter)', () => {
  it('leaves phases 4–7 of first attempts that passed in both runs identical', () => {
    // Phase 3 draws from its own stream, so drawing a race or a backoff does not shift phase 4–7 times.
    const base = presetById('mitigated')!.input;
    const a = scenarioOf(merge(base, { simulation: { replications: 1 }, phase3: { tableSetupRace: 0 }, retry: { policy: 'none' } }));
    const b = scenarioOf(merge(base, { simulation: { replications: 1 }, phase3: { tableSetupRace: 0.5 }, retry: { policy: 'full-jitter' } }));
    let compared = 0;
    for (const rep of [0, 1, 2, 3]) {
      const ra = runReplication(a, rep, true).records!;
      const rb = runReplication(b, rep, true).records!;
      for (const x of ra) {
        const y = rb.find((q) => q.container === x.container && q.attempt === 0);
        if (x.attempt !== 0 || x.outcome !== 'healthy' || y?.outcome !== 'healthy') continue;
        for (let k = 3; k < 7; k++)
          expect(y.phaseEnds[k] - y.phaseEnds[k - 1]).toBeCloseTo(x.phaseEnds[k] - x.phaseEnds[k - 1], 9);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });
});
