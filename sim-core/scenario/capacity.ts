/**
 * What a scenario's settings add up to, for the model and the configuration warnings alike, and which settings the model
 * does not read under the switches chosen (unusedBecause: the form's *Not used*).
 */
import type { Scenario } from './schema';

/** Whole-connector throughput by machine type, Mbps at min..max [documented]. */
export const MACHINE_THROUGHPUT_MBPS = {
  'f1-micro': [100, 500],
  'e2-micro': [200, 1000],
  'e2-standard-4': [3200, 16000],
} as const;

/** Handshake capacity relative to e2-micro, by documented throughput ratio (the scaling itself is assumed). */
export function machineFactor(type: Scenario['connector']['machineType']): number {
  return MACHINE_THROUGHPUT_MBPS[type][0] / MACHINE_THROUGHPUT_MBPS['e2-micro'][0];
}

/** Whether connections go through a shared Serverless VPC Access connector (Direct VPC egress and `none` have none). */
export function hasSharedConnector(config: Pick<Scenario['connector'], 'mode'>): boolean {
  return config.mode === 'serverless-vpc-access';
}

/** Connector settings the model reads only through a Serverless VPC Access connector. */
const SHARED_CONNECTOR_SETTINGS = new Set([
  'machineType', 'minInstances', 'maxInstances', 'connectionsPerInstance', 'handshakesPerInstance', 'otherConnections',
  'handshakeLatency', 'latencyAtFullLoad', 'scaleOutThreshold', 'scaleOutDelay', 'synRetransmit',
]);

/** The settings that decide whether others are read: the egress, how Phase 3 opens connections, the retry policy, restarts. */
export interface Switches {
  connector: Pick<Scenario['connector'], 'mode'>;
  phase3?: Pick<Scenario['phase3'], 'connectionMode'>;
  retry?: Pick<Scenario['retry'], 'policy'>;
  restart?: Pick<Scenario['restart'], 'enabled'>;
}

/**
 * Why the model never reads the field `key` (dotted) under these switches, or null when it does: the form marks such a
 * field, which keeps its value for a switch back (and cross-field rules on it block nothing meanwhile).
 * @example unusedBecause('connector.maxInstances', { connector: { mode: 'none' } })
 * // 'no Serverless VPC Access connector under this egress'
 * @example unusedBecause('retry.attempts', { connector: { mode: 'none' }, retry: { policy: 'none' } })
 * // 'the backoff policy none makes one attempt per connection'
 */
export function unusedBecause(key: string, s: Switches): string | null {
  const [group, field] = key.split('.');
  switch (group) {
    case 'connector': {
      const mode = s.connector.mode;
      if (field === 'directVpcWarmup' && mode !== 'direct-vpc-egress') return 'only Direct VPC egress has a warm-up';
      if (SHARED_CONNECTOR_SETTINGS.has(field) && !hasSharedConnector(s.connector)) return 'no Serverless VPC Access connector under this egress';
      return null;
    }
    case 'phase3':
      return field === 'lazyConnections' && s.phase3?.connectionMode === 'warm-pool' ? 'a warm pool opens pool_size connections at start' : null;
    case 'retry':
      // One attempt: no backoff, and the connection timeout bounds it alone either way.
      return field !== 'policy' && s.retry?.policy === 'none' ? 'the backoff policy none makes one attempt per connection' : null;
    case 'restart':
      return field !== 'enabled' && s.restart?.enabled === false ? 'restarts are off' : null;
    default:
      return null;
  }
}

/** Connections one connector instance carries at once: the e2-micro figure scaled by the machine type. */
export function connectionsPerInstance(config: Pick<Scenario['connector'], 'connectionsPerInstance' | 'machineType'>): number {
  return Math.max(1, Math.round(config.connectionsPerInstance * machineFactor(config.machineType)));
}

/**
 * Connector instances running when the wave starts: min instances, or more when the connections it already
 * carries (other services', running containers') keep it above its scale-out threshold, since it would have
 * scaled out until they no longer did and never scales in; at most max instances. The test is the connector's
 * own (utilisation = carried / capacity, scaling out while it is above the threshold).
 */
export function connectorInstancesAtStart(s: Scenario): number {
  const c = s.connector;
  const carried = connectorBackground(s);
  const per = connectionsPerInstance(c);
  let instances = c.minInstances;
  while (instances < c.maxInstances && carried / (instances * per) > c.scaleOutThreshold) instances++;
  return instances;
}

/** Handshakes one connector instance sets up at once, scaled like connections; 0 when there is no such limit. */
export function handshakesPerInstance(config: Pick<Scenario['connector'], 'handshakesPerInstance' | 'machineType'>): number {
  return config.handshakesPerInstance === 0 ? 0 : Math.max(1, Math.round(config.handshakesPerInstance * machineFactor(config.machineType)));
}

/** Connections each container opens in Phase 3 before table setup: its warm pool_size, or the lazy count. */
export function startupConnections(s: Scenario): number {
  return s.phase3.connectionMode === 'warm-pool' ? s.pool.poolSize : s.phase3.lazyConnections;
}

/** Cloud SQL connections clients can use: max_connections less the slots reserved for superusers. */
export function usableConnections(c: Pick<Scenario['cloudSql'], 'maxConnections' | 'reservedConnections'>): number {
  return c.maxConnections - c.reservedConnections;
}

/** Connections containers already running before the wave hold (on Cloud SQL, and through the connector). */
export function runningConnections(s: Scenario): number {
  return s.wave.runningContainers * s.wave.runningConnectionsEach;
}

/** Cloud SQL connections held before the wave: other clients' and the running containers'. */
export function cloudSqlBackground(s: Scenario): number {
  return s.cloudSql.otherClients + runningConnections(s);
}

/** Connections a shared connector carries before the wave: other services' and the running containers'. */
export function connectorBackground(s: Scenario): number {
  return s.connector.otherConnections + runningConnections(s);
}

/** Connections the wave's pools may hold once serving traffic: every container's pool_size + max_overflow. */
export function connectionBudget(s: Scenario): number {
  return s.wave.containers * (s.pool.poolSize + s.pool.maxOverflow);
}
