import { runReplication, type ReplicationResult } from './model/replication';
import { Aggregate } from './results/aggregate';
import { summarize, type SimulationResult } from './results/summary';
import { encodeScenario } from './scenario/link';
import type { Scenario } from './scenario/schema';

/**
 * An exception inside the engine, with what it takes to reproduce it from the CLI: the scenario as a share
 * link and the replication index.
 */
export class ReplicationError extends Error {
  constructor(
    readonly replication: number,
    readonly scenario: Scenario,
    cause: unknown,
  ) {
    const link = encodeScenario(scenario);
    super(
      `replication ${replication} (seed ${scenario.simulation.seed}) failed: ${(cause as Error)?.message ?? String(cause)}. ` +
        `Reproduce with: npm run -s sim -- '${link}' --replications ${replication + 1} --workers 1`,
    );
    this.name = 'ReplicationError';
  }
}

/** One replication; an engine exception becomes a ReplicationError naming the scenario and the index. */
export function replicate(scenario: Scenario, replication: number): ReplicationResult {
  try {
    return runReplication(scenario, replication, replication === scenario.simulation.detailReplication);
  } catch (e) {
    throw new ReplicationError(replication, scenario, e);
  }
}

/**
 * Run replications [from, to) of a validated scenario into a fresh aggregate. Each replication's randomness
 * depends only on (seed, replication index), so how replications are split into calls changes nothing.
 */
export function runRange(scenario: Scenario, from: number, to: number): Aggregate {
  const agg = Aggregate.forScenario(scenario);
  for (let r = from; r < to; r++) agg.add(replicate(scenario, r));
  return agg;
}

/** All replications in this thread, summarized. */
export function simulate(scenario: Scenario): SimulationResult {
  return summarize(runRange(scenario, 0, scenario.simulation.replications), scenario);
}
