import { runRange } from '../../sim-core/run';
import { runPairedRange, type ComparisonJSON } from '../../sim-core/compare';
import type { AggregateJSON } from '../../sim-core/results/aggregate';
import type { Scenario } from '../../sim-core/scenario/schema';
import { validateScenario } from '../../sim-core/scenario/validate';
import type { ScenarioIssue } from '../../sim-core/scenario/validate';

/** What one block of replications returns. Errors cross the worker boundary as data, never as thrown Errors. */
export type BlockResult = { ok: true; aggregate: AggregateJSON } | { ok: false; issues: ScenarioIssue[] };

/** What one block of paired replications returns: `Comparison.toJSON()` of replications [from, to). */
export type PairedBlockResult = { ok: true; comparison: ComparisonJSON } | { ok: false; issues: ScenarioIssue[] };

function blockIssue(s: Scenario, from: number, to: number, prefix = ''): ScenarioIssue[] {
  const n = s.simulation.replications;
  if (Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to >= from && to <= n) return [];
  return [{ path: `${prefix}simulation.replications`, message: `block ${from}–${to} is outside replications 0–${n}` }];
}

/**
 * The simulation worker's API: plain data in, plain data out. `sim.worker.ts` exposes it with Comlink; the
 * pool's tests call it in-process. The input is validated here again, as at every entry.
 */
export const api = {
  /** Run replications [from, to) of the scenario `input` (validated here) into one aggregate. */
  runBlock(input: unknown, from: number, to: number): BlockResult {
    const v = validateScenario(input);
    if (!v.ok) return { ok: false, issues: v.issues };
    const bad = blockIssue(v.scenario, from, to);
    if (bad.length) return { ok: false, issues: bad };
    return { ok: true, aggregate: runRange(v.scenario, from, to).toJSON() };
  },

  /**
   * Run replications [from, to) of a baseline and a proposal, paired by replication index (common random
   * numbers), into one `Comparison`. Both inputs are validated; the baseline's issues are named `baseline.…`.
   */
  runPairedBlock(baselineInput: unknown, proposalInput: unknown, from: number, to: number): PairedBlockResult {
    const b = validateScenario(baselineInput);
    const p = validateScenario(proposalInput);
    const issues = [
      ...(b.ok ? blockIssue(b.scenario, from, to, 'baseline.') : b.issues.map((i) => ({ ...i, path: i.path ? `baseline.${i.path}` : 'baseline' }))),
      ...(p.ok ? blockIssue(p.scenario, from, to) : p.issues),
    ];
    if (issues.length || !b.ok || !p.ok) return { ok: false, issues };
    return { ok: true, comparison: runPairedRange(b.scenario, p.scenario, from, to).toJSON() };
  },
};
