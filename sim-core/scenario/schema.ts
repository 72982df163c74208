import * as z from 'zod';
import { choice, duration, flag, group, num, validFields } from './fields';
import { isPlainObject } from './json';
import { cloudSqlBackground, runningConnections, unusedBecause, usableConnections } from './capacity';

/** Bump when the meaning of a saved scenario changes; add a migration in migrate.ts. */
export const SCENARIO_VERSION = 2;
/** SCENARIO_VERSION as a plain number: its literal type would make `LATEST === 1` below a type error while it is 2. */
const LATEST: number = SCENARIO_VERSION;
/** What an empty scenario file is told, in the CLI and the dashboard alike. */
export const EMPTY_SCENARIO_FILE_TEXT = `is empty: a scenario file holds JSON, at least {"version": ${SCENARIO_VERSION}}`;

/** Longest scenario name, in characters (titles, reports, saved scenarios). */
export const SCENARIO_NAME_MAX = 120;

/** The scenario versions this build reads, for messages: "version 1 only", later "versions 1–2". */
export const READABLE_VERSIONS = LATEST === 1 ? 'version 1 only' : `versions 1–${LATEST}`;

/** The 7 startup phases of the service, in order. Phase 3 (DATABASE) is modelled in detail. */
export const PHASES = ['init', 'dependencies', 'database', 'cache', 'services', 'websocket', 'finalize'] as const;
export type PhaseName = (typeof PHASES)[number];

const lognormal = (median: number, p95: number) => ({ kind: 'lognormal' as const, median, p95 });

const phaseDuration = (label: string, median: number, p95: number) =>
  duration({
    label,
    help: `Time ${label} takes when nothing is contended. It does not touch the database.`,
    provenance: 'assumed',
    default: lognormal(median, p95),
  });

const simulation = group(
  {
    replications: num({
      label: 'Replications',
      help: 'Independent runs of the same startup wave; more narrow the confidence intervals.',
      unit: 'replications', provenance: 'run-setting', min: 1, max: 200_000, integer: true, default: 400, log: true,
    }),
    seed: num({
      label: 'Seed',
      help: 'Same scenario + same seed = the same numbers, in the browser and the CLI, with any number of workers.',
      unit: '', provenance: 'run-setting', min: 0, max: 4_294_967_295, integer: true, default: 1278,
    }),
    horizon: num({
      label: 'Horizon',
      help: 'Simulated time after the first start; starts still running then are counted as unfinished.',
      unit: 's', provenance: 'run-setting', min: 60, max: 14_400, default: 900,
    }),
    detailReplication: num({
      label: 'Replication shown in detail',
      help: 'Index of the replication shown in detail (One wave in detail): its per-start records and its event trace are kept.',
      unit: '', provenance: 'run-setting', min: 0, max: 199_999, integer: true, default: 0,
    }),
  },
  { label: 'Simulation', help: 'How many replications, with which seed, for how long.' },
);

const pattern = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('all-at-once') }),
    z.strictObject({
      kind: z.literal('batches'),
      size: z.number().multipleOf(1).min(1).max(5000).meta({ label: 'Batch size', unit: 'containers', provenance: 'assumed', help: 'Containers started together.' }),
      interval: z.number().min(0).max(3600).meta({ label: 'Batch interval', unit: 's', provenance: 'assumed', help: 'Time between batches.' }),
    }),
    z.strictObject({
      kind: z.literal('ramp'),
      duration: z.number().min(0).max(3600).meta({ label: 'Ramp duration', unit: 's', provenance: 'assumed', help: 'Starts spread evenly over this time.' }),
    }),
    z.strictObject({
      kind: z.literal('poisson'),
      rate: z.number().gt(0).max(1000).meta({ label: 'Start rate', unit: '/s', provenance: 'assumed', help: 'Mean starts per second, at random times.' }),
    }),
  ])
  .meta({
    label: 'Start pattern',
    help: 'How the wave arrives: a deploy or crash loop starts everything at once; a staged rollout starts batches.',
    unit: '',
    provenance: 'assumed',
  })
  .default({ kind: 'all-at-once' });

