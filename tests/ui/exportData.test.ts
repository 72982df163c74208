import { describe, expect, it } from 'vitest';
import { BAND_SERIES, GRID_INTERVALS, STATE_SERIES } from '../../sim-core/model/replication';
import { validateResultsFile } from '../../sim-core/results/resultsFile';
import { summarize } from '../../sim-core/results/summary';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import { validateScenario } from '../../sim-core/scenario/validate';
import { recordsCsv, resultsFileJson, resultsJson, scenarioJson, timeSeriesCsv } from '../../src/lib/exportData';
import { csvCell } from '../../sim-core/report/csv';
import { slug } from '../../src/lib/download';

const s = structuredClone(presetById('incident-1278-staging')!.scenario);
s.simulation.replications = 12;
s.simulation.detailReplication = 3;
const result = summarize(runRange(s, 0, 12), s);

describe('exports', () => {
  it('results JSON is what the CLI prints with --json (one line, newline-terminated)', () => {
    const text = resultsJson(result);
    expect(text).toBe(`${JSON.stringify(result)}\n`);
    expect(JSON.parse(text)).toEqual(result);
  });

  it('the results file and the scenario file read back', () => {
    const r = validateResultsFile(JSON.parse(resultsFileJson(s, result)));
    expect(r.ok && r.file.result).toEqual(result);
    expect(validateScenario(JSON.parse(scenarioJson(s)))).toEqual({ ok: true, scenario: s });
  });

  it('time-series CSV: t, every band mean/p10/p90, every state; one row per grid point', () => {
    const lines = timeSeriesCsv(result).trim().split('\n');
    const head = lines[0].split(',');
    expect(head[0]).toBe('t_s');
    expect(head).toHaveLength(1 + BAND_SERIES.length * 3 + STATE_SERIES.length);
    expect(head).toContain('cloudSqlConnections_p90');
    expect(head).toContain('state_healthy');
    expect(lines).toHaveLength(GRID_INTERVALS + 2);
    const row = lines[5].split(',').map(Number);
    expect(row[0]).toBe(result.timeSeries.t[4]);
    expect(row[head.indexOf('cloudSqlConnections_mean')]).toBe(result.timeSeries.bands.cloudSqlConnections.mean[4]);
  });

  it('start records CSV: one row per start attempt of the replication shown in detail', () => {
    const lines = recordsCsv(result).trim().split('\n');
    expect(lines[0]).toMatch(/^replication,container,attempt,start_s,phase1_end_s/);
    expect(lines).toHaveLength(1 + result.detail!.records.length);
    // Attempts count from 1, as on the swimlane: container 0's first start is attempt 1.
    expect(lines[1].startsWith('3,0,1,')).toBe(true);
    // Times to the nanosecond, without float noise: no cell carries more than 9 decimals.
    expect(lines.slice(1).flatMap((l) => l.split(',')).filter((c) => /\.\d{10,}/.test(c))).toEqual([]);
  });

  it('CSV cells quote text that needs it and never start a formula', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"=HYPERLINK(""x"")"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(-1.5)).toBe('-1.5');
  });

  it('file names are slugs', () => {
    expect(slug('Incident #1278 — staging, 75 s')).toBe('incident-1278-staging-75-s');
    expect(slug('<script>')).toBe('script');
    expect(slug('???')).toBe('scenario');
    // Long titles are cut between words, never inside one.
    expect(slug('Mitigated — lazy connections, budgeted pools, jitter, backoff (2 settings changed)')).toBe('mitigated-lazy-connections-budgeted-pools-jitter-backoff-2');
    expect(slug('x'.repeat(80))).toBe('x'.repeat(60));
  });
});
