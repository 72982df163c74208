/**
 * An exception inside the engine names the scenario and the replication, with a command that reproduces it from
 * the CLI. The failure is injected by replacing runReplication for this file only (vi.mock): the scenario named
 * "fails at 7" throws the kernel's own SimulationError in replication 7, as a model bug would; everything else
 * runs the real engine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseArgs } from '../../sim-core/cli/args';
import { loadScenario } from '../../sim-core/cli/scenarioSource';
import { runPairedRange } from '../../sim-core/compare';
import { SimulationError } from '../../sim-core/kernel/errors';
import { ReplicationError, runRange } from '../../sim-core/run';
import type { Scenario } from '../../sim-core/scenario/schema';
import { scenarioOf } from '../helpers/scenario';
import { simInProcess } from './helpers';
import { withoutWarnings } from '../helpers/cli';

vi.mock('../../sim-core/model/replication', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../sim-core/model/replication')>();
  return {
    ...actual,
    runReplication: (...args: Parameters<typeof actual.runReplication>) => {
      const [scenario, replication] = args;
      if (scenario.name === 'fails at 7' && replication === 7) throw new SimulationError('negative delay -3');
      return actual.runReplication(...args);
    },
  };
});

const failing = (detailReplication: number) =>
  scenarioOf({ version: 1, name: 'fails at 7', simulation: { replications: 12, seed: 42, detailReplication }, wave: { containers: 2 } });

/** The scenario the "Reproduce with" command of `e` runs, read the way the CLI reads its arguments. */
function reproduced(e: ReplicationError): Scenario {
  const m = /Reproduce with: npm run -s sim -- '([^']+)' --workers 1$/.exec(e.message);
  if (!m) throw new Error(`no command in: ${e.message}`);
  const o = parseArgs([m[1], '--workers', '1']);
  expect(o.workers).toBe(1);
  return loadScenario(o.target!).scenario;
}

const dir = mkdtempSync(join(tmpdir(), 'bootstorm-replication-error-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an exception in replication 7', () => {
  it('becomes a ReplicationError naming the replication, the seed and the cause', () => {
    const s = failing(3);
    const e = (() => {
      try {
        runRange(s, 0, 12);
      } catch (x) {
        return x;
      }
    })() as ReplicationError;
    expect(e).toBeInstanceOf(ReplicationError);
    expect(e.replication).toBe(7);
    expect(e.cause).toBeInstanceOf(SimulationError);
    expect(e.message).toMatch(/^replication 7 \(seed 42\) failed: negative delay -3\. Reproduce with: npm run -s sim -- '2\.[A-Za-z0-9_-]+' --workers 1$/);
    // A block that does not hold replication 7 runs.
    expect(runRange(s, 0, 7).counts.replications).toBe(7);
    // A paired comparison fails the same way.
    expect(() => runPairedRange(scenarioOf({ version: 1, simulation: { replications: 12 } }), s, 0, 12)).toThrow(ReplicationError);
  });

  it('gives a command that runs exactly that scenario up to replication 7, with the same detail replication', () => {
    for (const detail of [3, 9]) {
      const s = failing(detail);
      let e: ReplicationError | undefined;
      try {
        runRange(s, 0, 12);
      } catch (x) {
        e = x as ReplicationError;
      }
      const again = reproduced(e!);
      // Everything but the replication count is the scenario's; the count holds replication 7 and the detail one.
      expect(again).toEqual({ ...s, simulation: { ...s.simulation, replications: Math.max(7, detail) + 1 } });
      // And running it fails again in replication 7.
      expect(() => runRange(again, 0, again.simulation.replications)).toThrow(/^replication 7 \(seed 42\) failed: negative delay -3/);
    }
  });

  it('ends the CLI with exit code 3 (the tool failed, not the run\'s answer) and the message, nothing on stdout, and no --out written', async () => {
    const file = join(dir, 'fails.json');
    const out = join(dir, 'results.json');
    writeFileSync(file, JSON.stringify(failing(0)));
    writeFileSync(out, 'previous\n');
    const r = await simInProcess([file, '--workers', '1', '--json', '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(withoutWarnings(r.stderr)).toMatch(/^error: replication 7 \(seed 42\) failed: negative delay -3\. Reproduce with: npm run -s sim -- '2\.[A-Za-z0-9_-]+' --workers 1\n$/);
    expect(readFileSync(out, 'utf8')).toBe('previous\n');
  });
});