const wave = group(
  {
    containers: num({
      label: 'Containers starting',
      help: 'Instances that start in this wave (deploy, scale-out or crash loop). How many Cloud Run starts in parallel is undocumented.',
      unit: 'containers', solve: 'max', provenance: 'assumed', min: 1, max: 5000, integer: true, default: 12,
    }),
    pattern,
    jitter: num({
      label: 'Start jitter',
      help: 'Each container waits a random 0–X s before starting. 0–45 s removed one storm in a field report.',
      unit: 's', solve: 'min', provenance: 'field-report', min: 0, max: 600, default: 0,
    }),
    runningContainers: num({
      label: 'Containers already running',
      help: 'Instances serving before the wave, holding their pools open on Cloud SQL.',
      unit: 'containers', solve: 'max', provenance: 'assumed', min: 0, max: 5000, integer: true, default: 0,
    }),
    runningConnectionsEach: num({
      label: 'Connections per running container',
      help: 'Connections each already-running container holds.',
      unit: 'connections', solve: 'max', provenance: 'assumed', min: 0, max: 1000, integer: true, default: 10,
    }),
  },
  { label: 'Start wave', help: 'Which containers start, when.' },
);

const phases = group(
  {
    init: phaseDuration('Phase 1 INIT', 1.5, 4),
    dependencies: phaseDuration('Phase 2 DEPENDENCIES', 2, 6),
    cache: phaseDuration('Phase 4 CACHE', 1, 3),
    services: phaseDuration('Phase 5 SERVICES', 2, 6),
    websocket: phaseDuration('Phase 6 WEBSOCKET', 0.5, 2),
    finalize: phaseDuration('Phase 7 FINALIZE', 0.5, 1.5),
  },
  { label: 'Phases', help: 'Durations of the phases other than Phase 3, which is modelled step by step.' },
);

const phase3 = group(
  {
    connectionMode: choice(['warm-pool', 'lazy'] as const, {
      label: 'Startup connections',
      help: 'warm-pool: the app opens pool_size connections during Phase 3. lazy: it checks out only the connections it needs (SQLAlchemy default).',
      provenance: 'assumed', default: 'warm-pool',
      labels: { 'warm-pool': 'Warm pool_size', lazy: 'Lazy (on demand)' },
    }),
    lazyConnections: num({
      label: 'Connections opened (lazy)',
      help: 'With lazy mode: connections the app checks out at once during startup.',
      unit: 'connections', solve: 'max', provenance: 'assumed', min: 1, max: 500, integer: true, default: 1,
    }),
    opening: choice(['concurrent', 'serial'] as const, {
      label: 'Opening order',
      help: 'Open the startup connections all at once (asyncio.gather) or one after another.',
      provenance: 'assumed', default: 'concurrent',
      labels: { concurrent: 'Concurrent', serial: 'Serial' },
    }),
    tableSetup: duration({
      label: 'Table setup time',
      help: 'CREATE TABLE IF NOT EXISTS and friends on an idle database; slows with Cloud SQL load.',
      provenance: 'assumed', default: lognormal(1.5, 6),
    }),
    tableSetupRace: num({
      label: 'Table-setup race probability',
      help: 'Chance that a table setup loses the CREATE TABLE IF NOT EXISTS unique-violation race (23505/42P07) when another container\'s setup, running at the same time, commits the tables first (the first to commit always wins). The race is field-reported; how often it strikes is not (0.02 is assumed). Once the tables exist, later setups find them and cannot race (set 0 when they exist before the wave).',
      unit: 'probability', solve: 'max', provenance: 'assumed', min: 0, max: 1, default: 0.02, step: 0.01,
    }),
    healthCheck: duration({
      label: 'Health check time',
      help: 'SELECT 1 round trip on an idle database; slows with Cloud SQL load.',
      provenance: 'assumed', default: lognormal(0.05, 0.4),
    }),
  },
  { label: 'Phase 3 (DATABASE)', help: 'Open connections, set up tables, run a health check.' },
);

