import { afterEach, describe, expect, it } from 'vitest';
import { encodeScenario } from '../../sim-core/scenario/link';
import { presetById } from '../../sim-core/scenario/presets';
import { createAppStore, type AppStore } from '../../src/store';
import { decodeExplore, encodeExplore, explorePayload, MAX_EXPLORE_PARAM_CHARS } from '../../src/lib/exploreLink';
import { checkExplore, EXPLORE_DEFAULT, type ExploreDraft } from '../../src/lib/exploreSettings';
import { inProcessWorkerFactory } from '../../src/worker/inProcess';
import { SimPool } from '../../src/worker/pool';

const b64 = (json: string) => btoa(String.fromCharCode(...new TextEncoder().encode(json))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const xOf = (payload: unknown) => b64(JSON.stringify(payload));

const stores: AppStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.getState().cancelRun();
});
function make() {
  const pool = new SimPool({ factory: inProcessWorkerFactory, size: 1 });
  const store = createAppStore({ pool, explorePool: new SimPool({ factory: inProcessWorkerFactory, size: 1 }), debounceMs: 60_000 });
  stores.push(store);
  return store;
}

const SOLVE: ExploreDraft = {
  ...EXPLORE_DEFAULT,
  kind: 'solve',
  solve: { field: 'cloudSql.maxConnections', direction: 'min', targetPct: 0.5, from: 20, to: 2000, initialReplications: 50, maxReplications: 400, budget: 4000 },
};
const HEAT: ExploreDraft = {
  ...EXPLORE_DEFAULT,
  kind: 'heatmap',
  heatmap: {
    x: { field: 'cloudSql.maxConnections', from: 10, to: 1000, steps: 5, scale: 'log' },
    y: { field: 'pool.poolSize', from: 1, to: 20, steps: 4, scale: 'linear' },
    targetPct: 2,
  },
  precision: { mode: 'adaptive', replications: '', halfWidthPts: 0.5, maxReplications: 2000 },
};
const SWEEP: ExploreDraft = {
  ...EXPLORE_DEFAULT,
  kind: 'sweep',
  sweep: { axis: { field: 'wave.containers', from: 2, to: 40, steps: 10, scale: 'linear' }, metric: 'restartsPerReplication' },
  precision: { ...EXPLORE_DEFAULT.precision, mode: 'fixed', replications: 120 },
};
const SENS: ExploreDraft = { ...EXPLORE_DEFAULT, kind: 'sensitivity', sensitivity: { stepPct: 25, metric: 'phase3.durationQuantiles.p95' } };
const PREC: ExploreDraft = { ...EXPLORE_DEFAULT, kind: 'precision', precision: { mode: 'fixed', replications: '', halfWidthPts: 0.25, maxReplications: 9000 } };

