import type { Scenario } from '../../sim-core/scenario/schema';
import { getAt, setAt } from '../../sim-core/scenario/catalogue';
import { deepEqual } from '../../sim-core/scenario/json';
import { isHorizonCut, probeKillShare } from '../../sim-core/results/summary';
import {
  contourOf,
  adaptivePlanner,
  heatmapPlanner,
  METRIC_KEYS,
  BREACH_RATE,
  sensitivityPlanner,
  solvePlanner,
  sweepPlanner,
  type AdaptiveResult,
  type Checked,
  type HeatmapCell,
  type HeatmapPlanner,
  type HeatmapResult,
  type Planner,
  type ReplicationPolicy,
  type SensitivityResult,
  type SolveResult,
  type SweepResult,
} from '../../sim-core/explore';
import type { CheckedSettings } from './exploreSettings';

/** What an exploration shows, by kind: the planner's result, current at any time (partial while it runs). */
export type ExploreData =
  | { kind: 'sweep'; result: SweepResult }
  | { kind: 'heatmap'; result: HeatmapResult }
  | { kind: 'solve'; result: SolveResult }
  | { kind: 'sensitivity'; result: SensitivityResult }
  | { kind: 'precision'; result: AdaptiveResult };

export interface ExplorePlan {
  planner: Planner<unknown>;
  /** The planner's result, tagged with its kind. */
  read(): ExploreData;
  /** Replications it will run, when known in advance (fixed counts). */
  planned: number | null;
  /** The most it may run (adaptive caps, the solver's budget). */
  cap: number;
  /** The scenario of the solver's answer, to apply (solve only). */
  answerScenario?: () => Scenario | null;
  /** What the work limit checks before it runs (sim-core/limits.ts, as the CLI's what-if commands do). */
  work: PlannedWork;
}

/**
 * The work of an exploration for the limit check: `points` scenarios × `replications` each (the most it may run),
 * at the cost of the costliest of `pilots` (whose replication 0 a worker runs); `fix` says which entries to lower,
 * given the most replications per point that would fit.
 */
export interface PlannedWork {
  pilots: Scenario[];
  points: number;
  replications: number;
  fix: (max: number) => string;
}

const count = (n: number) => n.toLocaleString('en-US');
/** "lower Replications to at most N per point" in the words of the Explore form. */
const fewer = (p: ReplicationPolicy, max: number) =>
  typeof p === 'number' ? `lower Replications (per point) to at most ${count(max)}` : `lower At most (replications per point) to ${count(max)}`;

const most = (p: ReplicationPolicy) => (typeof p === 'number' ? p : p.maxReplications);

/** What the grid-shaped what-ifs (sweep, heatmap, sensitivity) share: the replications planned, the cap, the work. */
function gridWork(points: number, policy: ReplicationPolicy, pilots: Scenario[], fix: (max: number) => string) {
  return {
    planned: typeof policy === 'number' ? points * policy : null,
    cap: points * most(policy),
    work: { pilots, points, replications: most(policy), fix },
  };
}

/**
 * The sim-core planner for checked settings on `base` (the current scenario), or why it cannot be made. The
 * planners validate every point as a scenario; points the schema rejects are reported in the result, not run.
 * Sweeps carry every headline metric, so the metric picker switches without running again.
 */
