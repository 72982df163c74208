import type { Scenario } from '../../sim-core/scenario/schema';
import type { Aggregate } from '../../sim-core/results/aggregate';
import type { Comparison } from '../../sim-core/compare';
import { pairedBaseline } from '../../sim-core/compare';
import type { WorkEstimate } from '../../sim-core/limits';
import { RunCancelled, blockTimeoutFor, type SimPool, type WorkerIncident } from '../worker/pool';
import { describeFailure, estimateKey, incidentNotice, limitNotice, runLimitFields } from './failures';
import type { AppState, SliceCreator } from './types';
import type { Notice } from './uiSlice';
import { fmtSeconds } from '../lib/format';
import { deepEqual } from '../../sim-core/scenario/json';

/** The same scenario but for which replication is kept in detail (nothing else depends on it). */
function sameButDetail(a: Scenario, b: Scenario): boolean {
  const strip = (s: Scenario) => ({ ...s, simulation: { ...s.simulation, detailReplication: 0 } });
  return a.simulation.detailReplication !== b.simulation.detailReplication && deepEqual(strip(a), strip(b));
}

/**
 * Whether the complete results on show (not a file's) are, by `same`, those of running `scenario` (and `baseline`, the
 * paired one, if pinned).
 */
function shownAs(s: AppState, scenario: Scenario, baseline: Scenario | null, same: (shown: Scenario, wanted: Scenario) => boolean): boolean {
  const shown = s.result;
  const paired = s.comparison;
  if (!shown?.complete || shown.file || !same(shown.scenario, scenario)) return false;
  return baseline ? paired !== null && paired.baseline.complete && same(paired.baseline.scenario, baseline) : paired === null;
}

/**
 * Running `scenario` only changes the replication shown in detail of the complete results on show: then that one
 * replication (of each arm) is all there is to run.
 */
const detailOnlyChange = (s: AppState, scenario: Scenario, baseline: Scenario | null): boolean => shownAs(s, scenario, baseline, sameButDetail);

/** The complete results on show are exactly `scenario`'s: an edit that comes back to them (a typo undone) has nothing to run. */
const showsWhole = (s: AppState, scenario: Scenario, baseline: Scenario | null): boolean => shownAs(s, scenario, baseline, deepEqual);

/**
 * `refused`: the work estimate passed the limit, nothing ran (a notice says why and what to lower). `confirm`: a run
 * started by an edit or on opening the page would take longer than LONG_RUN_MS; it waits for Run (a notice says how long).
 */
export type RunStatus = 'idle' | 'scheduled' | 'running' | 'done' | 'cancelled' | 'invalid' | 'error' | 'refused' | 'confirm';

/**
 * A run that would take longer than this (from the pilot's estimate) does not start by itself: one keystroke (200000
 * replications, 5000 containers) or a colleague's link must not occupy the machine for half an hour unasked.
 */
export const LONG_RUN_MS = 5 * 60_000;

export interface RunValues {
  status: RunStatus;
  /** Increases with every run started; results of older runs are ignored. */
  runId: number;
  /** Replications merged so far / in total. */
  done: number;
  total: number;
  /** Wall-clock ms (performance.now) when the run started, and when it ended (null while running). */
  startedAt: number | null;
  endedAt: number | null;
  /** When `done` last grew (the pace so far is done ÷ (progressAt − startedAt)); null before the first block. */
  progressAt: number | null;
  /**
   * Where the time-left pace is measured from: a progress sample from about half the run ago (at least 5 s), so
   * that the slow first blocks (workers starting, the JIT warming up) drop out of the pace as the run goes on.
   * Null until there is one: the pace is then measured from the start.
   */
  paceFrom: { at: number; done: number } | null;
  /**
   * How long the run should take, from the work estimate's pilot replication timed warm, spread over the workers: what
   * the run bar says before the first block comes in, and what decides whether a run nobody asked for is long. Null
   * without a pilot.
   */
  expectedMs: number | null;
  /** The run was of the one replication shown in detail (the rest of the results stayed): its number, else null. */
  detailOnly: number | null;
}

export interface RunActions {
  /** A setting changed: cancel the run in flight and start a new one after the debounce. */
  scenarioChanged(): void;
  /**
   * Start a run of the current (valid) scenario now. `auto`: nobody asked for this run (an edit, the page opening), so
   * one longer than LONG_RUN_MS waits for Run instead (status `confirm`).
   */
  runNow(opts?: { auto?: boolean }): Promise<void>;
  /** Cancel the run in flight (results so far stay visible). */
  cancelRun(): void;
}

