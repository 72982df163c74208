import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parsePythonDict, pyToJs, readPythonConfig, MAX_PY_CHARS } from '../../sim-core/scenario/pythonConfig';

/** The incident write-up's staging configuration, as it might be pasted from a settings module. */
const INCIDENT = `
# config/database.py
database_timeout_config = {
    "staging": {
        "initialization_timeout": 75.0,   # was 45.0 (#1263), then 75.0
        "table_setup_timeout": 25.0,
        "connection_timeout": 35.0,
        "pool_timeout": 45.0,
        "health_check_timeout": 20.0,
        'pool_config': {
            'pool_size': 10,
            'max_overflow': 15,
            'pool_timeout': 90.0,
            'vpc_connector_capacity_buffer': 5,
            'cloud_sql_capacity_limit': 100,
            'capacity_safety_margin': 0.8,   # trailing comma next
        },
        "pool_pre_ping": True,
        "ssl": None,
    },
    "production": {"initialization_timeout": 120.0, "pool_config": {"pool_size": 20, "max_overflow": 5}},
}
`;

const fields = (r: ReturnType<typeof readPythonConfig>) => Object.fromEntries(r.applied.map((a) => [a.field, a.value]));

describe('parsePythonDict', () => {
  it('reads Python literals: quotes, comments, trailing commas, True/False/None, tuples, numbers', () => {
    const p = parsePythonDict(`x = {'a': 1, "b": -2.5e1, 'c': (1, 2,), "d": [True, False, None], 'e': 'it\\'s', "f": 1_000, 'g': 0x1F, 'h': """tri
ple""", 'i': 'a' "b", }  # done`);
    expect(p.ok).toBe(true);
    expect(p.ok && pyToJs(p.value)).toEqual({ a: 1, b: -25, c: [1, 2], d: [true, false, null], e: "it's", f: 1000, g: 31, h: 'tri\nple', i: 'ab' });
  });

  it('keeps what is not a literal as source text, without evaluating it', () => {
    const p = parsePythonDict(`{"a": int(os.getenv("X", "5")) * 2, "b": 75.0 * 2, "c": settings.TIMEOUT, "d": 3}`);
    expect(p.ok && pyToJs(p.value)).toEqual({ a: { expression: 'int(os.getenv("X", "5")) * 2' }, b: { expression: '75.0 * 2' }, c: { expression: 'settings.TIMEOUT' }, d: 3 });
  });

  it('reports syntax errors with a line number and never throws', () => {
    expect(parsePythonDict('{"a": 1,\n "b": 2')).toEqual({ ok: false, error: expect.stringMatching(/line 1: the dict .* not closed/) });
    expect(parsePythonDict('{"a": 1,\n "b: 2}')).toEqual({ ok: false, error: expect.stringMatching(/line 2: a string is not closed/) });
    expect(parsePythonDict('{"a" 1}')).toEqual({ ok: false, error: expect.stringMatching(/expected ":"/) });
    expect(parsePythonDict('no dict here')).toEqual({ ok: false, error: expect.stringMatching(/no dict found/) });
    expect(parsePythonDict('{'.repeat(100) + '}'.repeat(100))).toEqual({ ok: false, error: expect.stringMatching(/nested deeper/) });
    expect(parsePythonDict(' '.repeat(MAX_PY_CHARS + 1))).toEqual({ ok: false, error: expect.stringMatching(/too long/) });
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `{${s}}`), fc.string().map((s) => `{"initialization_timeout": ${s}}`)), (text) => {
        expect(() => readPythonConfig(text)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

describe('readPythonConfig', () => {
  it("maps the incident's staging config onto the timeouts and pool settings", () => {
    const r = readPythonConfig(INCIDENT);
    expect(r.ok).toBe(true);
    expect(r.environment).toEqual(['staging']);
    expect(r.environments).toEqual([['staging'], ['production']]);
    expect(fields(r)).toEqual({
      'timeouts.initialization': 75,
      'timeouts.tableSetup': 25,
      'timeouts.connection': 35,
      'timeouts.healthCheck': 20,
      'pool.poolSize': 10,
      'pool.maxOverflow': 15,
      'pool.poolTimeout': 90,
      'cloudSql.maxConnections': 100,
    });
    const ignored = Object.fromEntries(r.ignored.map((i) => [i.key, i.reason]));
    // the top-level pool_timeout loses to pool_config's, and says so
    expect(ignored['staging.pool_timeout']).toMatch(/pool_config\.pool_timeout \(90\.0\)/);
    expect(ignored['staging.pool_config.vpc_connector_capacity_buffer']).toMatch(/no field/);
    expect(ignored['staging.pool_config.capacity_safety_margin']).toMatch(/a planning margin, not a runtime setting; the default of "Connections held by other clients" \(20\) was sized from/);
    expect(ignored['staging.pool_pre_ping']).toMatch(/not modelled/);
    expect(ignored['staging.ssl']).toMatch(/not understood/);
    expect(ignored.production).toMatch(/another environment/);
  });

  it('applies another environment on request, and the outer dict when it holds the settings', () => {
    expect(fields(readPythonConfig(INCIDENT, { environment: 'production' }))).toEqual({ 'timeouts.initialization': 120, 'pool.poolSize': 20, 'pool.maxOverflow': 5 });
    expect(readPythonConfig(INCIDENT, { environment: 'dev' })).toMatchObject({ ok: false, error: expect.stringMatching(/no settings under "dev"/) });
    const flat = readPythonConfig(`{"initialization_timeout": 45.0, "pool_timeout": 30, "max_connections": 200}`);
    expect(flat.environment).toEqual([]);
    expect(fields(flat)).toEqual({ 'timeouts.initialization': 45, 'pool.poolTimeout': 30, 'cloudSql.maxConnections': 200 });
  });

  it('reports values that are not numbers instead of applying them', () => {
    const r = readPythonConfig(`{"initialization_timeout": "75", "connection_timeout": True, "table_setup_timeout": None, "health_check_timeout": get_timeout(), "pool_config": {"pool_size": 5, "max_overflow": "ten", "pool_timeout": 1e400}}`);
    expect(fields(r)).toEqual({ 'pool.poolSize': 5 });
    // Each with the field's range: what a number there could be.
    expect(r.ignored.map((i) => `${i.key}: ${i.reason}`)).toEqual([
      'initialization_timeout: "75" is not a number: Initialization timeout allows 1–1800 s',
      'connection_timeout: True is not a number: Connection timeout allows 0.5–600 s',
      'table_setup_timeout: None is not a number: Table setup timeout allows 0.5–600 s',
      'health_check_timeout: get_timeout() is not a literal number (nothing is evaluated): Health check timeout allows 0.1–600 s',
      'pool_config.max_overflow: "ten" is not a number: max_overflow allows 0–500 connections, whole numbers',
      'pool_config.pool_timeout: 1e400 is past the largest number (about 1.8e308): pool_timeout allows 0.1–3600 s',
    ]);
  });

  it('out-of-range values are mapped as written (the scenario validator names them at the field)', () => {
    expect(fields(readPythonConfig(`{"pool_config": {"pool_size": 900, "max_overflow": -2}}`))).toEqual({ 'pool.poolSize': 900, 'pool.maxOverflow': -2 });
  });

  it('max_overflow -1 is SQLAlchemy\'s "no limit": the largest the model allows, saying so; retry attempts are read', () => {
    const r = readPythonConfig(`{"pool_config": {"max_overflow": -1}, "retry_attempts": 5}`);
    expect(fields(r)).toEqual({ 'pool.maxOverflow': 500, 'retry.attempts': 5 });
    expect(r.applied.find((a) => a.field === 'pool.maxOverflow')?.note).toBe('-1 is SQLAlchemy\'s "no limit": read as 500, the most the model allows');
    expect(r.applied.find((a) => a.field === 'retry.attempts')?.note).toMatch(/^read as the total number of attempts, the first included/);
  });

  it('reads every dict of a settings module: the one named pool_config as the pool, one config joined with it, several as environments', () => {
    // A timeouts dict and the pool's, as a settings module writes them: both read (the second was dropped).
    const module = readPythonConfig('timeouts = {"initialization_timeout": 120, "connection_timeout": 35.0}\n# the pool\npool_config = {"pool_size": 5, "max_overflow": 2}');
    expect(module.ok).toBe(true);
    expect(fields(module)).toEqual({ 'timeouts.initialization': 120, 'timeouts.connection': 35, 'pool.poolSize': 5, 'pool.maxOverflow': 2 });
    expect(module.ignored).toEqual([]);
    // One dict per environment: the staging one by default, the others named as not applied.
    const envs = readPythonConfig('STAGING = {"initialization_timeout": 75.0}\nPRODUCTION = {"initialization_timeout": 120.0}\nRETRIES = [1, {"initialization_timeout": 1}]');
    expect(envs.environments).toEqual([['STAGING'], ['PRODUCTION']]);
    expect(fields(envs)).toEqual({ 'timeouts.initialization': 75 });
    expect(envs.ignored).toEqual([{ key: 'PRODUCTION', value: '{…}', reason: 'another environment: not applied (choose it to apply it instead)' }]);
    expect(fields(readPythonConfig('STAGING = {"initialization_timeout": 75.0}\nPRODUCTION = {"initialization_timeout": 120.0}', { environment: 'PRODUCTION' }))).toEqual({ 'timeouts.initialization': 120 });
    // A dict only inside a call is still read.
    expect(fields(readPythonConfig('config = build({"initialization_timeout": 90})'))).toEqual({ 'timeouts.initialization': 90 });
  });

  it("applies the settings around the environment picked too (a module's pool_config beside its per-environment timeouts), the environment's own winning", () => {
    const text = `pool_config = {'pool_size': 5, 'max_overflow': 2, 'pool_timeout': 30, 'pool_recycle': 1800}
database_timeout_config = {"staging": {"initialization_timeout": 90, "connection_timeout": 20, "max_retries": 5},
                           "production": {"initialization_timeout": 120, "pool_config": {"pool_size": 20}}}`;
    const staging = readPythonConfig(text);
    expect(staging.environment).toEqual(['staging']);
    expect(fields(staging)).toEqual({ 'timeouts.initialization': 90, 'timeouts.connection': 20, 'retry.attempts': 6, 'pool.poolSize': 5, 'pool.maxOverflow': 2, 'pool.poolTimeout': 30 });
    expect(staging.applied.find((a) => a.field === 'retry.attempts')).toMatchObject({ key: 'staging.max_retries', note: '5 retries after the first attempt: read as 6 attempts' });
    expect(staging.ignored.map((i) => i.key)).toEqual(['pool_config.pool_recycle', 'production']);
    const production = readPythonConfig(text, { environment: 'production' });
    expect(fields(production)).toEqual({ 'timeouts.initialization': 120, 'pool.poolSize': 20, 'pool.maxOverflow': 2, 'pool.poolTimeout': 30 });
    expect(production.ignored.find((i) => i.key === 'pool_config.pool_size')?.reason).toBe('pool_size is already set from production.pool_config.pool_size');
    // The outer dict alone, on request.
    expect(fields(readPythonConfig(text, { environment: [] }))).toEqual({ 'pool.poolSize': 5, 'pool.maxOverflow': 2, 'pool.poolTimeout': 30 });
  });

  it('names the key a misspelt one most likely meant, inside pool_config too; a key like none is only not understood', () => {
    const r = readPythonConfig(`{"initialisation_timeout": 75, "pool_size": 5, "pool_config": {"pool_sise": 3, "foo": 1}}`);
    expect(r.ignored.map((i) => `${i.key}: ${i.reason}`)).toEqual([
      'initialisation_timeout: not understood: no scenario field has this name (did you mean initialization_timeout?)',
      'pool_config.pool_sise: not understood: no scenario field has this name (did you mean pool_size?)',
      'pool_config.foo: not understood: no scenario field has this name',
    ]);
  });

  it('says so when nothing can be used', () => {
    expect(readPythonConfig('{"colour": "red"}')).toMatchObject({ ok: false, error: expect.stringMatching(/none of the settings/) });
    expect(readPythonConfig('{"initialization_timeout": None}')).toMatchObject({ ok: false, error: 'no setting could be applied' });
    expect(readPythonConfig('')).toMatchObject({ ok: false });
  });
});
