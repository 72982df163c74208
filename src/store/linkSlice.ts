import { versionNotice } from './uiSlice';
import type { MigrationNote } from '../../sim-core/scenario/migrate';
import { conflictMessage, decodeScenario, encodeScenario, percentDecoded, fragmentParams, isAppFragment, linkFor as shareLinkFor, scenarioFragment } from '../../sim-core/scenario/link';
import type { Scenario } from '../../sim-core/scenario/schema';
import { issueLine, type ScenarioIssue } from '../../sim-core/scenario/validate';
import { deepEqual } from '../../sim-core/scenario/json';
import { scenarioTitle } from '../../sim-core/scenario/presets';
import { goodScenario } from './scenarioSlice';
import { repairTitle, salvageScenario, type Salvage } from '../../sim-core/scenario/salvage';
import type { AppState, SliceCreator } from './types';

/**
 * The scenario in the URL fragment: `#s=<scenario>[&b=<baseline>][&view=report]`, each part the codec's
 * `<version>.<payload>` (sim-core/scenario/link.ts). The store owns the codec calls; `urlSync.ts` binds them to
 * the address bar and the history.
 */

export type View = 'dashboard' | 'report';

export interface LinkValues {
  /** Increases on every meaningful change (preset, import, link, saved scenario, pin/unpin, reset, view): a new history entry. */
  checkpoint: number;
  view: View;
  /**
   * The fragment this page last wrote to the address bar (urlSync), stored with the state: at a reload, an address
   * bar that still holds it is the page's own, at most one write behind the stored state, which then wins.
   */
  address: string | null;
}

/** `repaired`: its scenario was refused but opened for repair (scenarioSlice.loadForRepair); `damaged`: a part was not applied. */
export type OpenOutcome = 'opened' | 'unchanged' | 'damaged' | 'repaired' | 'none';

export interface LinkActions {
  /** A meaningful step: the next history entry. Call it before changing the state (the edits so far stay on the current entry). */
  markCheckpoint(): void;
  /**
   * Open a link (a whole URL or just its fragment). A damaged part is never applied: a banner names each
   * problem, the page keeps its last good scenario, and the link's text stays available to copy; a scenario whose
   * values its fields refuse opens for repair instead (those values marked in their fields). Never throws.
   * `onLoad`: the page's own address at load, which holds the last valid scenario while an edit restored from
   * local storage is invalid; that edit is kept rather than replaced by the scenario it was made on.
   * `repairInProgress`: the page's own address at load is a link it opened for repair, whose repair (the draft, fixes
   * made so far) local storage restored: the link's problems are reported again, but the draft is kept.
   */
  openLink(text: string, opts?: { onLoad?: boolean; repairInProgress?: boolean }): OpenOutcome;
  /** The fragment (without `#`) for the current state. */
  fragment(): string;
  /** The share link for the current scenario and baseline (not the view), on `base` (the page URL). */
  shareLink(base: string): string;
  setView(view: View): void;
}

export type LinkSlice = LinkValues & LinkActions;

export const LINK_DEFAULT: LinkValues = { checkpoint: 0, view: 'dashboard', address: null };

/** Longest link text kept for the banner's copy box. */
const MAX_RAW = 20_000;

const cache = new WeakMap<Scenario, string>();
function encoded(s: Scenario): string {
  let e = cache.get(s);
  if (e === undefined) {
    e = encodeScenario(s);
    cache.set(s, e);
  }
  return e;
}

/** `s=…[&b=…]` for the state's good scenario and baseline. */
export function shareFragment(s: Pick<AppState, 'validation' | 'lastGood' | 'baseline'>): string {
  return scenarioFragment(goodScenario(s), s.baseline?.scenario, encoded);
}


const prefixed = (issues: ScenarioIssue[], prefix: string) => issues.map((i) => ({ ...i, path: i.path ? `${prefix}.${i.path}` : prefix }));

