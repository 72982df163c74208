/**
 * Two configurations the model runs as written but an SRE would not mean: containers already running (their tables
 * exist) with a table-setup race the model still lets the wave lose; Direct VPC egress that warms up no sooner than
 * a connect attempt times out.
 */
import { describe, expect, it } from 'vitest';
import { presetById } from '../../sim-core/scenario/presets';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';
import { merge, scenarioOf } from '../helpers/scenario';

const incident = presetById('incident-1278-staging')!.input;
const warning = (id: string, over: object) => scenarioWarnings(scenarioOf(merge(incident, over))).find((w) => w.id === id);

describe('race-with-running warning', () => {
  it('names the running containers and the race probability, and is gone at race 0 or with none running', () => {
    const w = warning('race-with-running', { wave: { runningContainers: 3 } });
    expect(w?.message).toBe(
      "3 containers already run, so their table setup has created the tables, yet the wave's table setups can lose the CREATE TABLE race (probability 0.02): bootstorm starts every wave without tables. Set the race probability to 0, unless this wave's revision adds tables.",
    );
    expect(w?.fields).toEqual(['phase3.tableSetupRace', 'wave.runningContainers']);
    expect(warning('race-with-running', { wave: { runningContainers: 3 }, phase3: { tableSetupRace: 0 } })).toBeUndefined();
    expect(warning('race-with-running', {})).toBeUndefined();
  });
});

describe('egress-warmup warning', () => {
  it('fires when the warm-up is not shorter than the connection timeout, with Direct VPC egress only', () => {
    const w = warning('egress-warmup', { connector: { mode: 'direct-vpc-egress', directVpcWarmup: 40 } });
    expect(w?.message).toMatch(/^Direct VPC egress carries connections only 40 s after a container starts, not sooner than the 35 s connection timeout/);
    expect(warning('egress-warmup', { connector: { mode: 'direct-vpc-egress', directVpcWarmup: 35 } })).toBeDefined();
    expect(warning('egress-warmup', { connector: { mode: 'direct-vpc-egress', directVpcWarmup: 34 } })).toBeUndefined();
    expect(warning('egress-warmup', { connector: { mode: 'serverless-vpc-access', directVpcWarmup: 40 } })).toBeUndefined();
  });
});