const timeouts = group(
  {
    initialization: num({
      label: 'Initialization timeout',
      help: 'Bounds the whole of Phase 3; past it the app raises and the container exits with code 3. Was 20 s, then 45 s, then 75 s.',
      unit: 's', solve: 'min', provenance: 'incident', min: 1, max: 1800, default: 75,
    }),
    connection: num({
      label: 'Connection timeout',
      help: 'Bounds one connect attempt (TCP + TLS + auth), like asyncpg connect(timeout=...).',
      unit: 's', solve: 'min', provenance: 'incident', min: 0.5, max: 600, default: 35,
    }),
    tableSetup: num({
      label: 'Table setup timeout',
      help: 'Bounds table setup.',
      unit: 's', solve: 'min', provenance: 'incident', min: 0.5, max: 600, default: 25,
    }),
    healthCheck: num({
      label: 'Health check timeout',
      help: 'Bounds the health check query.',
      unit: 's', solve: 'min', provenance: 'incident', min: 0.1, max: 600, default: 20,
    }),
    startupProbe: num({
      label: 'Startup probe deadline',
      help: 'Cloud Run kills a container that is not yet listening on its port this long after it started, and restarts it. The app listens only once all 7 phases are done (uvicorn binds after lifespan startup). The default TCP startup probe allows 240 s (timeout 240 s, period 240 s, failure threshold 1); a custom probe about initialDelaySeconds + periodSeconds × failureThreshold (its defaults: 10 s × 3 = 30 s).',
      unit: 's', solve: 'min', provenance: 'documented', min: 1, max: 3600, default: 240,
    }),
  },
  { label: 'Timeouts', help: 'Each Phase 3 step under its own timeout, the whole phase under the initialization timeout, the whole start under Cloud Run\'s startup probe.' },
);

const pool = group(
  {
    poolSize: num({
      label: 'pool_size',
      help: 'Connections the pool keeps open. SQLAlchemy default 5.',
      unit: 'connections', provenance: 'incident', min: 1, max: 500, integer: true, default: 10,
    }),
    maxOverflow: num({
      label: 'max_overflow',
      help: 'Extra connections beyond pool_size, closed when returned. SQLAlchemy default 10.',
      unit: 'connections', provenance: 'incident', min: 0, max: 500, integer: true, default: 15,
    }),
    poolTimeout: num({
      label: 'pool_timeout',
      help: 'Bounds only the wait for a checked-out connection when pool_size + max_overflow are all in use; never the opening of one.',
      unit: 's', provenance: 'incident', min: 0.1, max: 3600, default: 90,
    }),
  },
  { label: 'Pool (per container)', help: 'SQLAlchemy QueuePool: opens lazily, up to pool_size + max_overflow.' },
);

/** Upper bounds that rules across fields quote as well as the fields themselves. */
const CONNECTOR_MAX_INSTANCES = 10;
const RETRY_CAP_MAX = 600;
const RESTART_BACKOFF_MAX = 3600;

