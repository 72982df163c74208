import type { Scenario } from '../../sim-core/scenario/schema';
import { PER_REPLICATION_FIELDS } from '../../sim-core/limits';
import type { ScenarioIssue } from '../../sim-core/scenario/validate';
import { blockExecutor, drive } from '../../sim-core/explore/work';
import { RunCancelled, blockTimeoutFor, messageOf, type SimPool, type WorkerIncident } from '../worker/pool';
import { describeFailure, incidentNotice, limitNotice } from './failures';
import { decodeExplore, encodeExplore, EXPLORE_PARAM } from '../lib/exploreLink';
import { planExplore, type ExploreData } from '../lib/explorePlan';
import { FIELDS } from '../../sim-core/scenario/catalogue';
import { describeValue } from '../../sim-core/report/describe';
import { checkExplore, EXPLORE_DEFAULT, type CheckedSettings, type ExploreDraft, type ExploreKind } from '../lib/exploreSettings';
import { deepEqual } from '../../sim-core/scenario/json';
import type { SliceCreator } from './types';

/**
 * The Explore view: what-if settings (a draft the form edits), and the exploration running or last run on the
 * worker pool — sweep, heatmap, solve for a target, sensitivity, or adaptive precision — with its partial
 * results streamed in as work units finish.
 *
 * Explorations run on their own worker pool (the page's second SimPool), so an edit that restarts the main run
 * never cancels an exploration, and neither job's cancel can terminate the other's workers. The main thread
 * never runs the engine: it plans, merges and draws.
 */

export type ExploreTab = 'results' | 'explore';
export type ExploreStatus = 'running' | 'done' | 'cancelled' | 'error';

export interface Exploration {
  /** Increases with every exploration started; results of older ones are ignored. */
  id: number;
  status: ExploreStatus;
  settings: CheckedSettings;
  /** The scenario it explores around (the current scenario when it started). */
  base: Scenario;
  data: ExploreData | null;
  /** Replications merged so far; known total (fixed counts) or null; the most it may take. */
  replications: number;
  planned: number | null;
  cap: number;
  startedAt: number;
  endedAt: number | null;
  error: { title: string; detail: string; copy?: { label: string; text: string } } | null;
  /** Set when the work limit refused it: the banner's text (nothing ran). */
  refused?: { title: string; items: string[] } | null;
  /** True while a worker estimates the work (before anything runs). */
  checking?: boolean;
}

export interface ExploreValues {
  exploreTab: ExploreTab;
  exploreDraft: ExploreDraft;
  /** The last draft without problems: what the link carries while the draft has some. */
  exploreGood: ExploreDraft;
  exploration: Exploration | null;
  /** A one-line confirmation (a value applied to the scenario). */
  exploreNote: string | null;
}

export interface ExploreActions {
  /** Show the main results or the Explore view (a history step; the view and its settings go in the link). */
  setExploreTab(tab: ExploreTab): void;
  /** Edit the draft (one or more entries): checked at once, problems shown at their entries. */
  editExplore(update: (d: ExploreDraft) => ExploreDraft): void;
  /** Run the active kind on the current scenario (cancels an exploration in flight). */
  startExplore(): Promise<void>;
  cancelExplore(): void;
  /** Put a value found by a what-if tool (the solver's answer, a sweep point …) into the scenario: a number, or an option / on-off for a choice. */
  applyExploreValue(fieldKey: string, value: number | string | boolean): void;
  dismissExploreNote(): void;
  /** `&x=…` for the fragment while the Explore view is open, else ''. */
  exploreFragment(): string;
  /**
   * Apply a link's `x` parameter (undefined: the link has none, so the main results show). A damaged one is not
   * applied: its problems are returned (for the link banner) and the settings stay as they were. `onLoad`: the page
   * is opening; an invalid edit kept from the last visit on these very settings stays.
   */
  openExploreParam(raw: string | undefined, onLoad?: boolean): { changed: boolean; issues: ScenarioIssue[] };
}

export type ExploreSlice = ExploreValues & ExploreActions;

export const EXPLORE_STATE_DEFAULT: ExploreValues = {
  exploreTab: 'results',
  exploreDraft: EXPLORE_DEFAULT,
  exploreGood: EXPLORE_DEFAULT,
  exploration: null,
  exploreNote: null,
};

type ExplorePool = Pick<SimPool, 'blockRunners' | 'blockSize'> & Partial<Pick<SimPool, 'estimate'>>;

