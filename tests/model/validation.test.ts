/**
 * Scenario validation, the one entry point for untrusted scenarios: every problem reported at once, each
 * naming the field's path, the offending value and the allowed range (from the schema's own metadata).
 */
import { describe, expect, it } from 'vitest';
import { FIELDS, rangeText, switchesOf } from '../../sim-core/scenario/catalogue';
import { unusedBecause } from '../../sim-core/scenario/capacity';
import { READABLE_VERSIONS, SCENARIO_VERSION } from '../../sim-core/scenario/schema';
import { formatIssues, validateScenario, type ScenarioIssue } from '../../sim-core/scenario/validate';

function issuesOf(input: unknown): ScenarioIssue[] {
  const v = validateScenario(input);
  if (v.ok) throw new Error('expected the scenario to be rejected');
  return v.issues;
}
const byPath = (issues: ScenarioIssue[], path: string) => issues.filter((i) => i.path === path);

describe('out-of-range values', () => {
  it('name the path, the value and the allowed range with its unit', () => {
    const [issue] = issuesOf({ version: 1, wave: { containers: 9000 } });
    expect(issue.path).toBe('wave.containers');
    expect(issue.message).toContain('9000');
    // Range from the schema: wave.containers is 1–5000 containers, whole numbers.
    expect(issue.message).toContain('1–5000 containers');
    expect(formatIssues([issue])).toBe('wave.containers: 9000 is out of range: allowed 1–5000 containers, whole numbers');
  });

  it('a fraction where a whole number is required', () => {
    const [issue] = issuesOf({ version: 1, pool: { poolSize: 2.5 } });
    expect(issue.path).toBe('pool.poolSize');
    expect(issue.message).toMatch(/2\.5.*whole number.*1–500 connections/);
  });

  it('a wrong type names the value and the range', () => {
    const [issue] = issuesOf({ version: 1, cloudSql: { maxConnections: 'lots' } });
    expect(issue.path).toBe('cloudSql.maxConnections');
    expect(issue.message).toContain('"lots"');
    expect(issue.message).toContain('5–100000');
  });

  it('a missing parameter names its range too', () => {
    expect(issuesOf({ version: 2, wave: { pattern: { kind: 'batches', size: 5 } } })).toEqual([{ path: 'wave.pattern.interval', message: 'is required (number, allowed 0–3600 s)' }]);
  });

  it('one wording of a range for messages, the explore tools, the Python reader and the form', () => {
    expect(rangeText({ min: 1, max: 5000, integer: true, unit: 'containers' })).toBe('1–5000 containers, whole numbers');
    expect(rangeText({ min: 0, max: 3600, minExclusive: true, unit: 's' })).toBe('above 0 and up to 3600 s');
    expect(rangeText({ min: 5, max: 100000 }, (x) => x.toLocaleString('en-US'))).toBe('5–100,000');
  });

  it('an unknown choice lists the allowed ones', () => {
    const [issue] = issuesOf({ version: 1, phase3: { connectionMode: 'eager' } });
    expect(issue.path).toBe('phase3.connectionMode');
    expect(issue.message).toBe('"eager" is not allowed: choose one of "warm-pool", "lazy"');
  });

  it('inside a distribution: the nested path and the bound', () => {
    const issues = issuesOf({ version: 1, phases: { init: { kind: 'constant', value: -1 } } });
    expect(issues).toEqual([{ path: 'phases.init.value', message: '-1 is out of range: allowed 0–3600 s' }]);
    // an open bound says so
    expect(issuesOf({ version: 1, phases: { init: { kind: 'lognormal', median: 0, p95: 1 } } })).toEqual([
      { path: 'phases.init.median', message: '0 is out of range: allowed above 0 and up to 3600 s' },
    ]);
  });

  it('cross-field rules name the field and the other value', () => {
    const issues = issuesOf({ version: 1, connector: { minInstances: 5, maxInstances: 4 }, retry: { base: 5, cap: 1 } });
    expect(byPath(issues, 'connector.maxInstances')[0].message).toBe('4 must be greater than min instances (5): allowed 6–10 instances here');
    expect(byPath(issues, 'retry.cap')[0].message).toBe('1 must be ≥ backoff base (5 s): allowed 5–600 s here');
    // A flagged field the scenario leaves out holds its default, which the message says nobody wrote.
    expect(issuesOf({ version: 2, retry: { base: 20 } })).toEqual([
      { path: 'retry.cap', message: '10 (the default: the scenario does not set it) must be ≥ backoff base (20 s): allowed 20–600 s here' },
    ]);
    // Without a Serverless VPC Access connector the instances are not read: their pair blocks nothing.
    expect(validateScenario({ version: 2, connector: { mode: 'none', minInstances: 5, maxInstances: 4 } }).ok).toBe(true);
    // A restart cap below the first wait would shorten every wait to it (the form showing 10 s, restarts waiting 1 s).
    expect(issuesOf({ version: 2, restart: { initialBackoff: 10, cap: 1 } })).toEqual([{ path: 'restart.cap', message: '1 must be ≥ initial restart backoff (10 s): allowed 10–3600 s here' }]);
    expect(validateScenario({ version: 2, restart: { enabled: false, initialBackoff: 10, cap: 1 } }).ok).toBe(true);
    expect(validateScenario({ version: 2, restart: { initialBackoff: 10, cap: 10 } }).ok).toBe(true);
    // Under the policy none there is no backoff: its pair is not read, and blocks nothing.
    expect(validateScenario({ version: 2, retry: { policy: 'none', base: 5, cap: 1 } }).ok).toBe(true);
  });

  it('the switches of a draft, as the form reads them while another field is invalid: each where it holds one of its values', () => {
    expect(switchesOf({ connector: { mode: 'none' }, phase3: { connectionMode: 'lazy' }, retry: { policy: 'none' }, restart: { enabled: false }, wave: { containers: 'x' } })).toEqual({
      connector: { mode: 'none' }, phase3: { connectionMode: 'lazy' }, retry: { policy: 'none' }, restart: { enabled: false },
    });
    expect(switchesOf({ connector: { mode: 'none' }, retry: { policy: 'nope' }, restart: { enabled: 'no' } })).toEqual({ connector: { mode: 'none' } });
    // Without a valid egress nothing is marked.
    expect(switchesOf({ connector: { mode: 'vpn' } })).toBeNull();
    expect(switchesOf(null)).toBeNull();
    expect(unusedBecause('retry.cap', switchesOf({ connector: { mode: 'none' }, retry: { policy: 'none' } })!)).toBe('the backoff policy none makes one attempt per connection');
  });

  it('every numeric field reports its own range', () => {
    for (const f of FIELDS.values()) {
      if (f.kind !== 'number') continue;
      const over = f.meta.max! + 1;
      const [group, key] = f.path;
      const issues = issuesOf({ version: 1, [group]: { [key]: over } });
      // (One issue per field: a cross-field rule is not checked against a value out of its own range.)
      const range = byPath(issues, f.key).filter((i) => i.message.includes(`${f.meta.min}–${f.meta.max}`));
      expect(range, f.key).toHaveLength(1);
      expect(range[0].message, f.key).toContain(`${over} is out of range`);
    }
  });
});

