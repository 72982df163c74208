/**
 * Cloud Run's startup probe: a container not yet listening (all 7 phases done) `timeouts.startupProbe` seconds after
 * it started is killed and restarted. In Phase 3 that is a breach (`startup_probe`); before or after Phase 3 the
 * start fails without a Phase 3 breach. Constant base (tests/helpers/scenario.ts): phases 1–2 end at 1 and 3 s;
 * Phase 3 takes 0.125 s of handshake + 3 s of table setup + 0.5 s of health check = 3.625 s; phases 4–7 take 0.5,
 * 0.25, 0.125 and 0.125 s, so an unhindered start is listening at 7.625 s.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { noVerdictText, probeKillNote, probeKillShare, resultNotes, summarize } from '../../sim-core/results/summary';
import { pointRate } from '../../sim-core/explore/pointSet';
import { probeKillLines } from '../../sim-core/cli/exploreRun';
import { probeKillsIn, type ExploreData } from '../../src/lib/explorePlan';
import { formatResult } from '../../sim-core/cli/format';
import { headlineRows } from '../../sim-core/report/markdown';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';
import { expectTime, handScenario, recordsOf } from '../helpers/scenario';

const run = (over: object) => runReplication(handScenario(over), 0, true);

describe('the startup probe', () => {
  it('kills a start still in Phase 3 at the probe time: a Phase 3 breach, cause startup_probe', () => {
    // Probe at 5 s: Phase 3 (from 3 s) is cut in its table setup, 2 s in.
    const r = run({ timeouts: { startupProbe: 5 } });
    expect(r.starts).toBe(1);
    expect(r.breaches).toBe(1);
    expect(r.failures.startup_probe).toBe(1);
    expect(r.failures.init_timeout).toBe(0);
    const [rec] = recordsOf(r.records, 0);
    expect(rec.outcome).toBe('startup_probe');
    expectTime(rec.phase3Duration, 2);
    expectTime(rec.phase3End, 5);
    expect(r.healthyAtHorizon).toBe(0);
  });

  it('a start the probe killed is a breach but no exit with code 3', () => {
    const s = handScenario({ timeouts: { startupProbe: 5 }, wave: { containers: 2 } });
    const sum = summarize(runRange(s, 0, 1), s);
    expect(sum.phase3.breaches).toBe(2);
    expect(sum.failures.startup_probe).toBe(2);
    expect(sum.phase3.exitCode3).toBe(0);
    // In Phase 3, a breach: not among the kills the breach rate leaves out, and no note.
    expect(sum.killedOutsidePhase3).toBe(0);
    expect(probeKillNote(sum)).toBeNull();
  });

  it('kills outside Phase 3 are counted, summed over replications, and named in a note beside the breach rate', () => {
    // Probe at 2 s: both containers killed in Phase 2, in each of 3 replications.
    const s = handScenario({ timeouts: { startupProbe: 2 }, wave: { containers: 2 }, simulation: { replications: 3 } });
    const sum = summarize(runRange(s, 0, 3), s);
    expect(sum.starts).toBe(0);
    expect(sum.killedOutsidePhase3).toBe(6);
    expect(sum.killedAfterPhase3).toBe(0);
    expect(resultNotes(sum)).toEqual([
      "Cloud Run's startup probe killed 6 starts before Phase 3 began (not in the breach rate), over 3 replications: they failed without a Phase 3 breach. Lengthen timeouts.startupProbe, or shorten the phases.",
    ]);
    // With no verdict at all, the summary's dash names the probe, not the horizon (which cut nothing here).
    expect(sum.unfinished).toBe(0);
    expect(formatResult('probe', sum, 'test')).toMatch(/^Phase 3 breach rate +— +\(no start reached a Phase 3 verdict: Cloud Run's startup probe killed every one first\)$/m);
    expect(headlineRows(sum).find((x) => x[0] === 'Phase 3 breach rate')).toEqual(['Phase 3 breach rate', '—', "no start reached a Phase 3 verdict: Cloud Run's startup probe killed every one first"]);
  });

  it('why there is no verdict: the probe, the horizon, both, or no start began at all', () => {
    expect(noVerdictText({ killedOutsidePhase3: 2, unfinished: 3 })).toBe('no start reached a Phase 3 verdict: the startup probe killed some first, the horizon cut the rest');
    expect(noVerdictText({ killedOutsidePhase3: 0, unfinished: 3 })).toBe('no start reached a Phase 3 verdict before the horizon');
    expect(noVerdictText({ killedOutsidePhase3: 0, unfinished: 0 })).toBe('no start began before the horizon');
  });

  it('kills a start in Phase 2: no Phase 3 verdict, so no breach, but the start fails', () => {
    const r = run({ timeouts: { startupProbe: 2 } });
    expect(r.starts).toBe(0);
    expect(r.breaches).toBe(0);
    const [rec] = recordsOf(r.records, 0);
    expect(rec.outcome).toBe('startup_probe');
    expect(rec.phaseEnds).toEqual([1]);
    expect(rec.phase3Duration).toBeNull();
    expect(rec.phase3End).toBeNull();
    expect(r.healthyAtHorizon).toBe(0);
    expect(r.killedOutsidePhase3).toBe(1);
  });

  it('kills a start that passed Phase 3 but is still in Phase 4: Phase 3 passed, the start failed', () => {
    // Phase 3 passes at 6.625 s; Phase 4 would end at 7.125 s, after the 7 s probe.
    const r = run({ timeouts: { startupProbe: 7 } });
    expect(r.starts).toBe(1);
    expect(r.breaches).toBe(0);
    const [rec] = recordsOf(r.records, 0);
    expect(rec.outcome).toBe('startup_probe');
    expect(rec.phaseEnds).toHaveLength(3);
    expectTime(rec.phase3Duration, 3.625);
    expect(r.healthyAtHorizon).toBe(0);
    expect(r.killedOutsidePhase3).toBe(1);
    // Its Phase 3 passed: it is in the breach rate's starts, as a pass, and counted apart as killed after Phase 3.
    expect(r.killedAfterPhase3).toBe(1);
    const s = handScenario({ timeouts: { startupProbe: 7 }, wave: { containers: 2 } });
    const sum = summarize(runRange(s, 0, 2), s);
    expect([sum.starts, sum.phase3.breaches, sum.killedOutsidePhase3, sum.killedAfterPhase3]).toEqual([4, 0, 4, 4]);
    expect(probeKillNote(sum)).toBe(
      "Cloud Run's startup probe killed 4 starts after Phase 3 passed (in the breach rate, as passes), over 2 replications: they failed without a Phase 3 breach. Lengthen timeouts.startupProbe, or shorten the phases.",
    );
    expect(probeKillNote({ ...sum, killedOutsidePhase3: 5, killedAfterPhase3: 1 })).toMatch(/^Cloud Run's startup probe killed 4 starts before Phase 3 began \(not in the breach rate\) and 1 start after Phase 3 passed \(in the breach rate, as a pass\), over/);
  });

  it('a killed start is restarted after the restart backoff, and its connections are released', () => {
    // Killed at 7 s holding its one (checked-in) connection; restarted at 7 + 10 s.
    const r = run({ timeouts: { startupProbe: 7 }, restart: { enabled: true, maxRestarts: 1, initialBackoff: 10 } });
    const recs = recordsOf(r.records, 0);
    expect(recs.map((x) => x.outcome)).toEqual(['startup_probe', 'startup_probe']);
    expect(recs[0].connectionsHeld).toBe(1);
    expectTime(recs[1].start, 17);
    expect(r.restarts).toBe(1);
  });

  it('a start listening exactly at the probe time is too late (the probe wins the tie), a moment earlier passes', () => {
    expect(recordsOf(run({ timeouts: { startupProbe: 7.625 } }).records, 0)[0].outcome).toBe('startup_probe');
    expect(recordsOf(run({ timeouts: { startupProbe: 7.75 } }).records, 0)[0].outcome).toBe('healthy');
  });

  it('against the initialization timeout: the earlier deadline names the cause, a tie goes to the probe (the outer one)', () => {
    // Table setup of 100 s under a 200 s timeout: Phase 3 (from 3 s) runs to whichever deadline comes first.
    const slow = { phase3: { tableSetup: { kind: 'constant', value: 100 } }, timeouts: { tableSetup: 200, initialization: 75 } };
    const at = (probe: number) => recordsOf(run({ ...slow, timeouts: { ...slow.timeouts, startupProbe: probe } }).records, 0)[0];
    expect(at(78).outcome).toBe('startup_probe');
    expect(at(79).outcome).toBe('init_timeout');
    expectTime(at(79).phase3End, 78);
    expectTime(at(60).phase3End, 60);
  });

  it('the default 240 s probe changes nothing in the hand-computed base', () => {
    const [rec] = recordsOf(run({}).records, 0);
    expect(rec.outcome).toBe('healthy');
    expect(rec.phaseEnds).toHaveLength(7);
    expectTime(rec.phaseEnds[6], 7.625);
  });
});

describe('the probe-before-init warning', () => {
  const warning = (over: object) => scenarioWarnings(handScenario(over)).find((w) => w.id === 'probe-before-init');

  it('says when a start can outlast the probe: 3 s + 75 s + 1 s > 60 s', () => {
    expect(warning({ timeouts: { startupProbe: 60 } })?.message).toBe(
      "A start can take about 79 s (phases 1–2 ~3 s at their medians, the 75 s initialization timeout, phases 4–7 ~1 s), more than the 60 s Cloud Run startup probe allows: the probe kills a start still going at 60 s (startup_probe) before the app's own timeout fires or while its later phases run, and Cloud Run restarts it. The app listens only once all 7 phases are done.",
    );
    expect(warning({ timeouts: { startupProbe: 79 } })).toBeUndefined();
  });

  it('is silent for every preset (their starts fit well within 240 s), and speaks for a 300 s initialization timeout', () => {
    for (const id of ['incident-1278-staging', 'pre-fix-45s', 'healthy-baseline', 'mitigated']) {
      expect(scenarioWarnings(presetById(id)!.scenario).map((w) => w.id)).not.toContain('probe-before-init');
    }
    expect(warning({ timeouts: { initialization: 300 } })).toBeDefined();
  });
});

describe('explorations flag the starts the probe killed outside Phase 3', () => {
  it("a point's kills are in its rate's data; the CLI's note and the page's count name the points and the largest share", () => {
    // Probe at 7 s: both starts pass Phase 3 and are killed in Phase 4 (a breach rate of 0 over crash-looping containers).
    const s = handScenario({ timeouts: { startupProbe: 7 }, wave: { containers: 2 } });
    const killed = pointRate(runRange(s, 0, 2));
    expect([killed.starts, killed.breaches, killed.killedOutsidePhase3, killed.killedAfterPhase3]).toEqual([4, 0, 4, 4]);
    expect(probeKillShare(killed)).toBe(1);
    const fine = pointRate(runRange(handScenario({ wave: { containers: 2 } }), 0, 2));
    expect(probeKillShare(fine)).toBeNull();
    // Before Phase 3 (probe at 2 s): no verdict, in no count but the kills.
    const early = pointRate(runRange(handScenario({ timeouts: { startupProbe: 2 }, wave: { containers: 2 } }), 0, 2));
    expect(probeKillShare(early)).toBe(1);
    expect(probeKillShare({ starts: 3, unfinished: 0, killedOutsidePhase3: 2, killedAfterPhase3: 1 })).toBe(0.5);
    const points = [{ ...killed, what: 'timeouts.startupProbe = 7 s' }, { ...fine, what: 'timeouts.startupProbe = 240 s' }];
    expect(probeKillLines(points)).toEqual([
      "NOTE: at 1 of 2 points (most: 100% of the start attempts, at timeouts.startupProbe = 7 s) Cloud Run's startup probe killed start attempts outside Phase 3: they failed without a Phase 3 breach, so the breach rate does not show them (read containers.healthyByHorizon; lengthen timeouts.startupProbe).",
    ]);
    expect(probeKillLines([points[1]])).toEqual([]);
    expect(probeKillsIn({ kind: 'sweep', result: { points: [{ ...killed, ok: true }, { ...fine, ok: true }, { ok: false }] } } as unknown as ExploreData)).toEqual({ killed: 1, of: 2, most: 1 });
  });
});
