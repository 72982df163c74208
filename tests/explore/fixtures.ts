/**
 * Scenarios and executors for the what-if tests. CHEAP is small enough that hundreds of replications take a
 * fraction of a second: 3 containers opening one connection each (healthy-baseline), with the table-setup race
 * off, so breaches come only from Phase 3 overrunning its timeout.
 */
import type { AggregateJSON } from '../../sim-core/results/aggregate';
import { presetById } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { runUnit, type UnitExecutor, type WorkUnit } from '../../sim-core/explore/work';
import { merge, scenarioOf } from '../helpers/scenario';

/** 3 lazy containers, no race; Cloud SQL has no other clients (so 97 usable) and the connector its version 1 load. */
export const CHEAP_INPUT = {
  version: 2,
  wave: { containers: 3 },
  phase3: { connectionMode: 'lazy', tableSetupRace: 0 },
  simulation: { replications: 100 },
  connector: { otherConnections: 40, handshakeLatency: { kind: 'lognormal', median: 0.005, p95: 0.02 }, latencyAtFullLoad: 20 },
  cloudSql: { otherClients: 0 },
  restart: { maxRestarts: 10 },
};
export const CHEAP: Scenario = scenarioOf(CHEAP_INPUT);

export function cheap(overrides: unknown = {}): Scenario {
  return scenarioOf(merge(CHEAP_INPUT, overrides));
}

export const INCIDENT = presetById('incident-1278-staging')!;
export const HEALTHY = presetById('healthy-baseline')!;

/** Runs each batch's units in reverse order: results must not depend on the order units finish in. */
export const reversedExecutor: UnitExecutor = async (points, units, onResult) => {
  for (const u of [...units].reverse()) onResult(u, runUnit(points, u));
};

/** Records every batch an executor was given, then runs it in order. */
export function recordingExecutor(batches: WorkUnit[][]): UnitExecutor {
  return async (points, units, onResult) => {
    batches.push([...units]);
    for (const u of units) onResult(u, runUnit(points, u) as AggregateJSON);
  };
}
