/**
 * fast-check arbitraries for valid scenario inputs, kept small so a property run stays fast: ≤ 30
 * containers, ≤ 3 replications, horizon ≤ 600 s. Every field the schema has is drawn but detailReplication
 * (tests/model/invariants.test.ts checks it), under the cross-field rules: maxInstances > minInstances,
 * retry.cap ≥ retry.base, restart.cap ≥ restart.initialBackoff, reserved < max_connections, background connections ≤ usable connections.
 */
import fc from 'fast-check';

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** A duration distribution whose typical value is at most `scale` seconds. */
export function durationArb(scale: number) {
  return fc.oneof(
    real(0, scale).map((value) => ({ kind: 'constant' as const, value })),
    fc.tuple(real(0, scale), real(0, scale), real(0, scale / 4)).map(([a, b, shift]) => ({
      kind: 'uniform' as const, min: Math.min(a, b), max: Math.max(a, b), shift,
    })),
    real(0, scale).map((mean) => ({ kind: 'exponential' as const, mean })),
    fc.tuple(real(0, scale), real(0, scale)).map(([mean, sd]) => ({ kind: 'normal' as const, mean, sd })),
    fc.tuple(real(scale / 1000, scale), real(1, 6)).map(([median, spread]) => ({
      kind: 'lognormal' as const, median, p95: Math.min(3600, median * spread),
    })),
  );
}

const pattern = fc.oneof(
  fc.constant({ kind: 'all-at-once' as const }),
  fc.record({ kind: fc.constant('batches' as const), size: fc.integer({ min: 1, max: 10 }), interval: real(0, 60) }),
  fc.record({ kind: fc.constant('ramp' as const), duration: real(0, 120) }),
  fc.record({ kind: fc.constant('poisson' as const), rate: real(0.05, 10) }),
);

export const scenarioInputArb = fc
  .record({
    simulation: fc.record({
      replications: fc.integer({ min: 1, max: 3 }),
      seed: fc.integer({ min: 0, max: 4_294_967_295 }),
      horizon: real(60, 600),
    }),
    wave: fc.record({
      containers: fc.integer({ min: 1, max: 30 }),
      pattern,
      jitter: real(0, 60),
      runningContainers: fc.integer({ min: 0, max: 5 }),
      runningConnectionsEach: fc.integer({ min: 0, max: 10 }),
    }),
    phases: fc.record({
      init: durationArb(5), dependencies: durationArb(5), cache: durationArb(3),
      services: durationArb(3), websocket: durationArb(2), finalize: durationArb(2),
    }),
    phase3: fc.record({
      connectionMode: fc.constantFrom('warm-pool' as const, 'lazy' as const),
      lazyConnections: fc.integer({ min: 1, max: 30 }),
      opening: fc.constantFrom('concurrent' as const, 'serial' as const),
      tableSetup: durationArb(30),
      tableSetupRace: real(0, 1),
      healthCheck: durationArb(5),
    }),
    timeouts: fc.record({
      initialization: real(1, 120), connection: real(0.5, 60), tableSetup: real(0.5, 40), healthCheck: real(0.1, 30),
      // Often shorter than the phases can take: the probe's kills in every phase get exercised.
      startupProbe: real(1, 300),
    }),
    pool: fc.record({ poolSize: fc.integer({ min: 1, max: 15 }), maxOverflow: fc.integer({ min: 0, max: 15 }), poolTimeout: real(0.1, 120) }),
    retry: fc.record({
      policy: fc.constantFrom('none' as const, 'exponential' as const, 'full-jitter' as const, 'equal-jitter' as const, 'decorrelated-jitter' as const),
      attempts: fc.integer({ min: 1, max: 6 }),
      base: real(0.01, 5),
      extraCap: real(0, 20),
      withinConnectionTimeout: fc.boolean(),
    }),
    connector: fc.record({
      mode: fc.constantFrom('serverless-vpc-access' as const, 'direct-vpc-egress' as const, 'none' as const),
      machineType: fc.constantFrom('f1-micro' as const, 'e2-micro' as const, 'e2-standard-4' as const),
      minInstances: fc.integer({ min: 2, max: 9 }),
      extraInstances: fc.integer({ min: 1, max: 8 }),
      connectionsPerInstance: fc.integer({ min: 1, max: 60 }),
      handshakesPerInstance: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 8 })),
      otherConnections: fc.integer({ min: 0, max: 60 }),
      handshakeLatency: durationArb(0.5),
      latencyAtFullLoad: fc.oneof(real(1, 50), real(1, 1000)),
      scaleOutThreshold: real(0.05, 1),
      scaleOutDelay: real(20, 120),
      synRetransmit: real(0.2, 10),
      directVpcWarmup: real(0, 100),
    }),
    cloudSql: fc.record({
      maxConnections: fc.integer({ min: 5, max: 300 }),
      reservedFraction: real(0, 0.5),
      // Now and then more other clients than the instance's usable connections (see invariants).
      otherClients: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 40 }), weight: 9 }, { arbitrary: fc.integer({ min: 0, max: 120 }), weight: 1 }),
      vcpus: fc.integer({ min: 1, max: 8 }),
      handshakeTime: durationArb(1),
      slowdownAtLimit: real(1, 20),
      releaseDelay: real(0, 60),
    }),
    restart: fc.record({
      enabled: fc.boolean(),
      initialBackoff: real(0, 60),
      multiplier: real(1, 3),
      extraCap: real(0, 300),
      maxRestarts: fc.integer({ min: 0, max: 5 }),
    }),
  })
  .map(({ retry, connector, cloudSql, restart, ...rest }) => {
    const { extraCap, ...r } = retry;
    const { extraCap: extraRestartCap, ...b } = restart;
    const { extraInstances, ...c } = connector;
    const { reservedFraction, ...q } = cloudSql;
    // The schema refuses a background (other clients + running containers) that Cloud SQL could not hold.
    const usable = q.maxConnections - Math.floor(q.maxConnections * reservedFraction);
    const wave = { ...rest.wave, runningConnectionsEach: Math.min(rest.wave.runningConnectionsEach, Math.floor(usable / Math.max(1, rest.wave.runningContainers))) };
    q.otherClients = Math.min(q.otherClients, usable - wave.runningContainers * wave.runningConnectionsEach);
    return {
      version: 2,
      ...rest,
      wave,
      retry: { ...r, cap: Math.min(600, r.base + extraCap) },
      restart: { ...b, cap: b.initialBackoff + extraRestartCap },
      connector: { ...c, maxInstances: Math.min(10, c.minInstances + extraInstances) },
      cloudSql: { ...q, reservedConnections: Math.floor(q.maxConnections * reservedFraction) },
    };
  });