const retry = group(
  {
    policy: choice(['none', 'exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter'] as const, {
      label: 'Backoff policy',
      help: 'How a failed connect attempt waits before the next. Google recommends exponential backoff on the first connect. The incident app is assumed to retry 10 times (~55 s of backoff alone), so in the incident a Phase 3 still retrying slow or refused connects is cut off by the 75 s initialization timeout before its attempts run out.',
      provenance: 'assumed', default: 'exponential',
      labels: {
        none: 'None (no retry)', exponential: 'Exponential', 'full-jitter': 'Full jitter',
        'equal-jitter': 'Equal jitter', 'decorrelated-jitter': 'Decorrelated jitter',
      },
    }),
    attempts: num({
      label: 'Connect attempts',
      help: 'Total attempts per connection, first included (ignored when the policy is none). Typical: 3–5.',
      unit: 'attempts', solve: 'min', provenance: 'assumed', min: 1, max: 50, integer: true, default: 10,
    }),
    base: num({
      label: 'Retry backoff base',
      help: 'First backoff; doubles each attempt up to the cap. Google recommends backing off but gives no numbers: 0.5 s is assumed.',
      unit: 's', provenance: 'assumed', min: 0.01, max: 120, default: 0.5,
    }),
    cap: num({
      label: 'Retry backoff cap',
      help: 'Longest single backoff (assumed: no documented value).',
      unit: 's', provenance: 'assumed', min: 0.01, max: RETRY_CAP_MAX, default: 10,
    }),
    withinConnectionTimeout: flag({
      label: 'Attempts within the connection timeout',
      help: 'On: the connection timeout bounds a whole connect, all its attempts and backoffs together ("3–5 attempts inside the connection timeout", as a retry wrapper that stops after a delay does): a retry whose backoff would end past it is not made, and the last error is raised. Off: each attempt has the whole connection timeout to itself (connect(timeout=…) called again), as the incident app is assumed to do.',
      provenance: 'assumed', default: false,
    }),
  },
  { label: 'Retries', help: 'Retry of a failed connect attempt inside Phase 3.' },
);

const connector = group(
  {
    mode: choice(['serverless-vpc-access', 'direct-vpc-egress', 'none'] as const, {
      label: 'Egress',
      help: 'Serverless VPC Access connector (autoscaling instances), Direct VPC egress (warm-up delay at instance start), or a direct path.',
      provenance: 'documented', default: 'serverless-vpc-access',
      labels: { 'serverless-vpc-access': 'Serverless VPC Access', 'direct-vpc-egress': 'Direct VPC egress', none: 'None (direct)' },
    }),
    machineType: choice(['f1-micro', 'e2-micro', 'e2-standard-4'] as const, {
      label: 'Connector machine type',
      help: 'Whole-connector throughput (documented): f1-micro 100–500 Mbps, e2-micro 200–1000 Mbps, e2-standard-4 3200–16000 Mbps. Handshake capacity scales with it. Default e2-micro, Google\'s default, assumed for the incident: the write-up names no machine type (its "2 Gbps baseline → 10 Gbps maximum" matches none).',
      provenance: 'assumed', default: 'e2-micro',
      labels: { 'f1-micro': 'f1-micro', 'e2-micro': 'e2-micro', 'e2-standard-4': 'e2-standard-4' },
    }),
    minInstances: num({
      label: 'Min instances',
      help: 'Connector instances running before the wave (2–9). Default 2, Google\'s default, assumed for the incident: the write-up gives no instance counts.',
      unit: 'instances', solve: 'min', provenance: 'assumed', min: 2, max: 9, integer: true, default: 2,
    }),
    maxInstances: num({
      label: 'Max instances',
      help: 'Ceiling for scale-out (3–10). The connector never scales in. Default 10, Google\'s default, assumed for the incident.',
      unit: 'instances', solve: 'min', provenance: 'assumed', min: 3, max: CONNECTOR_MAX_INSTANCES, integer: true, default: 10,
    }),
    connectionsPerInstance: num({
      label: 'Connections per e2-micro instance',
      help: 'Connections one e2-micro instance carries at once before it drops new SYNs (~50 practical limit in the write-up, unsourced; calibrate within ~20–200). Other machine types scale by throughput.',
      unit: 'connections', solve: 'min', provenance: 'assumed', min: 1, max: 2000, integer: true, default: 50,
    }),
    handshakesPerInstance: num({
      label: 'Concurrent handshakes per e2-micro instance',
      help: 'New connections one e2-micro instance sets up at once (from SYN until Cloud SQL answers); a SYN beyond it is dropped and retransmitted, as in the field report where 9 simultaneous connects through 2 e2-micro instances all timed out. Other machine types scale by throughput. 0: no limit besides the connections per instance.',
      unit: 'handshakes', provenance: 'assumed', min: 0, max: 2000, integer: true, default: 0, zero: 'no limit',
    }),
    otherConnections: num({
      label: 'Other connections through the connector',
      help: 'Connections from other services sharing the connector (Redis, other Cloud Run services, external APIs on all-traffic egress). They load it before the wave: at 10 of 100 slots its latency is ×6 the idle value.',
      unit: 'connections', solve: 'max', provenance: 'assumed', min: 0, max: 100_000, integer: true, default: 10,
    }),
    handshakeLatency: duration({
      label: 'Connector latency',
      help: 'Time the connector adds to a connection setup when idle; it grows with the connector\'s load (see the multiplier below).',
      provenance: 'assumed', default: lognormal(0.02, 0.2),
    }),
    latencyAtFullLoad: num({
      label: 'Latency multiplier at full load',
      help: 'Connector latency grows with utilisation u as 1 + (m − 1)·u². The default puts the median at full load near 10 s: the write-up\'s "10 s+ additional delay during infrastructure stress".',
      unit: '×', solve: 'max', provenance: 'assumed', min: 1, max: 1000, default: 500,
    }),
    scaleOutThreshold: num({
      label: 'Scale-out threshold',
      help: 'Utilisation above which the connector adds an instance.',
      unit: 'fraction', provenance: 'assumed', min: 0.05, max: 1, default: 0.7, step: 0.05,
    }),
    scaleOutDelay: num({
      label: 'Scale-out delay',
      help: 'Time from crossing the threshold until the new instance carries traffic (~30 s in the write-up). One instance at a time.',
      unit: 's', solve: 'max', provenance: 'assumed', min: 20, max: 120, default: 30,
    }),
    synRetransmit: num({
      label: 'SYN retransmit timeout',
      help: 'A dropped handshake is retried by TCP after this, doubling each time (Linux initial RTO 1 s).',
      unit: 's', provenance: 'documented', min: 0.2, max: 10, default: 1,
    }),
    directVpcWarmup: num({
      label: 'Direct VPC egress warm-up',
      help: 'With Direct VPC egress: time after a container starts before its egress carries connections (20–80 s reported).',
      unit: 's', provenance: 'field-report', min: 0, max: 300, default: 40,
    }),
  },
  { label: 'VPC connector', help: 'Path from the containers to Cloud SQL.' },
);

