import { FIELDS, getAt, settingsChanged } from './catalogue';
import { SCENARIO_VERSION, scenarioSchema, type Scenario, type ScenarioInput } from './schema';

export interface Preset {
  id: string;
  title: string;
  description: string;
  /** What differs from the schema defaults (which are the incident's staging configuration). */
  input: ScenarioInput;
  scenario: Scenario;
  /** Dotted paths of the preset's values that rest on no source: calibration knobs, labelled "assumed". */
  assumed: string[];
}

function preset(id: string, title: string, description: string, overrides: Omit<ScenarioInput, 'version'>): Preset {
  const input = { version: SCENARIO_VERSION, name: title, ...overrides } as ScenarioInput;
  const scenario = scenarioSchema.parse(input);
  const assumed = [...FIELDS.values()]
    .filter((f) => f.meta.provenance === 'assumed' && f.path[0] !== 'simulation')
    .map((f) => f.key)
    .filter((key) => getAt(scenario, key.split('.')) !== undefined);
  return { id, title, description, input, scenario, assumed };
}

export const PRESETS: readonly Preset[] = [
  preset(
    'incident-1278-staging',
    'Incident #1278 — staging, 75 s',
    'The write-up\'s staging configuration after the timeout was extended to 75 s: 12 containers (a count the write-up does not give) each open pool_size 10 connections at start (assumed: a warm pool) through a 2-instance e2-micro connector shared with other services, to a 100-connection Cloud SQL instance of which other clients already hold 20. The 120 connections wanted exceed the 77 left: Cloud SQL refuses the rest (53300) after their handshakes, the connector drops SYNs and slows as it fills, and Phase 3 retries until the initialization timeout cuts it off; the container exits with code 3 and restarts into the same wall, up to 3 times.',
    {},
  ),
  preset(
    'pre-fix-45s',
    'Before the fix — 45 s',
    'The same staging fleet with the 45 s initialization timeout that issue #1263 extended.',
    { timeouts: { initialization: 45 } },
  ),
  preset(
    'healthy-baseline',
    'Healthy baseline — small scale-out',
    'A routine scale-out: 3 containers, connections opened lazily as SQLAlchemy does by default, on the same shared connector and Cloud SQL instance. Nothing runs out and every container ends healthy; ~1.5% of starts still lose the CREATE TABLE race or time out in table setup, and restart once.',
    { wave: { containers: 3 }, phase3: { connectionMode: 'lazy' } },
  ),
  preset(
    'mitigated',
    'Mitigated — lazy connections, budgeted pools, jitter, backoff',
    'The incident fleet opening connections lazily, as SQLAlchemy does by default: each start opens the one connection it uses, and this alone does almost all of the fix. Pools sized to the connection budget (12 × 3 = 36 ≤ the 77 left after reserved and other clients\' connections) cap what the fleet can open later under load; pool_timeout below the initialization timeout, step timeouts that fit within it (connection 30 + table setup 25 + health check 20 = 75 s), 0–30 s start jitter and full-jitter connect retries are defence in depth that this startup model barely rewards (compare against the incident as a baseline, one change at a time, to see each one\'s share).',
    {
      phase3: { connectionMode: 'lazy' },
      pool: { poolSize: 3, maxOverflow: 0, poolTimeout: 30 },
      wave: { jitter: 30 },
      retry: { policy: 'full-jitter', attempts: 4 },
      // Step timeouts within the initialization timeout (30 + 25 + 20 = 75 s): no start within every step's limit is cut off.
      timeouts: { connection: 30 },
    },
  ),
];

export const DEFAULT_PRESET_ID = 'incident-1278-staging';

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/**
 * What a header or a report calls a scenario: its name (or `fallback`). A scenario named after a preset but no
 * longer equal to it says by how many settings it differs, so an edited preset is never presented as the preset
 * itself; the simulation settings (replications, seed, horizon) are not counted: they change the precision, not
 * the system. @example "Incident #1278 — staging, 75 s (2 settings changed)"
 */
export function scenarioTitle(s: Scenario, fallback: string): string {
  const name = s.name?.trim() || fallback;
  const preset = PRESETS.find((p) => p.title === name);
  if (!preset) return name;
  const n = settingsChanged(s, preset.scenario).length;
  return n ? `${name} (${n} setting${n === 1 ? '' : 's'} changed)` : name;
}
