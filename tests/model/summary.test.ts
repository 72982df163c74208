/**
 * The summary of a hand-computable storm, end to end through runRange → Aggregate → summarize: every
 * headline number checked against the per-start durations computed by hand in connectionBudget.test.ts.
 *
 * 10 containers × pool_size 1 against 10 − 3 = 7 usable connections, handshakes FIFO on 1 vCPU (0.125 s):
 * containers 0–6 pass in (k + 1)·0.125 + 3.5 s = 3.625 … 4.375 s; 7, 8, 9 are refused at 1.0, 1.125, 1.25 s.
 * Everything is constant, so both replications are identical.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { Aggregate } from '../../sim-core/results/aggregate';
import { FAILURE_CAUSES } from '../../sim-core/model/outcomes';
import { allHealthyTimeText, gaveUpText, HORIZON_CUT_LIMIT, horizonCutNote, noLeadTimeReason, summarize, unwatchedBreaches, unwatchedText, type SimulationResult } from '../../sim-core/results/summary';
import { formatResult } from '../../sim-core/cli/format';
import { headlineRows } from '../../sim-core/report/markdown';
import { runRange } from '../../sim-core/run';
import { handScenario, merge, scenarioOf } from '../helpers/scenario';
import { presetById } from '../../sim-core/scenario/presets';
import { clusteredWilson95, wilson95 } from '../../sim-core/stats/wilson';

const s = handScenario({
  simulation: { replications: 2 },
  wave: { containers: 10 },
  phase3: { connectionMode: 'warm-pool' },
  pool: { poolSize: 1 },
  cloudSql: { maxConnections: 10, reservedConnections: 3 },
});
const r = summarize(runRange(s, 0, 2), s);
const within1pct = (x: number, expected: number) => expect(Math.abs(x - expected)).toBeLessThanOrEqual(0.01 * expected);

describe('summary of the connection-budget storm', () => {
  it('counts', () => {
    expect(r.replications).toBe(2);
    expect(r.starts).toBe(20);
    expect(r.phase3.breaches).toBe(6);
    expect(r.phase3.exitCode3).toBe(6);
    expect(r.failures.too_many_clients).toBe(6);
    expect(r.unfinished).toBe(0);
    expect(r.restarts).toBe(0);
  });

  it('breach rate 6 / 20 = 0.3 with its Wilson interval', () => {
    // computed from the Wilson (1927) closed form, z = 1.96, p = 0.3, n = 20: [0.14548, 0.51897]
    expect(r.phase3.breachRate).toBe(0.3);
    expect(r.phase3.ciMethod).toBe('wilson');
    expect(r.phase3.breachCi95[0]).toBeCloseTo(0.14548, 4);
    expect(r.phase3.breachCi95[1]).toBeCloseTo(0.51897, 4);
    expect(r.phase3.firstAttempt.breachRate).toBe(0.3);
  });

  it('mean Phase 3 duration (28 + 3.375) / 10 = 3.1375 s, quantiles within the sketch\'s 1%', () => {
    // computed by hand: passed Σ (k + 1)·0.125 + 3.5 over k = 0…6 = 3.5 + 24.5 = 28; refused 1 + 1.125 + 1.25.
    expect(r.phase3.meanDuration).toBeCloseTo(3.1375, 3);
    // 20 sorted durations (each twice): rank ⌊p·19⌋ → p50: index 9 = 3.75; p90: index 17 = 4.25; p99: 4.375.
    within1pct(r.phase3.durationQuantiles.p50, 3.75);
    within1pct(r.phase3.durationQuantiles.p90, 4.25);
    within1pct(r.phase3.durationQuantiles.p99, 4.375);
  });

  it('histograms: 14 passed, 6 breached, nothing beyond the range', () => {
    const total = (bins: { count: number }[]) => bins.reduce((a, b) => a + b.count, 0);
    expect(total(r.phase3.histogram.passed)).toBe(14);
    expect(total(r.phase3.histogram.breached)).toBe(6);
    expect(r.phase3.histogram.overflow).toBe(0);
  });

  it('containers and peaks', () => {
    expect(r.containers.perReplication).toBe(10);
    expect(r.containers.healthyByHorizon).toBe(0.7);
    expect(r.containers.allHealthyFraction).toBe(0);
    expect(r.containers.timeToAllHealthy).toEqual({ p50: null, p95: null });
    expect(r.peaks.cloudSqlConnections).toMatchObject({ mean: 7, max: 7, usableLimit: 7, maxConnections: 10 });
    expect(r.peaks.refusedConnections).toMatchObject({ mean: 3, max: 3 });
    expect(r.peaks.droppedHandshakes.max).toBe(0);
  });

  it('the time series ends with 7 healthy and 3 given up, holding 7 connections', () => {
    const last = r.timeSeries.t.length - 1;
    expect(r.timeSeries.t[last]).toBe(s.simulation.horizon);
    expect(r.timeSeries.states.healthy[last]).toBe(7);
    expect(r.timeSeries.states.gaveUp[last]).toBe(3);
    expect(r.timeSeries.bands.cloudSqlConnections.mean[last]).toBe(7);
  });
});

describe('time until all containers are healthy, censored at the horizon', () => {
  // A wave that never ends all healthy is later than the horizon, not left out: taken over the waves that got
  // there alone, a setting that lets more waves fail would read faster.
  const hand = handScenario({ simulation: { replications: 10 }, wave: { containers: 2 } });
  const base = runReplication(hand, 0, false);
  const summaryOf = (times: number[]) => {
    const agg = Aggregate.forScenario(hand);
    times.forEach((t, i) => agg.add({ ...base, replication: i, allHealthyTime: t }));
    return summarize(agg, hand).containers;
  };

  it('all 10 waves healthy at 10, 20, … 100 s: p50 is rank ⌊0.5·9⌋ = 4 (50 s), p95 rank 8 (90 s)', () => {
    const c = summaryOf([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(c.allHealthyFraction).toBe(1);
    within1pct(c.timeToAllHealthy!.p50!, 50);
    within1pct(c.timeToAllHealthy!.p95!, 90);
  });

  it('the two fastest waves never all healthy instead: they rank last, so p50 is 70 s and p95 is beyond the horizon', () => {
    const c = summaryOf([-1, -1, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(c.allHealthyFraction).toBe(0.8);
    // Ranks 0–7 are 30 … 100 s; ranks 8 and 9 the censored waves.
    within1pct(c.timeToAllHealthy!.p50!, 70);
    expect(c.timeToAllHealthy!.p95).toBeNull();
    expect(allHealthyTimeText(c.timeToAllHealthy!.p95, hand.simulation.horizon, (x) => `${x} s`)).toBe(`> ${hand.simulation.horizon} s (the horizon)`);
  });

  it('no wave all healthy: no time at all (both past the horizon, the fields still there)', () => {
    expect(summaryOf(Array(10).fill(-1)).timeToAllHealthy).toEqual({ p50: null, p95: null });
  });
});

describe('breach-rate intervals take replications as the clusters', () => {
  it('the summary\'s intervals are clusteredWilson95 of the per-replication (breaches, starts), summed here', () => {
    const s = scenarioOf(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 40 } }));
    const all = { replications: 0, events: 0, trials: 0, eventsSquared: 0, eventsTimesTrials: 0, trialsSquared: 0 };
    const first = { ...all };
    for (let rep = 0; rep < 40; rep++) {
      const x = runReplication(s, rep, false);
      for (const [acc, a, n] of [[all, x.breaches, x.starts], [first, x.firstBreaches, x.firstStarts]] as const) {
        acc.replications++;
        acc.events += a;
        acc.trials += n;
        acc.eventsSquared += a * a;
        acc.eventsTimesTrials += a * n;
        acc.trialsSquared += n * n;
      }
    }
    const r = summarize(runRange(s, 0, 40), s);
    const ci = clusteredWilson95(all);
    expect(r.phase3.breachCi95).toEqual([ci.lo, ci.hi]);
    const f = clusteredWilson95(first);
    expect(r.phase3.firstAttempt.breachCi95).toEqual([f.lo, f.hi]);
    // The incident's waves agree more than independent starts would: the binomial interval is kept.
    expect(ci.designEffect).toBeLessThan(1);
    expect(r.phase3.breachCi95).toEqual((({ lo, hi }) => [lo, hi])(wilson95(all.events, all.trials)));
  });
});

describe('rates and peaks from replications that disagree (synthetic replications, numbers by hand)', () => {
  // One real replication of the constant scenario, its counts replaced: what the aggregate reads is only these.
  const s = handScenario({ simulation: { replications: 10 } });
  const base = runReplication(s, 0, false);
  const none = { connectorPressureTime: -1, poolPressureTime: -1, cloudSqlPressureTime: -1 };

  it('first attempts: 5 waves lose all 10, 5 lose none; the interval is clusteredWilson95\'s docstring example (deff 11.1)', () => {
    const agg = Aggregate.forScenario(s);
    for (let i = 0; i < 10; i++) {
      const b = i < 5 ? 10 : 0;
      agg.add({ ...base, ...none, replication: i, starts: 20, breaches: b, firstStarts: 10, firstBreaches: b, firstBreachTime: b ? 50 : -1, connectorPressureTime: i === 0 ? 40 : -1 });
    }
    const r = summarize(agg, s);
    expect(r.phase3.firstAttempt.breachRate).toBe(0.5);
    expect(r.phase3.firstAttempt.breachCi95[0]).toBeCloseTo(0.199, 3);
    expect(r.phase3.firstAttempt.breachCi95[1]).toBeCloseTo(0.801, 3);
    // An alert fired first in 1 of the 5 waves with a breach (not 1 of all 10).
    expect(r.alerts.leadTime).toMatchObject({ replicationsWithBreach: 5, alertedFirst: 0.2 });
  });

  it('peaks over 20 waves of 1, 2, … 20 connections: mean 10.5, p95 19.05 (Hyndman–Fan type 7), max 20', () => {
    const agg = Aggregate.forScenario(s);
    for (let i = 0; i < 20; i++) agg.add({ ...base, ...none, replication: i, peakCloudSqlConnections: i + 1 });
    const peak = summarize(agg, s).peaks.cloudSqlConnections;
    expect([peak.mean, peak.p50, peak.max]).toEqual([10.5, 10.5, 20]);
    expect(peak.p95).toBeCloseTo(19.05, 6);
  });
});

describe('a horizon that cuts attempts short', () => {
  it('is named when it leaves more than 5% of the attempts without a verdict, and not otherwise', () => {
    const short = scenarioOf(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 20, horizon: 150 } }));
    const r = summarize(runRange(short, 0, 20), short);
    expect(r.unfinished / (r.starts + r.unfinished)).toBeGreaterThan(HORIZON_CUT_LIMIT);
    expect(horizonCutNote(r)).toMatch(/^The 150 s horizon cut \d+% of the start attempts short of a Phase 3 verdict/);
    expect(formatResult('x', r, 'y')).toContain(`NOTE: ${horizonCutNote(r)}`);
    const long = scenarioOf(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 20 } }));
    expect(horizonCutNote(summarize(runRange(long, 0, 20), long))).toBeNull();
  });
});

describe('the Phase 3 histogram', () => {
  it('puts every start the initialization timeout cut off in its last bin, and nothing else there', () => {
    const s = scenarioOf(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 20 } }));
    const r = summarize(runRange(s, 0, 20), s);
    const h = r.phase3.histogram;
    const last = h.breached.length - 1;
    expect(h.breached[last].lo).toBeCloseTo(75, 9);
    expect(h.breached[last].count).toBe(r.failures.init_timeout);
    expect(h.passed[last].count).toBe(0);
    expect(r.failures.init_timeout).toBeGreaterThan(100);
  });
});

describe('an alert lead time that is not there', () => {
  const alerts = (fired: number, lead: Partial<SimulationResult['alerts']['leadTime']>): Pick<SimulationResult, 'alerts'> => {
    const a = { threshold: 0.7, fraction: 0, meanTime: null, beforeFirstBreach: 0 };
    return {
      alerts: {
        connectorPressure: { ...a, fraction: fired }, poolPressure: a, cloudSqlPressure: a,
        leadTime: { replicationsWithBreach: 5, alertedFirst: 0, mean: null, p50: null, ...lead },
      },
    };
  };
  it('says why: no breach to lead, no alert at all, or alerts only after the first breach', () => {
    expect(noLeadTimeReason(alerts(0.5, { replicationsWithBreach: 0 }))).toBe('no wave had a breach');
    expect(noLeadTimeReason(alerts(0, {}))).toBe('no alert fired in any of the 5 waves with a breach');
    expect(noLeadTimeReason(alerts(0.4, {}))).toBe('no alert fired before the first breach in any of the 5 waves with a breach');
    expect(noLeadTimeReason(alerts(0.4, { replicationsWithBreach: 1 }))).toBe('no alert fired before the first breach in the one wave with a breach');
    expect(noLeadTimeReason(alerts(0.4, { alertedFirst: 0.2, mean: 3, p50: 2 }))).toBeNull();
  });

  it('says when most breaches are of a kind no load alert watches (table setup, its race, the health check)', () => {
    const failures = (over: Partial<SimulationResult['failures']>) => ({ ...Object.fromEntries(FAILURE_CAUSES.map((c) => [c, 0])), ...over }) as SimulationResult['failures'];
    const quiet = failures({ table_setup_timeout: 54, table_setup_race: 7, health_check_timeout: 1, connect_timeout: 2 });
    expect(unwatchedBreaches(quiet)).toEqual({ share: 62 / 64, cause: 'table_setup_timeout' });
    expect(noLeadTimeReason({ ...alerts(0, {}), failures: quiet })).toBe(
      'no alert fired in any of the 5 waves with a breach: 97% of the breaches are table setup, race or health check failures (mostly table setup timeout), which no load alert watches',
    );
    // The SQLSTATEs keep their capitals.
    expect(unwatchedText({ share: 0.6, cause: 'table_setup_race' })).toContain('(mostly table setup race (23505/42P07))');
    // Load failures half or more: a monitoring gap as before.
    const loud = failures({ table_setup_timeout: 5, init_timeout: 5 });
    expect(unwatchedBreaches(loud)).toEqual({ share: 0.5, cause: 'table_setup_timeout' });
    expect(unwatchedBreaches(failures({ table_setup_timeout: 4, init_timeout: 5 }))).toBeNull();
    expect(unwatchedBreaches(failures({}))).toBeNull();
  });
});

describe('the breach rate interval says how it was made', () => {
  it('with one replication, the starts are taken as independent, and the summary and report say so', () => {
    const s = structuredClone(presetById('incident-1278-staging')!.scenario);
    const one = summarize(runRange(s, 0, 1), s);
    expect(one.phase3.ciMethod).toBe('wilson');
    const plain = wilson95(one.phase3.breaches, one.phase3.starts);
    expect(one.phase3.breachCi95).toEqual([plain.lo, plain.hi]);
    expect(formatResult('x', one, 'y')).toContain('Wilson on the starts as if independent: one replication cannot show how waves differ');
    expect(headlineRows(one)[0].join(' | ')).toContain('as if independent');
    const two = summarize(runRange(s, 0, 2), s);
    expect(formatResult('x', two, 'y')).toContain('Wilson, replications as clusters');
    expect(formatResult('x', two, 'y')).not.toContain('as if independent');
    // Counts over every replication say so, with the per-wave scale beside them.
    expect(formatResult('x', two, 'y')).toContain(`Starts (Phase 3 verdicts)      ${two.starts.toLocaleString('en-US')} in all, ${(two.starts / 2).toFixed(1)} per wave  (`);
    expect(formatResult('x', two, 'y')).toMatch(/^Failures by cause +.* \(in all\)$/m);
  });
});

describe('gaveUpText', () => {
  it('never reads 0.0% for a share that is not 0 (one container in 4,800 beside 99.98% healthy)', () => {
    const restart = presetById('incident-1278-staging')!.scenario.restart;
    expect(gaveUpText(1 / 4800, restart)).toBe(`0.02% given up after ${restart.maxRestarts} restarts`);
    expect(gaveUpText(0.543)).toBe('54.3% given up (no restart left)');
    expect(gaveUpText(0.5, { ...restart, enabled: false })).toBe('50.0% given up (restarts are off)');
  });

  it('the CLI summary groups digits, lists only the alerts that fired, and says per wave for both means of the init-timeout context', () => {
    const incident = presetById('incident-1278-staging')!.scenario;
    const r = summarize(runRange(incident, 0, 20), incident);
    const text = formatResult('x', r, 'y', incident.restart);
    // The incident's pool-pressure alert cannot fire (README): it is not listed as firing.
    expect(r.alerts.poolPressure.fraction).toBe(0);
    expect(r.alerts.connectorPressure.fraction).toBeGreaterThan(0);
    expect(text).toMatch(/; firing: connector pressure \(>70%\)(, Cloud SQL pressure \(>\d+% of max_connections\))?\)$/m);
    expect(text).not.toContain('pool pressure');
    const big = { ...r, peaks: { ...r.peaks, cloudSqlConnections: { ...r.peaks.cloudSqlConnections, mean: 1150.06, max: 4997, usableLimit: 4997 } } };
    expect(formatResult('x', big, 'y')).toContain('mean 1,150.1, max 4,997 of 4,997 usable');
    const dropped = { ...r, peaks: { ...r.peaks, refusedConnections: { ...r.peaks.refusedConnections, mean: 2.5 }, droppedHandshakes: { ...r.peaks.droppedHandshakes, mean: 154599.48 } } };
    expect(formatResult('x', dropped, 'y')).toContain('; meanwhile, per wave, 2.50 connects were refused by Cloud SQL (53300) and 154,599 SYNs dropped by the connector.');
  });

  it('the CLI summary says why, as the dashboard does, when it is given the restart settings', () => {
    const incident = presetById('incident-1278-staging')!.scenario;
    const r = summarize(runRange(incident, 0, 20), incident);
    expect(formatResult('x', r, 'y', incident.restart)).toMatch(/\d% given up after 3 restarts\)$/m);
    expect(formatResult('x', r, 'y')).toMatch(/\d% given up \(no restart left\)\)$/m);
  });
});
