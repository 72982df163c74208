import type { Scenario } from '../../sim-core/scenario/schema';
import type { Aggregate } from '../../sim-core/results/aggregate';
import type { Comparison } from '../../sim-core/compare';
import { pairedBaseline } from './baselineSlice';
import { RunCancelled, ScenarioRejected, messageOf, type SimPool } from '../worker/pool';
import type { SliceCreator } from './types';

export type RunStatus = 'idle' | 'scheduled' | 'running' | 'done' | 'cancelled' | 'invalid' | 'error';

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
}

export interface RunActions {
  /** A setting changed: cancel the run in flight and start a new one after the debounce. */
  scenarioChanged(): void;
  /** Start a run of the current (valid) scenario now. */
  runNow(): Promise<void>;
  /** Cancel the run in flight (results so far stay visible). */
  cancelRun(): void;
}

export type RunSlice = RunValues & RunActions;

export const RUN_DEFAULT: RunValues = { status: 'idle', runId: 0, done: 0, total: 0, startedAt: null, endedAt: null };

export interface RunDeps {
  pool: Pick<SimPool, 'run' | 'runPaired'>;
  /** Wait after the last edit before running (ms). */
  debounceMs?: number;
  /** At most one results update per this many ms while a run streams (ms). */
  throttleMs?: number;
  now?: () => number;
}

export function createRunSlice(deps: RunDeps): SliceCreator<RunSlice> {
  const debounceMs = deps.debounceMs ?? 300;
  const throttleMs = deps.throttleMs ?? 250;
  const now = deps.now ?? (() => performance.now());
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const abortInFlight = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    controller?.abort();
    controller = null;
  };

  return (set, get) => ({
    ...RUN_DEFAULT,

    scenarioChanged() {
      abortInFlight();
      get().markStale();
      if (!get().validation.ok) {
        set({ status: 'invalid', endedAt: null });
        return;
      }
      set({ status: 'scheduled' });
      timer = setTimeout(() => {
        timer = null;
        void get().runNow();
      }, debounceMs);
    },

    async runNow() {
      abortInFlight();
      const v = get().validation;
      // Never send an invalid scenario to the engine.
      if (!v.ok) {
        set({ status: 'invalid' });
        return;
      }
      const scenario: Scenario = v.scenario;
      const runId = get().runId + 1;
      const total = scenario.simulation.replications;
      const ctl = new AbortController();
      controller = ctl;
      set({ status: 'running', runId, done: 0, total, startedAt: now(), endedAt: null });
      get().clearError();

      let lastPublish = -Infinity;
      const base = get().baseline;
      const baseline = base ? pairedBaseline(base.scenario, scenario) : null;
      const publish = (part: Aggregate | Comparison, done: number, complete: boolean) => {
        if (get().runId !== runId) return;
        if (baseline && base) get().publishComparison(part as Comparison, baseline, scenario, base.title, done, complete);
        else get().publishResult(part as Aggregate, scenario, done, complete);
        lastPublish = now();
      };
      const progress = (done: number, part: Aggregate | Comparison) => {
        if (get().runId !== runId) return;
        set({ done });
        if (done < total && now() - lastPublish >= throttleMs) publish(part, done, false);
      };

      try {
        // While a baseline is pinned only the paired run is needed: it yields both arms' summaries.
        const merged: Aggregate | Comparison = baseline
          ? await deps.pool.runPaired(baseline, scenario, total, { signal: ctl.signal, onProgress: (p) => progress(p.done, p.comparison) })
          : await deps.pool.run(scenario, total, { signal: ctl.signal, onProgress: (p) => progress(p.done, p.aggregate) });
        if (get().runId !== runId) return;
        publish(merged, total, true);
        set({ status: 'done', done: total, endedAt: now() });
      } catch (e) {
        if (get().runId !== runId) return;
        if (e instanceof RunCancelled) {
          set({ status: 'cancelled', endedAt: now() });
          return;
        }
        set({ status: 'error', endedAt: now() });
        if (e instanceof ScenarioRejected)
          get().reportError('The simulation refused the scenario', e.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
        else get().reportError('The simulation failed', messageOf(e));
      } finally {
        if (controller === ctl) controller = null;
      }
    },

    cancelRun() {
      const wasActive = get().status === 'running' || get().status === 'scheduled';
      abortInFlight();
      if (wasActive && get().status === 'scheduled') set({ status: 'cancelled', endedAt: now() });
    },
  });
}