/** The largest max_connections a scenario may set (Cloud SQL's own ceiling is far lower for most tiers). */
const MAX_CONNECTIONS_LIMIT = 100_000;

const cloudSql = group(
  {
    maxConnections: num({
      label: 'max_connections',
      help: 'Hard limit; defaults by memory: 25 (0.6 GB) … 100 (3.75 GB) … 1000 (≥120 GB).',
      unit: 'connections', solve: 'min', provenance: 'incident', min: 5, max: MAX_CONNECTIONS_LIMIT, integer: true, default: 100, log: true,
    }),
    reservedConnections: num({
      label: 'Reserved connections',
      help: 'Unusable by the app. The default is superuser_reserved_connections (3, documented); Cloud SQL\'s own internal connections take a few more (assumed: not in the default, add them here).',
      unit: 'connections', solve: 'max', provenance: 'documented', min: 0, max: 1000, integer: true, default: 3,
    }),
    otherClients: num({
      label: 'Connections held by other clients',
      help: 'Jobs, dashboards, migrations … already connected. Default 20, assumed: the 20% of the incident\'s 100 connections that its 80% safety margin keeps free. A fixed count: it does not follow max_connections.',
      unit: 'connections', solve: 'max', provenance: 'assumed', min: 0, max: 100_000, integer: true, default: 20,
    }),
    vcpus: num({
      label: 'vCPUs (parallel handshakes)',
      help: 'Connection setups (fork, TLS, SCRAM auth) served in parallel.',
      unit: 'vCPUs', solve: 'min', provenance: 'assumed', min: 1, max: 128, integer: true, default: 2,
    }),
    handshakeTime: duration({
      label: 'Handshake time',
      help: 'TCP + TLS + SCRAM + backend fork on an idle instance (a few ms to ~15 ms).',
      provenance: 'assumed', default: lognormal(0.012, 0.03),
    }),
    slowdownAtLimit: num({
      label: 'Slowdown at max_connections',
      help: 'Handshakes, table setup and queries slow by 1 + (s − 1)·active/max_connections as connections grow.',
      unit: '×', solve: 'max', provenance: 'assumed', min: 1, max: 1000, default: 6,
    }),
    releaseDelay: num({
      label: 'Release delay after exit',
      help: 'Connections of a container that exited linger this long before Cloud SQL frees them.',
      unit: 's', provenance: 'assumed', min: 0, max: 3600, default: 0,
    }),
  },
  { label: 'Cloud SQL', help: 'The PostgreSQL instance: connection limit and CPU.' },
);

