import { runReplication, type ReplicationResult } from './model/replication';
import { Aggregate } from './results/aggregate';
import { summarize, type SimulationResult } from './results/summary';
import { encodeScenario } from './scenario/link';
import type { Scenario } from './scenario/schema';

/**
 * The command that runs replications 0 … `replication` of `scenario` in one thread, as a share link: the link's
 * scenario keeps every field but `simulation.replications`, raised or lowered just enough to hold both the
 * replication and the detail replication, so the replication runs with the same detail setting as it did.
 */
export function reproduceCommand(scenario: Scenario, replication: number): string {
  const replications = Math.max(replication, scenario.simulation.detailReplication) + 1;
  const link = encodeScenario({ ...scenario, simulation: { ...scenario.simulation, replications } });
  return `npm run -s sim -- '${link}' --workers 1`;
}

/**
 * An exception inside the engine, with what it takes to reproduce it from the CLI: the scenario as a share
 * link and the replication index.
 */
export class ReplicationError extends Error {
  constructor(
    readonly replication: number,
    readonly scenario: Scenario,
    override readonly cause: unknown,
  ) {
    super(
      `replication ${replication} (seed ${scenario.simulation.seed}) failed: ${(cause as Error)?.message ?? String(cause)}. ` +
        `Reproduce with: ${reproduceCommand(scenario, replication)}`,
    );
    this.name = 'ReplicationError';
  }
}

/** Knobs of a run that are not part of the scenario. */
export interface RunOptions {
  /** The per-replication event guard (default MAX_EVENTS_PER_REPLICATION); a replication past it is flagged truncated. */
  maxEvents?: number;
}

/** One replication; an engine exception becomes a ReplicationError naming the scenario and the index. */
export function replicate(scenario: Scenario, replication: number, opts: RunOptions = {}): ReplicationResult {
  try {
    return runReplication(scenario, replication, replication === scenario.simulation.detailReplication, undefined, opts.maxEvents);
  } catch (e) {
    throw new ReplicationError(replication, scenario, e);
  }
}

/**
 * Run replications [from, to) of a validated scenario into a fresh aggregate. Each replication's randomness
 * depends only on (seed, replication index), so how replications are split into calls changes nothing.
 */
export function runRange(scenario: Scenario, from: number, to: number, opts: RunOptions = {}): Aggregate {
  const agg = Aggregate.forScenario(scenario);
  for (let r = from; r < to; r++) agg.add(replicate(scenario, r, opts));
  return agg;
}

/** All replications in this thread, summarized. */
export function simulate(scenario: Scenario): SimulationResult {
  return summarize(runRange(scenario, 0, scenario.simulation.replications), scenario);
}
