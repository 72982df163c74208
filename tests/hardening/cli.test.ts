/**
 * The CLI's answers to bad input and too much work, in this process (`sim()`, sim-core/cli/sim.ts) where the
 * process adds nothing, and as two real processes where it does (exit codes, worker threads, the test hook):
 * - work past the limit is refused before it starts, by run (whole or sharded), sweep, heatmap, solve and
 *   sensitivity alike, with the estimate, the limit and what to lower; exit 2, nothing on stdout;
 * - bad flags and paths are refused naming the flag, before any work; an --out file is never overwritten by a
 *   refused or failed run;
 * - a worker thread that dies is replaced and the output is unchanged; an engine failure exits 3 naming the
 *   replication.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTORM_VERSION } from '../../sim-core/results/summary';
import { loadScenario } from '../../sim-core/cli/scenarioSource';
import { METRIC_KEYS } from '../../sim-core/explore/metrics';
import { estimatePointsWork, estimateWork, MAX_TOTAL_EVENTS } from '../../sim-core/limits';
import { summarize } from '../../sim-core/results/summary';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import { encodeScenario } from '../../sim-core/scenario/link';
import { runCli, withoutWarnings } from '../helpers/cli';
import { merge, scenarioOf } from '../helpers/scenario';
import { simInProcess, tempDir, type SimRun } from './helpers';

const dir = tempDir('cli');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 200 containers: ~136,000 events a replication, so 200,000 replications are ~27 billion events. */
const bigInput = merge(presetById('incident-1278-staging')!.input, { name: 'Big wave', wave: { containers: 200 } });
const big = join(dir, 'big.json');
writeFileSync(big, JSON.stringify(bigInput));
const perReplication = estimateWork(scenarioOf(bigInput)).eventsPerReplication;
// Written as it would be typed on the command line: 4976, not 4,976.
const fits = (points: number) => String(Math.floor(MAX_TOTAL_EVENTS / (perReplication * points)));
const billions = (events: number) => `${(events / 1e9).toFixed(1)} billion`;

const out = join(dir, 'out.json');
const refused = (r: SimRun, message: string) => {
  expect(r.stderr).toBe(`error: refused: ${message}\n`);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(readFileSync(out, 'utf8')).toBe('previous\n');
};

