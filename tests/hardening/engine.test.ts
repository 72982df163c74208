/**
 * The engine on valid scenarios at the edges of the schema (tests/hardening/arbitraries.ts: every numeric field
 * at its minimum, its maximum or between, extreme distributions) — beyond tests/model/invariants.test.ts, whose
 * scenarios stay in typical ranges: no exception, no NaN or infinity, no negative count, the model's invariants
 * at the horizon and in every pool operation, and the same numbers on a second run and when the replications are
 * split and merged. Then the per-replication event guard, forced small, and the up-front work estimate.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatResult } from '../../sim-core/cli/format';
import { pointRate } from '../../sim-core/explore/pointSet';
import { estimatePointsWork, eventCountText, estimateWork, MAX_TOTAL_EVENTS, pilotIndices, workProblem } from '../../sim-core/limits';
import { MAX_EVENTS_PER_REPLICATION, runReplication } from '../../sim-core/model/replication';
import { buildPart, mergeParts, validatePart } from '../../sim-core/results/partFile';
import { buildResultsFile, validateResultsFile } from '../../sim-core/results/resultsFile';
import { summarize } from '../../sim-core/results/summary';
import { Aggregate } from '../../sim-core/results/aggregate';
import { reportMarkdown } from '../../sim-core/report/markdown';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import { instrumentPools, numbersIn, snapshot } from '../helpers/invariants';
import { merge, scenarioOf } from '../helpers/scenario';
import { edgeScenarioArb } from './arbitraries';

const RUNS = 120;
const pools = instrumentPools();
afterAll(() => pools.restore());

describe('valid scenarios at the edges of the schema', () => {
  it(`never throw, never give NaN or a negative count, keep the invariants and are deterministic (${RUNS} scenarios)`, () => {
    let cases = 0;
    let replications = 0;
    let events = 0;
    fc.assert(
      fc.property(edgeScenarioArb, (input) => {
        const s = scenarioOf(input);
        const n = s.simulation.replications;
        const agg = Aggregate.forScenario(s);
        for (let r = 0; r < n; r++) {
          const result = runReplication(s, r, r === s.simulation.detailReplication, (w) => expect(snapshot(w).problems).toEqual([]));
          expect(result.truncated).toBe(false);
          events += result.eventCount;
          agg.add(result);
          replications++;
        }
        const summary = summarize(agg, s);
        expect([...numbersIn(summary)].filter(([, v]) => !Number.isFinite(v))).toEqual([]);
        expect([...numbersIn(agg.toJSON().counts)].filter(([, v]) => v < 0)).toEqual([]);
        for (const rate of [summary.phase3, summary.phase3.firstAttempt]) {
          expect(rate.breaches).toBeLessThanOrEqual(rate.starts);
          expect(rate.breachCi95[0]).toBeGreaterThanOrEqual(0);
          expect(rate.breachCi95[1]).toBeLessThanOrEqual(1);
        }
        expect(pools.problems).toEqual([]);
        // Deterministic: again, and split into single replications merged in reverse order.
        const again = JSON.stringify(runRange(s, 0, n).toJSON());
        expect(again).toBe(JSON.stringify(agg.toJSON()));
        const split = Aggregate.forScenario(s);
        for (let r = n - 1; r >= 0; r--) split.merge(runRange(s, r, r + 1));
        expect(JSON.stringify(split.toJSON())).toBe(again);
        cases++;
      }),
      { numRuns: RUNS, seed: 6_2026 },
    );
    console.log(`edge scenarios: ${cases} scenarios, ${replications} replications (${events.toLocaleString('en-US')} events), ${pools.calls()} pool operations checked`);
    expect(cases).toBe(RUNS);
  });

  // Two valid scenarios the edge search found crashing the kernel (fixed): kept as plain regressions.
  it('a lognormal with a median of 5e-324 s and a p95 of an hour does not overflow to an event at t = Infinity', () => {
    const tiny = { kind: 'lognormal', median: 5e-324, p95: 3600 };
    const s = scenarioOf({ version: 1, simulation: { replications: 3 }, phases: { init: tiny, dependencies: tiny }, cloudSql: { handshakeTime: tiny }, connector: { handshakeLatency: tiny } });
    const summary = summarize(runRange(s, 0, 3), s);
    expect([...numbersIn(summary)].filter(([, v]) => !Number.isFinite(v))).toEqual([]);
  });

  it('hundreds of restarts with no backoff (0 × 10^309 would be NaN) run to the horizon', () => {
    const s = scenarioOf({
      version: 1, simulation: { horizon: 3600 }, wave: { containers: 1 }, timeouts: { initialization: 1 },
      phase3: { tableSetup: { kind: 'constant', value: 100 } }, restart: { initialBackoff: 0, multiplier: 10, maxRestarts: 1000, cap: 0 },
    });
    const r = runReplication(s, 0, false);
    expect(r.restarts).toBeGreaterThan(309);
    expect(r.truncated).toBe(false);
  });
});

describe('the per-replication event guard', () => {
  const s = scenarioOf(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 6, detailReplication: 2 } }));
  const GUARD = 400; // the incident needs ~5,000 events a replication

  it('stops a replication at the guard and flags it truncated', () => {
    const full = runReplication(s, 0, false);
    expect(full.eventCount).toBeGreaterThan(GUARD);
    expect(full.truncated).toBe(false);
    const cut = runReplication(s, 0, false, undefined, GUARD);
    expect(cut.truncated).toBe(true);
    expect(cut.eventCount).toBe(GUARD);
  });

  it('flags the result everywhere it goes: summary (--json), CLI text, part file and merge, results file, report, what-if points', () => {
    const agg = runRange(s, 0, 6, { maxEvents: GUARD });
    expect(agg.counts.truncated).toBe(6);
    const result = summarize(agg, s);
    expect(result.truncatedReplications).toBe(6);
    expect(JSON.parse(JSON.stringify(result)).truncatedReplications).toBe(6);
    expect(formatResult('x', result, 'test')).toContain('PARTIAL: 6 replications passed the per-replication event guard and were cut short; every number is partial.');
    // Shards carry it through the merge.
    const parts = [1, 2].map((k) => {
      const shard = { index: k, count: 2 };
      const a = runRange(s, (k - 1) * 3, k * 3, { maxEvents: GUARD });
      const read = validatePart(JSON.parse(JSON.stringify(buildPart({ kind: 'run', shard, points: [{ scenario: s, aggregate: a }] }))));
      if (!read.ok) throw new Error(JSON.stringify(read.issues));
      return { file: `part-${k}.json`, part: read.part };
    });
    const merged = mergeParts(parts);
    if (!merged.ok) throw new Error(merged.problems.join('\n'));
    expect(summarize(merged.job.points[0].aggregate, s).truncatedReplications).toBe(6);
    const file = validateResultsFile(JSON.parse(JSON.stringify(buildResultsFile(s, result))));
    expect(file.ok && file.file.result.truncatedReplications).toBe(6);
    expect(reportMarkdown({ title: 't', scenario: s, result })).toContain('> **Partial result:** 6 replications passed the per-replication event guard');
    expect(pointRate(agg).truncatedReplications).toBe(6);
    // A full run says nothing of the kind.
    const whole = summarize(runRange(s, 0, 2), s);
    expect(whole.truncatedReplications).toBe(0);
    expect(formatResult('x', whole, 'test')).not.toContain('PARTIAL');
    expect(reportMarkdown({ title: 't', scenario: s, result: whole })).not.toContain('Partial result');
  });
});

describe('the work estimate', () => {
  const incident = presetById('incident-1278-staging')!.scenario;

  it('lets the incident at the most replications the schema allows through', () => {
    const e = estimateWork({ ...incident, simulation: { ...incident.simulation, replications: 200_000 } });
    expect(e.eventsPerReplication).toBe(runReplication(incident, 0, false).eventCount);
    expect(e.totalEvents).toBe(e.eventsPerReplication * 200_000);
    expect(workProblem(e)).toBeNull();
  });

  it('writes event counts in millions, billions or trillions, digits grouped', () => {
    expect([1e7, 4e9, 6.95434e13, 2.3e15, 999.96e9].map(eventCountText)).toEqual(['10.0 million', '4.0 billion', '69.5 trillion', '2,300.0 trillion', '1.0 trillion']);
  });

  it('refuses 200 containers × 200,000 replications with the estimate, the limit and a count that fits', () => {
    const big = scenarioOf(merge(presetById('incident-1278-staging')!.input, { wave: { containers: 200 }, simulation: { replications: 200_000 } }));
    const e = estimateWork(big);
    const message = workProblem(e)!;
    const per = e.eventsPerReplication.toLocaleString('en-US');
    const max = Math.floor(MAX_TOTAL_EVENTS / e.eventsPerReplication);
    expect(message).toBe(
      `this would take about ${(e.totalEvents / 1e9).toFixed(1)} billion events (${per} per replication × 200,000 replications), ` +
        `more than the limit of 4.0 billion: lower simulation.replications to at most ${max}`,
    );
    // The suggested count fits, one more does not.
    expect(workProblem({ ...e, replications: max, totalEvents: e.eventsPerReplication * max })).toBeNull();
    expect(workProblem({ ...e, replications: max + 1, totalEvents: e.eventsPerReplication * (max + 1) })).not.toBeNull();
    // Points multiply, and the costliest pilot counts for all of them.
    const sweep = estimatePointsWork([incident, big], 11, 4000);
    expect(sweep.eventsPerReplication).toBe(e.eventsPerReplication);
    expect(workProblem(sweep, (m) => `at most ${m} per point`)).toMatch(/× 4,000 replications × 11 points\), more than the limit of 4\.0 billion: at most \d+ per point$/);
  });

  it('refuses a replication that alone passes the guard, saying what to reduce', () => {
    const e = { eventsPerReplication: MAX_EVENTS_PER_REPLICATION, replications: 1, points: 1, totalEvents: MAX_EVENTS_PER_REPLICATION, pilotTruncated: true };
    expect(workProblem(e)).toBe(
      'one replication alone passes the 10-million-event guard: lower wave.containers, pool.poolSize, pool.maxOverflow or retry.attempts, or shorten simulation.horizon',
    );
  });

  it('pilots the ends of a sweep and evenly spread points between', () => {
    expect(pilotIndices(0)).toEqual([]);
    expect(pilotIndices(3)).toEqual([0, 1, 2]);
    expect(pilotIndices(11, 3)).toEqual([0, 5, 10]);
    expect(pilotIndices(1000)).toEqual([0, 250, 500, 749, 999]);
  });
});
