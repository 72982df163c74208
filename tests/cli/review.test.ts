/**
 * CLI parity for the review workflow: --url runs a share link, --baseline prints the paired comparison,
 * --assert gates like k6 thresholds, --report writes the capacity-review Markdown.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPairedRange, summarizeComparison } from '../../sim-core/compare';
import { evaluate, formatOutcomes, numericPaths, parseAssertion, splitAssertions, unknownFields } from '../../sim-core/report/assertions';
import { noVerdictText } from '../../sim-core/results/summary';
import { dashboardBase } from '../../sim-core/cli/review';
import { DEFAULT_DASHBOARD } from '../../sim-core/cli/args';
import { decodeScenario, encodeScenario } from '../../sim-core/scenario/link';
import { presetById } from '../../sim-core/scenario/presets';
import { baselineOfLink, loadScenario } from '../../sim-core/cli/scenarioSource';
import { linkParams } from '../../sim-core/scenario/link';
import { runAll } from '../helpers/cli';

const few = (id: string) => {
  const s = presetById(id)!.scenario;
  return { ...s, simulation: { ...s.simulation, replications: 40 } };
};

describe('assertions', () => {
  it('parse the four comparators and reject anything else, saying the form', () => {
    expect(parseAssertion('phase3.breachRate<0.01')).toMatchObject({ path: ['phase3', 'breachRate'], op: '<', limit: 0.01 });
    expect(parseAssertion(' peaks.cloudSqlConnections.max >= 90 ')).toMatchObject({ op: '>=', limit: 90 });
    expect(parseAssertion('a.b<=1e-3').limit).toBe(0.001);
    for (const bad of ['breach<<1', 'phase3.breachRate=0.1', '<0.1', 'x<y', '']) expect(() => parseAssertion(bad)).toThrow(/expected <field><op><number>/);
    // Limits written as people write rates: told how to write them.
    expect(() => parseAssertion('phase3.breachRate<0,05')).toThrow('(0,05 has a decimal comma: write it with a point, 0.05; commas separate assertions)');
    // Thousands with a comma are no decimal: no guess either way (1.000 would gate at one).
    expect(() => parseAssertion('starts>1,000')).toThrow('(1,000 has a comma, a thousands separator to some readers and a decimal mark to others: write thousands as 1000 or 1 000, decimals with a point; commas separate assertions)');
    // Numbers as every other entry reads them: grouped thousands, a typeset minus.
    expect(parseAssertion('starts>1 000').limit).toBe(1000);
    expect(parseAssertion('differences.breachRate.hi<−0.001').limit).toBe(-0.001);
    for (const bad of ['starts>0x10', 'starts>Infinity', 'starts>1 2']) expect(() => parseAssertion(bad), bad).toThrow(/expected <field><op><number>/);
    expect(() => parseAssertion('phase3.breachRate < 5 %')).toThrow('(rates are fractions, as in --json: write 5 % as 0.05)');
    expect(() => parseAssertion('peaks.connectorUtilisation.max<=70%')).toThrow('write 70% as 0.7');
    // A % on a count or a duration is no rate to convert.
    expect(() => parseAssertion('peaks.cloudSqlConnections.max<90%')).toThrow('(peaks.cloudSqlConnections.max is no rate: write its limit as a plain number, in the unit --json gives it)');
  });

  it('one --assert value holds several, split at commas that are not inside a number', () => {
    expect(splitAssertions('phase3.breachRate<0.05, restarts<100,peaks.poolWaiters.max<=3')).toEqual(['phase3.breachRate<0.05', 'restarts<100', 'peaks.poolWaiters.max<=3']);
    // A decimal comma stays in its assertion (which is then refused saying why), not split into "<0" and "05".
    expect(splitAssertions('phase3.breachRate<0,05')).toEqual(['phase3.breachRate<0,05']);
    expect(splitAssertions('a<1, 2')).toEqual(['a<1, 2']);
  });

  it('a rate with no Phase 3 verdict has no value (its 0 would pass any `<` gate); its counts do', () => {
    const none = { phase3: { starts: 0, breaches: 0, breachRate: 0, breachCi95: [0, 1], durationQuantiles: { p95: 0 }, exitCode3: 0, firstAttempt: { starts: 0, breachRate: 0 } } };
    for (const text of ['phase3.breachRate<0.05', 'phase3.breachCi95.1<0.1', 'phase3.durationQuantiles.p95<20', 'phase3.firstAttempt.breachRate<0.05'])
      expect(evaluate(parseAssertion(text), none)).toMatchObject({ passed: false, actual: null, error: expect.stringMatching(/has no value in this result: no start reached a Phase 3 verdict \(phase3(\.firstAttempt)?\.starts is 0\)/) });
    expect(evaluate(parseAssertion('phase3.exitCode3<1'), none)).toMatchObject({ passed: true, actual: 0 });
    expect(evaluate(parseAssertion('phase3.starts<1'), none)).toMatchObject({ passed: true, actual: 0 });
    // With verdicts, a rate of 0 is a measured 0.
    expect(evaluate(parseAssertion('phase3.breachRate<0.05'), { phase3: { starts: 40, breachRate: 0 } })).toMatchObject({ passed: true, actual: 0 });
  });

  it('a result with no replication at all (a partial merge of empty shards) fails every gate: its zeros are no measurement', () => {
    const empty = { replications: 0, restartsPerReplication: 0, peaks: { cloudSqlConnections: { max: 0 } }, phase3: { starts: 0, breachRate: 0 } };
    for (const text of ['restartsPerReplication<1', 'peaks.cloudSqlConnections.max<100', 'replications>=0'])
      expect(evaluate(parseAssertion(text), empty), text).toMatchObject({ passed: false, actual: null, error: expect.stringMatching(/^the result holds no replications, so nothing was measured/) });
    // In a comparison, either arm.
    const comparison = { differences: { breachRate: { diff: 0 } }, baseline: { replications: 0 }, proposal: { replications: 5 } };
    expect(evaluate(parseAssertion('differences.breachRate.diff<=0'), comparison).error).toMatch(/^the baseline holds no replications/);
    expect(evaluate(parseAssertion('restartsPerReplication<1'), { ...empty, replications: 1 })).toMatchObject({ passed: true, actual: 0 });
    expect(noVerdictText({ replications: 0, killedOutsidePhase3: 0, unfinished: 0 })).toBe('no replication in this result');
  });

  it('a rate or duration of a result the horizon cut short (over 5% of attempts without a verdict) fails the gate, naming why', () => {
    // The incident at a 60 s horizon: 72 verdicts, 172 attempts cut short; the few verdicts are the quick outcomes.
    const cut = { horizon: 60, starts: 72, unfinished: 172, phase3: { starts: 72, breachRate: 0.0556, durationQuantiles: { p95: 12 }, exitCode3: 4, firstAttempt: { starts: 60, breachRate: 0.05 } } };
    for (const text of ['phase3.breachRate<0.1', 'phase3.breachRate>0.01', 'phase3.durationQuantiles.p95<60', 'phase3.firstAttempt.breachRate<0.1'])
      expect(evaluate(parseAssertion(text), cut), text).toMatchObject({
        passed: false, error: expect.stringMatching(/^the 60 s horizon cut 70% of the start attempts short of a Phase 3 verdict \(more than 5%\), so phase3\.\S+ \([\d.]+\) leans to the quick outcomes/),
      });
    // Counts are what they are; at 5% cut (the summary's own limit) the rate is trusted.
    expect(evaluate(parseAssertion('phase3.exitCode3<10'), cut)).toMatchObject({ passed: true, actual: 4 });
    expect(evaluate(parseAssertion('phase3.breachRate<0.1'), { ...cut, starts: 95, unfinished: 5 })).toMatchObject({ passed: true });
    // A comparison: a difference is of both sides, named by the side that was cut.
    const whole = { ...cut, unfinished: 0 };
    const comparison = { ...whole, baseline: cut, proposal: whole, differences: { breachRate: { diff: 0.01 }, firstAttemptBreachRate: { hi: 0.076 } } };
    expect(evaluate(parseAssertion('differences.breachRate.diff<0.05'), comparison).error).toMatch(/^the baseline's 60 s horizon cut 70%/);
    // The first-attempt rate's difference as much.
    expect(evaluate(parseAssertion('differences.firstAttemptBreachRate.hi<0.1'), comparison).error).toMatch(/^the baseline's 60 s horizon cut 70%/);
    expect(evaluate(parseAssertion('proposal.phase3.breachRate<0.1'), comparison)).toMatchObject({ passed: true });
    expect(evaluate(parseAssertion('baseline.phase3.breachRate<0.1'), comparison).error).toMatch(/^the baseline's 60 s horizon/);
  });

  it('a gate on a difference the comparison reads "too few events to tell" fails, naming the count, when the doubt could flip it', () => {
    // 5 breaches against 0 in 400 paired replications: the delta-method interval excludes 0, the exact test does not.
    const d = (events: number | null, significant = false, lo = -0.023, hi = -0.0017) => ({ diff: (lo + hi) / 2, lo, hi, se: 0.0054, replications: 400, significant, events });
    const few = { differences: { breachRate: d(5), restarts: d(1), peakCloudSqlConnections: d(null) } };
    // "Must improve" gates would fail were the interval to reach 0 (no difference): they cannot be told.
    for (const text of ['differences.breachRate.hi<0', 'differences.breachRate.diff<0'])
      expect(evaluate(parseAssertion(text), few), text).toMatchObject({
        passed: false, error: expect.stringMatching(/^differences\.breachRate reads "too few events to tell": its interval excludes 0 on 5 breaches in the two arms together \(fewer than 10\), and the exact test does not confirm it, so .* cannot be compared: the gate would fail were the interval to reach 0/),
      });
    // "No worse than" gates on a proposal that reads better hold either way, so they are judged as they read.
    for (const text of ['differences.breachRate.hi<=0.01', 'differences.breachRate.diff<=0.01', 'differences.breachRate.lo>-0.5'])
      expect([evaluate(parseAssertion(text), few)].map((o) => [o.passed, o.error]), text).toEqual([[true, undefined]]);
    // An interval above 0 on few events: "lo > 0" (a real worsening) cannot be told; "hi < 0" fails however it is read.
    const worse = { differences: { breachRate: d(5, false, 0.0017, 0.023) } };
    expect(evaluate(parseAssertion('differences.breachRate.lo>0'), worse).error).toMatch(/the gate would fail were the interval to reach 0/);
    expect([evaluate(parseAssertion('differences.breachRate.hi<0'), worse)].map((o) => [o.passed, o.error])).toEqual([[false, undefined]]);
    // se has no stand-in: any gate on it is doubted.
    expect(evaluate(parseAssertion('differences.breachRate.se<1'), few).error).toMatch(/too few events to tell.* cannot be compared; run more replications$/);
    expect(evaluate(parseAssertion('differences.restarts.hi<0'), few).error).toMatch(/on 1 restart in the two arms/);
    // The arms' own values, and peaks (no events), are compared as they are.
    expect(evaluate(parseAssertion('differences.breachRate.replications>=400'), few)).toMatchObject({ passed: true });
    expect(evaluate(parseAssertion('differences.peakCloudSqlConnections.hi<0'), few)).toMatchObject({ passed: true });
    // As the table reads them: 9 against 0 the exact test confirms (significant); an interval holding 0 is "no
    // significant change", so a "no worse than" gate on two clean arms passes; 10 events need no exact test.
    expect(evaluate(parseAssertion('differences.breachRate.hi<0'), { differences: { breachRate: d(9, true) } })).toMatchObject({ passed: true });
    expect(evaluate(parseAssertion('differences.breachRate.hi<=0.01'), { differences: { breachRate: d(0, false, 0, 0) } })).toMatchObject({ passed: true });
    expect(evaluate(parseAssertion('differences.breachRate.hi<=0.01'), { differences: { breachRate: d(8, false, -0.004, 0.003) } })).toMatchObject({ passed: true });
    expect(evaluate(parseAssertion('differences.breachRate.hi<0'), { differences: { breachRate: d(10, true) } })).toMatchObject({ passed: true });
  });

  it('prints the actual value with the digits that tell it from the limit', () => {
    const r = { phase3: { breachRate: 0.014778325123152709 } };
    expect(formatOutcomes([evaluate(parseAssertion('phase3.breachRate<=0.0147783'), r)])).toBe('✗ phase3.breachRate<=0.0147783  (actual 0.01477833)');
    expect(formatOutcomes([evaluate(parseAssertion('phase3.breachRate<0.02'), r)])).toBe('✓ phase3.breachRate<0.02  (actual 0.0147783)');
    // Six digits would read as under the limit, which the value is not.
    expect(formatOutcomes([evaluate(parseAssertion('phase3.breachRate<0.01477832'), r)])).toBe('✗ phase3.breachRate<0.01477832  (actual 0.01477833)');
  });

  it('evaluate against a result, naming a missing field', () => {
    const r = { phase3: { breachRate: 0.2, breachCi95: [0.1, 0.3] } };
    expect(evaluate(parseAssertion('phase3.breachRate<0.25'), r).passed).toBe(true);
    expect(evaluate(parseAssertion('phase3.breachRate>0.25'), r).passed).toBe(false);
    expect(evaluate(parseAssertion('phase3.breachCi95.1<=0.3'), r)).toMatchObject({ passed: true, actual: 0.3 });
    expect(evaluate(parseAssertion('phase3.nope<1'), r)).toMatchObject({ passed: false, error: 'no result field phase3.nope' });
    // A null (a time never reached within the horizon) is not a missing field: it says which field is null, whatever the operator.
    const never = { containers: { timeToAllHealthy: null, allHealthy: { p95: null } } };
    for (const text of ['containers.timeToAllHealthy.p95>100', 'containers.timeToAllHealthy.p95<100'])
      expect(evaluate(parseAssertion(text), never)).toMatchObject({ passed: false, error: expect.stringMatching(/^containers\.timeToAllHealthy has no value in this result \(null: a time never reached within the horizon/) });
    expect(evaluate(parseAssertion('containers.allHealthy.p95<1'), never).error).toMatch(/^containers\.allHealthy\.p95 has no value in this result/);
    expect(unknownFields([parseAssertion('phase3.breachRte<1'), parseAssertion('phase3.breachCi95.1<1'), parseAssertion('zzz<1')], r)).toEqual([
      '"phase3.breachRte<1": the result has no field phase3.breachRte; did you mean phase3.breachRate?',
      '"zzz<1": the result has no field zzz',
    ]);
    // Past a null or into an array, the run decides: such a path is kept for after the run.
    const shape = { containers: { timeToAllHealthy: null }, detail: { records: [] } };
    expect(unknownFields([parseAssertion('containers.timeToAllHealthy.p95<600'), parseAssertion('detail.records.0.attempt<1')], shape)).toEqual([]);
    expect(unknownFields([parseAssertion('containers.nope<1')], shape)).toHaveLength(1);
    // An interval has its two numbers in every result: a third is no field, said before the run.
    expect(unknownFields([parseAssertion('phase3.breachCi95.2<0.05')], r)).toEqual(['"phase3.breachCi95.2<0.05": the result has no field phase3.breachCi95.2: phase3.breachCi95 is a list of 2 numbers (phase3.breachCi95.0, phase3.breachCi95.1)']);
    expect(numericPaths(r)).toEqual(['phase3.breachRate', 'phase3.breachCi95.0', 'phase3.breachCi95.1']);
    // A list or a group is refused before the run too (not a failed gate after it), naming the numbers inside.
    expect(unknownFields([parseAssertion('phase3.breachCi95<0.01'), parseAssertion('phase3<1')], r)).toEqual([
      '"phase3.breachCi95<0.01": phase3.breachCi95 is a list, not a number; compare one of its numbers: phase3.breachCi95.0, phase3.breachCi95.1',
      '"phase3<1": phase3 is a group of fields, not a number; compare one of its numbers: phase3.breachRate, phase3.breachCi95.0, phase3.breachCi95.1',
    ]);
    // A long list of them is cut, and says so.
    const wide = { g: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`n${i}`, i])) };
    expect(unknownFields([parseAssertion('g<1')], wide)).toEqual(['"g<1": g is a group of fields, not a number; compare one of its numbers: g.n0, g.n1, g.n2, g.n3, g.n4, g.n5, g.n6, g.n7 … (10 in all)']);
    // So is text or a flag: it is never a number, whatever the run.
    expect(unknownFields([parseAssertion('phase3.ciMethod<1'), parseAssertion('partial>0')], { phase3: { ciMethod: 'wilson-cluster' }, partial: false })).toEqual([
      // (Not quoted: before the run the value is an empty result's, not what the run will write.)
      '"phase3.ciMethod<1": phase3.ciMethod is text, not a number',
      '"partial>0": partial is a boolean, not a number',
    ]);
  });
});

describe('a dashboard link with a pinned baseline', () => {
  it('yields the b= parameter of the fragment, and nothing for a link without one', () => {
    expect(baselineOfLink(linkParams('http://x/#s=1.abc&b=1.def&view=report'))).toBe('1.def');
    expect(baselineOfLink(linkParams('http://x/#s=1.abc'))).toBeUndefined();
    expect(baselineOfLink(linkParams('incident-1278-staging'))).toBeUndefined();
    expect(baselineOfLink(linkParams('http://x/?s=1.abc&b=1.def'))).toBe('1.def');
  });

  it('refuses a link with s= or b= twice, with different values, rather than run the first', () => {
    const [m, h] = [encodeScenario(presetById('mitigated')!.scenario), encodeScenario(presetById('healthy-baseline')!.scenario)];
    expect(() => loadScenario(`http://x/#s=${m}&s=${h}`)).toThrow('invalid link:\n  link: the link holds s= twice, with different values');
    expect(() => loadScenario(`http://x/#s=${m}&b=${m}&b=${h}`)).toThrow('the link holds b= twice');
    expect(loadScenario(`http://x/#s=${m}&s=${m}`).input).toEqual(presetById('mitigated')!.scenario);
  });
});

describe('a link mangled on the way', () => {
  it('runs as the link it was, as the dashboard opens it: # turned into ?, = percent-encoded, a pinned baseline along', async () => {
    const s = encodeScenario(few('mitigated'));
    const b = encodeScenario(few('incident-1278-staging'));
    const runs = await runAll([
      [`http://localhost:5173/#s=${s}&b=${b}`, '--json', '--workers', '1'],
      [`http://localhost:5173/?s=${s}&b=${b}`, '--json', '--workers', '1'],
      [`http://localhost:5173/#s%3D${s}%26b%3D${b}`, '--json', '--workers', '1'],
      ['--url', `http://localhost:5173/?S=${s}`, '--json', '--workers', '1'],
      [`http://localhost:5173/#view=report`, '--json', '--workers', '1'],
      // An HTML-escaped &, a link as a Markdown report writes it (<…>), a wholly percent-encoded one.
      [`http://localhost:5173/#s=${s}&amp;b=${b}`, '--json', '--workers', '1'],
      [`http://localhost:5173/#s=${s}&b=${b}>.`, '--json', '--workers', '1'],
      [encodeURIComponent(`http://localhost:5173/#s=${s}&b=${b}`), '--json', '--workers', '1'],
    ]);
    for (const r of [...runs.slice(0, 4), ...runs.slice(5)]) expect(r.code).toBe(0);
    for (const i of [1, 2, 5, 6, 7]) expect(runs[i].stdout).toBe(runs[0].stdout);
    expect(JSON.parse(runs[0].stdout).differences).toBeDefined();
    expect(JSON.parse(runs[3].stdout).differences).toBeUndefined();
    // A link without its scenario says so.
    expect(runs[4].code).toBe(2);
    expect(runs[4].stderr).toBe('error: invalid link:\n  link: the link holds no scenario (expected #s=<version>.<data>)\n');
  }, 60_000);

  it('reads a link\'s b= as link data only, never as a preset or a file; a file whose name holds ?s= is still a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootstorm-links-'));
    const file = join(dir, 'what?s=1.json');
    writeFileSync(file, JSON.stringify({ version: 2, wave: { containers: 2 } }));
    const s = encodeScenario(few('mitigated'));
    const [preset, path, asFile] = await runAll([
      [`http://localhost:5173/#s=${s}&b=mitigated`, '--workers', '1'],
      [`http://localhost:5173/#s=${s}&b=${file}`, '--workers', '1'],
      [file, '--replications', '2', '--json', '--workers', '1'],
    ]);
    expect(preset.code).toBe(2);
    expect(preset.stderr).toBe('error: invalid baseline link (the link\'s &b= part):\n  link: "mitigated" is not a scenario\'s link data (expected <version>.<data>)\n');
    expect(path.code).toBe(2);
    expect(path.stderr).toMatch(/^error: invalid baseline link \(the link's &b= part\):/);
    expect(asFile.code).toBe(0);
    expect(JSON.parse(asFile.stdout).containers.perReplication).toBe(2);
  }, 60_000);
});

describe('sim CLI: review workflow', () => {
  it('runs a link, compares against a baseline, gates on assertions and writes the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootstorm-review-'));
    const report = join(dir, 'review.md');
    const incident = few('incident-1278-staging');
    const mitigated = few('mitigated');
    const link = `http://localhost:5173/#s=${encodeScenario(mitigated)}`;
    const pinned = `${link}&b=${encodeScenario(incident)}`;
    const [viaLink, viaUrl, compared, failing, gated, viaPinnedLink, typo, failingJson] = await runAll([
      [link, '--json', '--workers', '1'],
      ['--url', link, '--json', '--workers', '2'],
      ['--url', link, '--baseline', 'incident-1278-staging', '--json', '--workers', '2'],
      ['--url', link, '--assert', 'phase3.breachRate<0.001', '--workers', '1'],
      ['--url', link, '--baseline', 'incident-1278-staging', '--assert', 'differences.breachRate.hi<0', '--report', report, '--out', join(dir, 'gated.results.json'), '--workers', '1'],
      [pinned, '--json', '--workers', '1'],
      ['--url', link, '--assert', 'phase3.breachRat<0.001', '--assert', 'differences.breachRate.hi<0', '--assert', 'detail.foo<1', '--json', '--workers', '1'],
      [link, '--json', '--assert', 'phase3.breachRate<0.001,peaks.cloudSqlConnections.max<=1000', '--assert', 'alerts.poolPressure.meanTime<1', '--workers', '1'],
    ]);
    // A link reproduces the scenario exactly, with any worker count.
    expect(viaLink.code).toBe(0);
    expect(viaUrl.stdout).toBe(viaLink.stdout);
    expect(JSON.parse(viaLink.stdout).replications).toBe(40);

    // The comparison is the paired one computed in process (the baseline takes the link's seed and replications).
    expect(compared.code).toBe(0);
    const c = JSON.parse(compared.stdout);
    const expected = summarizeComparison(runPairedRange(incident, mitigated, 0, 40), incident, mitigated);
    expect(c.differences).toEqual(JSON.parse(JSON.stringify(expected.differences)));
    expect(c.differences.breachRate.hi).toBeLessThan(0);
    // A dashboard link with a pinned baseline (&b=) compares against it, as --baseline does.
    expect(viaPinnedLink.code).toBe(0);
    expect(viaPinnedLink.stdout).toBe(compared.stdout);

    // A failed threshold exits 1 and says which, with the actual value.
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/✗ phase3\.breachRate<0\.001 {2}\(actual 0\.0\d+\)/);
    // Beside --json the verdicts are in the JSON too, under `gates`, after the result's own fields (unchanged).
    expect(failingJson.code).toBe(1);
    const { gates, ...rest } = JSON.parse(failingJson.stdout);
    expect(rest).toEqual(JSON.parse(viaLink.stdout));
    expect(gates).toEqual([
      { assert: 'phase3.breachRate<0.001', field: 'phase3.breachRate', op: '<', limit: 0.001, actual: rest.phase3.breachRate, passed: false },
      { assert: 'peaks.cloudSqlConnections.max<=1000', field: 'peaks.cloudSqlConnections.max', op: '<=', limit: 1000, actual: rest.peaks.cloudSqlConnections.max, passed: true },
      // A field without a value this run fails unjudged, saying why.
      { assert: 'alerts.poolPressure.meanTime<1', field: 'alerts.poolPressure.meanTime', op: '<', limit: 1, actual: null, passed: false, why: expect.stringContaining('has no value in this result') },
    ]);
    expect(rest.alerts.poolPressure.meanTime).toBeNull();
    // Without --assert there is no `gates` field.
    expect(JSON.parse(viaLink.stdout)).not.toHaveProperty('gates');
    // A field the result does not have is a usage error, found before anything runs (exit 2, not a failed gate).
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain('error: --assert: "phase3.breachRat<0.001": the result has no field phase3.breachRat; did you mean phase3.breachRate?');
    expect(typo.stderr).toContain('"differences.breachRate.hi<0": the result has no field differences.breachRate.hi');
    // Under detail too, though a result of no replications has none yet (its fields are known).
    expect(typo.stderr).toContain('"detail.foo<1": the result has no field detail.foo\n  (baseline.…, proposal.… and differences.… exist only with --baseline)');
    // The message says what to change: no usage text buries it.
    expect(typo.stderr).not.toContain('Usage:');

    // Beside --json, the baseline's configuration warnings are on stderr too, marked as the baseline's.
    expect(compared.stderr).toMatch(/^warning: baseline: Connection budget 12 containers × \(10 \+ 15\) = 300/m);

    // Passing thresholds exit 0; the report carries the headline, the comparison, the link and the scenario.
    expect(gated.code).toBe(0);
    expect(gated.stderr).toContain('✓ differences.breachRate.hi<0');
    // A results file holds one scenario: the proposal's, and the run says so and where the comparison is.
    expect(gated.stderr).toContain(`wrote the proposal's results to ${join(dir, 'gated.results.json')} (a results file holds one scenario; the comparison is in --json and --report)\n`);
    expect(JSON.parse(readFileSync(join(dir, 'gated.results.json'), 'utf8')).scenario.pool).toEqual(mitigated.pool);
    const md = readFileSync(report, 'utf8');
    expect(md).toMatch(/^# Capacity review: Mitigated/);
    expect(md).toContain('| Phase 3 breach rate |');
    expect(md).toContain('## Against the baseline');
    // The gates' verdicts are in the report, as on stderr.
    expect(md).toMatch(/## Gates\n\nThe threshold \(`--assert`\) held: the command exits 0\.\n\n\| Threshold \| Verdict \| Value \|\n\| --- \| --- \| --- \|\n\| differences\.breachRate\.hi\\<0 \| ✓ held \| -0\.\d+ \|\n/);
    expect(md).toContain(`#s=${encodeScenario(mitigated)}&b=`);
    // The link reopens the comparison: its baseline is the one the report compares with.
    const b = decodeScenario(md.match(/&b=([^>\s]+)>/)![1]);
    expect(b.ok && b.scenario.cloudSql).toEqual(incident.cloudSql);
    // Pinned as written, with its own simulation settings (which the comparison replaces), as the dashboard pins it.
    expect(b.ok && b.scenario.simulation).toEqual(presetById('incident-1278-staging')!.scenario.simulation);
    expect(md).toContain('40 replications, seed 1278');
    // What the proposal changes, setting by setting, with units.
    expect(md).toMatch(/The proposal differs in .*\*\*pool\\_size\*\* 10 connections → 3 connections/);
    // Both sides' configuration warnings, each said to be whose.
    expect(md).toContain('### This scenario (the proposal)');
    expect(md).toMatch(/### The baseline: Incident #1278 — staging, 75 s\n\n(- .+\n)*- Connection budget 12 containers × \(10 \+ 15\) = 300/);
    // A value the scenario sets is not credited to the default's source.
    expect(md).toContain('| Pool (per container) | pool\\_size | 3 | connections | this scenario (default 10: incident config) |');
    expect(md).toContain('| Timeouts | Initialization timeout | 75 | s | incident config |');

    // An edited preset is not presented as the preset: the header says how many settings differ from it.
    const edited = { ...incident, timeouts: { ...incident.timeouts, initialization: 120 }, cloudSql: { ...incident.cloudSql, maxConnections: 400 } };
    const [run] = await runAll([[`http://localhost:5173/#s=${encodeScenario(edited)}`, '--replications', '4', '--workers', '1']]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('link "Incident #1278 — staging, 75 s (2 settings changed)"');
  }, 120_000);
});

describe('sim CLI: --half-width', () => {
  it('replicates until the interval is narrow enough, and equals the fixed run of the replications it needed', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bootstorm-hw-')), 'results.json');
    const link = `http://localhost:5173/#s=${encodeScenario(few('mitigated'))}&b=${encodeScenario(few('incident-1278-staging'))}`;
    const [adaptive, bad, pinned] = await runAll([
      ['mitigated', '--half-width', '0.01', '--replications', '2000', '--json', '--workers', '2', '--out', out],
      ['mitigated', '--half-width', '0.7'],
      // A link that pins a baseline is a comparison, which --half-width does not run: refused, not ignored.
      [link, '--half-width', '0.05'],
    ]);
    expect(adaptive.code).toBe(0);
    const r = JSON.parse(adaptive.stdout);
    expect(adaptive.stderr).toMatch(/adaptive: reached ±0\.\d\d points \(goal ±1\.00\) after \d+ replications/);
    const [lo, hi] = r.phase3.breachCi95;
    expect((hi - lo) / 2).toBeLessThan(0.01);
    expect(r.replications).toBeLessThan(2000);
    const [fixed, gated] = await runAll([
      ['mitigated', '--replications', String(r.replications), '--json', '--workers', '1'],
      // --assert reads the adaptive block too: a pipeline can fail a run that stopped at its cap.
      ['mitigated', '--half-width', '0.01', '--replications', '2000', '--assert', 'adaptive.halfWidth<0.001', '--workers', '2'],
    ]);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toMatch(/✗ adaptive\.halfWidth<0\.001 {2}\(actual 0\.00\d+\)/);
    const { adaptive: how, ...rest } = r;
    expect(`${JSON.stringify(rest)}\n`).toBe(fixed.stdout);
    // The goal and whether it was reached, in the JSON too; ± holds on both sides of the estimate.
    expect(how).toMatchObject({ goal: 0.01, reached: true });
    expect(how.halfWidth).toBeLessThan(0.01);
    expect(hi - r.phase3.breachRate).toBeLessThanOrEqual(how.halfWidth + 1e-12);
    expect(r.phase3.breachRate - lo).toBeLessThanOrEqual(how.halfWidth + 1e-12);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--half-width "0.7": expected a number above 0 and below 0.5');
    expect(pinned.code).toBe(2);
    expect(pinned.stdout).toBe('');
    expect(pinned.stderr).toContain('error: --half-width runs one scenario, but the link pins a baseline');
    // The results file records the replications used, not the cap: rerunning it reproduces the result.
    const file = JSON.parse(readFileSync(out, 'utf8'));
    expect(file.scenario.simulation.replications).toBe(r.replications);
    expect(`${JSON.stringify(file.result)}\n`).toBe(fixed.stdout);
  }, 120_000);
});

describe("the report's dashboard address ($BOOTSTORM_URL)", () => {
  it('an http(s) address as the URL parser writes it; blank or anything else, the default (the latter with a note)', () => {
    const notes: string[] = [];
    const warn = (line: string) => void notes.push(line);
    expect(dashboardBase(undefined, warn)).toBe(DEFAULT_DASHBOARD);
    expect(dashboardBase('  ', warn)).toBe(DEFAULT_DASHBOARD);
    expect(dashboardBase('https://bootstorm.example.com/team a/', warn)).toBe('https://bootstorm.example.com/team%20a/');
    expect(notes).toEqual([]);
    for (const bad of ['not a url', 'javascript:alert(1)', 'file:///etc/passwd']) expect(dashboardBase(bad, warn)).toBe(DEFAULT_DASHBOARD);
    expect(notes).toHaveLength(3);
    expect(notes[1]).toBe(`note: BOOTSTORM_URL "javascript:alert(1)" is not an http(s) address: the report links to ${DEFAULT_DASHBOARD}\n`);
  });
});