describe('work past the limit is refused up front', () => {
  beforeAll(() => writeFileSync(out, 'previous\n'));

  it('by a run, whole or as a shard, naming the estimate, the limit and what to lower', async () => {
    // Each case below must be past the limit, or the CLI would run it (for minutes) instead of refusing it.
    expect(perReplication * 20_000 * 2).toBeGreaterThan(MAX_TOTAL_EVENTS);
    const per = perReplication.toLocaleString('en-US');
    refused(
      await simInProcess([big, '--replications', '200000', '--workers', '1', '--out', out]),
      `this would take about ${billions(perReplication * 200_000)} events (${per} per replication × 200,000 replications), more than the limit of 4.0 billion: ` +
        `lower --replications to at most ${fits(1)}, or split the run with --shard k/n`,
    );
    // The count the file gives is the file's, not a --replications the user never typed.
    const bigCount = join(dir, 'big-count.json');
    writeFileSync(bigCount, JSON.stringify(merge(bigInput, { simulation: { replications: 200_000 } })));
    refused(
      await simInProcess([bigCount, '--workers', '1', '--out', out]),
      `this would take about ${billions(perReplication * 200_000)} events (${per} per replication × 200,000 replications), more than the limit of 4.0 billion: ` +
        `run fewer than the scenario's 200,000 replications (--replications ${fits(1)} at most), or split the run with --shard k/n`,
    );
    refused(
      await simInProcess([big, '--replications', '200000', '--shard', '1/2', '--workers', '1', '--out', out]),
      `this would take about ${billions(perReplication * 100_000)} events (${per} per replication × 100,000 replications), more than the limit of 4.0 billion: ` +
        `split the run into more shards (each running at most ${Number(fits(1)).toLocaleString('en-US')} replications)`,
    );
    // Paired with a baseline, both scenarios count.
    refused(
      await simInProcess([big, '--replications', '20000', '--baseline', big, '--workers', '1', '--out', out]),
      `this would take about ${billions(perReplication * 40_000)} events (${per} per replication × 20,000 replications × 2 points), more than the limit of 4.0 billion: ` +
        `lower --replications to at most ${fits(2)}, or split the run with --shard k/n`,
    );
  });

  it('by sweep, heatmap, solve and sensitivity, with the points counted', async () => {
    const sweep = await simInProcess(['sweep', big, '--field', 'wave.containers', '--from', '1', '--to', '200', '--steps', '3', '--replications', '100000', '--workers', '1']);
    expect(sweep.code).toBe(2);
    expect(sweep.stdout).toBe('');
    expect(sweep.stderr).toMatch(new RegExp(`^error: refused: this would take about [\\d.]+ billion events \\([\\d,]+ per replication × 100,000 replications × 3 points\\), more than the limit of 4\\.0 billion: lower --replications to at most \\d+ per point, or use fewer --steps\\n$`));
    const heatmap = await simInProcess(['sweep', big, '--field', 'wave.containers', '--from', '1', '--to', '200', '--steps', '2', '--field2', 'wave.jitter', '--steps2', '2', '--half-width', '0.01', '--max-replications', '50000', '--workers', '1']);
    expect(heatmap.code).toBe(2);
    expect(heatmap.stderr).toMatch(/× 50,000 replications × 4 points\), more than the limit of 4\.0 billion: lower --max-replications to at most \d+ per point, or use fewer --steps or --steps2\n$/);
    const solve = await simInProcess(['solve', big, '--field', 'timeouts.initialization', '--target', '0.01', '--budget', '100000', '--workers', '1']);
    expect(solve.code).toBe(2);
    // Priced by its limit, below its budget: twice the probes it can make at the cap (the two ends and 11 halvings of
    // 1–1800 s to the 1.8 s tolerance), 2 × 13 × 3,200 replications.
    expect(solve.stderr).toMatch(/× 83,200 replications\), more than the limit of 4\.0 billion: narrow the search with --from\/--to \(it spans 1–1800 s, and its costliest end prices the run\), or lower --budget to at most \d+\n$/);
    // Advice that can be followed: a budget below the first round's 2 × --replications is refused, so name those.
    const tight = await simInProcess(['solve', big, '--field', 'timeouts.initialization', '--target', '0.01', '--replications', '40000', '--workers', '1']);
    expect(tight.code).toBe(2);
    expect(tight.stderr).toMatch(/or lower --replications \(now 40,000\) so that the search fits in [\d,]+ replications \(the first round alone runs 2 × --replications\)\n$/);
    const sensitivity = await simInProcess(['sensitivity', big, '--field', 'wave.jitter,pool.poolSize', '--replications', '100000', '--workers', '1']);
    expect(sensitivity.code).toBe(2);
    // The base, pool.poolSize 9 and 11, wave.jitter 60 (its low end is the base's 0, which is not run twice).
    expect(sensitivity.stderr).toMatch(/× 100,000 replications × 4 points\), more than the limit of 4\.0 billion: lower --replications to at most \d+ per point, or name fewer --field\n$/);
    // The estimate behind the sweep's refusal: its costliest pilot is the 200-container end.
    const points = [1, 100, 200].map((c) => scenarioOf(merge(bigInput, { wave: { containers: c } })));
    expect(estimatePointsWork(points, 3, 100_000).eventsPerReplication).toBe(perReplication);
    console.log('work limit: 7 refusals (run, shard, paired run, sweep, heatmap, solve, sensitivity)');
  });
});

