/**
 * Smoke tests of `sim sweep | solve | sensitivity` as a user runs them: a real process through tsx, worker
 * threads included. Few spawns (each costs a Node start-up); the numbers themselves are tested in-process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drive, inProcessExecutor } from '../../sim-core/explore/work';
import { sweepPlanner } from '../../sim-core/explore/sweep';
import { solvePlanner } from '../../sim-core/explore/solve';
import { CHEAP, CHEAP_INPUT } from './fixtures';
import { handScenario } from '../helpers/scenario';
import { runCli } from '../helpers/cli';
import { horizonCutLines } from '../../sim-core/cli/exploreRun';
import { encodeScenario } from '../../sim-core/scenario/link';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';

const dir = mkdtempSync(join(tmpdir(), 'bootstorm-explore-'));
const file = join(dir, 'cheap.json');
writeFileSync(file, JSON.stringify(CHEAP_INPUT));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sim = (...args: string[]) => runCli(args);

describe('sim sweep / solve / sensitivity', () => {
  it('sweep --json on 2 worker threads prints the same points as an in-process sweep', async () => {
    const r = await sim('sweep', file, '--field', 'timeouts.initialization', '--from', '2', '--to', '20', '--steps', '4', '--replications', '250', '--workers', '2', '--json');
    // stdout is the JSON alone; stderr holds what a run of the base scenario would warn about, and nothing else.
    expect(r.stderr).toBe(scenarioWarnings(CHEAP).map((w) => `warning: the base scenario: ${w.message}\n`).join(''));
    expect(r.stderr).not.toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ command: 'sweep', scenario: file, seed: 1278, field: { key: 'timeouts.initialization' }, replicationsSpent: 1000 });
    const p = sweepPlanner({ ...CHEAP, simulation: { ...CHEAP.simulation, replications: 250 } }, { axis: { field: 'timeouts.initialization', from: 2, to: 20, steps: 4 } });
    if (!p.ok) throw new Error(p.message);
    const local = await drive(p.value, inProcessExecutor);
    expect(JSON.stringify(out.points)).toBe(JSON.stringify(local.points));
  });

  it('an adaptive sweep names the points that stopped at the cap short of the goal (text, JSON and CSV)', async () => {
    const args = ['sweep', file, '--field', 'timeouts.initialization', '--from', '2', '--to', '20', '--steps', '2', '--half-width', '0.001', '--max-replications', '60', '--replications', '30', '--workers', '1'];
    const [text, json, csvOut] = await Promise.all([sim(...args), sim(...args, '--json'), sim(...args, '--csv')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^SHORT OF GOAL: timeouts\.initialization = 2 s: stopped at the cap of 60 replications with ±\d+\.\d\d points, short of ±0\.10 points\.$/m);
    const points = JSON.parse(json.stdout).points as Array<{ replications: number; goalReached: boolean }>;
    expect(points.map((p) => [p.replications, p.goalReached])).toEqual([[60, false], [60, false]]);
    const rows = csvOut.stdout.trim().split('\n');
    expect(rows[0].endsWith(',truncatedReplications,goalReached,unfinished,killedOutsidePhase3,killedAfterPhase3')).toBe(true);
    expect(rows[1]).toMatch(/,0,false,0,\d+,\d+$/);
  });

  it("sweep --csv counts the starts Cloud Run's startup probe killed outside Phase 3, a column each", async () => {
    // The hand scenario's starts pass Phase 3 at ~5 s and are listening at ~9 s: a 7 s probe kills them all in Phase 4.
    const probe = join(dir, 'probe.json');
    writeFileSync(probe, JSON.stringify(handScenario({ wave: { containers: 2 } })));
    const r = await sim('sweep', probe, '--field', 'timeouts.startupProbe', '--from', '7', '--to', '240', '--steps', '2', '--replications', '2', '--workers', '1', '--csv');
    expect(r.code).toBe(0);
    const [head, ...rows] = r.stdout.trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => rows.map((x) => x[head.indexOf(name)]);
    expect(col('timeouts.startupProbe')).toEqual(['7', '240']);
    expect(col('breaches')).toEqual(['0', '0']);
    expect(col('killedOutsidePhase3')).toEqual(['4', '0']);
    expect(col('killedAfterPhase3')).toEqual(['4', '0']);
  });

  it('a point whose horizon cut over 5% of its starts short of a verdict is flagged ?, in a sweep and a solve', async () => {
    // The incident at a 300 s horizon: at 600 s of start jitter half the containers start after the horizon, and
    // the rate of those that got a verdict reads a few percent where the wave breaches far more.
    const short = join(dir, 'short-horizon.json');
    writeFileSync(short, JSON.stringify({ version: 2, simulation: { horizon: 300 } }));
    const sweep = await sim('sweep', short, '--field', 'wave.jitter', '--from', '0', '--to', '600', '--steps', '2', '--replications', '20', '--workers', '1');
    expect(sweep.code).toBe(0);
    expect(sweep.stdout).toMatch(/^NOTE \(\?\): wave\.jitter = 600 s: the horizon cut \d+% of the start attempts short of a Phase 3 verdict; its breach rate leans to the quick outcomes and meets no target/m);
    expect(sweep.stdout).not.toMatch(/wave\.jitter = 0 s: the horizon cut/);
    expect(sweep.stdout).toMatch(/^ +600 +\? \d/m);
    const solve = await sim('solve', short, '--field', 'wave.jitter', '--from', '0', '--to', '600', '--target', '0.05', '--replications', '20', '--workers', '1', '--json');
    const r = JSON.parse(solve.stdout) as { answer: number | null; evaluations: Array<{ value: number; verdict: string; unfinished: number; starts: number }> };
    // At 600 s the estimate is under 5%, but it meets nothing: no answer.
    const far = r.evaluations.find((e) => e.value === 600)!;
    expect(far.unfinished / (far.unfinished + far.starts)).toBeGreaterThan(0.05);
    expect(far.verdict).toBe('undecided');
    expect(r.answer).toBeNull();
    // More replications would not decide it: the probe is not topped up, and the message says why.
    expect((far as unknown as { replications: number }).replications).toBe(20);
    expect((r as unknown as { message: string }).message).toMatch(/at 600 s, the best end, the horizon cut over 5% of the start attempts short of a Phase 3 verdict/);
    // A heatmap's contour leaves the cut cells out: no crossing drawn through rates that read low.
    const heat = await sim('sweep', short, '--field', 'wave.jitter', '--from', '0', '--to', '600', '--steps', '2', '--field2', 'timeouts.initialization', '--from2', '75', '--to2', '90', '--steps2', '2', '--target', '0.05', '--replications', '20', '--workers', '1', '--json');
    const h = JSON.parse(heat.stdout) as { rates: Array<Array<number | null>>; contour: { rows: Array<{ x: number[] }> } };
    expect(Math.min(...h.rates.map((row) => row[1]!))).toBeLessThan(0.05); // the estimate alone would cross
    expect(h.contour.rows.every((row) => row.x.length === 0)).toBe(true);
  });

  it('past four points the horizon-cut NOTE is one line naming the worst', () => {
    const p = (what: string, unfinished: number) => ({ what, starts: 100, unfinished });
    expect(horizonCutLines([p('a', 6), p('b', 0)])).toEqual(['NOTE (?): a: the horizon cut 5.7% of the start attempts short of a Phase 3 verdict; its breach rate leans to the quick outcomes and meets no target (lengthen simulation.horizon).']);
    expect(horizonCutLines([p('a', 6), p('b', 50), p('c', 10), p('d', 7), p('e', 8), p('f', 0)])).toEqual([
      'NOTE (?): at 5 of 6 points the horizon cut over 5% of the start attempts short of a Phase 3 verdict (most: 33%, at b); their breach rates lean to the quick outcomes and meet no target (lengthen simulation.horizon).',
    ]);
  });

  it('sweep with --field2 prints a heatmap table with the contour', async () => {
    const r = await sim('sweep', file, '--field', 'timeouts.initialization', '--from', '2', '--to', '12', '--steps', '3', '--field2', 'wave.containers', '--from2', '1', '--to2', '5', '--steps2', '2', '--target', '0.05', '--replications', '40', '--workers', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('heatmap of timeouts.initialization × wave.containers');
    expect(r.stdout).toMatch(/Contour at 5\.00%/);
    // A tick is a cell that meets the target as solve means it; the legend says so.
    expect(r.stdout).toContain('✓ = meets the 5.00% target with 95% confidence; ~ = only the estimate does');
    expect(r.stdout).toMatch(/wave\.containers = 5: timeouts\.initialization ≈ \d/);
    expect(r.stdout).toContain('unmarked = misses it;');
    // Along a whole-number field the crossing lies between two of its values, and is said so (no "≈ 2.841 containers").
    // (At 12 s the rate goes from ~0% at 1 container to ~49% at 101: the 5% contour crosses between them.)
    const whole = await sim('sweep', file, '--field', 'wave.containers', '--from', '1', '--to', '200', '--steps', '3', '--field2', 'timeouts.initialization', '--from2', '2', '--to2', '12', '--steps2', '2', '--replications', '20', '--workers', '1');
    expect(whole.stdout).toMatch(/^ {2}timeouts\.initialization = 12: wave\.containers between (\d+) and (\d+)$/m);
    const [, lo, hi] = /timeouts\.initialization = 12: wave\.containers between (\d+) and (\d+)/.exec(whole.stdout)!;
    expect(Number(hi)).toBe(Number(lo) + 1);
  });

  it('sweep as text: a value that is not a valid scenario is marked in its row and explained under the table', async () => {
    // healthy-baseline's other clients (20) do not fit in 5 connections.
    const r = await sim('sweep', 'healthy-baseline', '--field', 'cloudSql.maxConnections', '--from', '5', '--to', '100', '--steps', '3', '--replications', '5', '--workers', '1');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const row = lines.find((l) => /^ *5 +invalid$/.test(l));
    expect(row, r.stdout).toBeDefined();
    // The reason does not widen the table: every row is as narrow as the valid ones.
    const tableRows = lines.filter((l) => /^ *\d+(\.\d+)? +/.test(l));
    const header = lines.find((l) => l.startsWith('cloudSql.maxConnections (connections)'))!;
    expect(Math.max(...tableRows.map((l) => l.trimEnd().length))).toBeLessThanOrEqual(header.trimEnd().length);
    expect(r.stdout).toContain('\nNot run (the value is not a valid scenario):\n  cloudSql.maxConnections = 5 connections: cloudSql.maxConnections: 5 must be at least 23 here');
  });

  it('a sweep or heatmap none of whose values is a valid scenario ran nothing: exit 2 with the reasons, nothing on stdout', async () => {
    const flat = await sim('sweep', 'healthy-baseline', '--field', 'cloudSql.maxConnections', '--from', '5', '--to', '10', '--steps', '2', '--replications', '5', '--workers', '1', '--json');
    expect(flat.code).toBe(2);
    expect(flat.stdout).toBe('');
    expect(flat.stderr).toMatch(/\nerror: no value of the sweep is a valid scenario, so nothing ran:\n  cloudSql\.maxConnections = 5: cloudSql\.maxConnections: 5 must be at least 23 here/);
    expect(flat.stderr).toContain('\n  cloudSql.maxConnections = 10: ');
    const heat = await sim('sweep', 'healthy-baseline', '--field', 'cloudSql.maxConnections', '--from', '5', '--to', '10', '--steps', '2', '--field2', 'wave.containers', '--from2', '2', '--to2', '3', '--steps2', '2', '--replications', '5', '--workers', '1', '--csv');
    expect(heat.code).toBe(2);
    expect(heat.stdout).toBe('');
    expect(heat.stderr).toMatch(/\nerror: no cell of the heatmap is a valid scenario, so nothing ran:\n  cloudSql\.maxConnections = 5, wave\.containers = 2: /);
  });

  it('solve --json on 2 worker threads gives the in-process answer; exit 0', async () => {
    const args = ['--field', 'timeouts.initialization', '--target', '0.05', '--from', '1', '--to', '30', '--replications', '100', '--max-replications', '400'];
    const r = await sim('solve', file, ...args, '--workers', '2', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const p = solvePlanner(CHEAP, { field: 'timeouts.initialization', target: 0.05, from: 1, to: 30, initialReplications: 100, maxReplications: 400 });
    if (!p.ok) throw new Error(p.message);
    const local = await drive(p.value, inProcessExecutor);
    expect(out).toMatchObject({ command: 'solve', answer: local.answer, bracket: local.bracket, replicationsSpent: local.replicationsSpent, status: local.status });
  });

  it('sensitivity as text says why a point did not run and how fields were moved', async () => {
    const r = await sim('sensitivity', file, '--field', 'wave.runningContainers,wave.jitter', '--step', '0.1', '--replications', '20', '--workers', '1');
    expect(r.code).toBe(0);
    // 0 running containers moves by a tenth of the range (0–5000), past what max_connections admits.
    expect(r.stdout).toMatch(/wave\.runningContainers +0 ← 0 → 500 containers +— +invalid +—\n/);
    expect(r.stdout).toContain('Not run (the moved value is not a valid scenario):\n  wave.runningContainers at 500: other clients (0) + running containers\' connections (500 × 10) = 5000 exceed');
    expect(r.stdout).toContain('How: each field moves ±10% of its value, or of its range when the value is 0');
    expect(r.stdout).toMatch(/Precision: the base rate's 95% interval lies within ±\d+\.\d\d pts of it/);
  });

  it('sensitivity --csv prints a header and one row per field, largest swing first', async () => {
    const r = await sim('sensitivity', file, '--field', 'phase3.tableSetupRace,connector.directVpcWarmup,wave.containers', '--step', '0.5', '--replications', '60', '--workers', '1', '--csv');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('field,unit,base,low,high,valueLow,valueHigh,deltaLow,deltaHigh,swing,issues,truncatedReplications');
    expect(lines).toHaveLength(4);
    const swings = lines.slice(1).map((l) => Number(l.split(',')[9]));
    expect([...swings].sort((a, b) => b - a)).toEqual(swings);
    expect(r.stderr).not.toContain('switched choice');
  });

  it('sensitivity --csv of a choice says on stderr where the switch went (the text and --json), not in the CSV', async () => {
    const r = await sim('sensitivity', file, '--field', 'phase3.opening', '--replications', '20', '--workers', '1', '--csv');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('note: the 1 switched choice is in the text and --json output, not in the CSV');
    const j = await sim('sensitivity', file, '--field', 'phase3.opening', '--replications', '20', '--workers', '1', '--json');
    expect(JSON.parse(j.stdout).alternatives).toHaveLength(1);
  });

  it('a wrong field exits 2 listing the valid fields, with the command\'s usage; nothing on stdout', async () => {
    const r = await sim('sweep', file, '--field', 'wave.pattern', '--steps', '3');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: --field: "wave.pattern" is not a numeric scenario field. Valid fields: ');
    // The message lists every valid field: no usage text buries it.
    expect(r.stderr).not.toContain('Usage:');
  });

  it('solve --csv: every row as wide as the header, empty where nothing was measured (probes left unrun)', async () => {
    const r = await sim('solve', 'mitigated', '--field', 'wave.runningContainers', '--from', '0', '--to', '7', '--target', '0.05', '--direction', 'max', '--replications', '20', '--budget', '400', '--workers', '1', '--csv');
    const [head, ...rows] = r.stdout.trim().split('\n').map((l) => l.split(','));
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row).toHaveLength(head.length);
    // A probe the budget left at 0 replications has no rate.
    for (const x of rows.filter((y) => y[3] === '0')) expect(x.slice(4).every((c) => c === '')).toBe(true);
    // Without --direction, a load (running containers) is solved for its largest value, as the dashboard's form does.
    const usual = await sim('solve', 'mitigated', '--field', 'wave.runningContainers', '--from', '0', '--to', '7', '--target', '0.05', '--replications', '20', '--budget', '400', '--workers', '1', '--csv');
    expect(usual.stdout).toBe(r.stdout);
  });

  it('solve refuses an end the scenario cannot run, before running, naming why and the values that can', async () => {
    const r = await sim('solve', 'mitigated', '--field', 'wave.runningContainers', '--to', '500', '--target', '0.05', '--direction', 'max', '--workers', '1');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("error: to 500 is not a valid scenario here (wave.runningContainers: 500: other clients (20) + running containers' connections (500 × 10) = 5020 exceed the 97 usable Cloud SQL connections");
    expect(r.stderr).toContain('the values that run here span 0–7 containers, whole numbers');
  });

  it('an out-of-range bound exits 2 naming the flag and the allowed range', async () => {
    const r = await sim('solve', file, '--field', 'timeouts.initialization', '--target', '0.01', '--from', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: --from 0 is out of range: timeouts.initialization allows 1–1800 s');
  });

  it('a solve too big to run is refused before it runs, pointing at the range it spans by default', async () => {
    const r = await sim('solve', 'incident-1278-staging', '--field', 'wave.containers', '--target', '0.01', '--direction', 'max');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/refused: .*narrow the search with --from\/--to \(it spans 1–5000 containers, .*\), or lower --budget to at most [\d,]+/);
  });

  it('a link that pins a baseline is explored alone, and says so', async () => {
    const link = `http://localhost:5173/#s=${encodeScenario(CHEAP)}&b=${encodeScenario(CHEAP)}`;
    const r = await sim('sweep', link, '--field', 'wave.jitter', '--steps', '2', '--replications', '2');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("note: the link's pinned baseline (its &b= part) is not used: this command explores the link's scenario alone\n");
  });
});
