// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { buildResultsFile, type PartialInfo } from '../../sim-core/results/resultsFile';
import { probeKillsText, summarize, type SimulationResult } from '../../sim-core/results/summary';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { QuantileSketch } from '../../sim-core/stats/sketch';
import { createAppStore, type AppStore } from '../../src/store';
import { ecdfOf, missingFrom, partialReasons, type ResultView } from '../../src/store/resultsSlice';
import { resultsFileJson, resultsJson } from '../../src/lib/exportData';
import { buildReportMarkdown } from '../../src/lib/report';
import { replicationRangeText } from '../../sim-core/results/shard';
import { firstAttemptText, HeadlineCards } from '../../src/components/results/HeadlineCards';
import { fmtPct } from '../../src/lib/format';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { SimPool } from '../../src/worker/pool';
import { horizonCutIn, truncatedIn, type ExploreData } from '../../src/lib/explorePlan';

const small = (reps = 20): Scenario => {
  const s = structuredClone(presetById('incident-1278-staging')!.scenario);
  s.simulation.replications = reps;
  return s;
};

const stores: AppStore[] = [];
afterEach(() => {
  cleanup();
  for (const s of stores.splice(0)) s.getState().cancelRun();
});

function make() {
  const pool = new SimPool({ factory: inProcessWorkerFactory, size: 2, blockSize: 10 });
  const run = vi.spyOn(pool, 'run');
  const estimate = vi.spyOn(pool, 'estimate');
  const store = createAppStore({ pool, debounceMs: 5, throttleMs: 0 });
  stores.push(store);
  return { store, run, estimate };
}