const restart = group(
  {
    enabled: flag({
      label: 'Restart on exit',
      help: 'Cloud Run restarts a container that exits during startup; the restart joins the storm.',
      provenance: 'documented', default: true,
    }),
    initialBackoff: num({
      label: 'Initial restart backoff',
      help: 'Wait before the first restart (Cloud Run does not document it; Kubernetes uses 10 s).',
      unit: 's', provenance: 'assumed', min: 0, max: RESTART_BACKOFF_MAX, default: 10,
    }),
    multiplier: num({
      label: 'Restart backoff multiplier',
      help: 'Each further restart waits this much longer.',
      unit: '×', provenance: 'assumed', min: 1, max: 10, default: 2,
    }),
    cap: num({
      label: 'Restart backoff cap',
      help: 'Longest wait between restarts (Kubernetes: 300 s); at least the initial backoff.',
      unit: 's', provenance: 'assumed', min: 0, max: RESTART_BACKOFF_MAX, default: 300,
    }),
    maxRestarts: num({
      label: 'Restart limit',
      help: 'Restarts per container before it is given up (Cloud Run limits restarts to stop crash loops but does not document the limit).',
      unit: 'restarts', provenance: 'assumed', min: 0, max: 1000, integer: true, default: 3,
    }),
  },
  { label: 'Restarts', help: 'What happens after exit code 3.' },
);

/** What the connection-budget rule reads besides max_connections: the connections held before the wave, and the reserve. */
const HELD = ['cloudSql.reservedConnections', 'cloudSql.otherClients', 'wave.runningContainers', 'wave.runningConnectionsEach'];