export type RunSlice = RunValues & RunActions;

/**
 * The progress sample the time left is paced from: the newest one at least half the run (and 5 s) old, or null
 * when there is none yet. Drops the samples before it from `samples` (they are no longer needed).
 */
export function paceReference(samples: { at: number; done: number }[], at: number, startedAt: number): { at: number; done: number } | null {
  const cut = at - Math.max(5000, (at - startedAt) / 2);
  let k = -1;
  while (k + 1 < samples.length && samples[k + 1].at <= cut) k++;
  if (k > 0) samples.splice(0, k);
  return k >= 0 ? samples[0] : null;
}

export const RUN_DEFAULT: RunValues = { status: 'idle', runId: 0, done: 0, total: 0, startedAt: null, endedAt: null, progressAt: null, paceFrom: null, expectedMs: null, detailOnly: null };

export interface RunDeps {
  /** The run's workers; with `estimate`, every run is checked against the work limit first (on a worker). */
  pool: Pick<SimPool, 'run' | 'runPaired'> & Partial<Pick<SimPool, 'estimate' | 'blockSize' | 'runOne' | 'size'>>;
  /** Wait after the last edit before running (ms). */
  debounceMs?: number;
  /** At most one results update per this many ms while a run streams (ms). */
  throttleMs?: number;
  now?: () => number;
}

/** What a long run that waits for Run says: how long, why it waits, and what makes it shorter. */
function longRunNotice(expectedMs: number, replications: number, workers: number, paired: boolean): Notice {
  const threads = workers === 1 ? '1 worker' : `${workers} workers`;
  return {
    id: 'long-run',
    tone: 'info',
    title: `This ${paired ? 'comparison ' : ''}run would take about ${fmtSeconds(expectedMs / 1000)}: it starts when you press Run`,
    sections: [
      {
        items: [
          `${replications.toLocaleString('en-US')} replications on ${threads}, as timed on one replication first; a run longer than ${LONG_RUN_MS / 60_000} minutes does not start by itself.`,
          'For a quicker answer lower Replications: the 95% interval narrows with the square root of the replications (a quarter as many, twice as wide).',
        ],
      },
    ],
    fields: { label: 'Field to lower', keys: ['simulation.replications'] },
  };
}

