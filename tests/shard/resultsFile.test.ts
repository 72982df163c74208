/** Results files (sim-core/results/resultsFile.ts): what `--out` writes and the dashboard opens. */
import { describe, expect, it } from 'vitest';
import { buildResultsFile, missingRanges, partialOfRun, RESULTS_FORMAT, validateResultsFile } from '../../sim-core/results/resultsFile';
import { simulate } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';

// The incident preset breaches, alerts and restarts, so every optional part of the summary is filled in.
const base = presetById('incident-1278-staging')!.scenario;
const scenario = { ...base, simulation: { ...base.simulation, replications: 12 } };
const result = simulate(scenario);
const text = JSON.stringify(buildResultsFile(scenario, result));

const issuesOf = (json: unknown) => {
  const r = validateResultsFile(json);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};
const edit = (f: (j: Record<string, any>) => void) => {
  const j = JSON.parse(text);
  f(j);
  return j;
};

describe('results file', () => {
  it('round-trips through JSON: { format, scenario, result }', () => {
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'scenario', 'result']);
    const r = validateResultsFile(JSON.parse(text));
    expect(r.ok).toBe(true);
    if (r.ok) expect(JSON.stringify(r.file)).toBe(text);
    expect(result.phase3.breaches).toBeGreaterThan(0);
    expect(result.detail).not.toBeNull();
  });

  it('opens a file written before the startup probe (bootstorm 0.4.0): no probe kills, read as 0', () => {
    const old = edit((j) => {
      delete j.result.failures.startup_probe;
      delete j.result.killedOutsidePhase3;
      delete j.result.killedAfterPhase3;
      j.result.bootstorm = '0.4.0';
    });
    const r = validateResultsFile(old);
    expect(r.ok).toBe(true);
    if (r.ok) expect([r.file.result.failures.startup_probe, r.file.result.killedOutsidePhase3, r.file.result.killedAfterPhase3]).toEqual([0, 0, 0]);
  });

  it('writes restarts and code-3 exits per wave beside their totals; a file from before 0.5.2 gets them from its totals', () => {
    expect(result.restarts).toBeGreaterThan(result.replications); // the incident restarts more than once a wave
    expect(result.restartsPerReplication).toBeCloseTo(result.restarts / 12, 6);
    expect(result.exitCode3PerReplication).toBeCloseTo(result.phase3.exitCode3 / 12, 6);
    const old = edit((j) => {
      delete j.result.restartsPerReplication;
      delete j.result.exitCode3PerReplication;
      j.result.bootstorm = '0.5.1';
    });
    const r = validateResultsFile(old);
    expect(r.ok).toBe(true);
    if (r.ok) expect([r.file.result.restartsPerReplication, r.file.result.exitCode3PerReplication]).toEqual([result.restartsPerReplication, result.exitCode3PerReplication]);
    // Only a file that lacks both is filled in: one written with one of them missing is damaged, and said so.
    expect(issuesOf(edit((j) => delete j.result.exitCode3PerReplication))).toEqual([expect.stringContaining('result.exitCode3PerReplication')]);
    expect(issuesOf(edit((j) => delete j.result.restartsPerReplication))).toEqual([expect.stringContaining('result.restartsPerReplication')]);
  });

  it('opens a file from before 0.5.1 whose no-wave-all-healthy time was null: both times past the horizon', () => {
    const old = edit((j) => {
      j.result.containers.timeToAllHealthy = null;
      j.result.bootstorm = '0.5.0';
    });
    const r = validateResultsFile(old);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.file.result.containers.timeToAllHealthy).toEqual({ p50: null, p95: null });
  });

  it('opens a file from before 0.5.1, whose start records have no end time, with the ends its timeline drew', () => {
    const original = JSON.parse(text).result.detail.records as Array<{ end: number | null; outcome: string }>;
    expect(new Set(original.map((x) => x.outcome)).size).toBeGreaterThan(1);
    const old = edit((j) => {
      for (const rec of j.result.detail.records) delete rec.end;
      j.result.bootstorm = '0.5.0';
    });
    const r = validateResultsFile(old);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.file.result.detail!.records.map((x) => x.end)).toEqual(original.map((x) => x.end));
    // A probe kill ends at the probe's deadline, in whatever phase it was.
    const killed = edit((j) => {
      j.result.detail.records[0] = { ...j.result.detail.records[0], outcome: 'startup_probe', start: 10, phaseEnds: [12] };
      delete j.result.detail.records[0].end;
    });
    const k = validateResultsFile(killed);
    if (k.ok) expect(k.file.result.detail!.records[0].end).toBe(10 + 240);
    else expect.fail(JSON.stringify(k.issues));
  });

  it('keeps the partial flag of a partial merge', () => {
    const partial = { replications: 8, of: 12, missing: [[4, 8]] as Array<[number, number]>, missingShards: [2], shardCount: 3 };
    const r = validateResultsFile(JSON.parse(JSON.stringify(buildResultsFile(scenario, result, partial))));
    expect(r.ok && r.file.partial).toEqual(partial);
  });

  it.each([
    ['a part file', () => ({ format: 'bootstorm-part/1' }), [`format: "bootstorm-part/1" is not a results file format: expected "${RESULTS_FORMAT}" (this is a part file: merge parts with \`sim merge\`)`]],
    ['a missing result field', () => edit((j) => delete j.result.phase3.breachRate), ['result.phase3.breachRate: is required (number)']],
    ['an invalid scenario', () => edit((j) => (j.scenario.pool.poolSize = 0)), ['scenario.pool.poolSize: 0 is out of range: allowed 1–500 connections, whole numbers']],
    ['a result of another seed', () => edit((j) => (j.result.seed = 7)), ['result.seed: 7 does not match the scenario\'s 1278']],
  ])('rejects %s, naming the field', (_what, make, expected) => {
    expect(issuesOf(make())).toEqual(expected);
  });
});

describe('missingRanges / partialOfRun: what a set of replication ranges lacks', () => {
  it('finds the gaps of [0, of), whatever the overlaps, and nothing when all is there', () => {
    expect(missingRanges([[0, 100], [200, 300]], 400)).toEqual([[100, 200], [300, 400]]);
    expect(missingRanges([[0, 150], [100, 200], [250, 400]], 400)).toEqual([[200, 250]]);
    expect(missingRanges([], 7)).toEqual([[0, 7]]);
    expect(missingRanges([[0, 400]], 400)).toEqual([]);
    expect(partialOfRun([[0, 400]], 400)).toBeNull();
    expect(partialOfRun([[100, 300]], 400)).toEqual({ replications: 200, of: 400, missing: [[0, 100], [300, 400]], missingShards: null, shardCount: null });
  });
});