export function planExplore(settings: CheckedSettings, base: Scenario, blockSize: number): Checked<ExplorePlan> {
  switch (settings.kind) {
    case 'sweep': {
      const p = sweepPlanner(base, { axis: settings.axis, replications: settings.policy, metrics: METRIC_KEYS, blockSize });
      if (!p.ok) return p;
      const pl = p.value;
      const n = pl.points.length;
      return {
        ok: true,
        value: {
          planner: pl,
          read: () => ({ kind: 'sweep', result: pl.result() }),
          ...gridWork(n, settings.policy, pl.pilots(), (max) => `${fewer(settings.policy, max)}, or use fewer Steps`),
        },
      };
    }
    case 'heatmap': {
      const p = heatmapPlanner(base, { x: settings.x, y: settings.y, target: settings.target, replications: settings.policy, metrics: [BREACH_RATE], blockSize });
      if (!p.ok) return p;
      const pl = p.value;
      const n = pl.points.length;
      const read = heatmapReader(pl);
      return {
        ok: true,
        value: {
          planner: pl,
          read: () => ({ kind: 'heatmap', result: read() }),
          ...gridWork(n, settings.policy, pl.pilots(), (max) => `${fewer(settings.policy, max)}, or use fewer Steps across or up`),
        },
      };
    }
    case 'solve': {
      const { kind: _k, ...spec } = settings;
      const p = solvePlanner(base, { ...spec, blockSize });
      if (!p.ok) return p;
      const pl = p.value;
      const searchMost = pl.mostReplications();
      return {
        ok: true,
        value: {
          planner: pl,
          read: () => ({ kind: 'solve', result: pl.result() }),
          planned: null,
          cap: searchMost,
          answerScenario: () => pl.answerScenario(),
          // The first round probes both ends of the range, the costliest values; the budget, or the probes the
          // search can make at the cap when they cost less, bounds the replications.
          work: { pilots: [...pl.points], points: 1, replications: searchMost, fix: (max) => `lower the Budget to at most ${count(max)} replications` },
        },
      };
    }
    case 'sensitivity': {
      const p = sensitivityPlanner(base, { step: settings.step, metric: settings.metric, replications: settings.policy, blockSize });
      if (!p.ok) return p;
      const pl = p.value;
      const n = pl.points.length;
      return {
        ok: true,
        value: {
          planner: pl,
          read: () => ({ kind: 'sensitivity', result: pl.result() }),
          ...gridWork(n, settings.policy, pl.pilots(), (max) => fewer(settings.policy, max)),
        },
      };
    }
    case 'precision': {
      const p = adaptivePlanner(base, settings.rule, blockSize);
      if (!p.ok) return p;
      const pl = p.value;
      return {
        ok: true,
        value: {
          planner: pl,
          read: () => ({ kind: 'precision', result: pl.result() }),
          planned: null,
          cap: settings.rule.maxReplications,
          work: { pilots: [...pl.points], points: 1, replications: settings.rule.maxReplications, fix: (max) => `lower At most to ${count(max)} replications` },
        },
      };
    }
  }
}

/** Fields an exploration sets on every point itself: the base scenario's values of these do not change its results. */
export function exploredFields(settings: CheckedSettings): string[] {
  // Points run on their own replication counts (the policy), and the kept detail replication changes no metric.
  const sim = ['simulation.replications', 'simulation.detailReplication'];
  switch (settings.kind) {
    case 'sweep':
      return [settings.axis.field, ...sim];
    case 'heatmap':
      return [settings.x.field, settings.y.field, ...sim];
    case 'solve':
      return [settings.field, ...sim];
    default:
      return sim;
  }
}

/**
 * Would the exploration give other results on `current`? (It explored around `base`.) Only fields it does not
 * set itself count: applying a sweep's value or the solver's answer does not make the sweep or the search stale.
 */
export function exploreStale(settings: CheckedSettings, base: Scenario, current: Scenario): boolean {
  let a: unknown = base;
  for (const key of exploredFields(settings)) a = setAt(a, key.split('.'), getAt(current, key.split('.')));
  return !deepEqual(a, current);
}

/**
 * The heatmap's result without a summary per cell: `HeatmapPlanner.result()` summarizes every cell (~10 ms
 * each on the incident preset), which a 40 × 40 map cannot afford on the page's thread at every update. A heatmap
 * shows only the breach rate, which the merged counts give directly (the same number the summary gives:
 * breaches / starts), so this builds the identical result from them, with the contour by the planner's own
 * `crossings`.
 */
