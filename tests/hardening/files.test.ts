/**
 * Part files and results files that were edited, damaged or cut short: random mutations (wrong types, NaN,
 * 1e308, deleted and extra fields, prototype keys …) are refused naming the field, never thrown on; whatever
 * passes the checks merges and summarizes to finite numbers. `sim merge` names the file and the field of every
 * bad part, all at once, and writes nothing. Writes are atomic, and checked before a run.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError, checkOutputsDistinct, checkWritable, decodeText, writeFileAtomic } from '../../sim-core/cli/files';
import { partFromText } from '../../sim-core/cli/commands/merge';
import { UsageError } from '../../sim-core/cli/args';
import { fieldPath } from '../../sim-core/results/fileIssues';
import { buildPart, mergeParts, pointRange, validatePart, type PartFile } from '../../sim-core/results/partFile';
import { buildResultsFile, validateResultsFile } from '../../sim-core/results/resultsFile';
import { summarize } from '../../sim-core/results/summary';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import { numbersIn } from '../helpers/invariants';
import { merge, scenarioOf } from '../helpers/scenario';
import { mutate, mutationArb, type Mutation } from './arbitraries';
import { simInProcess, tempDir } from './helpers';

const s = scenarioOf(merge(presetById('healthy-baseline')!.input, { simulation: { replications: 12, detailReplication: 3 } }));
const parts = [1, 2].map((k) => {
  const shard = { index: k, count: 2 };
  const [from, to] = pointRange(s, shard);
  return JSON.parse(JSON.stringify(buildPart({ kind: 'run', label: 'test', shard, points: [{ scenario: s, aggregate: runRange(s, from, to) }] }))) as PartFile;
});
const results = JSON.parse(JSON.stringify(buildResultsFile(s, summarize(runRange(s, 0, 12), s)))) as unknown;

const dir = tempDir('files');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Does an issue sit where the mutation is, or on a check that covers it (checksums, cross-checks)? */
function related(m: Mutation, issuePaths: string[]): boolean {
  const where = fieldPath(m.path);
  return issuePaths.some((p) => p === '' || p === where || where.startsWith(p) || p.startsWith(where) || /hash|scenario|range|replications|seed|detail|points/.test(p));
}

describe('a mutated part file', () => {
  it('is refused naming a field, or is still a part that merges to finite numbers — never an exception (400 cases)', () => {
    let refused = 0;
    let accepted = 0;
    fc.assert(
      fc.property(mutationArb(parts[0]), (m) => {
        const json = mutate(parts[0], m);
        const r = validatePart(json);
        if (!r.ok) {
          refused++;
          expect(r.issues.length).toBeGreaterThan(0);
          for (const i of r.issues) expect(i.message.length).toBeGreaterThan(0);
          expect(related(m, r.issues.map((i) => i.path))).toBe(true);
          return;
        }
        // Accepted (say, a label changed): it merges with the other shard, and every number is finite.
        accepted++;
        const other = validatePart(parts[1]);
        if (!other.ok) throw new Error('the second part does not validate');
        const merged = mergeParts([{ file: 'a.json', part: r.part }, { file: 'b.json', part: other.part }]);
        if (merged.ok) {
          const summary = summarize(merged.job.points[0].aggregate, merged.job.points[0].scenario);
          expect([...numbersIn(summary)].filter(([, v]) => !Number.isFinite(v))).toEqual([]);
        } else expect(merged.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 400, seed: 7_2026 },
    );
    console.log(`mutated part files: 400 cases, ${refused} refused naming the field, ${accepted} still valid (labels and the like)`);
    expect(refused).toBeGreaterThan(300);
  });

  it('cut short anywhere, or replaced by random bytes, is never a part: `sim merge` names the file and why', () => {
    const text = JSON.stringify(parts[0]);
    const reasons = { notJson: 0, refusedByValidation: 0 };
    // Text that is JSON but no part (what random bytes rarely are) reaches the part's validation, which must refuse it.
    const jsonButNoPart = fc.constantFrom('1', '"part"', 'null', '[]', '{}', '{"version":1}', JSON.stringify({ ...parts[0], points: [] }));
    fc.assert(
      fc.property(fc.oneof(fc.nat(text.length - 1).map((at) => text.slice(0, at)), fc.string({ unit: 'binary', maxLength: 200 }), jsonButNoPart), (t) => {
        const r = partFromText('shard-1.json', t);
        expect('error' in r).toBe(true);
        if (!('error' in r)) return;
        expect(r.error).toMatch(/^shard-1\.json/);
        if (r.error.includes('not JSON (truncated or damaged?)')) reasons.notJson++;
        else reasons.refusedByValidation++;
      }),
      { numRuns: 300, seed: 8_2026 },
    );
    console.log(`truncated or random part files: ${reasons.notJson} refused as not JSON, ${reasons.refusedByValidation} by the part's checks`);
    expect(reasons.notJson).toBeGreaterThan(0);
    expect(reasons.refusedByValidation).toBeGreaterThan(0);
  });
});

describe('a mutated results file', () => {
  it('is refused naming a field, or is still a valid results file — never an exception (300 cases)', () => {
    let refused = 0;
    let accepted = 0;
    fc.assert(
      fc.property(mutationArb(results), (m) => {
        const r = validateResultsFile(mutate(results, m));
        if (r.ok) {
          accepted++;
          expect([...numbersIn(r.file.result)].filter(([, v]) => !Number.isFinite(v))).toEqual([]);
          return;
        }
        refused++;
        for (const i of r.issues) expect(i.message.length).toBeGreaterThan(0);
        expect(related(m, r.issues.map((i) => i.path))).toBe(true);
      }),
      { numRuns: 300, seed: 9_2026 },
    );
    console.log(`mutated results files: 300 cases, ${refused} refused naming the field, ${accepted} still valid`);
  });

  it('with NaN, Infinity or 1e308 in a number is refused naming it', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const r = validateResultsFile(mutate(results, { op: 'replace', path: ['result', 'phase3', 'breachRate'], value: bad }));
      const shown = Number.isNaN(bad) ? 'NaN' : `${bad} (any number past 1.8e308, e.g. 1e400)`;
      expect(!r.ok && r.issues).toEqual([{ path: 'result.phase3.breachRate', message: `${shown} is not a valid number` }]);
    }
    const r = validateResultsFile(mutate(results, { op: 'replace', path: ['result', 'starts'], value: 1e308 }));
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual(['result.starts']);
  });
});