describe('field labels', () => {
  it('name one field each: the what-if lists, warnings and comparisons show them without their section', () => {
    const byLabel = new Map<string, string[]>();
    for (const f of FIELDS.values()) byLabel.set(f.meta.label, [...(byLabel.get(f.meta.label) ?? []), f.key]);
    expect([...byLabel.values()].filter((keys) => keys.length > 1)).toEqual([]);
  });
});

describe('knock-on issues', () => {
  it('a replication count out of range is one issue, not also "detailReplication must be < replications (0)"', () => {
    const issues = issuesOf({ version: 1, simulation: { replications: 0 } });
    expect(issues.map((i) => i.path)).toEqual(['simulation.replications']);
  });

  it('max_connections out of range is one issue, not also "-8 usable" on other clients and reserved', () => {
    expect(issuesOf({ version: 2, cloudSql: { maxConnections: -5 } })).toEqual([
      { path: 'cloudSql.maxConnections', message: '-5 is out of range: allowed 5–100000 connections, whole numbers' },
    ]);
  });

  it('a value both out of range and not whole is one issue', () => {
    expect(issuesOf({ version: 2, cloudSql: { maxConnections: 2.5 } })).toEqual([
      { path: 'cloudSql.maxConnections', message: '2.5 is out of range: allowed 5–100000 connections, whole numbers' },
    ]);
  });
});

