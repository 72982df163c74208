import { MAX_EVENTS_PER_REPLICATION, runReplication } from './model/replication';
import type { Scenario } from './scenario/schema';

/**
 * Work limits. The schema bounds each field, but fields multiply: 5,000 containers × 500 connections × 50
 * retries × 200,000 replications is valid field by field and would run for days. Before a run, one pilot
 * replication measures the events a replication takes; a run whose estimate passes MAX_TOTAL_EVENTS is
 * refused up front with the estimate and the limit. A single runaway replication is stopped by the kernel's
 * event guard (MAX_EVENTS_PER_REPLICATION) and flagged as truncated.
 */
export const MAX_TOTAL_EVENTS = 4_000_000_000;

export interface WorkEstimate {
  eventsPerReplication: number;
  replications: number;
  points: number;
  totalEvents: number;
  /** The pilot itself hit the per-replication guard: every replication will be cut short. */
  pilotTruncated: boolean;
}

/** Measure replication 0 of `s` and extrapolate to `points` scenarios like it × its replications. */
export function estimateWork(s: Scenario, points = 1): WorkEstimate {
  const pilot = runReplication(s, 0, false);
  const replications = s.simulation.replications;
  return {
    eventsPerReplication: pilot.eventCount,
    replications,
    points,
    totalEvents: pilot.eventCount * replications * points,
    pilotTruncated: pilot.truncated,
  };
}

const millions = (x: number) => (x >= 1e9 ? `${(x / 1e9).toFixed(1)} billion` : `${(x / 1e6).toFixed(1)} million`);

/** Why this work is refused, or null when it fits. */
export function workProblem(e: WorkEstimate): string | null {
  if (e.pilotTruncated)
    return `one replication alone passes the ${millions(MAX_EVENTS_PER_REPLICATION)}-event guard: reduce wave.containers, the connections per container or retry.attempts, or shorten simulation.horizon`;
  if (e.totalEvents > MAX_TOTAL_EVENTS)
    return `this run would take about ${millions(e.totalEvents)} events (${e.eventsPerReplication.toLocaleString('en-US')} per replication × ${e.replications.toLocaleString('en-US')} replications${e.points > 1 ? ` × ${e.points} points` : ''}), more than the limit of ${millions(MAX_TOTAL_EVENTS)}: lower simulation.replications to at most ${Math.max(1, Math.floor(MAX_TOTAL_EVENTS / (e.eventsPerReplication * e.points))).toLocaleString('en-US')}`;
  return null;
}