describe('sim merge with bad parts', () => {
  it('names every bad file and its field at once, exits 2, prints nothing and leaves --out untouched', async () => {
    const good = join(dir, 'part-1.json');
    const truncated = join(dir, 'part-2.json');
    const edited = join(dir, 'edited.json');
    const resultsAsPart = join(dir, 'results.json');
    const out = join(dir, 'merged.json');
    writeFileSync(good, JSON.stringify(parts[0]));
    writeFileSync(truncated, JSON.stringify(parts[1]).slice(0, 300));
    writeFileSync(edited, JSON.stringify(mutate(parts[1], { op: 'replace', path: ['points', 0, 'seed'], value: 'many' })));
    writeFileSync(resultsAsPart, JSON.stringify(results));
    writeFileSync(out, 'previous results\n');
    const r = await simInProcess(['merge', good, truncated, edited, resultsAsPart, join(dir, 'missing.json'), dir, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cannot merge: 5 of 6 files are not valid part files');
    expect(r.stderr).toContain(`${truncated}: not JSON (truncated or damaged?)`);
    expect(r.stderr).toContain(`${edited}: points[0].seed: "many" is not a valid number`);
    expect(r.stderr).toContain(`${resultsAsPart}: format: "bootstorm-results/1" is not "bootstorm-part/1" (this is a results file, not a part)`);
    expect(r.stderr).toContain(`${join(dir, 'missing.json')}: no such file`);
    expect(r.stderr).toContain(`${dir} is a directory, not a part file`);
    expect(readFileSync(out, 'utf8')).toBe('previous results\n');
  });

  it('reads parts an editor saved with a byte-order mark, as it reads scenario files', async () => {
    const files = parts.map((p, k) => join(dir, `bom-${k + 1}.json`));
    parts.forEach((p, k) => writeFileSync(files[k], `\uFEFF${JSON.stringify(p)}`));
    const r = await simInProcess(['merge', ...files, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).replications).toBe(12);
    const scenario = join(dir, 'bom-scenario.json');
    writeFileSync(scenario, `\uFEFF${JSON.stringify({ version: 2, wave: { containers: 2 }, simulation: { replications: 3 } })}`);
    const run = await simInProcess([scenario, '--workers', '1', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).replications).toBe(3);
  });
});

describe('writing files', () => {
  it('writes whole files, leaving no temporary file behind', () => {
    const p = join(dir, 'atomic.json');
    writeFileAtomic(p, 'one\n');
    writeFileAtomic(p, 'two\n');
    expect(readFileSync(p, 'utf8')).toBe('two\n');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('a failed write leaves the previous file as it was', () => {
    const p = join(dir, 'kept.json');
    writeFileSync(p, 'previous\n');
    mkdirSync(`${p}.tmp-${process.pid}`); // the temporary file cannot be created
    // Named by the path the user gave, not by the temporary file the system failed on.
    expect(() => writeFileAtomic(p, 'new\n')).toThrow(`could not write ${p}: EISDIR: illegal operation on a directory (creating the temporary file written beside it, then renamed over it)`);
    expect(readFileSync(p, 'utf8')).toBe('previous\n');
    rmSync(`${p}.tmp-${process.pid}`, { recursive: true });
    expect(() => writeFileAtomic(join(dir, 'no', 'such', 'folder.json'), 'x')).toThrow();
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('writes through a symbolic link (the link stays, the file it names is replaced), also to a file not there yet', () => {
    const real = join(dir, 'linked-real.json');
    writeFileSync(real, 'old\n');
    const link = join(dir, 'latest.json');
    symlinkSync(real, link);
    writeFileAtomic(link, 'new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new\n');
    const dangling = join(dir, 'dangling.json');
    symlinkSync('not-yet.json', dangling);
    writeFileAtomic(dangling, 'made\n');
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'not-yet.json'), 'utf8')).toBe('made\n');
    // A link to an input is that input.
    expect(() => checkOutputsDistinct([['--out', dangling]], [join(dir, 'not-yet.json')])).toThrow(/is the input file/);
  });

  it('writes a device in place instead of replacing it, and names the file when the write fails', () => {
    // /dev/full accepts opening and refuses every write (ENOSPC): a rename over it would have replaced the device.
    expect(() => writeFileAtomic('/dev/full', 'x\n')).toThrow(new OutputError('could not write /dev/full: ENOSPC: no space left on device, write'));
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    writeFileAtomic('/dev/null', 'x\n');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('checks an output path before any work: folder missing, or a folder itself', () => {
    expect(() => checkWritable(join(dir, 'fine.json'), '--out')).not.toThrow();
    expect(() => checkWritable(join(dir, 'nope', 'x.json'), '--out')).toThrow(new UsageError(`--out ${join(dir, 'nope', 'x.json')}: the folder ${join(dir, 'nope')} does not exist`));
    expect(() => checkWritable(dir, '--report')).toThrow(new UsageError(`--report ${dir} is a folder: give a file name`));
    expect(() => checkWritable('-', '--out')).toThrow(new UsageError('--out -: give a file name (stdout already carries the summary, or with --json the JSON)'));
  });

  it('an output never overwrites an input file, however it is named, nor another output', () => {
    const mine = join(dir, 'mine.json');
    writeFileSync(mine, '{"version":1}');
    const alias = join(dir, 'alias.json');
    symlinkSync(mine, alias);
    const dotted = join(dir, '.', 'mine.json');
    expect(() => checkOutputsDistinct([['--out', dotted]], [mine])).toThrow(new UsageError(`--out ${dotted} is the input file ${mine}: writing it would replace it; give the output another name`));
    expect(() => checkOutputsDistinct([['--report', mine]], ['incident-1278-staging', alias])).toThrow(/--report .* is the input file .*alias\.json/);
    expect(() => checkOutputsDistinct([['--out', join(dir, 'r.json')], ['--report', join(dir, 'r.json')]], [mine])).toThrow(
      new UsageError(`--report ${join(dir, 'r.json')} is also where --out writes: give each output its own file`),
    );
    // Two outputs that do not exist yet, in one folder reached through a link and directly.
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'via'));
    expect(() => checkOutputsDistinct([['--out', join(dir, 'real', 'x.md')], ['--report', join(dir, 'via', 'x.md')]], [])).toThrow(/--report .*via\/x\.md is also where --out writes/);
    // Presets and links are not files; outputs that do not exist yet are fine.
    expect(() => checkOutputsDistinct([['--out', join(dir, 'r.json')], ['--report', undefined]], ['mitigated', 'http://x/#s=1.a', undefined])).not.toThrow();
    rmSync(alias);
  });
});

describe('a scenario file\'s text', () => {
  it('is UTF-8, or UTF-16 (either byte order) when its byte-order mark says so, as a browser reads it; the mark is left out', () => {
    const text = '{"version": 2, "name": "Zürich — 東京"}';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(decodeText(le)).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text);
    expect(decodeText(Buffer.from(`\uFEFF${text}`, 'utf8'))).toBe(text);
    expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text);
    // A big-endian file cut in the middle of a character keeps the whole ones.
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be, Buffer.from([0x00])]))).toBe(text);
  });
});
