import { MAX_EVENTS_PER_REPLICATION, runReplication } from './model/replication';
import { ReplicationError } from './run';
import type { Scenario } from './scenario/schema';

/**
 * Work limits. The schema bounds each field, but fields multiply: 5,000 containers × 500 connections × 50
 * retries × 200,000 replications is valid field by field and would run for days. Before a run, a pilot
 * replication measures the events a replication takes; work whose estimate passes MAX_TOTAL_EVENTS is refused
 * up front with the estimate and the limit. A single runaway replication is stopped by the kernel's event guard
 * (MAX_EVENTS_PER_REPLICATION) and flagged as truncated.
 *
 * The pilot is replication 0, which the run computes again: checking costs one replication per piloted scenario
 * (at most the guard's 10 million events), before the run and never inside it (see `npm run bench`).
 */
export const MAX_TOTAL_EVENTS = 4_000_000_000;

export interface WorkEstimate {
  /** Events of replication 0 of the costliest piloted scenario. */
  eventsPerReplication: number;
  /** Replications per point (for an adaptive rule: the most it may run). */
  replications: number;
  points: number;
  totalEvents: number;
  /** The pilot hit the per-replication guard: every replication would be cut short. */
  pilotTruncated: boolean;
}

/**
 * Work of `points` scenarios like those in `pilots`, `replications` each: replication 0 of each pilot is run
 * and the costliest counts for every point (the pilots stop at the first that passes the guard).
 * @example estimatePointsWork([lo, hi], 11, 400)  // a sweep of 11 points piloted at its two ends
 */
export function estimatePointsWork(pilots: readonly Scenario[], points: number, replications: number): WorkEstimate {
  let events = 0;
  let pilotTruncated = false;
  for (const s of pilots) {
    let pilot;
    try {
      pilot = runReplication(s, 0, false);
    } catch (e) {
      // The pilot is replication 0: an engine failure there is reported like any other, reproducible.
      throw new ReplicationError(0, s, e);
    }
    events = Math.max(events, pilot.eventCount);
    if ((pilotTruncated = pilot.truncated)) break;
  }
  return { eventsPerReplication: events, replications, points, totalEvents: events * points * replications, pilotTruncated };
}

/** Measure replication 0 of `s` and extrapolate to `points` scenarios like it × its replications. */
export function estimateWork(s: Scenario, points = 1): WorkEstimate {
  return estimatePointsWork([s], points, s.simulation.replications);
}

/**
 * Which of `n` points to pilot: the first, the last and evenly spaced ones between, at most `k`. Work grows
 * with a field's value one way or the other, so the ends of a sweep are its costliest points.
 * @example pilotIndices(11, 3)  // [0, 5, 10]
 */
export function pilotIndices(n: number, k = 5): number[] {
  if (n <= 0) return [];
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  return [...new Set(Array.from({ length: k }, (_, i) => Math.round((i * (n - 1)) / (k - 1))))];
}

/** The points at `pilotIndices(points.length, k)`. @example pilotPoints(['a', 'b', 'c', 'd', 'e'], 3) // ['a', 'c', 'e'] */
export function pilotPoints<T>(points: readonly T[], k = 5): T[] {
  return pilotIndices(points.length, k).map((i) => points[i]);
}

/** Scenario fields that drive the events of one replication: what to lower when a single one is too big (the horizon, last, is shortened). */
export const PER_REPLICATION_FIELDS = ['wave.containers', 'pool.poolSize', 'pool.maxOverflow', 'retry.attempts', 'simulation.horizon'] as const;

/**
 * What to do when one replication is too big, each field named by `name` (its path by default, its label on the page).
 * @example perReplicationAdvice() // "lower wave.containers, pool.poolSize, pool.maxOverflow or retry.attempts, or shorten simulation.horizon"
 */
export function perReplicationAdvice(name: (key: string) => string = (key) => key): string {
  const lower = PER_REPLICATION_FIELDS.slice(0, -1).map(name);
  return `lower ${lower.slice(0, -1).join(', ')} or ${lower[lower.length - 1]}, or shorten ${name(PER_REPLICATION_FIELDS[PER_REPLICATION_FIELDS.length - 1])}`;
}

/** The events one replication may handle before it is cut short, as the messages write it: "10-million-event guard". */
export const EVENT_GUARD_TEXT = `${(MAX_EVENTS_PER_REPLICATION / 1e6).toLocaleString('en-US')}-million-event guard`;

/** An event count as the refusals write it: "4.0 billion", "10.0 million", "69.5 trillion", "2,300 trillion". */
export const eventCountText = (x: number): string => {
  // Scaled as shown, to one decimal: 999.96 billion reads "1.0 trillion", not "1,000.0 billion".
  const shown = Number(x.toPrecision(4));
  const [scale, word] = shown >= 0.9995e12 ? [1e12, 'trillion'] : shown >= 0.9995e9 ? [1e9, 'billion'] : [1e6, 'million'];
  return `${(x / scale).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${word}`;
};
const whole = (x: number) => x.toLocaleString('en-US');

/**
 * Why this work is refused, or null when it fits. `fix` says what to lower, given the most replications per
 * point that would fit (default: the scenario's `simulation.replications`, written as it would be typed: 4976, not
 * 4,976, which no field reads).
 */
export function workProblem(e: WorkEstimate, fix = (max: number) => `lower simulation.replications to at most ${max}`): string | null {
  if (e.pilotTruncated)
    return `one replication alone passes the ${EVENT_GUARD_TEXT}: ${perReplicationAdvice()}`;
  if (e.totalEvents <= MAX_TOTAL_EVENTS) return null;
  const max = Math.max(1, Math.floor(MAX_TOTAL_EVENTS / (Math.max(1, e.eventsPerReplication) * e.points)));
  return (
    `this would take about ${eventCountText(e.totalEvents)} events (${whole(e.eventsPerReplication)} per replication × ${whole(e.replications)} replications${e.points > 1 ? ` × ${whole(e.points)} points` : ''}), ` +
    `more than the limit of ${eventCountText(MAX_TOTAL_EVENTS)}: ${fix(max)}`
  );
}