export const scenarioSchema = z
  .strictObject({
    version: z.literal(SCENARIO_VERSION),
    // Anyone's text, shown in terminals, reports and CI logs: control and format characters (line breaks, terminal
    // escapes, bidi overrides) that could forge or hide lines become spaces, once, here.
    name: z.string().max(SCENARIO_NAME_MAX).transform((n) => n.replace(/[\p{Cc}\p{Cf}]+/gu, ' ')).optional(),
    simulation,
    wave,
    phases,
    phase3,
    timeouts,
    pool,
    retry,
    connector,
    cloudSql,
    restart,
  })
  .superRefine((s, ctx) => {
    // `others`: the fields the rule reads besides the one it flags (dotted paths), for a repair that has to set
    // one of them aside (salvage.ts).
    const issue = (path: (string | number)[], message: string, input: unknown, others: string[]) =>
      ctx.addIssue({ code: 'custom', path, message, input, params: { others } });
    // Each rule reads only fields that passed their own checks (so `s` may hold other fields of any type here).
    const valid = validFields(ctx);
    // Each rule gives the range it leaves the field ("here": with the other field as it is).
    // A rule holds only where the model reads its fields: under another egress, policy or with restarts off they are
    // "Not used" (unusedBecause, as the form marks them), kept as they are for a switch back.
    const read = (key: string) => unusedBecause(key, s) === null;
    if (valid('connector.mode', 'connector.minInstances', 'connector.maxInstances') && read('connector.maxInstances') && s.connector.maxInstances <= s.connector.minInstances)
      issue(['connector', 'maxInstances'], `must be greater than min instances (${s.connector.minInstances}): allowed ${s.connector.minInstances + 1}–${CONNECTOR_MAX_INSTANCES} instances here`, s.connector.maxInstances, ['connector.minInstances']);
    if (valid('retry.policy', 'retry.base', 'retry.cap') && read('retry.cap') && s.retry.cap < s.retry.base) issue(['retry', 'cap'], `must be ≥ backoff base (${s.retry.base} s): allowed ${s.retry.base}–${RETRY_CAP_MAX} s here`, s.retry.cap, ['retry.base']);
    // A cap below the first wait would shorten every wait to the cap while the form still shows the first wait.
    if (valid('restart.enabled', 'restart.initialBackoff', 'restart.cap') && read('restart.cap') && s.restart.cap < s.restart.initialBackoff)
      issue(['restart', 'cap'], `must be ≥ initial restart backoff (${s.restart.initialBackoff} s): allowed ${s.restart.initialBackoff}–${RESTART_BACKOFF_MAX} s here`, s.restart.cap, ['restart.initialBackoff']);
    if (valid('simulation.replications', 'simulation.detailReplication') && s.simulation.detailReplication >= s.simulation.replications)
      issue(['simulation', 'detailReplication'], `must be one of the replications run, numbered 0–${s.simulation.replications - 1}`, s.simulation.detailReplication, ['simulation.replications']);
    if (!valid('cloudSql.maxConnections', 'cloudSql.reservedConnections')) return;
    const { maxConnections, reservedConnections, otherClients } = s.cloudSql;
    if (reservedConnections >= maxConnections) {
      issue(['cloudSql', 'reservedConnections'], `must be < max_connections (${maxConnections}): allowed 0–${maxConnections - 1} connections here`, reservedConnections, ['cloudSql.maxConnections']);
      return;
    }
    if (!valid('cloudSql.otherClients', 'wave.runningContainers', 'wave.runningConnectionsEach')) return;
    const background = cloudSqlBackground(s);
    if (background > usableConnections(s.cloudSql)) {
      // Every field that holds connections says so (any may be the one to change), and max_connections says how
      // high it would have to be, or that no allowed value is enough.
      const running = runningConnections(s);
      const held = `other clients (${otherClients}) + running containers' connections (${s.wave.runningContainers} × ${s.wave.runningConnectionsEach})`;
      const needed = background + reservedConnections;
      issue(
        ['cloudSql', 'maxConnections'],
        needed <= MAX_CONNECTIONS_LIMIT
          ? `must be at least ${needed} here: ${held} + reserved (${reservedConnections})`
          : `no allowed value is enough: ${held} + reserved (${reservedConnections}) = ${needed}, above the largest max_connections (${MAX_CONNECTIONS_LIMIT})`,
        maxConnections,
        HELD,
      );
      const exceed = `${held} = ${background} exceed the ${usableConnections(s.cloudSql)} usable Cloud SQL connections (max_connections − reserved): the instance could not have accepted them`;
      if (otherClients > 0) issue(['cloudSql', 'otherClients'], exceed, otherClients, ['cloudSql.maxConnections', ...HELD]);
      if (running > 0) issue(['wave', 'runningContainers'], exceed, s.wave.runningContainers, ['cloudSql.maxConnections', ...HELD]);
    }
    // Also when another field holds text or a wrong type (zod would skip the rules then): they are about other fields.
  }, { when: (payload) => isPlainObject(payload.value) });

/** A validated scenario: every field present, every value in range. The engine trusts it. */
export type Scenario = z.output<typeof scenarioSchema>;
/** What a user or a file may write: any field may be left out and takes its default. */
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** The defaults (the incident's staging configuration), read-only: what links leave out and reports compare to. */
export const SCENARIO_DEFAULTS: Scenario = scenarioSchema.parse({ version: SCENARIO_VERSION });