describe('explore link codec', () => {
  it('round-trips every kind: the link carries the active kind and its replication policy, base64url JSON', () => {
    for (const d of [SWEEP, HEAT, SOLVE, SENS, PREC, EXPLORE_DEFAULT]) {
      const x = encodeExplore(d)!;
      expect(x).toMatch(/^[A-Za-z0-9_-]+$/);
      const back = decodeExplore(x);
      expect(back.ok).toBe(true);
      if (!back.ok) continue;
      expect(back.draft.kind).toBe(d.kind);
      if (d.kind !== 'precision') expect(back.draft[d.kind]).toEqual(d[d.kind]);
      if (d.kind !== 'solve') expect(back.draft.precision).toEqual(d.precision);
      // Only the active kind travels: the others come back as defaults.
      for (const k of ['sweep', 'heatmap', 'solve', 'sensitivity'] as const) if (k !== d.kind) expect(back.draft[k]).toEqual(EXPLORE_DEFAULT[k]);
    }
    const p = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(encodeExplore(SOLVE)!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))));
    expect(Object.keys(p).sort()).toEqual(['kind', 'solve', 'v']);
  });

  it('a draft with problems is not encoded; the mode not in use does not spoil the link', () => {
    expect(encodeExplore({ ...SWEEP, sweep: { ...SWEEP.sweep, axis: { ...SWEEP.sweep.axis, to: 'lots' } } })).toBeNull();
    const fixedWithJunkAdaptive: ExploreDraft = { ...SWEEP, precision: { mode: 'fixed', replications: 50, halfWidthPts: 'x', maxReplications: -1 } };
    const back = decodeExplore(encodeExplore(fixedWithJunkAdaptive)!);
    expect(back.ok && back.draft.precision).toEqual({ mode: 'fixed', replications: 50, halfWidthPts: 1, maxReplications: -1 });
  });

  it('refuses damaged parameters with a message naming what is wrong (never throws)', () => {
    const good = explorePayload(SWEEP);
    const cases: Array<[string, RegExp]> = [
      ['not*base64!', /not readable/],
      [encodeExplore(SWEEP)!.slice(0, 20), /not (valid JSON|readable)/],
      [xOf({ ...good, v: 7 }), /version 7 .* not known/],
      [xOf({ ...good, extra: 1 }), /"extra" is no setting of an exploration/],
      [xOf({ ...good, kind: 'teleport' }), /^kind: "teleport" is not allowed: choose one of sweep, heatmap, solve, sensitivity, precision$/],
      [xOf({ ...good, sweep: { ...good.sweep, axis: { ...good.sweep!.axis, field: 'wave.pattern' } } }), /"wave.pattern" is not a numeric scenario field\. The form lists the settings that can be explored\./],
      [xOf({ ...good, sweep: { ...good.sweep, axis: { ...good.sweep!.axis, field: 'timeouts.initialisation' } } }), /did you mean timeouts\.initialization\?/],
      // With an unknown field, the steps (which need none) are judged too.
      [xOf({ ...good, sweep: { ...good.sweep, axis: { ...good.sweep!.axis, field: 'wave.contaners', steps: 1e9 } } }), /did you mean wave\.containers\?.*\nsweep\.axis\.steps: Steps 1000000000: must be a whole number at least 2 and at most 200$/],
      // Own keys only: "constructor" is no metric; a metric that is none gets the list.
      [xOf({ ...good, sweep: { ...good.sweep, metric: 'constructor' } }), /"constructor" is not a metric.*Metrics: /],
      // Any JSON value where a number belongs gets the entry and its range, not zod's "Invalid input".
      [xOf({ ...good, sweep: { ...good.sweep, axis: { ...good.sweep!.axis, steps: true } } }), /^sweep\.axis\.steps: Steps "true" is not a number: it must be a whole number at least 2 and at most 200$/],
      [xOf({ ...good, sweep: { ...good.sweep, axis: { ...good.sweep!.axis, bins: 3 } } }), /^sweep\.axis: "bins" is no setting of an exploration \(the link may have been edited\)$/],
      [xOf({ ...good, sweep: { ...good.sweep, axis: { ...good.sweep!.axis, to: 9000 } } }), /To 9000 is out of range: Containers starting allows 1–5000 containers, whole numbers/],
      // A wrong type gets the form's message, with the entry and its range, not zod's "expected number, received string".
      [xOf({ ...good, sweep: { ...good.sweep, axis: { ...good.sweep!.axis, from: '3' } } }), /^sweep\.axis\.from: From "3" is not a number \(Containers starting allows 1–5000 containers, whole numbers\)$/],
      [xOf({ ...good, sweep: { ...good.sweep, axis: { ...good.sweep!.axis, steps: 5000 } } }), /Steps 5000: must be a whole number at least 2 and at most 200/],
      [xOf({ v: 1, kind: 'heatmap', precision: good.precision }), /the heatmap settings are missing/],
      [xOf({ ...explorePayload(SOLVE), solve: { ...explorePayload(SOLVE).solve, targetPct: 150 } }), /The target 150: must be a number above 0 % and below 100 %/],
      ['A'.repeat(MAX_EXPLORE_PARAM_CHARS + 1), /too long/],
      [xOf(null), /^: null is not valid: expected object$/],
      [xOf({ ...good, sweep: { ...good.sweep, axis: { ...good.sweep!.axis, scale: 'cubic' } } }), /^sweep\.axis\.scale: "cubic" is not allowed: choose one of linear, log$/],
    ];
    for (const [x, re] of cases) {
      const r = decodeExplore(x);
      expect(r.ok, x.slice(0, 60)).toBe(false);
      if (!r.ok) expect(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n')).toMatch(re);
    }
  });

  it('the form check names the entry and its allowed range', () => {
    const c = checkExplore({ ...SWEEP, sweep: { ...SWEEP.sweep, axis: { field: 'timeouts.initialization', from: 0, to: 'ten', steps: 1, scale: 'linear' } } });
    expect(c.ok).toBe(false);
    expect(!c.ok && c.issues).toEqual([
      { path: 'sweep.axis.from', message: 'From 0 is out of range: Initialization timeout allows 1–1800 s' },
      { path: 'sweep.axis.to', message: 'To "ten" is not a number (Initialization timeout allows 1–1800 s)' },
      { path: 'sweep.axis.steps', message: 'Steps 1: must be a whole number at least 2 and at most 200' },
    ]);
    // A fraction for a whole-number field is said, not rounded (as on the command line).
    const frac = checkExplore({ ...SWEEP, sweep: { ...SWEEP.sweep, axis: { field: 'wave.containers', from: 1.5, to: 20, steps: 5, scale: 'linear' } } });
    expect(!frac.ok && frac.issues).toEqual([{ path: 'sweep.axis.from', message: 'From 1.5 is not a whole number: Containers starting allows 1–5000 containers, whole numbers' }]);
    // An emptied entry is said to be empty, not '"" is not a number'.
    const empty = checkExplore({ ...SWEEP, sweep: { ...SWEEP.sweep, axis: { field: 'timeouts.initialization', from: 10, to: '', steps: '', scale: 'linear' } } });
    expect(!empty.ok && empty.issues.map((i) => i.message)).toEqual([
      'To is empty (Initialization timeout allows 1–1800 s)',
      'Steps is empty: it must be a whole number at least 2 and at most 200',
    ]);
    const h = checkExplore({ ...HEAT, heatmap: { ...HEAT.heatmap, y: { ...HEAT.heatmap.x } } });
    expect(!h.ok && h.issues.map((i) => i.path)).toEqual(['heatmap.y.field']);
  });

  it('replications per point stop where the engine does (200,000), at the field, before a run could be refused', () => {
    const c = checkExplore({ ...SWEEP, precision: { ...SWEEP.precision, mode: 'fixed', replications: 500_000 } });
    expect(!c.ok && c.issues.map((i) => i.path)).toEqual(['precision.replications']);
    expect(!c.ok && c.issues[0].message).toMatch(/200,?000/);
    expect(checkExplore({ ...SWEEP, precision: { ...SWEEP.precision, mode: 'fixed', replications: 200_000 } }).ok).toBe(true);
  });
});

