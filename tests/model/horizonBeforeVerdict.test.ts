/**
 * A horizon that ends before the initialization timeout can fire: the starts still in Phase 3 get no verdict and
 * are left out of the breach rate, so it keeps only the quick outcomes. The scenario warns; the engine shows why.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';
import { constant, handScenario } from '../helpers/scenario';
import { runRange } from '../../sim-core/run';
import { summarize } from '../../sim-core/results/summary';
import { formatResult } from '../../sim-core/cli/format';
import { headlineRows } from '../../sim-core/report/markdown';

const early = (s: ReturnType<typeof handScenario>) => scenarioWarnings(s).find((w) => w.id === 'horizon-before-verdict');

// Phase 3 starts at 3 s (HAND_BASE); a 100 s table setup under an 80 s step timeout is cut by the 75 s
// initialization timeout at 3 + 75 = 78 s.
const stuck = (horizon: number) =>
  handScenario({ phase3: { tableSetup: constant(100) }, timeouts: { tableSetup: 80 }, simulation: { horizon } });

describe('a horizon before the first verdict', () => {
  it('77 s: the only start is still in Phase 3, has no verdict, and the scenario says so', () => {
    const s = stuck(77);
    const r = runReplication(s, 0, false);
    expect([r.starts, r.breaches, r.unfinished]).toEqual([0, 0, 1]);
    const w = early(s);
    expect(w?.message).toBe(
      "The 77 s horizon ends before even the first starts' initialization timeout can fire (about 3 s to reach Phase 3, then 75 s): starts still in Phase 3 at the horizon get no verdict and are left out, so the breach rate counts only the quick outcomes and understates breaches. Lengthen the horizon to at least 78 s.",
    );
    expect(w?.fields).toEqual(['simulation.horizon', 'timeouts.initialization']);
  });

  it('78 s: the initialization timeout fires at the horizon itself, the breach is counted, and there is nothing to warn about', () => {
    const s = stuck(78);
    const r = runReplication(s, 0, false);
    expect([r.starts, r.breaches, r.unfinished]).toEqual([1, 1, 0]);
    expect(r.failures.init_timeout).toBe(1);
    expect(early(s)).toBeUndefined();
  });

  it('with no verdict at all, the CLI summary and the report show a dash, not a measured-looking 0', () => {
    const s = stuck(77);
    const r = summarize(runRange(s, 0, 1), s);
    const text = formatResult('stuck', r, 'test');
    expect(text).toMatch(/^Phase 3 breach rate +— +\(no start reached a Phase 3 verdict before the horizon\)$/m);
    expect(text).toMatch(/^Phase 3 duration +—$/m);
    const rows = headlineRows(r);
    expect(rows.find((x) => x[0] === 'Phase 3 breach rate')?.[1]).toBe('—');
    expect(rows.find((x) => x[0] === 'Phase 3 duration p50 / p95 / p99')?.[1]).toBe('—');
  });

  it('a 600 s horizon is far past it', () => {
    expect(early(handScenario())).toBeUndefined();
  });
});
