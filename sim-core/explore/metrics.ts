import type { SimulationResult } from '../results/summary';
import type { Checked } from './grid';
import { didYouMeanOrStop } from '../didYouMean';

/**
 * Headline numbers a what-if can plot against a field, each read from a run's summary (so a sweep point shows
 * exactly what a single run of that scenario shows). Keys are the summary's own paths where one exists.
 */
export interface Metric {
  label: string;
  /** '' for a fraction shown as a percentage by the UI; otherwise the unit. */
  unit: string;
  /** A fraction in [0, 1] (shown as %). */
  fraction?: boolean;
  get(r: SimulationResult): number | null;
  /** What a null value means, where it means something (shown instead of a dash). */
  none?: string;
}

/** How a metric's null reads: its own meaning, or a dash. */
export const noneText = (m: Metric): string => m.none ?? '—';

export const METRICS = {
  'phase3.breachRate': { label: 'Phase 3 breach rate', unit: '', fraction: true, get: (r) => r.phase3.breachRate },
  'phase3.firstAttempt.breachRate': { label: 'Breach rate, first attempts', unit: '', fraction: true, get: (r) => r.phase3.firstAttempt.breachRate },
  'phase3.durationQuantiles.p50': { label: 'Phase 3 duration p50', unit: 's', get: (r) => r.phase3.durationQuantiles.p50 },
  'phase3.durationQuantiles.p95': { label: 'Phase 3 duration p95', unit: 's', get: (r) => r.phase3.durationQuantiles.p95 },
  'phase3.durationQuantiles.p99': { label: 'Phase 3 duration p99', unit: 's', get: (r) => r.phase3.durationQuantiles.p99 },
  'phase3.meanDuration': { label: 'Phase 3 mean duration', unit: 's', get: (r) => r.phase3.meanDuration },
  exitCode3PerReplication: { label: 'Exits with code 3 per wave', unit: 'exits', get: (r) => r.exitCode3PerReplication },
  restartsPerReplication: { label: 'Restarts per wave', unit: 'restarts', get: (r) => r.restartsPerReplication },
  'containers.healthyByHorizon': { label: 'Containers healthy by horizon', unit: '', fraction: true, get: (r) => r.containers.healthyByHorizon },
  'containers.allHealthyFraction': { label: 'Replications all healthy', unit: '', fraction: true, get: (r) => r.containers.allHealthyFraction },
  // Null: the p95 lies past the horizon (too few waves, or none, ended all healthy), not "no data".
  'containers.timeToAllHealthy.p95': { label: 'Time to all healthy p95', unit: 's', get: (r) => r.containers.timeToAllHealthy.p95, none: '> horizon' },
  'peaks.cloudSqlConnections.mean': { label: 'Peak Cloud SQL connections (mean)', unit: 'connections', get: (r) => r.peaks.cloudSqlConnections.mean },
  'peaks.connectorUtilisation.mean': { label: 'Peak connector utilisation (mean)', unit: '', fraction: true, get: (r) => r.peaks.connectorUtilisation.mean },
  'peaks.connectorInstances.mean': { label: 'Peak connector instances (mean)', unit: 'instances', get: (r) => r.peaks.connectorInstances.mean },
  'peaks.poolWaiters.mean': { label: 'Peak pool waiters (mean)', unit: 'waiters', get: (r) => r.peaks.poolWaiters.mean },
  'peaks.droppedHandshakes.mean': { label: 'Dropped handshakes (mean)', unit: 'SYNs', get: (r) => r.peaks.droppedHandshakes.mean },
  'peaks.refusedConnections.mean': { label: 'Refused connections (mean)', unit: 'connections', get: (r) => r.peaks.refusedConnections.mean },
  'alerts.leadTime.mean': { label: 'Alert lead time (mean)', unit: 's', get: (r) => r.alerts.leadTime.mean },
} as const satisfies Record<string, Metric>;

export type MetricKey = keyof typeof METRICS;
export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[];
export const BREACH_RATE: MetricKey = 'phase3.breachRate';

/** What a sweep shows beside the breach rate unless told otherwise. */
export const DEFAULT_METRICS: readonly MetricKey[] = ['phase3.firstAttempt.breachRate', 'phase3.durationQuantiles.p95', 'restartsPerReplication'];

export function checkMetric(key: string): Checked<MetricKey> {
  if (Object.hasOwn(METRICS, key)) return { ok: true, value: key as MetricKey }; // own keys: not 'constructor'
  return { ok: false, message: `${JSON.stringify(key)} is not a metric${didYouMeanOrStop(key, METRIC_KEYS)} Metrics: ${METRIC_KEYS.join(', ')}` };
}

/** The selected metrics of one summary, by key. */
export function metricsOf(r: SimulationResult, keys: readonly MetricKey[]): Partial<Record<MetricKey, number | null>> {
  return Object.fromEntries(keys.map((k) => [k, (METRICS[k] as Metric).get(r)]));
}