async function until(cond: () => boolean, ms = 30_000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const notice = (store: AppStore, id: string) => store.getState().notices.find((n) => n.id === id);

describe('the ECDF in one pass', () => {
  it('equals sketch.quantile at every level (incident run, and edge cases)', () => {
    const agg = runRange(small(30), 0, 30);
    const sk = agg.phase3Duration;
    const pts = ecdfOf(agg);
    expect(pts).toHaveLength(201);
    pts.slice(1).forEach((pt) => expect(pt.t).toBe(sk.quantile(pt.p)));
    const levels = pts.slice(1).map((pt) => pt.p);
    for (const values of [[0], [0, 0, 0, 5], [0.0001, 0.0002, 3], [1, 2, 3, 4, 1000], [7]]) {
      const s = new QuantileSketch({ relativeAccuracy: 0.001 });
      for (const v of values) s.add(v);
      expect(s.quantiles(levels)).toEqual(levels.map((q) => s.quantile(q)));
    }
    expect(new QuantileSketch().quantiles([0, 0.5])).toEqual([Number.NaN, Number.NaN]);
    expect(() => new QuantileSketch().quantiles([0.5, 0.4])).toThrow('ascending');
  });
});

describe('open a results file', () => {
  it('shows its numbers as they are, with its scenario loaded, without running; the first edit runs it here', async () => {
    const { store, run, estimate } = make();
    const s = small(20);
    s.wave.containers = 10;
    const result = summarize(runRange(s, 0, 20), s);
    const file = buildResultsFile(s, result);
    store.getState().setExploreTab('explore');
    const checkpoint = store.getState().checkpoint;
    expect(store.getState().importScenarioText(JSON.stringify(file), 'merged.json')).toBe(true);
    const st = store.getState();
    expect(JSON.stringify(st.result!.summary)).toBe(JSON.stringify(result));
    expect(st.result!.file).toEqual({ name: 'merged.json', partial: null });
    expect(st.result!.ecdfFrom).toBe('histogram');
    expect(st.draft).toEqual(s);
    expect(st.status).toBe('done');
    expect(st.stale).toBe(false);
    expect(st.exploreTab).toBe('results');
    expect(st.checkpoint).toBeGreaterThan(checkpoint);
    expect(notice(store, 'file')!.title).toBe(`Showing results from merged.json: 20 replications, seed ${s.simulation.seed}`);
    await new Promise((r) => setTimeout(r, 50)); // nothing is scheduled
    expect(run).not.toHaveBeenCalled();
    expect(estimate).not.toHaveBeenCalled();
    // An edit: the notice goes and the scenario runs here.
    store.getState().setNumberText(['wave', 'containers'], '11');
    expect(notice(store, 'file')).toBeUndefined();
    await until(() => store.getState().status === 'done' && !store.getState().stale);
    expect(run).toHaveBeenCalledTimes(1);
    expect(store.getState().result!.file).toBeUndefined();
  });

  it('a run in flight is cancelled and never lands over the file', async () => {
    const { store } = make();
    store.getState().setNumberText(['simulation', 'replications'], '300');
    await until(() => store.getState().status === 'running');
    const s = small(10);
    store.getState().importScenarioText(JSON.stringify(buildResultsFile(s, summarize(runRange(s, 0, 10), s))), 'one.results.json');
    await new Promise((r) => setTimeout(r, 300));
    expect(store.getState().result!.file?.name).toBe('one.results.json');
    expect(store.getState().result!.summary.replications).toBe(10);
  });

  it("the breach card gives the first attempts' rate with its interval, as the CLI does", () => {
    const { store } = make();
    const s = small(10);
    const sum = summarize(runRange(s, 0, 10), s);
    const f = sum.phase3.firstAttempt;
    expect(store.getState().importScenarioText(JSON.stringify(buildResultsFile(s, sum)), 'first.json')).toBe(true);
    render(<HeadlineCards view={store.getState().result!} />);
    expect(f.breachCi95[0]).toBeLessThan(f.breachRate);
    expect(screen.getByTestId('breach-card').textContent).toContain(`first attempts ${fmtPct(f.breachRate)} (CI ${fmtPct(f.breachCi95[0])}–${fmtPct(f.breachCi95[1])})`);
    expect(firstAttemptText({ ...f, starts: 0 })).toBe('—');
  });

  it('the breach card names the starts the startup probe killed outside Phase 3, counted in all (a few over many waves read "0 per wave")', () => {
    const { store } = make();
    const s = small(10);
    // A 3 s probe kills most starts in phases 1–2, before Phase 3.
    s.timeouts.startupProbe = 3;
    const sum = summarize(runRange(s, 0, 10), s);
    expect(sum.killedOutsidePhase3).toBeGreaterThan(0);
    expect(store.getState().importScenarioText(JSON.stringify(buildResultsFile(s, sum)), 'probe.json')).toBe(true);
    render(<HeadlineCards view={store.getState().result!} />);
    expect(screen.getByTestId('probe-kills').textContent).toContain(`killed ${probeKillsText(sum)} over 10 waves: they failed without a Phase 3 breach`);
  });

  it('a partial merge is flagged: the notice, the banner text and the cards', () => {
    const { store } = make();
    const s = small(20);
    const partial: PartialInfo = { replications: 10, of: 20, missing: [[10, 20]], missingShards: [2], shardCount: 2 };
    const file = buildResultsFile(s, summarize(runRange(s, 0, 10), s), partial);
    expect(store.getState().importScenarioText(JSON.stringify(file), 'merged.json')).toBe(true);
    const n = notice(store, 'file')!;
    expect(n.tone).toBe('warning');
    expect(n.title).toBe(`Showing results from merged.json: 10 replications, seed ${s.simulation.seed} — a partial merge (10 of 20)`);
    const view = store.getState().result!;
    expect(partialReasons(view)).toEqual(['This merge lacks shard 2 of 2 (replications 10–19): the numbers cover 10 of 20 replications.']);
    render(<HeadlineCards view={view} partial />);
    expect(document.querySelectorAll('.card.is-partial')).toHaveLength(7);
    expect(screen.getAllByText('partial')).toHaveLength(7);
  });

  it('a cancelled run keeps its finished blocks as a partial result, which exports and reopens as one', async () => {
    const { store } = make();
    store.getState().loadScenario(small(2000));
    await until(() => store.getState().status === 'running' && store.getState().done >= 20);
    store.getState().cancelRun();
    await until(() => store.getState().status === 'cancelled');
    const view = store.getState().result!;
    expect(view.complete).toBe(false);
    const info = view.cancelled!;
    expect(info.of).toBe(2000);
    // Blocks finish in any order: what is held and what is missing add up to the run, and the numbers cover the held.
    expect(info.replications).toBe(view.summary.replications);
    expect(info.replications + info.missing.reduce((n, [a, b]) => n + b - a, 0)).toBe(2000);
    expect(info.replications).toBeGreaterThanOrEqual(20);
    expect(info.replications).toBeLessThan(2000);
    // The report says so in its title, counts written as everywhere else.
    expect(buildReportMarkdown(store.getState(), 'http://x/', '2026-12-02T00:00:00Z', document, false)!.split('\n')[0]).toContain(
      `(partial: ${info.replications.toLocaleString('en-US')} of 2,000 replications)`,
    );
    expect(missingFrom(view)).toBe(info);
    // The results JSON leads with the gap, as `sim merge --allow-partial --json` does.
    const json = JSON.parse(resultsJson(view.summary, missingFrom(view))) as { partial: PartialInfo; replications: number };
    expect(Object.keys(json)[0]).toBe('partial');
    expect(json.partial).toEqual(info);
    // Opened again, it says what it lacks (not "this merge": there were no shards).
    const other = make().store;
    expect(other.getState().importScenarioText(resultsFileJson(view.scenario, view.summary, missingFrom(view)), 'cancelled.results.json')).toBe(true);
    const ranges = info.missing.map(replicationRangeText).join(', ');
    expect(partialReasons(other.getState().result!)).toEqual([`These results lack replications ${ranges}: the numbers cover ${info.replications.toLocaleString('en-US')} of 2,000 replications.`]);
    expect(notice(other, 'file')!.title).toMatch(new RegExp(`— partial \\(${info.replications.toLocaleString('en-US')} of 2,000\\)$`));
  });

  it('a results summary (the Results JSON export) is named as such, not refused as a scenario without a version', () => {
    const { store } = make();
    const s = small(10);
    const before = store.getState().draft;
    expect(store.getState().importScenarioText(JSON.stringify(summarize(runRange(s, 0, 10), s)), 'x.summary.json')).toBe(false);
    expect(notice(store, 'import')!.title).toBe(
      "x.summary.json is a results summary (a run's or a comparison's --json, the dashboard's Results JSON): it holds the numbers but not the scenario they came from; open the results file instead (--out, or Export → Results file): nothing was changed",
    );
    expect(store.getState().draft).toBe(before);
  });

  it('a refused file names every field and changes nothing', () => {
    const { store } = make();
    const s = small(20);
    const file = JSON.parse(JSON.stringify(buildResultsFile(s, summarize(runRange(s, 0, 4), s)))) as { scenario: Scenario; result: SimulationResult };
    file.result.phase3.breachRate = 2;
    (file.scenario.wave as { containers: unknown }).containers = -1;
    const before = { draft: store.getState().draft, result: store.getState().result };
    expect(store.getState().importScenarioText(JSON.stringify(file), 'bad.results.json')).toBe(false);
    const n = notice(store, 'import')!;
    expect(n.tone).toBe('error');
    expect(n.title).toBe('bad.results.json is not a results file this page can show: nothing was changed');
    const items = n.sections![0].items.join('\n');
    expect(items).toMatch(/^result\.phase3\.breachRate: /m);
    expect(items).toMatch(/^Containers starting \(scenario\.wave\.containers\): /m);
    expect(store.getState().draft).toBe(before.draft);
    expect(store.getState().result).toBe(before.result);
    expect(notice(store, 'file')).toBeUndefined();
  });
});

describe('truncated replications', () => {
  it('flag the results as partial, with what to lower', () => {
    const s = small(20);
    const summary = { ...summarize(runRange(s, 0, 20), s), truncatedReplications: 3 };
    const view: ResultView = { summary, scenario: s, ecdf: [], ecdfFrom: 'sketch', replications: 20, complete: true, runId: 1 };
    expect(partialReasons(view)).toEqual([
      '3 of 20 replications passed the 10-million-event guard and were cut short: what happened after the cut is missing from every number below. Lower Containers starting, pool_size, max_overflow or Connect attempts, or shorten Horizon.',
    ]);
    act(() => {
      render(<HeadlineCards view={view} partial />);
    });
    expect(document.querySelector('[data-testid="breach-card"]')!.getAttribute('data-partial')).toBe('true');
  });

  it('are counted over an exploration\'s points', () => {
    const sweep = { kind: 'sweep', result: { points: [{ ok: true, truncatedReplications: 2 }, { ok: false, issues: [] }, { ok: true, truncatedReplications: 1 }] } };
    expect(truncatedIn(sweep as unknown as ExploreData)).toBe(3);
    const sens = { kind: 'sensitivity', result: { base: { truncatedReplications: 1 }, rows: [{ truncatedReplications: 0 }, { truncatedReplications: 4 }] } };
    expect(truncatedIn(sens as unknown as ExploreData)).toBe(5);
  });

  it('points whose horizon cut over 5% of the starts are counted apart (their rates read low)', () => {
    // 100 verdicts with 6 cut (5.7%) is cut; with 5 (4.8%) it is not; an invalid point and one never run do not count.
    const p = (starts: number, unfinished: number) => ({ ok: true, starts, unfinished });
    const sweep = { kind: 'sweep', result: { points: [p(100, 6), p(100, 5), { ok: false, issues: [] }, p(0, 0), p(10, 90)] } };
    expect(horizonCutIn(sweep as unknown as ExploreData)).toEqual({ cut: 2, of: 3 });
    const solve = { kind: 'solve', result: { evaluations: [p(100, 0), { verdict: 'invalid', issues: [] }] } };
    expect(horizonCutIn(solve as unknown as ExploreData)).toEqual({ cut: 0, of: 1 });
  });
});

describe('headline card tones', () => {
  const cardOf = (title: string) => [...document.querySelectorAll('.card')].find((c) => c.textContent!.startsWith(title))!;
  const view = (edit: (r: SimulationResult) => SimulationResult): ResultView => {
    const s = small(20);
    return { summary: edit(summarize(runRange(s, 0, 20), s)), scenario: s, ecdf: [], ecdfFrom: 'sketch', replications: 20, complete: true, runId: 1 };
  };
  const withPeakUtilisation = (p95: number) => (r: SimulationResult) => ({ ...r, peaks: { ...r.peaks, connectorUtilisation: { ...r.peaks.connectorUtilisation, p95 } } });
  const withLead = (lead: Partial<SimulationResult['alerts']['leadTime']>) => (r: SimulationResult) => ({ ...r, alerts: { ...r.alerts, leadTime: { ...r.alerts.leadTime, ...lead } } });

  it('the connector card warns exactly when its alert would fire: above the threshold, not at it', () => {
    act(() => void render(<HeadlineCards view={view(withPeakUtilisation(0.7))} />));
    expect(cardOf('Peak connector utilisation').className).toContain('tone-neutral');
    cleanup();
    act(() => void render(<HeadlineCards view={view(withPeakUtilisation(0.71))} />));
    expect(cardOf('Peak connector utilisation').className).toContain('tone-bad');
  });

  it('the lead-time card warns when most waves with a breach had no alert first', () => {
    act(() => void render(<HeadlineCards view={view(withLead({ replicationsWithBreach: 134, alertedFirst: 0, mean: null, p50: null }))} />));
    expect(cardOf('Alert lead time').className).toContain('tone-bad');
    expect(cardOf('Alert lead time').textContent).toContain('no alert fired');
    cleanup();
    act(() => void render(<HeadlineCards view={view(withLead({ replicationsWithBreach: 134, alertedFirst: 0.9, mean: 30, p50: 25 }))} />));
    expect(cardOf('Alert lead time').className).toContain('tone-neutral');
    cleanup();
    act(() => void render(<HeadlineCards view={view(withLead({ replicationsWithBreach: 0, alertedFirst: 0, mean: null, p50: null }))} />));
    expect(cardOf('Alert lead time').className).toContain('tone-neutral');
    cleanup();
    act(() => void render(<HeadlineCards view={view(withLead({ replicationsWithBreach: 1, alertedFirst: 1, mean: 3, p50: 3 }))} />));
    expect(cardOf('Alert lead time').textContent).toContain('an alert fired first in 100% of 1 wave with a breach');
    cleanup();
    // A good breach rate (under 1%): rare breaches with no alert first are no monitoring gap to warn of.
    const rare = (r: SimulationResult) => withLead({ replicationsWithBreach: 3, alertedFirst: 0, mean: null, p50: null })({ ...r, phase3: { ...r.phase3, breachRate: 0.005 } });
    act(() => void render(<HeadlineCards view={view(rare)} />));
    expect(cardOf('Alert lead time').className).toContain('tone-neutral');
    cleanup();
    // Breaches no load alert watches (table setup timeouts): said, and no warning.
    const setup = (r: SimulationResult) =>
      withLead({ replicationsWithBreach: 58, alertedFirst: 0, mean: null, p50: null })({ ...r, failures: { ...r.failures, ...Object.fromEntries(Object.keys(r.failures).map((k) => [k, 0])), table_setup_timeout: 61 } });
    act(() => void render(<HeadlineCards view={view(setup)} />));
    expect(cardOf('Alert lead time').className).toContain('tone-neutral');
    expect(cardOf('Alert lead time').textContent).toContain('100% of the breaches are table setup, race or health check failures (mostly table setup timeout), which no load alert watches');
  });
});
