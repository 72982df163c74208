/**
 * The Explore panel's command line (src/lib/cliCommand.ts) computes what the page computes: each kind's command,
 * run as a user runs it, prints the numbers the page's planner gives for the same settings (the page's defaults
 * differ from the CLI's, so the command must carry every one of them).
 */
import { describe, expect, it } from 'vitest';
import { cliArgsFor, cliCommandFor, scenarioArgument } from '../../src/lib/cliCommand';
import { planExplore } from '../../src/lib/explorePlan';
import type { CheckedSettings } from '../../src/lib/exploreSettings';
import { drive, inProcessExecutor } from '../../sim-core/explore/work';
import { presetById } from '../../sim-core/scenario/presets';
import { decodeScenario } from '../../sim-core/scenario/link';
import { runCli } from '../helpers/cli';
import { CHEAP, cheap } from './fixtures';

/** What the page shows for `settings` on `base`: the planner it builds, run in this process. */
async function onThePage(settings: CheckedSettings, base = CHEAP) {
  const plan = planExplore(settings, base, 100);
  if (!plan.ok) throw new Error(plan.message);
  await drive(plan.value.planner, inProcessExecutor);
  return plan.value.read();
}

async function fromTheCli(settings: CheckedSettings, base = CHEAP) {
  const r = await runCli([...cliArgsFor(settings, base), '--json', '--workers', '1']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const rate = (p: { value?: number; replications: number; starts: number; breaches: number; breachCi95: number[] }) => [p.value, p.replications, p.starts, p.breaches, p.breachCi95];

describe('the Explore command line', () => {
  it('names a preset unchanged, else the share link data the CLI reads back as the same scenario', () => {
    const incident = presetById('incident-1278-staging')!.scenario;
    expect(scenarioArgument(incident)).toBe('incident-1278-staging');
    const arg = scenarioArgument(CHEAP);
    const d = decodeScenario(arg);
    expect(d.ok && d.scenario).toEqual(CHEAP);
    expect(cliCommandFor({ kind: 'precision', rule: { halfWidth: 0.01, maxReplications: 500, initialReplications: 200 } }, incident)).toBe(
      'npm run -s sim -- incident-1278-staging --half-width 0.01 --max-replications 500',
    );
    // A name with a quote in it is inside the link's data, never a shell word of its own.
    expect(cliCommandFor({ kind: 'precision', rule: { halfWidth: 0.01, maxReplications: 500, initialReplications: 200 } }, { ...CHEAP, name: "Bob's; rm -rf" })).toMatch(/^npm run -s sim -- 2\.[\w-]+ --half-width/);
  });

  it('a sweep (adaptive) and a heatmap (fixed): the same points', async () => {
    const sweep: CheckedSettings = {
      kind: 'sweep', axis: { field: 'timeouts.initialization', from: 2, to: 20, steps: 3, scale: 'linear' },
      policy: { halfWidth: 0.05, maxReplications: 120, initialReplications: 120 }, metric: 'containers.healthyByHorizon',
    };
    const [page, cli] = await Promise.all([onThePage(sweep), fromTheCli(sweep)]);
    if (page.kind !== 'sweep') throw new Error(page.kind);
    expect(cli.points.map(rate)).toEqual(page.result.points.map((p) => (p.ok ? rate(p) : null)));
    expect(cli.points.map((p: { metrics: Record<string, number> }) => p.metrics['containers.healthyByHorizon'])).toEqual(page.result.points.map((p) => (p.ok ? p.metrics['containers.healthyByHorizon'] : null)));

    const heat: CheckedSettings = {
      kind: 'heatmap', x: { field: 'timeouts.initialization', from: 2, to: 20, steps: 2, scale: 'linear' }, y: { field: 'wave.containers', from: 2, to: 4, steps: 2, scale: 'linear' },
      target: 0.05, policy: 30,
    };
    const [pageH, cliH] = await Promise.all([onThePage(heat), fromTheCli(heat)]);
    if (pageH.kind !== 'heatmap') throw new Error(pageH.kind);
    expect(cliH.rates).toEqual(pageH.result.rates);
  });

  it('a solve with the page’s own defaults (100 to 800 replications a probe, budget 10,000): the same answer and probes', async () => {
    const solve: CheckedSettings = {
      kind: 'solve', field: 'timeouts.initialization', direction: 'min', target: 0.05, from: 2, to: 30,
      initialReplications: 100, maxReplications: 800, budget: 10_000,
    };
    const [page, cli] = await Promise.all([onThePage(solve), fromTheCli(solve)]);
    if (page.kind !== 'solve') throw new Error(page.kind);
    expect(cli.answer).toBe(page.result.answer);
    expect(cli.evaluations.map((e: { value: number; replications: number }) => [e.value, e.replications])).toEqual(
      page.result.evaluations.map((e) => [e.value, e.verdict === 'invalid' ? undefined : e.replications]),
    );
  });

  it('a sensitivity and a run to a precision goal: the same numbers', async () => {
    const base = cheap({ simulation: { replications: 40 } });
    const sens: CheckedSettings = { kind: 'sensitivity', step: 0.2, metric: 'phase3.breachRate', policy: 40 };
    const [page, cli] = await Promise.all([onThePage(sens, base), fromTheCli(sens, base)]);
    if (page.kind !== 'sensitivity') throw new Error(page.kind);
    expect(cli.rows.map((r: { field: string; valueLow: number | null; valueHigh: number | null }) => [r.field, r.valueLow, r.valueHigh])).toEqual(
      page.result.rows.map((r) => [r.field, r.valueLow, r.valueHigh]),
    );

    const precision: CheckedSettings = { kind: 'precision', rule: { halfWidth: 0.05, maxReplications: 300, initialReplications: 200 } };
    const [pageP, cliP] = await Promise.all([onThePage(precision), fromTheCli(precision)]);
    if (pageP.kind !== 'precision') throw new Error(pageP.kind);
    expect([cliP.replications, cliP.phase3.breachRate, cliP.adaptive.reached]).toEqual([pageP.result.replications, pageP.result.summary.phase3.breachRate, pageP.result.reached]);
  });
});
