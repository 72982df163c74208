import { runReplication } from './model/replication';
import { Aggregate } from './results/aggregate';
import { summarize, type SimulationResult } from './results/summary';
import type { Scenario } from './scenario/schema';

/**
 * Run replications [from, to) of a validated scenario into a fresh aggregate. Each replication's randomness
 * depends only on (seed, replication index), so how replications are split into calls changes nothing.
 */
export function runRange(scenario: Scenario, from: number, to: number): Aggregate {
  const agg = Aggregate.forScenario(scenario);
  const detail = scenario.simulation.detailReplication;
  for (let r = from; r < to; r++) agg.add(runReplication(scenario, r, r === detail));
  return agg;
}

/** All replications in this thread, summarized. */
export function simulate(scenario: Scenario): SimulationResult {
  return summarize(runRange(scenario, 0, scenario.simulation.replications), scenario);
}