export interface ExploreDeps {
  /** Workers for explorations. Without it, the run pool is used when it can hand out block runners. */
  explorePool?: ExplorePool;
  /** At most one partial-result update per this many ms (ms). */
  throttleMs?: number;
  now?: () => number;
}

const KIND_NOUN: Record<ExploreKind, string> = { sweep: 'sweep', heatmap: 'heatmap', solve: 'search', sensitivity: 'sensitivity analysis', precision: 'precision run' };

function poolOf(deps: ExploreDeps & { pool?: unknown }): ExplorePool | null {
  if (deps.explorePool) return deps.explorePool;
  const p = deps.pool as Partial<ExplorePool> | undefined;
  return p && typeof p.blockRunners === 'function' ? (p as ExplorePool) : null;
}

export function createExploreSlice(deps: ExploreDeps & { pool?: unknown }): SliceCreator<ExploreSlice> {
  const throttleMs = deps.throttleMs ?? 250;
  const now = deps.now ?? (() => performance.now());
  let controller: AbortController | null = null;
  let nextId = 0;

  return (set, get) => {
    /** Update the exploration `id` if it is still the current one. */
    const patch = (id: number, p: Partial<Exploration>) => {
      const e = get().exploration;
      if (e && e.id === id) set({ exploration: { ...e, ...p } });
    };

    return {
      ...EXPLORE_STATE_DEFAULT,

      setExploreTab(tab) {
        if (tab === get().exploreTab) return;
        get().markCheckpoint();
        set({ exploreTab: tab });
      },

      editExplore(update) {
        const d = update(get().exploreDraft);
        if (d === get().exploreDraft) return;
        set({ exploreDraft: d, ...(checkExplore(d).ok ? { exploreGood: d } : {}) });
      },

      async startExplore() {
        const s = get();
        if (!s.validation.ok) {
          set({ exploreNote: 'Fix the invalid settings in the scenario first: explorations start from a valid scenario.' });
          return;
        }
        const base = s.validation.scenario;
        const checked = checkExplore(s.exploreDraft, base.simulation.replications);
        if (!checked.ok) return; // the form shows each problem at its entry
        controller?.abort();
        controller = null;
        const id = ++nextId;
        const startedAt = now();
        const fail = (title: string, detail: string) =>
          set({
            exploration: { id, status: 'error', settings: checked.settings, base, data: null, replications: 0, planned: null, cap: 0, startedAt, endedAt: now(), error: { title, detail } },
          });
        const pool = poolOf(deps);
        if (!pool) return fail('No workers for explorations', 'this page has no worker pool for explorations');
        const plan = planExplore(checked.settings, base, pool.blockSize);
        if (!plan.ok) return fail(`The ${KIND_NOUN[checked.settings.kind]} cannot run`, plan.message);
        const { planner, read, planned, cap, work } = plan.value;
        const noun = KIND_NOUN[checked.settings.kind];
        const ctl = new AbortController();
        controller = ctl;
        const incidents: WorkerIncident[] = [];
        const onIncident = (i: WorkerIncident) => {
          if (get().exploration?.id !== id) return;
          incidents.push(i);
          get().notify(incidentNotice('explore-worker', incidents, false, noun));
        };
        get().dismissNotice('explore-worker');
        set({
          exploreNote: null,
          exploration: { id, status: 'running', settings: checked.settings, base, data: read(), replications: 0, planned, cap, startedAt, endedAt: null, error: null, checking: !!pool.estimate && work.points > 0 && work.replications > 0 },
        });
        let last = now();
        let runners;
        try {
          // The work limit (points × replications at the costliest pilot's events), checked on a worker first.
          let blockTimeoutMs: number | undefined;
          if (pool.estimate && work.points > 0 && work.replications > 0) {
            const est = await pool.estimate(work.pilots, work.points, work.replications, { signal: ctl.signal, onIncident });
            if (get().exploration?.id !== id) return;
            patch(id, { checking: false });
            if (est) {
              const refusal = limitNotice('limit', est.estimate, noun, work.fix, est.estimate.pilotTruncated ? [...PER_REPLICATION_FIELDS] : []);
              if (refusal) {
                patch(id, { status: 'error', endedAt: now(), data: null, error: null, checking: false, refused: { title: refusal.title, items: [...refusal.sections![0].items, refusal.sections![1].items[0]] } });
                return;
              }
              // The pilots together: at least the costliest one, generous for the rest.
              blockTimeoutMs = blockTimeoutFor(est.pilotMs, pool.blockSize);
            }
          }
          try {
            runners = pool.blockRunners(ctl.signal, { blockTimeoutMs, onIncident });
          } catch (e) {
            patch(id, { status: 'error', endedAt: now(), error: { title: 'The workers are busy', detail: messageOf(e) } });
            return;
          }
          await drive(planner, blockExecutor(runners), {
            signal: ctl.signal,
            onProgress: (p) => {
              if (get().exploration?.id !== id) return;
              const t = now();
              if (t - last < throttleMs) return;
              last = t;
              patch(id, { replications: p.replications, data: read() });
            },
          });
          const data = read();
          patch(id, { status: 'done', data, replications: totalOf(data), endedAt: now() });
          if (incidents.length && get().exploration?.id === id) get().notify(incidentNotice('explore-worker', incidents, true, noun));
        } catch (e) {
          if (ctl.signal.aborted || e instanceof RunCancelled) {
            const data = read();
            patch(id, { status: 'cancelled', checking: false, data, replications: totalOf(data), endedAt: get().exploration?.endedAt ?? now() });
            return;
          }
          const f = describeFailure(e, noun);
          patch(id, { status: 'error', checking: false, data: read(), endedAt: now(), error: f });
        } finally {
          // End the pool session (terminates workers still busy after a failure; none are after a finish).
          if (!ctl.signal.aborted) ctl.abort();
          if (controller === ctl) controller = null;
        }
      },

      cancelExplore() {
        const e = get().exploration;
        controller?.abort();
        controller = null;
        if (e && e.status === 'running') set({ exploration: { ...e, status: 'cancelled', endedAt: now() } });
      },

      applyExploreValue(fieldKey, value) {
        const f = FIELDS.get(fieldKey);
        if (!f) return;
        let text: string;
        if (f.kind === 'number' && typeof value === 'number' && Number.isFinite(value)) text = `${value.toLocaleString('en-US', { maximumFractionDigits: 6 })}${f.meta.unit ? ` ${f.meta.unit}` : ''}`;
        else if (f.kind === 'enum' && typeof value === 'string' && f.options?.some((o) => o.value === value)) text = describeValue(f, value);
        else if (f.kind === 'boolean' && typeof value === 'boolean') text = value ? 'on' : 'off';
        else return;
        get().markCheckpoint();
        get().setField(f.path, value);
        set({ exploreNote: `${f.meta.label} set to ${text} in the scenario: the main results are being recomputed.` });
      },

      dismissExploreNote() {
        if (get().exploreNote !== null) set({ exploreNote: null });
      },

      exploreFragment() {
        const s = get();
        if (s.exploreTab !== 'explore') return '';
        const x = encodeExplore(s.exploreGood);
        return x ? `&${EXPLORE_PARAM}=${x}` : '';
      },

      openExploreParam(raw, onLoad = false) {
        const s = get();
        if (raw === undefined) {
          if (s.exploreTab === 'results') return { changed: false, issues: [] };
          set({ exploreTab: 'results' });
          return { changed: true, issues: [] };
        }
        const d = decodeExplore(raw);
        if (!d.ok) return { changed: false, issues: d.issues.map((i) => ({ path: i.path ? `explore.${i.path}` : 'explore', message: i.message })) };
        // A reload in the middle of typing: the link holds the last good settings the invalid edit was made on.
        // (Compared as links: a link carries only the active kind's settings, the rest open at their defaults.)
        if (onLoad && s.exploreDraft !== s.exploreGood && encodeExplore(s.exploreGood) === raw) {
          if (s.exploreTab !== 'explore') set({ exploreTab: 'explore' });
          return { changed: true, issues: [] };
        }
        const changed = s.exploreTab !== 'explore' || !deepEqual(s.exploreGood, d.draft) || !deepEqual(s.exploreDraft, d.draft);
        if (changed) set({ exploreTab: 'explore', exploreDraft: d.draft, exploreGood: d.draft });
        return { changed, issues: [] };
      },
    };
  };
}

/** Replications merged into a result so far. */
function totalOf(d: ExploreData): number {
  switch (d.kind) {
    case 'sweep':
    case 'heatmap':
    case 'sensitivity':
    case 'solve':
      return d.result.replicationsSpent;
    case 'precision':
      return d.result.replications;
  }
}