export function createRunSlice(deps: RunDeps): SliceCreator<RunSlice> {
  const debounceMs = deps.debounceMs ?? 300;
  const throttleMs = deps.throttleMs ?? 250;
  const now = deps.now ?? (() => performance.now());
  let controller: AbortController | null = null;
  // The scenario of the run in flight (to tell a run of the last valid scenario, see scenarioChanged).
  let inFlight: Scenario | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // The run bar of the run that completed the results shown, for an edit that comes back to their scenario (showsWhole).
  let completed: { runId: number; bar: Pick<RunValues, 'done' | 'total' | 'startedAt' | 'endedAt' | 'progressAt' | 'paceFrom' | 'expectedMs' | 'detailOnly'> } | null = null;
  // Pilot estimates by scenario (all but the replication count): changing only the count needs no new pilot.
  const estimates = new Map<string, { eventsPerReplication: number; pilotTruncated: boolean; pilotMs: number; replicationMs: number }>();

  const abortInFlight = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    controller?.abort();
    controller = null;
  };

  const keepCompleted = (s: AppState) => {
    const { runId, done, total, startedAt, endedAt, progressAt, paceFrom, expectedMs, detailOnly } = s;
    completed = { runId, bar: { done, total, startedAt, endedAt, progressAt, paceFrom, expectedMs, detailOnly } };
  };

  return (set, get) => ({
    ...RUN_DEFAULT,

    scenarioChanged() {
      // With nothing shown yet (a reload restored an invalid edit), the run of the last valid scenario goes on
      // through further invalid edits: they would only stop it, and leave the page with no results at all.
      const s = get();
      if (!s.validation.ok && s.result === null && controller !== null && inFlight === s.lastGood) return;
      const running = controller !== null;
      abortInFlight();
      get().markStale();
      // Results opened from a file stay until the first edit: from then on the scenario runs here.
      get().dismissNotice('file');
      const v = get().validation;
      if (!v.ok) {
        // A run the edit stopped: the bar counts what the results shown hold (its newest blocks were not published),
        // and its time stops now.
        const r = get().result;
        const stopped = running && r !== null && r.runId === get().runId && !r.complete ? { done: r.replications } : {};
        set({ status: 'invalid', ...(running ? { endedAt: now() } : {}), ...stopped });
        return;
      }
      const scenario = v.scenario;
      const base = get().baseline;
      const paired = base ? pairedBaseline(base.scenario, scenario) : null;
      // Back to the scenario whose complete results are shown: they are current again, as the run bar of their run.
      if (completed !== null && get().result?.runId === completed.runId && showsWhole(get(), scenario, paired)) {
        set({ status: 'done', stale: false, ...completed.bar });
        // What a run of other settings left (refused as too much work, waiting for Run, failed) is not about these.
        get().dismissNotice('limit');
        get().dismissNotice('long-run');
        get().clearError();
        return;
      }
      // Another replication to show: one replication to run, at once (the debounce is for edits that rerun everything).
      const detail = deps.pool.runOne && detailOnlyChange(get(), scenario, paired);
      set({ status: 'scheduled', detailOnly: detail ? scenario.simulation.detailReplication : null });
      timer = setTimeout(
        () => {
          timer = null;
          void get().runNow({ auto: true });
        },
        detail ? 0 : debounceMs,
      );
    },

    async runNow(how = {}) {
      abortInFlight();
      const v = get().validation;
      // Never send an invalid scenario to the engine. With no results at all (a reload restored an invalid edit),
      // the last valid scenario runs, so that the page shows what the run bar says: its results.
      if (!v.ok && get().result !== null) {
        set({ status: 'invalid' });
        return;
      }
      const scenario: Scenario = v.ok ? v.scenario : get().lastGood;
      const runId = get().runId + 1;
      const total = scenario.simulation.replications;
      const ctl = new AbortController();
      controller = ctl;
      inFlight = scenario;
      set({ status: 'running', runId, done: 0, total, startedAt: now(), endedAt: null, progressAt: null, paceFrom: null, expectedMs: null, detailOnly: null });
      const samples: { at: number; done: number }[] = [];
      get().clearError();
      get().dismissNotice('file');

      let lastPublish = -Infinity;
      const base = get().baseline;
      const baseline = base ? pairedBaseline(base.scenario, scenario) : null;
      const incidents: WorkerIncident[] = [];
      const onIncident = (i: WorkerIncident) => {
        if (get().runId !== runId) return;
        incidents.push(i);
        get().notify(incidentNotice('worker', incidents, false));
      };
      const publish = (part: Aggregate | Comparison, done: number, complete: boolean) => {
        if (get().runId !== runId) return;
        if (baseline && base) get().publishComparison(part as Comparison, baseline, scenario, base.title, done, complete);
        else get().publishResult(part as Aggregate, scenario, done, complete);
        // Results of the last valid scenario, beside an invalid draft: not the settings shown.
        if (!get().validation.ok) get().markStale();
        lastPublish = now();
      };
      // The newest merged blocks, published on a cancel so that the results shown match the run bar's count.
      let latest = null as { part: Aggregate | Comparison; done: number } | null;
      const progress = (done: number, part: Aggregate | Comparison) => {
        if (get().runId !== runId) return;
        latest = { part, done };
        const at = now();
        samples.push({ at, done });
        set({ done, progressAt: at, paceFrom: paceReference(samples, at, get().startedAt ?? at) });
        if (done < total && now() - lastPublish >= throttleMs) publish(part, done, false);
      };

      try {
        // Only the replication shown in detail changed (the swimlane's ◀ ▶): every other number is the same, so run
        // that one replication and put its records in place, rather than all of them again.
        // With a baseline pinned, both arms' replication (the paired baseline runs with the proposal's settings).
        const d = scenario.simulation.detailReplication;
        if (deps.pool.runOne && detailOnlyChange(get(), scenario, baseline)) {
          set({ detailOnly: d });
          const one = await deps.pool.runOne(scenario, d, { signal: ctl.signal, onIncident });
          const baseOne = baseline ? await deps.pool.runOne(baseline, d, { signal: ctl.signal, onIncident }) : null;
          if (get().runId !== runId) return;
          get().publishDetail(one, scenario, baseOne && baseline ? { one: baseOne, scenario: baseline } : null);
          set({ status: get().validation.ok ? 'done' : 'invalid', done: total, endedAt: now() });
          keepCompleted(get());
          if (!incidents.length) get().dismissNotice('worker');
          return;
        }
        // The work limit, checked on a worker before anything runs (the page never runs the engine itself).
        let blockTimeoutMs: number | undefined;
        const pilots = baseline ? [baseline, scenario] : [scenario];
        if (deps.pool.estimate) {
          const key = estimateKey(pilots);
          let pilot = estimates.get(key);
          if (!pilot) {
            const r = await deps.pool.estimate(pilots, pilots.length, total, { signal: ctl.signal, onIncident });
            if (get().runId !== runId) return;
            if (r) {
              pilot = { eventsPerReplication: r.estimate.eventsPerReplication, pilotTruncated: r.estimate.pilotTruncated, pilotMs: r.pilotMs, replicationMs: r.replicationMs };
              if (estimates.size >= 32) estimates.delete(estimates.keys().next().value!);
              estimates.set(key, pilot);
            }
          }
          if (pilot) {
            const e: WorkEstimate = { ...pilot, replications: total, points: pilots.length, totalEvents: pilot.eventsPerReplication * pilots.length * total };
            const refusal = limitNotice('limit', e, baseline ? 'comparison run' : 'run', (max) => `lower Replications to at most ${max.toLocaleString('en-US')}`, runLimitFields(e));
            if (refusal) {
              set({ status: 'refused', endedAt: now() });
              get().notify(refusal);
              return;
            }
            blockTimeoutMs = blockTimeoutFor(pilot.pilotMs, deps.pool.blockSize ?? 20);
            const expectedMs = (pilot.replicationMs * total) / Math.max(1, deps.pool.size ?? 1);
            set({ expectedMs });
            if (how.auto && expectedMs > LONG_RUN_MS) {
              set({ status: 'confirm', endedAt: now() });
              get().dismissNotice('limit');
              get().notify(longRunNotice(expectedMs, total, deps.pool.size ?? 1, baseline !== null));
              return;
            }
          }
        }
        get().dismissNotice('limit');
        get().dismissNotice('long-run');
        // While a baseline is pinned only the paired run is needed: it yields both arms' summaries.
        const opts = { signal: ctl.signal, blockTimeoutMs, onIncident };
        const merged: Aggregate | Comparison = baseline
          ? await deps.pool.runPaired(baseline, scenario, total, { ...opts, onProgress: (p) => progress(p.done, p.comparison) })
          : await deps.pool.run(scenario, total, { ...opts, onProgress: (p) => progress(p.done, p.aggregate) });
        if (get().runId !== runId) return;
        publish(merged, total, true);
        set({ status: get().validation.ok ? 'done' : 'invalid', done: total, endedAt: now() });
        keepCompleted(get());
        // Workers lost on the way: say so, in the past tense; a clean run clears an earlier run's banner.
        if (incidents.length) get().notify(incidentNotice('worker', incidents, true));
        else get().dismissNotice('worker');
      } catch (e) {
        if (get().runId !== runId) return;
        if (e instanceof RunCancelled) {
          // An edit cancels a run too, and has already said what happens next ('invalid', 'scheduled'): only a
          // run still marked running was cancelled by the user. The pool has stopped merging, so its newest
          // merged blocks are final: they become the partial result.
          if (get().status !== 'running') return;
          if (latest !== null) {
            // A cancel that came after the last block merged cancelled nothing: the results are whole.
            publish(latest.part, latest.done, latest.done === total);
            // Kept as a partial result that says which replications it holds, so that it can be exported as one.
            get().markCancelled(baseline ? (latest.part as Comparison).proposal.ranges : (latest.part as Aggregate).ranges);
          }
          set({ status: 'cancelled', endedAt: now() });
          return;
        }
        set({ status: 'error', endedAt: now() });
        const f = describeFailure(e);
        get().reportError(f.title, f.detail, f.copy);
      } finally {
        if (controller === ctl) {
          controller = null;
          inFlight = null;
        }
      }
    },

    cancelRun() {
      const wasActive = get().status === 'running' || get().status === 'scheduled';
      abortInFlight();
      if (wasActive && get().status === 'scheduled') set({ status: 'cancelled', endedAt: now() });
    },
  });
}