describe('bad flags and paths are refused before any work', () => {
  it.each([
    [['healthy-baseline', '--workers', '100000'], '--workers "100000": expected a whole number 1–256'],
    [['healthy-baseline', '--seed', ''], '--seed "": expected a whole number 0–4294967295'],
    [['healthy-baseline', '--replications', ' '], '--replications " ": expected a whole number 1–200000'],
    [['healthy-baseline', '--out', '/no/such/folder/out.json'], '--out /no/such/folder/out.json: the folder /no/such/folder does not exist'],
    [['healthy-baseline', '--report', '/tmp'], '--report /tmp is a folder: give a file name'],
    [['constructor'], '"constructor" is neither a preset (see --list), a share link, nor a readable file'],
    [['/tmp'], '"/tmp" is a directory, not a scenario file'],
    [['./no/such/scenario.json'], '"./no/such/scenario.json": no such file'],
    [['swep', 'mitigated'], 'unknown command "swep": did you mean sweep? (commands: run, sweep, solve, sensitivity, merge, validate, show, fields; or a preset, a scenario file or a share link: see --help)'],
    // A percentage hint only where a fraction is wanted: "10%" of a count is no 0.1.
    [['sweep', 'healthy-baseline', '--field', 'wave.containers', '--from', '10%'], '--from "10%": expected a number (wave.containers allows 1–5000 containers, whole numbers)'],
    // A time in its unit, as the dashboard reads it; a value that is none is told the field's range.
    [['sweep', 'healthy-baseline', '--field', 'wave.jitter', '--from', '20 min'], '--from "20 min" = 1200 is out of range: wave.jitter allows 0–600 s'],
    [['solve', 'healthy-baseline', '--field', 'wave.containers', '--target', '5%'], '--target "5%" (a fraction: write 5% as 0.05): expected a number above 0 and below 1'],
    [['heatmap', 'mitigated'], expect.stringMatching(/^a heatmap is a sweep over two fields: sweep <scenario> --field A .* --field2 B /)],
    [['compare', 'healthy-baseline', 'mitigated'], expect.stringMatching(/^a comparison is an option of a run: <proposal> --baseline <baseline> runs both/)],
    [['precision', 'mitigated'], expect.stringMatching(/^precision is an option of a run: <scenario> --half-width H /)],
    // Close to a preset rather than a command: the preset is suggested.
    [['mitigatd'], '"mitigatd" is neither a preset (see --list), a share link, nor a readable file; did you mean mitigated?'],
    // A word followed by a scenario was meant as a command, whatever it resembles; near misses of the what-ifs too.
    [['review', 'mitigated'], 'unknown command "review" (commands: run, sweep, solve, sensitivity, merge, validate, show, fields; or a preset, a scenario file or a share link: see --help)'],
    [['compre', 'healthy-baseline', 'mitigated'], expect.stringMatching(/^a comparison is an option of a run: /)],
    [['help'], expect.stringMatching(/^for help, run --help /)],
    [['list'], expect.stringMatching(/^the presets are listed by --list /)],
    [['healthy-baseline', '--baseline', 'no-such-scenario'], '--baseline "no-such-scenario" is neither a preset (see --list), a share link, nor a readable file'],
    // A device says its size is 0: read only up to the limit, not until memory runs out.
    [['/dev/zero'], '/dev/zero has more than 1,048,576 bytes: too large to be a scenario file (at most 1,048,576)'],
    [['sweep', 'healthy-baseline', '--field', 'wave.jitter', '--half-width', '0.01', '--max-replications', '300000'], '--max-replications "300000": expected a whole number 1–200000'],
    [['sweep', 'healthy-baseline', '--field', 'wave.jitter', '--steps', '1e9'], '--steps "1e9": expected a whole number 1–1000'],
    [['sweep', 'healthy-baseline', '--field', 'wave.jitter', '--from', '2 d'], '--from "2 d" (a time is written in ms, s, min or h, e.g. "2 min"): expected a number (wave.jitter allows 0–600 s)'],
    [['sweep', 'healthy-baseline', '--field', 'wave.containers', '--from', '1.5'], '--from 1.5 is not a whole number: wave.containers allows 1–5000 containers, whole numbers'],
    [['sweep', 'healthy-baseline', '--field', 'wave.jitter', '--from', 'NaN'], '--from "NaN": expected a number (wave.jitter allows 0–600 s)'],
    [['solve', 'healthy-baseline', '--field', 'wave.jitter', '--target', '0.01', '--replications', '300000'], '--replications "300000": expected a whole number 1–200000'],
    [['sensitivity', 'healthy-baseline', '--workers', '0'], '--workers "0": expected a whole number 1–256'],
    [['sweep', 'healthy-baseline', '--field', 'wave.jitter', '--metric', 'constructor'], '--metric: "constructor" is not a metric. Metrics: ' + METRIC_KEYS.join(', ')],
    [['sweep', 'healthy-baseline', '--field', 'constructor'], expect.stringMatching(/^--field: "constructor" is not a numeric scenario field\. Valid fields: /)],
    [['solve', 'healthy-baseline', '--field', '__proto__', '--target', '0.1'], expect.stringMatching(/^--field: "__proto__" is not a numeric scenario field\. Valid fields: /)],
  ] as Array<[string[], string]>)('%j', async (argv, message) => {
    const r = await simInProcess(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0].replace(/^error: /, '')).toEqual(message);
  });

  it('a file that is missing, empty or a folder, or a command misspelt, gets its message alone (no usage text after it)', async () => {
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '  \n');
    const e = await simInProcess([empty]);
    expect([e.code, e.stderr]).toEqual([2, `error: ${empty} is empty: a scenario file holds JSON, at least {"version": 2}\n`]);
    for (const argv of [['./no/such.json'], ['/tmp'], ['swep', 'mitigated'], ['healthy-baseline', '--out', '/no/such/folder/out.json']]) {
      const r = await simInProcess(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toContain('Usage:');
    }
  });

  it('--version prints the version and exits 0', async () => {
    const r = await simInProcess(['--version']);
    expect([r.code, r.stdout]).toEqual([0, `bootstorm ${BOOTSTORM_VERSION}\n`]);
  });

  it('--max-replications caps an adaptive run, as in sweep', async () => {
    const r = await simInProcess(['mitigated', '--half-width', '0.001', '--max-replications', '300', '--workers', '1', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { replications: number; adaptive: { reached: boolean } };
    expect(out.replications).toBe(300);
    expect(out.adaptive.reached).toBe(false);
  });

  it('a comparison names both scenarios the same way, by title', async () => {
    const r = await simInProcess(['mitigated', '--baseline', 'incident-1278-staging', '--replications', '20', '--workers', '1']);
    expect(r.stdout).toContain('Against baseline Incident #1278 — staging, 75 s (proposal Mitigated — lazy connections, budgeted pools, jitter, backoff), paired replications');
  });

  it('a results summary given as a scenario is named as such (its scenario is not in it)', async () => {
    const summary = join(dir, 'run.summary.json');
    writeFileSync(summary, (await simInProcess(['healthy-baseline', '--replications', '5', '--workers', '1', '--json'])).stdout);
    const comparison = join(dir, 'compare.summary.json');
    writeFileSync(comparison, (await simInProcess(['healthy-baseline', '--baseline', 'mitigated', '--replications', '5', '--workers', '1', '--json'])).stdout);
    expect((await simInProcess([comparison])).stderr).toContain(`${comparison} is a results summary (a run's or a comparison's --json`);
    const r = await simInProcess([summary]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${summary} is a results summary (a run's or a comparison's --json, the dashboard's Results JSON): it holds the numbers but not the scenario they came from; open the results file instead (--out, or Export → Results file)\n`);
  });

  it('every usage text ends with the exit codes', async () => {
    for (const argv of [['--help'], ['sweep', '--help'], ['solve', '--help'], ['sensitivity', '--help'], ['merge', '--help']]) {
      const r = await simInProcess(argv);
      expect(r.stdout + r.stderr, argv.join(' ')).toMatch(/Exit codes: 0 done; 1 the answer is no .*\n.*2 nothing ran .*; 3 the tool\n\s+failed /);
    }
  });

  it('a flag written wrong gets the usage of its command; flags that only conflict get the message alone', async () => {
    const conflict = await simInProcess(['healthy-baseline', '--shard', '1/2', '--baseline', 'mitigated']);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toBe('error: --shard writes a part file only: --baseline, --assert and --report apply to whole runs, and --assert and --report to merges\n');
    const merge = await simInProcess(['merge', '--bogus']);
    expect(merge.code).toBe(2);
    expect(merge.stderr).toBe('error: unknown option --bogus\n\nUsage: npm run -s sim -- merge <part.json …> [options]\n\nEvery option: npm run -s sim -- merge --help\n');
  });

  it('says where a scenario file breaks JSON, what --url wants, and which scenario (the baseline) is bad', async () => {
    const bad = join(dir, 'trailing-comma.json');
    writeFileSync(bad, '{\n  "version": 1,\n  "wave": {"containers": 3,}\n}\n');
    const first = async (argv: string[]) => {
      const r = await simInProcess(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      return r.stderr.split('\n')[0];
    };
    expect(await first([bad])).toBe(`error: ${bad} is not valid JSON: Expected double-quoted property name in JSON at line 3, column 28 (JSON allows no comma before } or ]: remove the one at line 3, column 27)`);
    const commented = join(dir, 'commented.json');
    writeFileSync(commented, '// mine\n{"version": 2}\n');
    // The engine quotes the text around the error; its line break stays on the message's one line.
    expect(await first([commented])).toMatch(new RegExp(`^error: ${commented.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON: .*// mine\\\\n`));
    expect(await first(['--url', bad])).toBe(`error: --url ${JSON.stringify(bad)} is not a share link (…#s=2.…); to run a scenario file, give its path without --url`);
    expect(await first(['mitigated', '--baseline', 'http://x/#s=1.garbage!'])).toBe('error: invalid baseline link:');
    expect(await first(['mitigated', '--baseline', bad])).toMatch(/^error: baseline .*trailing-comma\.json is not valid JSON/);
    // An address without a scenario in it is no missing file.
    expect(await first(['http://localhost:5173/#access_token=abc'])).toBe('error: "http://localhost:5173/#access_token=abc" is an address but not a share link: a scenario\'s link holds #s=2.… (the dashboard\'s Copy link)');
    expect(await first(['mitigated', '--baseline', 'https://bootstorm.example/'])).toMatch(/^error: --baseline "https:\/\/bootstorm\.example\/" is an address but not a share link/);
    // Valid JSON with a key written twice: JSON.parse would keep the last value without a word.
    const twice = join(dir, 'twice.json');
    writeFileSync(twice, '{"version": 2,\n "pool": {"poolSize": 5,\n  "poolSize": 10}}\n');
    const r = await simInProcess([twice, '--replications', '2']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: ${twice} writes a key more than once, and JSON keeps only the last value of each (the other would be lost without a word):\n  "pool.poolSize" is written twice (lines 2 and 3)\nKeep one of each.\n`);
  });

  it("a link's scenario name cannot write control characters to the terminal", async () => {
    const named = { ...presetById('healthy-baseline')!.input, name: 'Mine\nPhase 3 breach rate 0.0% (forged)\u001b[8m', simulation: { replications: 2 } };
    const r = await simInProcess([`http://x/#s=${encodeScenario(scenarioOf(named))}`, '--workers', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    // The escape's introducer became a space: what is left is plain text.
    expect(r.stdout.split('\n')[0]).toBe(`bootstorm ${BOOTSTORM_VERSION} — link "Mine Phase 3 breach rate 0.0% (forged) [8m"`);
  });

  it("a scenario file's name cannot write control characters into the comparison or the report either", async () => {
    const forged = join(dir, 'forged.json');
    writeFileSync(forged, JSON.stringify({ version: 2, name: 'prod\n\u2713 phase3.breachRate<0.05  (actual 0.001)\u001b[2K\u202e' }));
    const report = join(dir, 'forged.md');
    const r = await simInProcess(['healthy-baseline', '--baseline', forged, '--replications', '2', '--workers', '1', '--report', report]);
    expect(r.code).toBe(0);
    const control = /[\p{Cc}\p{Cf}]/u;
    expect(r.stdout.split('\n').filter((l) => control.test(l))).toEqual([]);
    expect(r.stdout).toContain('Against baseline prod \u2713 phase3.breachRate<0.05  (actual 0.001) [2K ');
    expect(readFileSync(report, 'utf8').split('\n').filter((l) => control.test(l))).toEqual([]);
  });

  it('an output that would overwrite the scenario file is refused before any work, and the file stays', async () => {
    const mine = join(dir, 'mine.json');
    writeFileSync(mine, '{"version":2,"wave":{"containers":3}}\n');
    const r = await simInProcess([mine, '--replications', '5', '--report', mine]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe(`error: --report ${mine} is the input file ${mine}: writing it would replace it; give the output another name`);
    expect(readFileSync(mine, 'utf8')).toBe('{"version":2,"wave":{"containers":3}}\n');
  });

  it('a file too large to be a scenario, a bad link given with --url, an invalid scenario: exit 2, --out untouched', async () => {
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, `{"version":1,"name":"${'x'.repeat(1_100_000)}"}`);
    writeFileSync(out, 'previous\n');
    const tooBig = await simInProcess([huge, '--out', out]);
    expect(tooBig.stderr).toBe(`error: ${huge} is ${statSync(huge).size.toLocaleString('en-US')} bytes: too large to be a scenario file (at most 1,048,576)\n`);
    const link = await simInProcess(['--url', 'https://bootstorm.example/#s=1.garbage!', '--out', out]);
    expect(link.stderr).toBe('error: invalid link:\n  link: the link is damaged: its data holds "!" at character 8, which base64url never uses (only A–Z, a–z, 0–9, - and _)\n');
    const invalid = join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ version: 1, phases: { init: { kind: 'weibull' } }, wave: { containers: NaN } }));
    const bad = await simInProcess([invalid, '--out', out]);
    expect(bad.stderr).toContain('phases.init.kind: "weibull" is not a known kind: choose one of "constant", "uniform", "exponential", "normal", "lognormal"');
    for (const r of [tooBig, link, bad]) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(readFileSync(out, 'utf8')).toBe('previous\n');
  });

  it('a results file runs its scenario again, with a note; a part file is refused by name', async () => {
    const results = join(dir, 'run.results.json');
    expect((await simInProcess(['healthy-baseline', '--replications', '4', '--workers', '1', '--out', results])).code).toBe(0);
    const again = await simInProcess([results, '--workers', '1', '--json']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`note: ${results} is a results file: running its scenario again (its stored results are not used)`);
    // The same numbers as the run that wrote it.
    expect(JSON.parse(again.stdout).phase3).toEqual(JSON.parse(readFileSync(results, 'utf8')).result.phase3);
    const part = join(dir, 'part-1.json');
    expect((await simInProcess(['healthy-baseline', '--replications', '4', '--shard', '1/2', '--workers', '1', '--out', part])).code).toBe(0);
    const refused = await simInProcess([part]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(`error: ${part} is a part file of a sharded run (bootstorm-part/1), not a scenario: merge the parts with \`sim merge\`\n`);
    // Written by another bootstorm: an older one's results rerun with a note that the numbers may differ; a format
    // this one does not read is named as such (not as a scenario missing its version).
    const written = JSON.parse(readFileSync(results, 'utf8'));
    const older = join(dir, 'older.results.json');
    writeFileSync(older, JSON.stringify({ ...written, result: { ...written.result, bootstorm: '0.3.2' } }));
    const rerun = await simInProcess([older, '--workers', '1', '--json']);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toContain(`note: its results were computed by bootstorm 0.3.2; this is ${BOOTSTORM_VERSION}, whose model may give other numbers`);
    const newer = join(dir, 'newer.results.json');
    writeFileSync(newer, JSON.stringify({ ...written, format: 'bootstorm-results/2' }));
    const unread = await simInProcess([newer]);
    expect(unread.code).toBe(2);
    expect(unread.stderr).toBe(`error: ${newer} is a results file in format bootstorm-results/2, which this bootstorm (${BOOTSTORM_VERSION}) does not read: it reads bootstorm-results/1\n`);
    // One that lost its scenario says so, not that its own format is unreadable.
    const { scenario: _dropped, ...noScenario } = written;
    const lost = join(dir, 'lost.results.json');
    writeFileSync(lost, JSON.stringify(noScenario));
    const nothing = await simInProcess([lost]);
    expect(nothing.code).toBe(2);
    expect(nothing.stdout).toBe('');
    expect(nothing.stderr).toBe(`error: ${lost} is a results file without its scenario (the "scenario" field), so there is nothing to run\n`);
  });

  it('a scenario file named like a link (1.json) is read as the file', async () => {
    const named = join(dir, '1.json');
    writeFileSync(named, JSON.stringify({ version: 1, wave: { containers: 'x' } }));
    const here = process.cwd();
    process.chdir(dir);
    try {
      const r = await simInProcess(['1.json', '--workers', '1']);
      expect(r.stderr).toContain('invalid scenario 1.json:\n  wave.containers: "x" is not a valid number');
    } finally {
      process.chdir(here);
    }
  });
});

describe('a scenario file whose simulation is no group of fields', () => {
  it('is refused naming the value, with or without the flags that set simulation fields', async () => {
    for (const [value, shown] of [[5, '5'], ['fast', '"fast"'], [null, 'null'], [[1, 2], '[1,2]']] as const) {
      const file = join(dir, 'simulation.json');
      writeFileSync(file, JSON.stringify({ version: 2, simulation: value }));
      for (const flags of [[], ['--replications', '10'], ['--seed', '3']]) {
        const r = await simInProcess([file, '--workers', '1', ...flags]);
        expect(r.code, `${shown} ${flags.join(' ')}`).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(`simulation: ${shown} is not a valid group: expected an object of its fields`);
      }
    }
  });
});

describe('an invalid scenario and an invalid --baseline', () => {
  it('are reported together, each with its problems, so fixing one does not reveal the other next time', async () => {
    const proposal = join(dir, 'zero.json');
    const baseline = join(dir, 'multi.json');
    writeFileSync(proposal, JSON.stringify({ version: 2, wave: { containers: 0 } }));
    writeFileSync(baseline, JSON.stringify({ version: 2, pool: { poolSize: -1 }, retry: { base: 20, cap: 5 } }));
    const r = await simInProcess([proposal, '--baseline', baseline, '--workers', '1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error: invalid scenario ${proposal}:\n  wave.containers: 0 is out of range: allowed 1–5000 containers, whole numbers\n` +
        `error: invalid baseline scenario ${baseline}:\n  pool.poolSize: -1 is out of range: allowed 1–500 connections, whole numbers\n  retry.cap: 5 must be ≥ backoff base (20 s): allowed 20–600 s here\n`,
    );
    // A valid baseline adds nothing to the proposal's problems.
    const alone = await simInProcess([proposal, '--baseline', 'healthy-baseline', '--workers', '1']);
    expect(alone.stderr).toBe(`error: invalid scenario ${proposal}:\n  wave.containers: 0 is out of range: allowed 1–5000 containers, whole numbers\n`);
  });
});

describe('the CLI process with failing worker threads (BOOTSTORM_TEST_CRASH_BLOCK)', () => {
  it('replaces a dead thread: same JSON as an undisturbed run; an engine failure exits 3 naming the replication', async () => {
    const results = join(dir, 'results.json');
    mkdirSync(join(dir, 'kept'), { recursive: true });
    const kept = join(dir, 'kept', 'results.json');
    writeFileSync(kept, 'previous\n');
    const args = ['healthy-baseline', '--replications', '250', '--workers', '2', '--json'];
    const [crashOnce, engine] = await Promise.all([
      runCli([...args, '--out', results], { env: { BOOTSTORM_TEST_CRASH_BLOCK: '100' } }),
      runCli([...args, '--out', kept], { env: { BOOTSTORM_TEST_CRASH_BLOCK: '100:engine' } }),
    ]);
    const s = loadScenario('healthy-baseline', (x) => merge(x, { simulation: { replications: 250 } })).scenario;
    const undisturbed = `${JSON.stringify(summarize(runRange(s, 0, 250), s))}\n`;
    expect(crashOnce.code).toBe(0);
    expect(crashOnce.stdout).toBe(undisturbed);
    expect(crashOnce.stderr).toContain('warning: the worker thread running replications 100–199 (block 2 of 3) of "Healthy baseline — small scale-out" (seed 1278) exited with code 1; running them again on a new thread');
    expect(JSON.parse(readFileSync(results, 'utf8')).result).toEqual(JSON.parse(undisturbed));
    expect(engine.code).toBe(3);
    expect(engine.stdout).toBe('');
    expect(withoutWarnings(engine.stderr)).toMatch(/^error: replication 100 \(seed 1278\) failed: BOOTSTORM_TEST_CRASH_BLOCK=100:engine \(test hook\), attempt 0\. Reproduce with: npm run -s sim -- '2\.[A-Za-z0-9_-]+' --workers 1\n$/);
    expect(readFileSync(kept, 'utf8')).toBe('previous\n');
  }, 90_000);
});

describe('an older scenario version', () => {
  it('runs as it was written, with a note on stderr naming the version 1 defaults it keeps', async () => {
    const file = join(dir, 'v1.json');
    writeFileSync(file, JSON.stringify({ version: 1, wave: { containers: 3 }, restart: { maxRestarts: 2 } }));
    const r = await simInProcess([file, '--replications', '10', '--workers', '1', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).replications).toBe(10);
    const notes = r.stderr.split('\n').filter((l) => l.startsWith('note: '));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^note: This scenario is version 1 and has the version 1 defaults of connector\.otherConnections 40, connector\.handshakeLatency lognormal median 0\.005 s, p95 0\.02 s, connector\.latencyAtFullLoad 20, cloudSql\.otherClients 0\. /);
    // A current scenario has nothing to say.
    const now = await simInProcess(['mitigated', '--replications', '10', '--workers', '1', '--json']);
    expect(now.stderr).not.toMatch(/^note: /m);
  });
});
