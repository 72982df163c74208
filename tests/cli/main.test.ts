/**
 * The `sim` CLI end to end, as a child process: presets listed, JSON output and its fields, identical JSON
 * for any worker count, invalid scenarios reported field by field on stderr, bad usage exit code 2.
 * All invocations run once, in beforeAll, two at a time.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../sim-core/scenario/presets';
import type { SimulationResult } from '../../sim-core/results/summary';
import { ROOT, runAll, runCli, runCommand, type CliRun } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'bootstorm-cli-'));
const invalidFile = join(dir, 'invalid.json');
writeFileSync(
  invalidFile,
  JSON.stringify({ version: 1, wave: { containers: 9000 }, pool: { poolSize: 0 }, cloudSql: { maxConnections: 'many' }, bogus: true }),
);

// 250 replications = 3 blocks of ≤ 100, so --workers 2 really runs on two threads (sim-core/cli/threads.ts).
const json = (workers: number) => ['healthy-baseline', '--json', '--replications', '250', '--seed', '7', '--workers', String(workers)];

// No connector, and a ramp that runs past the 900 s horizon.
const lateFile = join(dir, 'late.json');
writeFileSync(lateFile, JSON.stringify({ version: 1, connector: { mode: 'none' }, wave: { containers: 12, pattern: { kind: 'ramp', duration: 3600 } } }));

// A 60 s horizon over starts jittered across 100 s: about half the attempts get no Phase 3 verdict.
const cutFile = join(dir, 'cut.json');
writeFileSync(cutFile, JSON.stringify({ version: 2, simulation: { horizon: 60 }, wave: { jitter: 100 } }));

// Valid as written; --replications 10 leaves its detail replication out of the run (replication 0 is shown instead).
const detailFile = join(dir, 'detail.json');
writeFileSync(detailFile, JSON.stringify({ version: 2, simulation: { detailReplication: 50 } }));

// Invalid as written too (50 of its own 10 replications): one note for it, not a second that contradicts the first.
const ownDetailFile = join(dir, 'own-detail.json');
writeFileSync(ownDetailFile, JSON.stringify({ version: 2, simulation: { replications: 10, detailReplication: 50 } }));

// Its replication shown in detail lies past --half-width's default cap (no flag the user typed).
const capFile = join(dir, 'cap.json');
writeFileSync(capFile, JSON.stringify({ version: 2, simulation: { replications: 100000, detailReplication: 50000 } }));

// Its horizon is at fault, not the --replications given beside it.
const shortFile = join(dir, 'short.json');
writeFileSync(shortFile, JSON.stringify({ version: 2, simulation: { horizon: 5 } }));

// As baselines: one whose simulation block has a typo and a bad value, one whose own settings differ from the proposal's.
const badBaseFile = join(dir, 'bad-base.json');
writeFileSync(badBaseFile, JSON.stringify({ version: 2, simulation: { replications: 'many', sed: 3 } }));
const ownBaseFile = join(dir, 'own-base.json');
writeFileSync(ownBaseFile, JSON.stringify({ version: 2, simulation: { replications: 50, seed: 3 } }));

let list: CliRun, listJson: CliRun, json1: CliRun, json2: CliRun, invalid: CliRun, unknown: CliRun, late: CliRun, cut: CliRun, detail: CliRun;
let short: CliRun, badBase: CliRun, ownBase: CliRun, presetBase: CliRun, capped: CliRun, replaced: CliRun, ownDetail: CliRun;

// Bad values the command line replaces (--replications, --seed): the run goes ahead, the file is told wrong.
const replacedFile = join(dir, 'replaced.json');
writeFileSync(replacedFile, JSON.stringify({ version: 2, simulation: { replications: 2.5, seed: -1 } }));
beforeAll(async () => {
  [list, listJson, json1, json2, invalid, unknown, late, cut, detail, short, badBase, ownBase, presetBase, capped, replaced, ownDetail] = await runAll([
    ['--list'],
    ['--list', '--json'],
    json(1),
    json(2),
    [invalidFile, '--workers', '1'],
    ['healthy-baseline', '--frobnicate'],
    [lateFile, '--replications', '3', '--workers', '1'],
    [cutFile, '--replications', '5', '--workers', '1', '--json'],
    [detailFile, '--replications', '10', '--workers', '1'],
    [shortFile, '--replications', '10', '--workers', '1'],
    ['mitigated', '--baseline', badBaseFile, '--replications', '4', '--workers', '1'],
    ['mitigated', '--baseline', ownBaseFile, '--replications', '4', '--json', '--workers', '1'],
    ['mitigated', '--baseline', 'incident-1278-staging', '--replications', '4', '--json', '--workers', '1'],
    [capFile, '--half-width', '0.05', '--workers', '1'],
    [replacedFile, '--replications', '3', '--seed', '3', '--workers', '1', '--json'],
    [ownDetailFile, '--replications', '20', '--workers', '1', '--json'],
  ]);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--list --json', () => {
  it('prints the presets as JSON: id, title, description and the assumed values', () => {
    expect(listJson.code).toBe(0);
    const presets = JSON.parse(listJson.stdout) as Array<{ id: string; title: string; description: string; assumed: string[] }>;
    expect(presets.map((p) => p.id)).toEqual(PRESETS.map((p) => p.id));
    expect(presets[0]).toMatchObject({ id: 'incident-1278-staging', title: PRESETS[0].title, description: PRESETS[0].description });
    expect(presets[0].assumed).toContain('retry.attempts');
  });
});

describe('--list', () => {
  it('prints every preset id, exit 0', () => {
    expect(list.code).toBe(0);
    const ids = list.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(ids).toEqual(PRESETS.map((p) => p.id));
  });
});

describe('--json', () => {
  it('prints one JSON object with the documented fields', () => {
    expect(json1.code).toBe(0);
    // stdout is the JSON alone; the configuration's warnings go to stderr (healthy-baseline keeps the
    // incident's timeouts: 80 s of step timeouts under 75 s, and a pool_timeout that cannot fire).
    const warnings = json1.stderr.split('\n').filter(Boolean);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^warning: Connection \(35 s\) \+ table setup \(25 s\) \+ health check \(20 s\) timeouts add up to 80 s/);
    expect(warnings[1]).toMatch(/^warning: pool_timeout \(90 s\) is not shorter than the initialization timeout \(75 s\)/);
    const r = JSON.parse(json1.stdout) as SimulationResult;
    expect(r.replications).toBe(250);
    expect(r.seed).toBe(7);
    expect(typeof r.phase3.breachRate).toBe('number');
    expect(r.phase3.breachCi95).toHaveLength(2);
    r.phase3.breachCi95.forEach((x) => expect(typeof x).toBe('number'));
    expect(r.phase3.breachCi95[0]).toBeLessThanOrEqual(r.phase3.breachRate);
    expect(r.phase3.breachCi95[1]).toBeGreaterThanOrEqual(r.phase3.breachRate);
    expect(Object.keys(r.phase3.durationQuantiles).sort()).toEqual(['p50', 'p90', 'p95', 'p99']);
    const q = r.phase3.durationQuantiles;
    expect(q.p50).toBeLessThanOrEqual(q.p90);
    expect(q.p90).toBeLessThanOrEqual(q.p95);
    expect(q.p95).toBeLessThanOrEqual(q.p99);
    expect(Object.keys(r.failures).sort()).toEqual(
      ['connect_timeout', 'health_check_timeout', 'init_timeout', 'pool_timeout', 'startup_probe', 'table_setup_race', 'table_setup_timeout', 'too_many_clients'],
    );
    expect(r.starts).toBeGreaterThanOrEqual(250 * 3);
    expect(r.phase3.starts).toBe(r.starts);
  });

  it('--workers 1 and --workers 2 print byte-identical JSON', () => {
    expect(json2.code).toBe(0);
    expect(json2.stdout).toBe(json1.stdout);
  });
});

describe('the readable summary', () => {
  it("lists the configuration's warnings under the numbers, and says when there is no connector", () => {
    expect(late.code).toBe(0);
    const lines = late.stdout.split('\n');
    expect(lines).toContain('Peak connector                 none (no Serverless VPC Access connector on the path)');
    const at = lines.indexOf('Warnings (the configuration itself)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]).toBe('');
    expect(lines.slice(at + 1).join('\n')).toMatch(/^ {2}- Connection \(35 s\)[^]*\n {2}- The wave's starts run to 3300 s, past the 900 s horizon: about 9 of 12 containers/);
  });
});

describe('--json', () => {
  it('says on stderr, as the summary does, when the horizon cut many attempts short of a verdict', () => {
    expect(cut.code).toBe(0);
    const r = JSON.parse(cut.stdout) as SimulationResult;
    expect(r.unfinished / (r.unfinished + r.phase3.starts)).toBeGreaterThan(0.05);
    expect(cut.stderr).toMatch(/^note: The 60 s horizon cut \d+% of the start attempts short of a Phase 3 verdict/m);
  });
});

describe('an invalid scenario file', () => {
  it('a replication shown in detail past the replications the command line asks for: the first is kept in detail, and a note says so', () => {
    expect(detail.code).toBe(0);
    expect(detail.stderr).toContain("note: the file's simulation.detailReplication (50) is not among the 10 replications run as set on the command line: replication 0 is the one kept in detail\n");
    expect(detail.stdout).toMatch(/Phase 3 breach rate/);
    // Out of the file's own replications too: still one note, the one about the replications run.
    expect(ownDetail.code).toBe(0);
    expect(ownDetail.stderr.split('\n').filter((l) => l.includes('detailReplication'))).toEqual([
      "note: the file's simulation.detailReplication (50) is not among the 20 replications run as set on the command line: replication 0 is the one kept in detail",
    ]);
  });

  it('names --half-width\'s default cap as what set the replications, not the command line', () => {
    expect(capped.code).toBe(0);
    expect(capped.stderr).toContain("note: the file's simulation.detailReplication (50000) is not among the 20,000 replications run by --half-width (its default cap of 20,000 replications): replication 0 is the one kept in detail\n");
  });

  it('runs when the command line replaces its bad values, and says what was wrong in the file', () => {
    expect(replaced.code).toBe(0);
    expect((JSON.parse(replaced.stdout) as SimulationResult).replications).toBe(3);
    expect(replaced.stderr).toContain("note: the file's simulation.replications: 2.5 is not a valid whole number: allowed 1–200000 replications, whole numbers — the value set on the command line (3) replaces it");
    expect(replaced.stderr).toMatch(/note: the file's simulation\.seed: -1 is out of range: allowed 0–4294967295.* — the value set on the command line \(3\) replaces it/);
  });

  it('does not blame the command line for a field the file set', () => {
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('simulation.horizon: 5 is out of range');
    expect(short.stderr).not.toContain('command line');
  });

  it('as a --baseline, is checked as written, though it then runs with the proposal\'s simulation settings', () => {
    expect(badBase.code).toBe(2);
    expect(badBase.stdout).toBe('');
    expect(badBase.stderr).toContain(`invalid baseline scenario ${badBaseFile}:\n  simulation.replications: "many" is not a valid number`);
    expect(badBase.stderr).toContain('simulation: unknown field "sed"');
    // Settings of its own are replaced, and said to be (not those the command line gave for the run, as asked);
    // the run is the one with the proposal's settings.
    expect(ownBase.code).toBe(0);
    expect(ownBase.stderr).toContain("note: baseline: its simulation.seed 3 is replaced by the proposal's (1278): a comparison pairs the same replications of the same seed\n");
    expect(ownBase.stdout).toBe(presetBase.stdout.replace('incident-1278-staging', ownBaseFile));
    expect(presetBase.stderr).not.toContain('replaced by the proposal');
  });

  it('exits non-zero with nothing on stdout', () => {
    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toBe('');
  });

  it('names every offending field with its value and allowed range on stderr', () => {
    const e = invalid.stderr;
    expect(e).toContain('wave.containers: 9000 is out of range: allowed 1–5000 containers');
    expect(e).toContain('pool.poolSize: 0 is out of range: allowed 1–500 connections');
    expect(e).toContain('cloudSql.maxConnections: "many" is not a valid number: allowed 5–100000 connections');
    expect(e).toContain('unknown field "bogus"');
  });
});

describe('an unknown option', () => {
  it('exits 2 with the synopsis on stderr and where every option is, not the whole help', () => {
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^error: unknown option --frobnicate\n\nUsage: npm run -s sim -- \[run\] </);
    expect(unknown.stderr).toMatch(/\n\nEvery option: npm run -s sim -- --help\n$/);
    expect(unknown.stderr).not.toContain('--workers N');
    expect(unknown.stderr).not.toContain('Exit codes');
  });
});

describe('a reader that goes away (`sim … | true`)', () => {
  it('ends the run quietly with the SIGPIPE status, no stack trace', async () => {
    // stdout closed before the summary is written
    const { code, stderr } = await runCli(['healthy-baseline', '--replications', '5', '--workers', '1'], { closeEarly: 'stdout' });
    expect(stderr).toBe('');
    expect(code).toBe(141);
  }, 60_000);

  it('an output that cannot be written (a full disk) is the tool failing: exit 3, naming why, not 1 as a failed gate', async () => {
    const { code, stderr } = await runCommand('sh', ['-c', 'node_modules/.bin/tsx sim-core/cli/main.ts healthy-baseline --replications 5 --workers 1 --json > /dev/full']);
    expect(stderr).toMatch(/error: could not write the output: ENOSPC/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(code).toBe(3);
  }, 60_000);

  it('--out /dev/stdout adds the results file after the summary, into a pipe or a file the shell redirected to', async () => {
    const piped = await runCli(['healthy-baseline', '--replications', '3', '--workers', '1', '--out', '/dev/stdout']);
    expect(piped.code).toBe(0);
    const [summary, results] = piped.stdout.split(/\n(?=\{"format")/);
    expect(summary).toMatch(/^bootstorm .* — healthy-baseline\n/);
    expect(JSON.parse(results).format).toBe('bootstorm-results/1');
    const file = join(dir, 'redirected.txt');
    const redirected = await runCommand('sh', ['-c', `node_modules/.bin/tsx sim-core/cli/main.ts healthy-baseline --replications 3 --workers 1 --out /dev/stdout > '${file}'`]);
    expect(redirected.code).toBe(0);
    // The summary stays (a rename over the redirected file would have replaced it), the results file follows it.
    const [fileSummary, fileResults] = readFileSync(file, 'utf8').split(/\n(?=\{"format")/);
    expect(fileSummary).toMatch(/^bootstorm .* — healthy-baseline\n/);
    expect(JSON.parse(fileResults).result).toEqual(JSON.parse(results).result);
  }, 60_000);

  it('a closed stderr does not stop the run: the JSON, and the exit code, are the run\'s', async () => {
    // healthy-baseline's configuration warnings go to stderr first, beside --json; two threads keep the loop free.
    const { code, stdout } = await runCli(json(2), { closeEarly: 'stderr' });
    expect(code).toBe(0);
    expect(stdout).toBe(json2.stdout);
  }, 60_000);
});

describe('npm run sim from a subfolder', () => {
  it('reads and writes files relative to the folder it was run from, not the package root', async () => {
    const dir = join(ROOT, 'node_modules', '.cache', 'bootstorm-test-cwd');
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, 'here.json'), '{"version": 2, "wave": {"containers": 2}}');
      const r = await runCommand('npm', ['run', '-s', 'sim', '--', 'here.json', '--replications', '3', '--workers', '1', '--out', 'out.json'], { cwd: dir, timeoutMs: 60_000 });
      expect(r.stderr).toBe('wrote results to out.json\n');
      expect(r.code).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).scenario.wave.containers).toBe(2);
      expect(existsSync(join(ROOT, 'out.json'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
