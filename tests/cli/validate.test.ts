/**
 * `sim validate`: scenarios checked as a run reads them, without running them — every problem of every scenario at
 * once, exit 2 when one is invalid or too big to run, and with --strict exit 1 on configuration warnings.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOTSTORM_VERSION } from '../../sim-core/results/summary';
import { presetById } from '../../sim-core/scenario/presets';
import { encodeScenario } from '../../sim-core/scenario/link';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';
import { simInProcess, tempDir } from '../hardening/helpers';

const dir = tempDir('validate');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('sim validate', () => {
  it('valid scenarios exit 0 and say so, with their configuration warnings; nothing runs', async () => {
    const r = await simInProcess(['validate', 'mitigated', 'incident-1278-staging']);
    expect(r.code).toBe(0);
    const n = scenarioWarnings(presetById('incident-1278-staging')!.scenario).length;
    expect(r.stdout).toMatch(new RegExp(`^✓ mitigated: valid\\n✓ incident-1278-staging: valid, ${n} configuration warnings\\n  warning: Connection \\(35 s\\)`));
    expect(r.stdout).not.toContain('breach rate');
  });

  it('a results file is checked by its scenario, and said to be (nothing is run again)', async () => {
    const results = file('r.results.json', JSON.stringify({ format: 'bootstorm-results/1', scenario: presetById('mitigated')!.scenario, result: { bootstorm: BOOTSTORM_VERSION } }));
    const r = await simInProcess(['validate', results]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`✓ ${results}: valid\n  note: ${results} is a results file: its scenario\n`);
  });

  it('a link that pins a baseline is judged with it, as a run compares against it: a broken or invalid &b= is no valid link', async () => {
    const s = `http://localhost:5173/#s=${encodeScenario(presetById('mitigated')!.scenario)}`;
    const invalid = encodeScenario({ ...presetById('incident-1278-staging')!.scenario, wave: { ...presetById('incident-1278-staging')!.scenario.wave, containers: -5 } } as never);
    const [good, broken, bad] = await Promise.all([
      simInProcess(['validate', `${s}&b=${encodeScenario(presetById('incident-1278-staging')!.scenario)}`]),
      simInProcess(['validate', `${s}&b=2.q1YqSy0qzszPU`]),
      simInProcess(['validate', `${s}&b=${invalid}`]),
    ]);
    expect(good.code).toBe(0);
    // The baseline's configuration warnings are listed as the baseline's.
    expect(good.stdout).toMatch(/\n  warning: baseline: Connection \(35 s\)/);
    for (const r of [broken, bad]) {
      expect(r.code, r.stdout).toBe(2);
      expect(r.stdout).toMatch(/^✗ http/);
      // What the run says of it.
      const run = await simInProcess([r === broken ? `${s}&b=2.q1YqSy0qzszPU` : `${s}&b=${invalid}`, '--replications', '1']);
      expect(run.code).toBe(2);
      expect(r.stdout).toContain(run.stderr.replace(/^error: /, '').split('\n')[0]);
    }
    expect(bad.stdout).toContain('wave.containers: -5 is out of range');
  });

  it('every invalid scenario is named with all its fields at once; exit 2', async () => {
    const bad = file('bad.json', JSON.stringify({ version: 2, wave: { containers: 0 }, retry: { withinConnectionTimeout: 'yes' } }));
    const twice = file('twice.json', '{"version": 2,\n"pool": {"poolSize": 5,\n"poolSize": 6}}');
    const r = await simInProcess(['validate', bad, 'mitigated', twice, join(dir, 'none.json')]);
    expect(r.code).toBe(2);
    const out = r.stdout;
    expect(out).toContain(`✗ ${bad}\n  error: invalid scenario ${bad}:\n    wave.containers: 0 is out of range: allowed 1–5000 containers, whole numbers\n    retry.withinConnectionTimeout: "yes" is not a valid boolean: allowed true or false (unquoted)\n`);
    expect(out).toContain('✓ mitigated: valid\n');
    expect(out).toContain(`✗ ${twice}\n  error: ${twice} writes a key more than once`);
    expect(out).toContain(`✗ ${join(dir, 'none.json')}\n  error: ${JSON.stringify(join(dir, 'none.json'))}: no such file\n`);
    // In JSON each field at fault is also its own { path, message }, for a script to point at.
    const j = JSON.parse((await simInProcess(['validate', bad, '--json'])).stdout) as { scenarios: Array<{ issues: Array<{ path: string; message: string }> }> };
    expect(j.scenarios[0].issues).toEqual([
      { path: 'wave.containers', message: '0 is out of range: allowed 1–5000 containers, whole numbers' },
      { path: 'retry.withinConnectionTimeout', message: '"yes" is not a valid boolean: allowed true or false (unquoted)' },
    ]);
  });

  it('a scenario whose replications pass the work limit is refused as a run would refuse it', async () => {
    const big = file('big.json', JSON.stringify({ version: 2, wave: { containers: 400 }, simulation: { replications: 200000 } }));
    const r = await simInProcess(['validate', big, '--json']);
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout) as { bootstorm: string; scenarios: Array<{ source: string; valid: boolean; errors: string[]; warnings: Array<{ id: string }> }> };
    expect(j.bootstorm).toBe(BOOTSTORM_VERSION);
    expect(j.scenarios).toHaveLength(1);
    expect(j.scenarios[0]).toMatchObject({ source: big, valid: false });
    expect(j.scenarios[0].errors[0]).toMatch(/^refused: this would take about [\d.]+ billion events .* more than the limit of 4\.0 billion: lower simulation\.replications to at most \d+$/);
    expect(j.scenarios[0].warnings.map((w) => w.id)).toContain('connection-budget');
  });

  it('--strict fails the gate (exit 1) on configuration warnings, and only then', async () => {
    expect((await simInProcess(['validate', '--strict', 'incident-1278-staging'])).code).toBe(1);
    const clean = scenarioWarnings(presetById('mitigated')!.scenario);
    expect(clean).toEqual([]);
    expect((await simInProcess(['validate', '--strict', 'mitigated'])).code).toBe(0);
  });

  it('needs a scenario; --help prints its usage', async () => {
    const none = await simInProcess(['validate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('error: validate needs the scenarios to check: presets, scenario files or share links\n\nUsage: npm run -s sim -- validate <preset | scenario.json | share-link …> [options]\n\nEvery option: npm run -s sim -- validate --help\n');
    const help = await simInProcess(['validate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run -s sim -- validate /);
  });
});