describe('the connection budget', () => {
  it('max_connections inside its range but below what others hold names its effective minimum', () => {
    // other clients 20 + reserved 3 (the defaults): 23 is the least max_connections that admits them.
    const issues = issuesOf({ version: 2, cloudSql: { maxConnections: 22 } });
    expect(byPath(issues, 'cloudSql.maxConnections')[0].message).toBe(
      "22 must be at least 23 here: other clients (20) + running containers' connections (0 × 10) + reserved (3)",
    );
    // The other side of the rule says so too, since raising it is as likely the user's change.
    expect(byPath(issues, 'cloudSql.otherClients')[0].message).toContain('= 20 exceed the 19 usable Cloud SQL connections');
    expect(validateScenario({ version: 2, cloudSql: { maxConnections: 23 } }).ok).toBe(true);
  });

  it('counts running containers and is not checked past an invalid reserved count', () => {
    const issues = issuesOf({ version: 2, wave: { runningContainers: 10, runningConnectionsEach: 10 }, cloudSql: { maxConnections: 100 } });
    expect(byPath(issues, 'cloudSql.maxConnections')[0].message).toMatch(/^100 must be at least 123 here/);
    expect(issuesOf({ version: 2, cloudSql: { maxConnections: 10, reservedConnections: 10 } })).toEqual([
      { path: 'cloudSql.reservedConnections', message: '10 must be < max_connections (10): allowed 0–9 connections here' },
    ]);
  });
});

describe('several problems', () => {
  it('are all reported together', () => {
    const issues = issuesOf({
      version: 1,
      wave: { containers: 0, jitter: -1 },
      pool: { poolSize: 2.5 },
      cloudSql: { maxConnections: 'x' },
      timeouts: { initialization: 0 },
    });
    expect(issues.map((i) => i.path).sort()).toEqual(
      ['cloudSql.maxConnections', 'pool.poolSize', 'timeouts.initialization', 'wave.containers', 'wave.jitter'],
    );
    const text = formatIssues(issues);
    expect(text.split('\n')).toHaveLength(5);
  });

  it('a fraction where a whole number is required hides no other problem, cross-field rules included', () => {
    const issues = issuesOf({
      version: 2,
      simulation: { seed: 0.5, replications: 10, detailReplication: 50 },
      wave: { pattern: { kind: 'batches', size: 2.5, interval: 10 } },
      pool: { poolSize: 2.5 },
      connector: { minInstances: 5, maxInstances: 4 },
      retry: { base: 20, cap: 5 },
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'connector.maxInstances', 'pool.poolSize', 'retry.cap', 'simulation.detailReplication', 'simulation.seed', 'wave.pattern.size',
    ]);
    expect(byPath(issues, 'wave.pattern.size')[0].message).toBe('2.5 is not a valid whole number: allowed 1–5000 containers, whole numbers');
  });

  it('a range error and a cross-field error come together', () => {
    const issues = issuesOf({ version: 1, wave: { containers: 0 }, connector: { minInstances: 5, maxInstances: 4 } });
    expect(issues.map((i) => i.path).sort()).toEqual(['connector.maxInstances', 'wave.containers']);
  });
});

describe('unknown fields', () => {
  it('are rejected, at the top level and inside a group, by name', () => {
    const issues = issuesOf({ version: 1, wave: { containers: 5, bogus: 1 }, extra: 2 });
    expect(byPath(issues, 'wave')[0].message).toBe('unknown field "bogus": allowed fields are containers, pattern, jitter, runningContainers, runningConnectionsEach');
    expect(byPath(issues, '')[0].message).toBe(
      'unknown field "extra": allowed fields are version, name, wave, phases, phase3, pool, connector, cloudSql, timeouts, retry, restart, simulation',
    );
  });

  it('a misspelt one names the field it likely meant', () => {
    const issues = issuesOf({ version: 2, wave: { containerz: 5 }, timeout: {} });
    expect(byPath(issues, 'wave')[0].message).toBe('unknown field "containerz" (did you mean containers?): allowed fields are containers, pattern, jitter, runningContainers, runningConnectionsEach');
    expect(byPath(issues, '')[0].message).toMatch(/^unknown field "timeout" \(did you mean timeouts\?\): allowed fields are version, /);
  });

  it('inside a distribution too', () => {
    const issues = issuesOf({ version: 1, phases: { init: { kind: 'constant', value: 1, sd: 2 } } });
    expect(issues[0].path).toBe('phases.init');
    expect(issues[0].message).toBe('unknown field "sd": allowed fields are kind, value');
  });
});

