/**
 * Part files in one process (sim-core/results/partFile.ts): shards written, serialized, parsed, checked and
 * merged in any order give the single run's JSON byte for byte; every refusal names the file and the reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOTSTORM_VERSION } from '../../sim-core/results/summary';
import { buildPart, mergeParts, pointRange, validatePart, type NamedPart, type PartFile } from '../../sim-core/results/partFile';
import { hashJson } from '../../sim-core/results/hash';
import { summarize } from '../../sim-core/results/summary';
import { runRange } from '../../sim-core/run';
import type { Scenario } from '../../sim-core/scenario/schema';
import { cliScenario, shuffled } from './helpers';

const N = 60;
const scenario = cliScenario(N);
const single = `${JSON.stringify(summarize(runRange(scenario, 0, N), scenario))}\n`;

/** Shard k of n as the CLI writes it: the part file's text. */
function partText(s: Scenario, index: number, count: number): string {
  const [from, to] = pointRange(s, { index, count });
  return JSON.stringify(buildPart({ kind: 'run', label: 'test', shard: { index, count }, points: [{ scenario: s, aggregate: runRange(s, from, to) }] }));
}

/** Parse and check each text as the file named; throws with the issues if one is not a valid part. */
function read(files: Record<string, string>): NamedPart[] {
  return Object.entries(files).map(([file, text]) => {
    const r = validatePart(JSON.parse(text));
    if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.issues)}`);
    return { file, part: r.part };
  });
}

function mergedJson(parts: NamedPart[]): string {
  const m = mergeParts(parts);
  if (!m.ok) throw new Error(m.problems.join('\n'));
  const [p] = m.job.points;
  return `${JSON.stringify(summarize(p.aggregate, p.scenario))}\n`;
}

const texts = (s: Scenario, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`part-${i + 1}.json`, partText(s, i + 1, n)]));

/** Edit a part's JSON and (optionally) recompute its checksums, as a careful tamperer would. */
function edited(text: string, edit: (p: PartFile) => void): string {
  const p = JSON.parse(text) as PartFile;
  edit(p);
  return JSON.stringify(p);
}

function issuesOf(text: string): string[] {
  const r = validatePart(JSON.parse(text));
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('merging parts', () => {
  it('gives the single run byte for byte, for any shard count and any order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer(), (n, seed) => {
        const parts = read(texts(scenario, n));
        expect(mergedJson(shuffled(parts, seed))).toBe(single);
      }),
      { numRuns: 10 },
    );
  });

  it('accepts parts cut for different shard counts when they tile the run (1/2 + 3/4 + 4/4)', () => {
    const parts = read({ 'a.json': partText(scenario, 1, 2), 'b.json': partText(scenario, 4, 4), 'c.json': partText(scenario, 3, 4) });
    expect(mergedJson(parts)).toBe(single);
  });

  it('merges more shards than replications (empty shards are valid parts)', () => {
    const s = cliScenario(5);
    const parts = read(texts(s, 8));
    expect(parts.filter((p) => p.part.json.points[0].range[0] === p.part.json.points[0].range[1])).toHaveLength(3);
    expect(mergedJson(parts)).toBe(`${JSON.stringify(summarize(runRange(s, 0, 5), s))}\n`);
  });

  it('keeps the detail replication from whichever shard holds it', () => {
    const s = { ...scenario, simulation: { ...scenario.simulation, detailReplication: 33 } };
    const parts = read(texts(s, 3));
    expect(parts.map((p) => p.part.json.points[0].aggregate.detail?.replication ?? null)).toEqual([null, 33, null]);
    expect(mergedJson(parts)).toBe(`${JSON.stringify(summarize(runRange(s, 0, N), s))}\n`);
  });
});

describe('refusals name the files and the reason', () => {
  const three = texts(scenario, 3);

  it('parts of a different scenario, with the fields that differ', () => {
    const other = { ...scenario, wave: { ...scenario.wave, containers: 4 } };
    const m = mergeParts(read({ ...three, 'other.json': partText(other, 2, 3) }));
    expect(m.ok).toBe(false);
    if (m.ok) return;
    expect(m.problems).toHaveLength(1);
    expect(m.problems[0]).toMatch(/^different scenarios: scenario fnv1a64:[0-9a-f]{16} \(part-1\.json, part-2\.json, part-3\.json\); scenario fnv1a64:[0-9a-f]{16} \(other\.json\); they differ in wave\.containers \(3 vs 4\)$/);
  });

  it('parts of a different seed', () => {
    const m = mergeParts(read({ 'part-1.json': three['part-1.json'], 'seed7.json': partText(cliScenario(N, 7), 2, 2) }));
    expect(m).toEqual({ ok: false, problems: ['different seeds: seed 1278 (part-1.json); seed 7 (seed7.json)'] });
  });

  it('parts of a different total', () => {
    const m = mergeParts(read({ 'part-1.json': three['part-1.json'], 'n90.json': partText(cliScenario(90), 2, 3) }));
    expect(m).toEqual({ ok: false, problems: ['different total replications: 60 replications (part-1.json); 90 replications (n90.json)'] });
  });

  it('parts of another bootstorm version', () => {
    const old = edited(three['part-2.json'], (p) => (p.bootstorm = '0.0.9'));
    expect(issuesOf(old)).toEqual([`bootstorm: written by bootstorm 0.0.9, this is bootstorm ${BOOTSTORM_VERSION}: merge parts with the version that wrote them`]);
  });

  it('overlapping parts, and a part given twice', () => {
    const m = mergeParts(read({ ...three, 'half.json': partText(scenario, 1, 2) }));
    expect(m).toEqual({
      ok: false,
      problems: [
        'part-1.json (shard 1/3, replications 0–19) and half.json (shard 1/2, replications 0–29) overlap: replications 0–19 are in both',
        'half.json (shard 1/2, replications 0–29) and part-2.json (shard 2/3, replications 20–39) overlap: replications 20–29 are in both',
      ],
    });
    const twice = read(three);
    expect(mergeParts([...twice, twice[0]])).toEqual({ ok: false, problems: ['part-1.json is given twice'] });
  });

  it('missing shards, listing the shard numbers and replications', () => {
    const seven = texts(scenario, 7);
    delete seven['part-2.json'];
    delete seven['part-5.json'];
    const m = mergeParts(read(seven));
    expect(m).toEqual({ ok: false, problems: ['missing shards 2, 5 of 7: replications 8–16, 34–41 are in no part (have 43 of 60)'] });
  });

  it('missing replications of a mixed split, by range only', () => {
    const m = mergeParts(read({ 'a.json': partText(scenario, 1, 2), 'b.json': partText(scenario, 4, 4) }));
    expect(m).toEqual({ ok: false, problems: ['missing replications 30–44 are in no part (have 45 of 60)'] });
  });

  it('merges a partial set only when asked, and flags it', () => {
    const parts = read({ 'part-1.json': three['part-1.json'], 'part-3.json': three['part-3.json'] });
    const m = mergeParts(parts, { allowPartial: true });
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.job.partial).toBe(true);
    expect(m.job.points[0].partial).toEqual({ replications: 40, of: 60, missing: [[20, 40]], missingShards: [2], shardCount: 3 });
    expect(summarize(m.job.points[0].aggregate, scenario).replications).toBe(40);
  });
});

describe('a malformed or tampered part names the field', () => {
  const text = partText(scenario, 2, 3);

  it('accepts the part as written', () => expect(issuesOf(text)).toEqual([]));

  it.each([
    ['not an object', () => '[1]', [': is not a JSON object']],
    ['another format', () => edited(text, (p) => ((p as { format: string }).format = 'bootstorm-part/9')), ['format: "bootstorm-part/9" is not "bootstorm-part/1" (a part format this bootstorm does not read)']],
    ['a results file', () => JSON.stringify({ format: 'bootstorm-results/1' }), ['format: "bootstorm-results/1" is not "bootstorm-part/1" (this is a results file, not a part)']],
    ['a missing field', () => edited(text, (p) => delete (p.points[0] as Partial<PartFile['points'][0]>).range), ['points[0].range: is required (tuple)']],
    ['a negative count', () => edited(text, (p) => (p.points[0].aggregate.counts.breaches = -1)), ['points[0].aggregate.counts.breaches: -1 is too small (at least 0)']],
    ['a fractional count', () => edited(text, (p) => (p.points[0].aggregate.counts.starts = 1.5)), ['points[0].aggregate.counts.starts: 1.5 is not a valid whole number']],
    ['an unknown field', () => edited(text, (p) => ((p.shard as Record<string, unknown>).extra = 1)), ['shard: unknown field "extra"']],
    ['an invalid scenario', () => edited(text, (p) => (p.points[0].scenario.wave.containers = 9000)), ['points[0].scenario.wave.containers: 9000 is out of range: allowed 1–5000 containers, whole numbers']],
    ['an edited scenario', () => edited(text, (p) => (p.points[0].scenario.wave.containers = 4)), [/^points\[0\]\.scenario: does not match scenarioHash fnv1a64:[0-9a-f]{16}: the scenario was changed after the part was written$/]],
    [
      // Written by a build without a field this one adds (the same version: a version bump was forgotten), with a hash
      // that matches the scenario as stored: another build's part, not an edited one.
      'a part of a build without a field this build adds',
      () => edited(text, (p) => {
        delete (p.points[0].scenario.cloudSql as Partial<Scenario['cloudSql']>).otherClients;
        p.points[0].scenarioHash = hashJson(p.points[0].scenario);
      }),
      [`points[0].scenario: was written by another build of bootstorm ${BOOTSTORM_VERSION}, whose scenario fields or defaults differ from this build's: merge parts with the build that wrote them (a change to the scenario's fields needs a new BOOTSTORM_VERSION)`],
    ],
    ['an edited result', () => edited(text, (p) => (p.points[0].aggregate.counts.breaches += 1)), [/^points\[0\]\.aggregate: does not match aggregateHash fnv1a64:[0-9a-f]{16}: the results were changed after the part was written, or the file is damaged$/]],
    ['a range that is not the shard\'s', () => edited(text, (p) => (p.points[0].range = [0, 20])), ['points[0].range: [0,20] is not shard 2/3 of 60 replications: expected [20,40]']],
    ['a seed that is not the scenario\'s', () => edited(text, (p) => (p.points[0].seed = 7)), ['points[0].seed: 7 does not match the scenario\'s simulation.seed 1278']],
    ['a shard beyond the count', () => edited(text, (p) => (p.shard.index = 4)), ['shard: shards are numbered 1 to 3, got 4']],
    [
      'an aggregate edited with its checksum recomputed',
      () => edited(text, (p) => {
        p.points[0].aggregate.phase3Duration.count += 1;
        p.points[0].aggregateHash = hashJson(p.points[0].aggregate);
      }),
      [/^points\[0\]\.aggregate: count \d+ does not equal the sum of bucket counts \d+$/],
    ],
    [
      'a job hash that does not match its points',
      () => edited(text, (p) => (p.job.hash = 'fnv1a64:0000000000000000')),
      ['job.hash: fnv1a64:0000000000000000 does not match the job\'s points: the file was changed after it was written'],
    ],
  ])('%s', (_what, make, expected) => {
    const issues = issuesOf(make());
    expect(issues).toHaveLength(expected.length);
    expected.forEach((e, i) => (typeof e === 'string' ? expect(issues[i]).toBe(e) : expect(issues[i]).toMatch(e)));
  });
});

describe('a job of several points (how a sweep shards)', () => {
  const points = [3, 4].map((containers) => ({ scenario: { ...scenario, wave: { ...scenario.wave, containers } }, params: { 'wave.containers': containers } }));
  const sweepPart = (index: number, count: number) =>
    JSON.stringify(buildPart({
      kind: 'sweep', label: 'containers', shard: { index, count },
      points: points.map((p) => ({ ...p, aggregate: runRange(p.scenario, ...pointRange(p.scenario, { index, count })) })),
    }));
  const a = sweepPart(1, 2);
  const b = sweepPart(2, 2);

  it('merges every point to its own single run', () => {
    const m = mergeParts(read({ 'b.json': b, 'a.json': a }));
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.job).toMatchObject({ kind: 'sweep', label: 'containers', partial: false });
    expect(m.job.points.map((p) => p.params)).toEqual([{ 'wave.containers': 3 }, { 'wave.containers': 4 }]);
    m.job.points.forEach((p, i) =>
      expect(JSON.stringify(summarize(p.aggregate, p.scenario))).toBe(JSON.stringify(summarize(runRange(points[i].scenario, 0, N), points[i].scenario))));
  });

  it('refuses to mix it with a plain run', () => {
    expect(mergeParts(read({ 'a.json': a, 'run.json': partText(scenario, 2, 2) }))).toEqual({
      ok: false,
      problems: ['different jobs: sweep with 2 points (a.json); run with 1 point (run.json)'],
    });
  });

  it('names the point of a missing range', () => {
    const m = mergeParts(read({ 'a.json': a }));
    expect(m).toEqual({
      ok: false,
      problems: [
        'point 0: missing shard 2 of 2: replications 30–59 are in no part (have 30 of 60)',
        'point 1: missing shard 2 of 2: replications 30–59 are in no part (have 30 of 60)',
      ],
    });
  });
});