export function heatmapReader(pl: HeatmapPlanner): () => HeatmapResult {
  const grid = pl.grid;
  // Before any replication the grid's result summarizes nothing: read which cells are valid scenarios, once.
  const initial = grid.result();
  const pointOf = new Map(grid.points.map((s, i) => [s, i] as const));
  const cellPoint = initial.map((c, k) => (c.ok ? pointOf.get(grid.scenario(k)!)! : -1));
  const xs = pl.x.values;
  const ys = pl.y.values;
  const nx = xs.length;
  const xScale = pl.spec.x.scale ?? 'linear';
  const yScale = pl.spec.y.scale ?? 'linear';
  const T = pl.spec.target;
  return () => {
    const rates = grid.inner.result();
    const cells: HeatmapCell[] = initial.map((c, k) => {
      const pos = { x: xs[k % nx], y: ys[Math.floor(k / nx)] };
      if (!c.ok) return { ...pos, ...c };
      const r = rates[cellPoint[k]];
      return { ...pos, ok: true, ...r, metrics: r.replications ? { [BREACH_RATE]: r.breachRate } : {} };
    });
    const grid2 = ys.map((_, iy) =>
      xs.map((_, ix) => {
        const c = cells[iy * nx + ix];
        return c.ok && c.starts > 0 ? c.breachRate : null;
      }),
    );
    return {
      x: { field: pl.x.field, values: xs, scale: xScale },
      y: { field: pl.y.field, values: ys, scale: yScale },
      target: T,
      seed: pl.base.simulation.seed,
      metrics: grid.metrics,
      cells,
      rates: grid2,
      contour: contourOf(xs, ys, cells, T, xScale, yScale),
      replicationsSpent: grid.inner.replicationsSpent,
    };
  };
}

/** Replications the per-replication event guard cut short, over every point of an exploration (0: none). */
export function truncatedIn(d: ExploreData): number {
  const cut = (x: unknown) => (x && typeof x === 'object' ? Number((x as { truncatedReplications?: unknown }).truncatedReplications) || 0 : 0);
  const sum = (xs: readonly unknown[]) => xs.reduce<number>((a, x) => a + cut(x), 0);
  switch (d.kind) {
    case 'sweep':
      return sum(d.result.points);
    case 'heatmap':
      return sum(d.result.cells);
    case 'sensitivity':
      return cut(d.result.base) + sum(d.result.rows);
    case 'precision':
      return d.result.summary.truncatedReplications;
    case 'solve':
      return 0;
  }
}

/**
 * The points of an exploration that carry their own counts (starts, unfinished, probe kills): its points, cells or
 * probes; a precision run's summary; a sensitivity analysis's base (its moved points carry flags only).
 */
function countedPoints(d: ExploreData): readonly unknown[] {
  switch (d.kind) {
    case 'sweep':
      return d.result.points;
    case 'heatmap':
      return d.result.cells;
    case 'sensitivity':
      return [d.result.base];
    case 'precision':
      return [d.result.summary];
    case 'solve':
      return d.result.evaluations;
  }
}

/** Whether `x` has these counts as numbers (a point that was not run, or is invalid, has none). */
const hasCounts = <K extends string>(x: unknown, keys: readonly K[]): x is Record<K, number> =>
  !!x && typeof x === 'object' && keys.every((k) => typeof (x as Record<string, unknown>)[k] === 'number');

/**
 * Points of an exploration whose horizon cut more than HORIZON_CUT_LIMIT of the start attempts short of a Phase 3
 * verdict (their rates lean to the quick outcomes and meet no target), and the points that ran: for a sensitivity
 * analysis, its base and every moved or switched point.
 */
export function horizonCutIn(d: ExploreData): { cut: number; of: number } {
  const points = countedPoints(d).filter((x) => hasCounts(x, ['starts', 'unfinished'] as const)).filter((x) => x.starts + x.unfinished > 0);
  const base = { cut: points.filter(isHorizonCut).length, of: points.length };
  if (d.kind !== 'sensitivity') return base;
  const { rows, alternatives } = d.result;
  const moved = rows.reduce((n, x) => n + x.horizonCut.length, 0) + alternatives.filter((x) => x.horizonCut).length;
  return { cut: base.cut + moved, of: base.of + 2 * rows.length + alternatives.length };
}

/**
 * Points of an exploration where Cloud Run's startup probe killed starts outside Phase 3 (failed without a breach, so
 * the breach rates do not show them), the largest share of a point's attempts, and the points that ran: for a
 * sensitivity analysis, its base.
 */
export function probeKillsIn(d: ExploreData): { killed: number; of: number; most: number } {
  const points = countedPoints(d)
    .filter((x) => hasCounts(x, ['starts', 'unfinished', 'killedOutsidePhase3', 'killedAfterPhase3'] as const))
    .filter((x) => x.starts + x.unfinished + x.killedOutsidePhase3 > 0);
  const shares = points.map(probeKillShare).filter((s): s is number => s !== null);
  return { killed: shares.length, of: points.length, most: shares.length ? Math.max(...shares) : 0 };
}
