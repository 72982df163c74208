import { runRange } from '../../sim-core/run';
import type { AggregateJSON } from '../../sim-core/results/aggregate';
import { validateScenario } from '../../sim-core/scenario/validate';
import type { ScenarioIssue } from '../../sim-core/scenario/validate';

/** What one block of replications returns. Errors cross the worker boundary as data, never as thrown Errors. */
export type BlockResult = { ok: true; aggregate: AggregateJSON } | { ok: false; issues: ScenarioIssue[] };

/**
 * The simulation worker's API: plain data in, plain data out. `sim.worker.ts` exposes it with Comlink; the
 * pool's tests call it in-process. The input is validated here again, as at every entry.
 */
export const api = {
  /** Run replications [from, to) of the scenario `input` (validated here) into one aggregate. */
  runBlock(input: unknown, from: number, to: number): BlockResult {
    const v = validateScenario(input);
    if (!v.ok) return { ok: false, issues: v.issues };
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > v.scenario.simulation.replications)
      return { ok: false, issues: [{ path: 'simulation.replications', message: `block ${from}–${to} is outside replications 0–${v.scenario.simulation.replications}` }] };
    return { ok: true, aggregate: runRange(v.scenario, from, to).toJSON() };
  },
};