describe('a number written as text', () => {
  it('says it is in quotes and how a scenario writes it; other text is only refused', () => {
    expect(issuesOf({ version: 2, wave: { containers: '12' }, pool: { poolSize: ' 2.5e1 ' } })).toEqual([
      { path: 'wave.containers', message: '"12" is not a valid number (a number in quotes is text: a scenario writes it without them, 12; typed again in the form it is read as a number): allowed 1–5000 containers, whole numbers' },
      { path: 'pool.poolSize', message: '" 2.5e1 " is not a valid number (a number in quotes is text: a scenario writes it without them, 25; typed again in the form it is read as a number): allowed 1–500 connections, whole numbers' },
    ]);
    expect(issuesOf({ version: 2, wave: { containers: '1e999' } })[0].message).not.toContain('in quotes');
  });
});

describe('versions', () => {
  it('a missing version is required', () => {
    expect(issuesOf({})).toEqual([{ path: 'version', message: `is required (current version is ${SCENARIO_VERSION})` }]);
  });

  it('a scenario that only lacks its version is also checked as the current version: every problem at once', () => {
    expect(issuesOf({ wave: { containers: 0 }, pool: { poolSize: 'ten' } })).toEqual([
      { path: 'version', message: `is required (current version is ${SCENARIO_VERSION})` },
      { path: 'wave.containers', message: '0 is out of range: allowed 1–5000 containers, whole numbers' },
      { path: 'pool.poolSize', message: '"ten" is not a valid number: allowed 1–500 connections, whole numbers' },
    ]);
  });

  it('a future or malformed version is rejected by value', () => {
    expect(issuesOf({ version: SCENARIO_VERSION + 1 })[0]).toEqual({
      path: 'version',
      message: `${SCENARIO_VERSION + 1} is not a known version (written by a newer bootstorm): this bootstorm reads ${READABLE_VERSIONS}`,
    });
    expect(issuesOf({ version: '1' })[0].message).toContain('"1" is not a known version');
    expect(issuesOf({ version: 0.5 })[0].path).toBe('version');
  });

  it('something that is not an object is not a scenario', () => {
    for (const x of [null, 3, 'scenario', [1]]) expect(issuesOf(x)[0].message).toBe('a scenario must be a JSON object');
  });

  it('the minimal valid scenario is the version alone', () => {
    expect(validateScenario({ version: SCENARIO_VERSION }).ok).toBe(true);
  });
});

describe('rules across fields, beside other problems', () => {
  it('an emptied entry is said to be empty, with what to enter', () => {
    expect(issuesOf({ version: 2, wave: { containers: '  ' } })).toEqual([{ path: 'wave.containers', message: 'is empty: expected a number (allowed 1–5000 containers, whole numbers)' }]);
  });

  it('a p95 below its median names both, the value first as every message does', () => {
    expect(issuesOf({ version: 2, phases: { init: { kind: 'lognormal', median: 10, p95: 4 } } })).toEqual([{ path: 'phases.init.p95', message: '4 must be ≥ the median (10 s): allowed 10–3600 s here' }]);
  });

  it('a distribution bound out of range is one issue, not also "p95 must be ≥ median"', () => {
    expect(issuesOf({ version: 2, phases: { init: { kind: 'lognormal', median: 9999, p95: 30 } } }).map((i) => i.path)).toEqual(['phases.init.median']);
  });

  it('still apply while another field holds text, and never read a group that is not an object', () => {
    const issues = issuesOf({ version: 2, wave: { containers: 'abc' }, cloudSql: { maxConnections: 10 } });
    expect(issues.map((i) => i.path)).toEqual(['wave.containers', 'cloudSql.maxConnections', 'cloudSql.otherClients']);
    expect(issuesOf({ version: 2, wave: null, cloudSql: { maxConnections: 10 } }).map((i) => i.path)).toEqual(['wave']);
    expect(issuesOf({ version: 2, cloudSql: 'x', connector: { minInstances: 5, maxInstances: 4 } }).map((i) => i.path)).toEqual(['cloudSql', 'connector.maxInstances']);
  });
});
