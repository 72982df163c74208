/** `sim show` and `sim fields`: a scenario written out whole (a file to edit), and every field a scenario has. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIELDS } from '../../sim-core/scenario/catalogue';
import { presetById } from '../../sim-core/scenario/presets';
import { encodeScenario } from '../../sim-core/scenario/link';
import { simInProcess, tempDir } from '../hardening/helpers';

const dir = tempDir('show');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sim show', () => {
  it('writes the scenario whole, every field, as a file that runs exactly as what it was shown from', async () => {
    const r = await simInProcess(['show', 'mitigated']);
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(shown).toEqual(JSON.parse(JSON.stringify(presetById('mitigated')!.scenario)));
    for (const f of FIELDS.values()) expect(f.path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], shown), f.key).not.toBeUndefined();
    const file = join(dir, 'mitigated.json');
    writeFileSync(file, r.stdout);
    // (One at a time: simInProcess captures the process's stdout.)
    const fromFile = await simInProcess([file, '--replications', '20', '--workers', '1', '--json']);
    const fromPreset = await simInProcess(['mitigated', '--replications', '20', '--workers', '1', '--json']);
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout).phase3).toEqual(JSON.parse(fromPreset.stdout).phase3);
    // A link too; an older version comes out as the current one, its note on stderr.
    const link = await simInProcess(['show', `http://localhost:5173/#s=${encodeScenario(presetById('healthy-baseline')!.scenario)}`]);
    expect(JSON.parse(link.stdout)).toEqual(JSON.parse(JSON.stringify(presetById('healthy-baseline')!.scenario)));
    // A results file: its scenario, said so without claiming a run; a link's pinned baseline is named as left out.
    const results = join(dir, 'mitigated.results.json');
    expect((await simInProcess(['mitigated', '--replications', '4', '--workers', '1', '--out', results])).code).toBe(0);
    const fromResults = await simInProcess(['show', results]);
    expect(JSON.parse(fromResults.stdout).simulation.replications).toBe(4);
    expect(fromResults.stderr).toBe(`note: ${results} is a results file: its scenario\n`);
    const pinned = await simInProcess(['show', `http://localhost:5173/#s=${encodeScenario(presetById('mitigated')!.scenario)}&b=${encodeScenario(presetById('healthy-baseline')!.scenario)}`]);
    expect(pinned.stderr).toMatch(/^note: the link pins a baseline too \(&b=\): this is its scenario \(s=\) alone$/m);
    const v1 = join(dir, 'v1.json');
    writeFileSync(v1, JSON.stringify({ version: 1 }));
    const old = await simInProcess(['show', v1]);
    expect(JSON.parse(old.stdout).version).toBe(2);
    expect(old.stderr).toMatch(/^note: /m);
  });

  it('an invalid scenario or a missing argument exits 2 with nothing on stdout', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ version: 2, wave: { containers: 0 } }));
    for (const argv of [['show', bad], ['show'], ['show', 'mitigated', 'incident-1278-staging'], ['fields', 'mitigated']]) {
      const r = await simInProcess(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout, argv.join(' ')).toBe('');
    }
    expect((await simInProcess(['show', bad])).stderr).toMatch(/wave\.containers: 0 is out of range: allowed 1–5000 containers/);
  });
});

describe('sim fields', () => {
  it('lists every field with what it allows, its default and where the default comes from', async () => {
    const r = await simInProcess(['fields']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(FIELDS.size + 2);
    expect(r.stdout).toMatch(/^wave\.containers +1–5000 containers, whole numbers +12 containers +assumed +Containers starting$/m);
    expect(r.stdout).toMatch(/^phase3\.connectionMode +warm-pool, lazy +warm-pool +assumed/m);
    // Each kind with its parameters and their units.
    expect(r.stdout).toMatch(/^wave\.pattern +kind: all-at-once \| batches\(size containers, interval s\) \| ramp\(duration s\) \| poisson\(rate \/s\) /m);
    const j = JSON.parse((await simInProcess(['fields', '--json'])).stdout) as { fields: Array<{ path: string; default: unknown; source: string }> };
    expect(j.fields.map((f) => f.path)).toEqual([...FIELDS.keys()]);
    expect(j.fields.find((f) => f.path === 'simulation.horizon')).toMatchObject({ default: 900, source: 'run setting' });
  });
});