export const createLinkSlice: SliceCreator<LinkSlice> = (set, get) => ({
  ...LINK_DEFAULT,

  markCheckpoint() {
    set({ checkpoint: get().checkpoint + 1 });
  },

  openLink(text, opts = {}) {
    const raw = String(text);
    if (!isAppFragment(raw)) return 'none';
    const params = fragmentParams(raw);
    const issues: ScenarioIssue[] = [];
    let scenario: Scenario | null = null;
    let baseline: Scenario | null = null;
    // A scenario read whole but refused by validation: what of it can be opened for repair.
    let repair: Salvage | null = null;
    const notes: MigrationNote[] = [];
    // Two scenarios in one link: opening the first would be a guess; the link is damaged.
    if (params.conflicts.has('s')) issues.push({ path: 'link', message: conflictMessage('s') });
    else if (params.has('s')) {
      const d = decodeScenario(params.get('s')!);
      if (d.ok) {
        scenario = d.scenario;
        notes.push(...(d.notes ?? []));
      } else {
        issues.push(...d.issues);
        repair = d.data ? salvageScenario(d.data) : null;
        if (repair) notes.push(...repair.notes);
      }
    } else issues.push({ path: 'link', message: 'the link holds no scenario (expected #s=<version>.<data>)' });
    if (params.conflicts.has('b')) issues.push({ path: 'baseline', message: conflictMessage('b') });
    else if (params.has('b')) {
      const d = decodeScenario(params.get('b')!);
      if (d.ok) {
        baseline = d.scenario;
        // The fields links lead to the scenario's controls, not the baseline's: none for a baseline's note.
        notes.push(...(d.notes ?? []).map((n) => ({ message: `Baseline: ${n.message}`, fields: [] })));
      } else issues.push(...prefixed(d.issues, 'baseline'));
    }
    const view = params.get('view');
    if (view !== undefined && view !== 'report' && view !== 'dashboard')
      issues.push({ path: 'view', message: `${JSON.stringify(view.slice(0, 40))} is not a view: use "report" or leave it out` });

    const s = get();
    let loaded = false;
    let rebased = false;
    // Apply the parts that are good; a damaged scenario leaves the page as it was.
    const keepDraft = opts.onLoad === true && !s.validation.ok && deepEqual(s.lastGood, scenario);
    if (scenario && !deepEqual(s.draft, scenario) && !keepDraft) {
      s.loadScenario(scenario); // schedules the run
      loaded = true;
    } else if (repair && opts.repairInProgress !== true) {
      s.loadForRepair(repair, 'The link opened');
      loaded = true;
    }
    const opened = scenario !== null || repair !== null;
    if (opened && baseline && !deepEqual(s.baseline?.scenario, baseline)) {
      get().setBaseline({ scenario: baseline, title: scenarioTitle(baseline, 'Baseline') });
      rebased = true;
    } else if (opened && !params.has('b') && s.baseline) {
      get().setBaseline(null);
      rebased = true;
    }
    if (rebased && !loaded) get().scenarioChanged();
    if (view === undefined || view === 'report' || view === 'dashboard') {
      const v: View = view === 'report' ? 'report' : 'dashboard';
      if (v !== get().view) set({ view: v });
    }
    // The exploration settings (`&x=…`): the Explore view with them, or the main results without (exploreSlice.ts).
    const explore = get().openExploreParam(params.get('x'), opts.onLoad === true);
    issues.push(...explore.issues);
    const changed = loaded || rebased || explore.changed;
    const version = versionNotice(notes, 'This link');
    if (version) get().notify(version);
    // (A loaded scenario cleared an older notice in loadScenario; a new baseline alone clears it here.)
    else if (rebased) get().dismissNotice('version');

    if (issues.length) {
      // %-escapes decoded where they decode (so `%3Cscript%3E` reads as the text `<script>`).
      const text = percentDecoded(raw);
      const shown = text.length > MAX_RAW ? `${text.slice(0, MAX_RAW)}… (${text.length - MAX_RAW} more characters not shown)` : text;
      get().notify({
        id: 'link',
        tone: 'error',
        title: repair
          ? `${repairTitle('This link', repair)}${params.has('b') && baseline === null ? '; its baseline (b=) is damaged and was not applied' : ''}`
          : scenario
            ? 'Part of this link is damaged: the good part was opened, the rest was not applied'
            : 'This link is damaged: the page kept the last good scenario',
        sections: [{ items: issues.map(issueLine) }],
        raw: { label: 'The link as opened (to copy or repair)', text: shown },
      });
      return repair ? 'repaired' : 'damaged';
    }
    get().dismissNotice('link');
    return changed ? 'opened' : 'unchanged';
  },

  fragment() {
    const s = get();
    return `${shareFragment(s)}${s.exploreFragment()}${s.view === 'report' ? '&view=report' : ''}`;
  },

  shareLink(base) {
    const page = String(base).split('#')[0];
    return `${page}#${shareFragment(get())}${get().exploreFragment()}`;
  },

  setView(view) {
    if (view === get().view) return;
    get().markCheckpoint();
    set({ view });
  },
});

/** The share link of a given scenario (and baseline) on `base`: for reports, which describe the results shown. */
export const linkFor = (base: string, scenario: Scenario, baseline?: Scenario | null): string => shareLinkFor(base, scenario, baseline, encoded);