describe('explore settings in the share link and the URL fragment', () => {
  it('`&x=` is in the fragment and the share link only while the Explore view is open, and holds the last good settings', () => {
    const store = make();
    expect(store.getState().fragment()).not.toContain('&x=');
    store.getState().editExplore(() => HEAT);
    expect(store.getState().fragment()).not.toContain('&x=');
    const checkpoint = store.getState().checkpoint;
    store.getState().setExploreTab('explore');
    expect(store.getState().checkpoint).toBe(checkpoint + 1); // a history step
    const f = store.getState().fragment();
    expect(f).toMatch(/^s=2\.[A-Za-z0-9_-]+&x=[A-Za-z0-9_-]+$/);
    expect(store.getState().shareLink('https://b.test/page#old')).toBe(`https://b.test/page#${f}`);
    // While an entry is wrong the link keeps the last good settings.
    store.getState().editExplore((d) => ({ ...d, heatmap: { ...d.heatmap, targetPct: 'five' } }));
    expect(store.getState().fragment()).toBe(f);
  });

  it('opening a link with `x` opens the Explore view with its settings; without it, the main results', () => {
    const store = make();
    const s = presetById('mitigated')!.scenario;
    const link = `https://b.test/#s=${encodeScenario(s)}&x=${encodeExplore(SOLVE)}`;
    expect(store.getState().openLink(link)).toBe('opened');
    expect(store.getState().exploreTab).toBe('explore');
    expect(store.getState().exploreDraft.kind).toBe('solve');
    expect(store.getState().exploreDraft.solve).toEqual(SOLVE.solve);
    expect(store.getState().fragment()).toBe(link.split('#')[1]);
    expect(store.getState().openLink(link)).toBe('unchanged');
    expect(store.getState().openLink(`https://b.test/#s=${encodeScenario(s)}`)).toBe('opened');
    expect(store.getState().exploreTab).toBe('results');
  });

  it('a damaged `x` is refused with a banner naming it; the scenario part still opens and the settings stay', () => {
    const store = make();
    store.getState().editExplore(() => SWEEP);
    const before = store.getState().exploreDraft;
    const s = structuredClone(presetById('mitigated')!.scenario);
    s.wave.containers = 33;
    const bad = xOf({ ...explorePayload(SWEEP), sweep: { axis: { ...SWEEP.sweep.axis, field: 'timeouts.initialization', from: -5 }, metric: 'restartsPerReplication' } });
    expect(store.getState().openLink(`https://b.test/#s=${encodeScenario(s)}&x=${bad}`)).toBe('damaged');
    expect((store.getState().draft.wave as { containers: number }).containers).toBe(33);
    expect(store.getState().exploreDraft).toBe(before);
    expect(store.getState().exploreTab).toBe('results');
    const n = store.getState().notices.find((x) => x.id === 'link')!;
    expect(n.title).toMatch(/Part of this link is damaged/);
    expect(n.sections![0].items).toEqual(['explore.sweep.axis.from: From -5 is out of range: Initialization timeout allows 1–1800 s']);
  });
});
