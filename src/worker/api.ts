import { ReplicationError, reproduceCommand, runRange } from '../../sim-core/run';
import { runPairedRange, type ComparisonJSON } from '../../sim-core/compare';
import { estimatePointsWork, type WorkEstimate } from '../../sim-core/limits';
import type { AggregateJSON } from '../../sim-core/results/aggregate';
import type { Scenario } from '../../sim-core/scenario/schema';
import { validateScenario } from '../../sim-core/scenario/validate';
import type { ScenarioIssue } from '../../sim-core/scenario/validate';
import { runReplication } from '../../sim-core/model/replication';

/**
 * An exception inside the engine, as data: the message (for a ReplicationError it names the replication, the
 * seed and a CLI command that reproduces it), and the replication and command on their own when known.
 */
export interface EngineFailure {
  message: string;
  replication: number | null;
  reproduce: string | null;
}

/** The scenario was refused (validation issues), or the engine threw (never retried: it would throw again). */
export type Failure = { ok: false; issues: ScenarioIssue[] } | { ok: false; engine: EngineFailure };

/** What one block of replications returns. Errors cross the worker boundary as data, never as thrown Errors. */
export type BlockResult = { ok: true; aggregate: AggregateJSON } | Failure;

/** What one block of paired replications returns: `Comparison.toJSON()` of replications [from, to). */
export type PairedBlockResult = { ok: true; comparison: ComparisonJSON } | Failure;

/**
 * A work estimate from pilot replications, with the wall time the pilots took in the worker (ms): `pilotMs` cold (the
 * first run compiles the engine: a generous watchdog), `replicationMs` warm (how long a run will take per replication).
 */
export type EstimateResult = { ok: true; estimate: WorkEstimate; pilotMs: number; replicationMs: number } | Failure;

/** Extra time the estimate may spend timing the pilots again, warm (ms). */
const WARM_TIMING_BUDGET_MS = 100;

function blockIssue(s: Scenario, from: number, to: number, prefix = ''): ScenarioIssue[] {
  const n = s.simulation.replications;
  if (Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to >= from && to <= n) return [];
  return [{ path: `${prefix}simulation.replications`, message: `block ${from}–${to} is outside replications 0–${n}` }];
}

/** An exception thrown by the engine, as data. */
export function engineFailure(e: unknown): EngineFailure {
  if (e instanceof ReplicationError) return { message: e.message, replication: e.replication, reproduce: reproduceCommand(e.scenario, e.replication) };
  const message = e instanceof Error ? `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}` : String(e);
  return { message: `the simulation engine failed: ${message}`, replication: null, reproduce: null };
}

function guarded<T extends { ok: true }>(fn: () => T): T | Failure {
  try {
    return fn();
  } catch (e) {
    return { ok: false, engine: engineFailure(e) };
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

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
    return guarded(() => ({ ok: true as const, aggregate: runRange(v.scenario, from, to).toJSON() }));
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
    return guarded(() => ({ ok: true as const, comparison: runPairedRange(b.scenario, p.scenario, from, to).toJSON() }));
  },

  /**
   * The work of `points` scenarios like `pilots` (one scenario, or several whose costliest counts), `replications`
   * each (default: the first pilot's `simulation.replications`): replication 0 of each pilot is run here, in the
   * worker, so the page never runs the engine to decide whether it may run it. See sim-core/limits.ts.
   */
  estimate(pilots: unknown, points = 1, replications?: number): EstimateResult {
    const list = Array.isArray(pilots) ? pilots : [pilots];
    const scenarios: Scenario[] = [];
    const issues: ScenarioIssue[] = [];
    list.forEach((x, i) => {
      const v = validateScenario(x);
      if (v.ok) scenarios.push(v.scenario);
      else issues.push(...v.issues.map((is) => (list.length > 1 ? { ...is, path: `pilots[${i}]${is.path ? `.${is.path}` : ''}` } : is)));
    });
    if (issues.length) return { ok: false, issues };
    if (scenarios.length === 0) return { ok: false, issues: [{ path: 'pilots', message: 'no scenario to estimate' }] };
    const n = replications ?? scenarios[0].simulation.replications;
    if (!Number.isInteger(points) || points < 0 || !Number.isInteger(n) || n < 0)
      return { ok: false, issues: [{ path: 'pilots', message: `${points} points × ${n} replications is not a count of work` }] };
    const t0 = now();
    return guarded(() => {
      const estimate = estimatePointsWork(scenarios, points, n);
      const pilotMs = now() - t0;
      // The first replication in a fresh worker runs while the engine compiles (the incident's: ~20 ms cold, ~1 ms
      // warm): run the pilots again, within a small budget, and keep the fastest as the per-replication time.
      let replicationMs = pilotMs;
      let spent = 0;
      for (let k = 0; k < 3 && !estimate.pilotTruncated && spent + replicationMs <= WARM_TIMING_BUDGET_MS; k++) {
        const t = now();
        for (const s of scenarios) runReplication(s, 0, false);
        const ms = now() - t;
        spent += ms;
        replicationMs = Math.min(replicationMs, ms);
      }
      return { ok: true as const, estimate, pilotMs, replicationMs };
    });
  },
};
