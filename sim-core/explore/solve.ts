import { Aggregate, breachClusters, type AggregateJSON } from '../results/aggregate';
import { FAILURE_CAUSES } from '../model/outcomes';
import { hasSharedConnector, usableConnections } from '../scenario/capacity';
import { rangeText } from '../scenario/catalogue';
import { clusteredWilson } from '../stats/wilson';
import { HORIZON_CUT_LIMIT_TEXT, HORIZON_CUT_MARK, isHorizonCut } from '../results/summary';
import { labelInSentence } from '../report/count';
import type { Scenario } from '../scenario/schema';
import type { ScenarioIssue } from '../scenario/validate';
import { checkInRange, exploreField, snap, withUnit, type Checked, type ExploreField } from './grid';
import { buildPoint, MAX_REPLICATIONS, replicationsProblem, validSpan } from './points';
import { pointRate, type PointRate } from './pointSet';
import { andList } from '../report/count';
import { DEFAULT_BLOCK_SIZE, unitsFor, type Planner, type WorkUnit } from './work';
import { exp, log, pow10 } from '../math/portable';

/**
 * Solve for a target: the smallest (or largest) value of one field that keeps the Phase 3 breach rate ≤ T with
 * 95% confidence: "the upper end of the rate's interval is ≤ T".
 *
 * A probe is looked at again each time its replications grow, and every look is another chance to declare it met by
 * luck (checking 95% intervals at 200, 400, …, 3,200 replications declared a rate exactly at T met 8% of the time,
 * not 2.5%). So verdicts split the 2.5% over the looks a probe can take (Bonferroni): its counts are always
 * initial·2^k or the cap, so at most `looks` = 1 + ⌈log₂(max / initial)⌉, and each verdict reads the interval whose
 * ends err with probability 0.025 / looks (99% for the default 5). The intervals shown are the usual 95% ones.
 *
 * Bisection over the field's range, assuming the rate moves one way with the field (a longer timeout breaches
 * less; a bigger wave breaches more). Each probe starts with `initialReplications` and doubles them while its
 * interval still straddles T, until the interval clears T or reaches `maxReplications`; a probe still
 * straddling then counts as not meeting the target (the conservative side). Every probe runs replications
 * 0, 1, … of the same seed: common random numbers, so neighbouring probes differ by the field's effect, not by
 * noise. The search stops when the answer and the nearest value not shown to meet T are within `tolerance` (whole
 * numbers: adjacent values). The reported bracket runs on to the nearest value shown to miss T, past any undecided
 * ones, so it is wider than `tolerance` when the search was not decided.
 *
 * `confident` says the answer is decided on both sides: the answer meets T and its neighbour across the bracket
 * confidently does not (its interval lies above T), and no budget cut the search short.
 */

/** Which end solve looks for: the smallest value meeting the target ('min') or the largest ('max'); FieldMeta.solve says a field's usual one. */
export type Direction = 'min' | 'max';

export interface SolveSpec {
  field: string;
  /** Breach-rate target T, 0 < T < 1. */
  target: number;
  /** 'min' (default): the smallest value meeting T (the rate falls as the field grows); 'max': the largest. */
  direction?: Direction;
  /** Search range; defaults to the field's whole range. */
  from?: number;
  to?: number;
  /** Replications of a probe's first round (default 200). */
  initialReplications?: number;
  /** Most replications on one probe (default 16 × initial, at most MAX_REPLICATIONS). */
  maxReplications?: number;
  /** Most replications in all (default 100,000). */
  budget?: number;
  /** Stop when the bracket is at most this wide (default range / 1000; whole-number fields at least 1). */
  tolerance?: number;
  /** Probes per round (default 1: bisection). More keep more workers busy; the answer depends on it, not on workers. */
  probes?: number;
  blockSize?: number;
}

/** meets: upper bound ≤ T; fails: lower bound > T (both at the decision level); undecided: straddles T at the cap; invalid: not a valid scenario. */
export type Verdict = 'meets' | 'fails' | 'undecided' | 'invalid';

export type Evaluation =
  | ({
      value: number; round: number; verdict: Exclude<Verdict, 'invalid'>;
      /** The interval the verdict read: at the decision level (`SolveResult.decisionLevel`), wider than the 95% one. */
      verdictCi: [number, number];
    } & PointRate)
  | { value: number; round: number; verdict: 'invalid'; issues: ScenarioIssue[] };

export type SolveStatus =
  /** The search narrowed to `tolerance` (decided or not: see confident and undecidedPast). */
  | 'solved'
  /** Even the far end of the range meets T: the answer is that end. */
  | 'whole-range'
  /** The best end of the range does not meet T: no answer in range. */
  | 'unreachable'
  /** The replication budget ran out first: the answer is the best value confirmed so far. */
  | 'budget';

export interface SolveResult {
  field: ExploreField;
  target: number;
  direction: Direction;
  seed: number;
  status: SolveStatus;
  /** The smallest (min) / largest (max) value confirmed to meet T; null if none is. */
  answer: number | null;
  /** The rate at the answer, with its 95% interval. */
  answerRate: PointRate | null;
  /** The looks a probe may take, and the two-sided level of the intervals verdicts read: 1 − 0.05 / looks. */
  looks: number;
  decisionLevel: number;
  /**
   * [low, high]: the true boundary lies between these. One end is the answer; the other the nearest value past it
   * shown to miss T (an undecided value between them may go either way), or the range's far end when none is.
   */
  bracket: [number, number] | null;
  /** Values probed between the answer and the bracket's other end whose verdict is undecided, nearest first. */
  undecidedPast: number[];
  confident: boolean;
  /** The verdict on the nearest value probed past the answer (the search's other end; undecided when not decided), or null without one. */
  boundaryVerdict: Verdict | null;
  /** The search stopped on its own, with any status, the budget's too (false for a result read while it runs, or after it was cancelled). */
  finished: boolean;
  replicationsSpent: number;
  rounds: number;
  /** Every probe, in order of value. */
  evaluations: Evaluation[];
  /** One sentence for people. */
  message: string;
}

interface Probe {
  value: number;
  round: number;
  point: number | null; // index in points, null if invalid
  issues: ScenarioIssue[];
  /** Replications asked for (run or in flight), and the count the planner wants it to reach. */
  scheduled: number;
  want: number;
}

export class SolvePlanner implements Planner<SolveResult> {
  readonly points: Scenario[] = [];
  private readonly aggs: Aggregate[] = [];
  private readonly probes: Probe[] = [];
  private round: Probe[] = [];
  private rounds = 0;
  private phase: 'ends' | 'search' | 'done' = 'ends';
  private status: SolveStatus = 'solved';
  private good: Probe | null = null;
  private bad: Probe | null = null;
  /** The end of the range on the meeting side (the longest timeout for 'min', the smallest wave for 'max'). */
  private readonly goodEnd: Probe;
  private spentScheduled = 0;
  /** The most replications it spends (mostReplications()): the budget, or less for a small search. */
  private readonly limit: number;
  /** The probe values' grid: a power of ten below the tolerance, so probes read 87 s, not 87.3462 s. */
  private readonly resolution: number;
  /** Replication counts a probe can be judged at (initial·2^k up to the cap), and each verdict's error per end. */
  readonly looks: number;
  private readonly tail: number;

  constructor(
    readonly base: Scenario,
    readonly field: ExploreField,
    readonly target: number,
    readonly direction: Direction,
    readonly lo: number,
    readonly hi: number,
    readonly initialReplications: number,
    readonly maxReplications: number,
    readonly budget: number,
    readonly tolerance: number,
    readonly probesPerRound: number,
    readonly blockSize: number,
  ) {
    this.resolution = field.integer ? 1 : pow10(Math.floor(log(tolerance) / Math.LN10 + 1e-12));
    let looks = 1;
    for (let n = initialReplications; n < maxReplications; n *= 2) looks++;
    this.looks = looks;
    this.tail = 0.025 / looks;
    // The far (bad) end first, the near (good) end second: both in the first round.
    const [goodEnd, badEnd] = direction === 'min' ? [hi, lo] : [lo, hi];
    this.rounds = 1;
    this.round = [this.probe(badEnd, initialReplications), this.probe(goodEnd, initialReplications)];
    this.goodEnd = this.round[1];
    this.limit = this.searchLimit();
  }

  next(): WorkUnit[] | null {
    for (;;) {
      if (this.phase === 'done') return null;
      const wants = this.round.map((p) => (p.point === null ? 0 : this.wanted(p)));
      const extra = this.round.reduce((sum, p, i) => sum + Math.max(0, wants[i] - p.scheduled), 0);
      if (extra > 0) {
        if (this.spentScheduled + extra > this.limit) {
          this.finish('budget');
          return null;
        }
        this.spentScheduled += extra;
        return this.round.flatMap((p, i) => {
          if (wants[i] <= p.scheduled) return [];
          const units = unitsFor(p.point!, p.scheduled, wants[i], this.blockSize);
          p.scheduled = wants[i];
          return units;
        });
      }
      this.advance();
    }
  }

  /** Replications probe `p` should have: its assigned count, doubled while its interval straddles T. */
  private wanted(p: Probe): number {
    if (p.want > p.scheduled) return p.want;
    if (this.verdict(p) === 'undecided' && p.scheduled < this.maxReplications && !this.horizonCut(p)) return Math.min(this.maxReplications, p.scheduled * 2);
    return p.scheduled;
  }

  report(unit: WorkUnit, aggregate: AggregateJSON): void {
    const agg = this.aggs[unit.point];
    if (!agg) throw new Error(`result for point ${unit.point}, but there are ${this.points.length} points`);
    agg.merge(Aggregate.fromJSON(aggregate));
  }

  result(): SolveResult {
    const evaluations = this.probes.map((p) => this.evaluation(p)).sort((a, b) => a.value - b.value);
    const good = this.good;
    const answerRate = good && good.point !== null ? pointRate(this.aggs[good.point]) : null;
    // The search's other end is the nearest probe not shown to meet T; the boundary is only known to lie before the
    // nearest one shown to miss it (or the range's far end), with the undecided ones between.
    const past = good && this.bad ? this.probes.filter((p) => this.beyond(good.value, p.value)).sort((a, b) => Math.abs(a.value - good.value) - Math.abs(b.value - good.value)) : [];
    const missed = past.find((p) => this.verdict(p) === 'fails');
    const far = missed ? missed.value : this.direction === 'min' ? this.lo : this.hi;
    const bracket: [number, number] | null = good && this.bad ? [Math.min(good.value, far), Math.max(good.value, far)] : null;
    // (A probe the budget left unrun has no verdict to speak of: not listed.)
    const undecidedPast = past.filter((p) => p.point !== null && this.aggs[p.point].counts.replications > 0 && this.verdict(p) === 'undecided' && this.beyond(p.value, far)).map((p) => p.value);
    const confident =
      this.phase === 'done' &&
      ((this.status === 'solved' && this.bad !== null && this.verdict(this.bad) === 'fails') ||
        this.status === 'whole-range' ||
        (this.status === 'unreachable' && this.verdict(this.goodEnd) === 'fails'));
    return {
      field: this.field,
      target: this.target,
      direction: this.direction,
      seed: this.base.simulation.seed,
      status: this.status,
      answer: good ? good.value : null,
      answerRate,
      looks: this.looks,
      decisionLevel: 1 - 2 * this.tail,
      bracket,
      undecidedPast,
      confident,
      boundaryVerdict: this.bad ? this.verdict(this.bad) : null,
      finished: this.phase === 'done',
      replicationsSpent: this.aggs.reduce((s, a) => s + a.counts.replications, 0),
      rounds: this.rounds,
      evaluations,
      message: this.message(good, bracket, undecidedPast),
    };
  }

  /** The scenario of the answer (null if none), e.g. to re-check it with a longer run. */
  answerScenario(): Scenario | null {
    return this.good && this.good.point !== null ? this.points[this.good.point] : null;
  }

  private probe(value: number, want: number): Probe {
    const b = buildPoint(this.base, [[this.field, value]], this.maxReplications);
    const p: Probe = { value, round: this.rounds, point: null, issues: [], scheduled: 0, want };
    if (b.ok) {
      p.point = this.points.length;
      this.points.push(b.scenario);
      this.aggs.push(Aggregate.forScenario(b.scenario));
    } else p.issues = b.issues;
    this.probes.push(p);
    return p;
  }

  /** The horizon cut more than HORIZON_CUT_LIMIT of probe `p`'s start attempts short of a verdict. */
  private horizonCut(p: Probe): boolean {
    return p.point !== null && isHorizonCut(this.aggs[p.point].counts);
  }

  private verdict(p: Probe): Verdict {
    return this.judge(p).verdict;
  }

  /** A probe's verdict and the interval it reads (at the decision level, not 95%; none for an invalid probe). */
  private judge(p: Probe): { verdict: Verdict; ci: { lo: number; hi: number } | null } {
    if (p.point === null) return { verdict: 'invalid', ci: null };
    const counts = this.aggs[p.point].counts;
    const ci = clusteredWilson(breachClusters(counts), this.tail);
    // A probe whose horizon cut too many attempts short of a verdict has a rate leaning to the quick outcomes: it can
    // neither meet nor fail, and more replications would not change that (wanted() does not top it up).
    const verdict = counts.starts === 0 || this.horizonCut(p) ? 'undecided' : ci.hi <= this.target ? 'meets' : ci.lo > this.target ? 'fails' : 'undecided';
    return { verdict, ci };
  }

  private evaluation(p: Probe): Evaluation {
    const { verdict, ci } = this.judge(p);
    if (verdict === 'invalid' || ci === null) return { value: p.value, round: p.round, verdict: 'invalid', issues: p.issues };
    return { value: p.value, round: p.round, verdict, verdictCi: [ci.lo, ci.hi], ...pointRate(this.aggs[p.point!]) };
  }

  /** `a` is on the good side of `b` (further from the boundary's failing side). */
  private beyond(a: number, b: number): boolean {
    return this.direction === 'min' ? a > b : a < b;
  }

  /**
   * Every probe of the round has settled: move the bracket, then top up its meeting end or start the next
   * round of probes, or finish.
   */
  private advance(): void {
    if (this.phase === 'ends') {
      if (this.verdict(this.goodEnd) !== 'meets') return this.finish('unreachable');
      this.phase = 'search';
    }
    const { good, bad } = this.locate();
    if (!good) return this.finish('unreachable');
    if (!bad) return this.finish('whole-range');
    // Judge both ends on the same replications: a meeting end run on fewer replications than its neighbour
    // may owe its verdict to a lucky first few; run it on as many before trusting it.
    if (good.scheduled < bad.scheduled) {
      good.want = bad.scheduled;
      this.round = [good];
      this.rounds++;
      return;
    }
    const values = this.nextValues();
    if (values.length === 0) return this.finish('solved');
    // New probes start with as many replications as the bracket's ends have needed.
    const start = Math.min(this.maxReplications, Math.max(this.initialReplications, good.scheduled, bad.scheduled));
    this.rounds++;
    this.round = values.map((v) => this.probe(v, start));
  }

  /**
   * The bracket from the verdicts so far. The meeting end: the meeting probe nearest the failing side. The other
   * end: the nearest probe beyond it that does not meet (straddling at the cap counts as not meeting: the
   * conservative side).
   */
  private locate(): { good: Probe | null; bad: Probe | null } {
    let good: Probe | null = null;
    for (const p of this.probes) if (this.verdict(p) === 'meets' && (!good || this.beyond(good.value, p.value))) good = p;
    let bad: Probe | null = null;
    if (good) for (const p of this.probes) if (this.verdict(p) !== 'meets' && this.beyond(good.value, p.value) && (!bad || this.beyond(p.value, bad.value))) bad = p;
    this.good = good;
    this.bad = bad;
    return { good, bad };
  }

  /** Probe values strictly inside the bracket, or none when it is narrow enough. */
  private nextValues(): number[] {
    return this.valuesBetween(this.bad!.value, this.good!.value);
  }

  /**
   * The most replications this search may spend, a limit it keeps (next() stops there, as at the budget): twice
   * what every probe it can make at the cap costs, with the bracket narrowing as slowly as the verdicts allow (into
   * its widest part each round), or the budget when that is less. Twice, because a meeting end topped up with
   * more replications can turn out not to meet, and the bracket then moves back out and the search probes again.
   * What the work estimate prices, so a small search is not refused for a budget it can never reach.
   */
  mostReplications(): number {
    return this.limit;
  }

  private searchLimit(): number {
    let [a, b] = [this.lo, this.hi];
    let probes = 2;
    for (let round = 0; round < 10_000; round++) {
      const values = this.valuesBetween(a, b).sort((x, y) => x - y);
      if (values.length === 0) break;
      probes += values.length;
      const cuts = [a, ...values, b];
      let widest = 0;
      for (let i = 1; i < cuts.length - 1; i++) if (cuts[i + 1] - cuts[i] > cuts[widest + 1] - cuts[widest]) widest = i;
      [a, b] = [cuts[widest], cuts[widest + 1]];
      if (2 * probes * this.maxReplications >= this.budget) break;
    }
    return Math.min(this.budget, 2 * probes * this.maxReplications);
  }

  private valuesBetween(a: number, b: number): number[] {
    if (Math.abs(b - a) <= this.tolerance) return [];
    const k = this.probesPerRound;
    const geometric = this.field.log && a > 0 && b > 0;
    const out: number[] = [];
    for (let i = 1; i <= k; i++) {
      const t = i / (k + 1);
      const raw = geometric ? exp(log(a) + t * (log(b) - log(a))) : a + t * (b - a);
      let v = snap(this.field, Number((Math.round(raw / this.resolution) * this.resolution).toPrecision(12)));
      if (v === a || v === b) v = snap(this.field, raw);
      if (v !== a && v !== b && !out.includes(v) && Math.min(a, b) < v && v < Math.max(a, b)) out.push(v);
    }
    return out;
  }

  private finish(status: SolveStatus): void {
    // A budget stop can come mid-round: take the bracket from the verdicts as they stand.
    if (status === 'budget') this.locate();
    this.status = status;
    this.phase = 'done';
  }

  private message(good: Probe | null, bracket: [number, number] | null, undecided: number[]): string {
    const f = this.field;
    // The setting as the form names it, with the path the CLI takes: "Initialization timeout (timeouts.initialization)".
    const name = `${labelInSentence(f.label)} (${f.key})`;
    // A value with its unit ("1 container"); a range always in the plural ("0–1 containers").
    const v = (x: number) => withUnit(String(x), x, f);
    const range = (a: number, b: number) => withUnit(`${a}–${b}`, Infinity, f);
    const T = targetText(this.target);
    const side = this.direction === 'min' ? 'smallest' : 'largest';
    // "71–74 containers; 72 and 73 undecided": values the boundary may still lie past.
    const within = (b: [number, number]) => `${range(b[0], b[1])}${undecided.length ? `; ${andList(undecided.map(String))} undecided` : ''}`;
    if (this.phase !== 'done') return 'searching…';
    switch (this.status) {
      case 'unreachable':
        if (this.goodEnd.point === null)
          return `${f.label} (${f.key}) = ${v(this.goodEnd.value)} is not a valid scenario: ${this.goodEnd.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
        if (this.horizonCut(this.goodEnd))
          return `no ${name} in ${range(this.lo, this.hi)} was shown to keep the breach rate ≤ ${T}: at ${v(this.goodEnd.value)}, the best end, the horizon cut over ${HORIZON_CUT_LIMIT_TEXT} of the start attempts short of a Phase 3 verdict, so its rate cannot be trusted (lengthen simulation.horizon)`;
        // Undecided is not "none keeps it": the best end's interval may still straddle T.
        return this.verdict(this.goodEnd) === 'fails'
          ? `no ${name} in ${range(this.lo, this.hi)} keeps the breach rate ≤ ${T}: even ${v(this.goodEnd.value)} misses it with 95% confidence${stillBreachingText(this.aggs[this.goodEnd.point], this.points[this.goodEnd.point])}`
          : `no ${name} in ${range(this.lo, this.hi)} was shown to keep the breach rate ≤ ${T}: at ${v(this.goodEnd.value)}, the best end, its interval straddles the target (more replications per probe would decide)`;
      case 'whole-range':
        return `every ${name} in ${range(this.lo, this.hi)} keeps the breach rate ≤ ${T}; the ${side} is ${v(good!.value)}`;
      case 'budget':
        {
          // The budget, or the search's own limit (twice what it needs when no verdict turns) when that is less.
          const spent = this.limit < this.budget ? `replication limit reached (${this.limit.toLocaleString('en-US')}: twice what this search needs when no verdict turns)` : 'replication budget spent';
          return good
            ? `${spent}: ${v(good.value)} is confirmed to keep the breach rate ≤ ${T}; the ${side} such value lies in ${within(bracket!)}`
            : `${spent} before any ${name} was confirmed`;
        }
      default:
        return `${side} ${name} keeping the breach rate ≤ ${T} with 95% confidence: ${v(good!.value)} (boundary in ${within(bracket!)})`;
    }
  }
}

/**
 * What still breaches at a point, for a target out of reach, which says what else must change: the causes of most
 * of its breaches with their shares, and where the connector and Cloud SQL stand at their peaks ("; there, breaches
 * are 98% init_timeout; at the peak the connector is 100% full, Cloud SQL at 140 of 997 usable connections").
 */
function stillBreachingText(agg: Aggregate, scenario: Scenario): string {
  const total = FAILURE_CAUSES.reduce((n, c) => n + agg.failures[c], 0);
  if (total === 0) return '';
  const pr = agg.perReplication;
  const connector = hasSharedConnector(scenario.connector) ? `the connector is ${Math.round(100 * pr.peakConnectorUtilisation.mean())}% full, ` : '';
  const peaks = `; at the peak ${connector}Cloud SQL at ${Math.round(pr.peakCloudSqlConnections.mean())} of ${usableConnections(scenario.cloudSql)} usable connections (means over replications)`;
  const ranked = FAILURE_CAUSES.filter((c) => agg.failures[c] > 0).sort((a, b) => agg.failures[b] - agg.failures[a]);
  // The leading causes until they cover 80% of the breaches, at most three.
  const shown: string[] = [];
  let covered = 0;
  for (const c of ranked) {
    if (shown.length === 3 || covered >= 0.8 * total) break;
    shown.push(`${Math.round((100 * agg.failures[c]) / total)}% ${c}`);
    covered += agg.failures[c];
  }
  return `; there, breaches are ${shown.join(', ')}${peaks}`;
}

/** A probe's verdict as tables write it: a probe the horizon cut short says so ("undecided (? horizon cut)"). */
export function verdictText(e: Evaluation): string {
  return e.verdict !== 'invalid' && isHorizonCut(e) ? `${e.verdict} (${HORIZON_CUT_MARK} horizon cut)` : e.verdict;
}

/** A breach-rate target as it is written: 0.05 → "5%", 0.0025 → "0.25%" (the digits given, no more). */
export const targetText = (target: number): string => `${+(target * 100).toPrecision(6)}%`;

/** The verdicts' confidence level as it is written: 0.99 → "99%", 0.9833 → "98.3%". */
export const decisionLevelText = (level: number): string => `${(level * 100).toFixed(1).replace(/\.0$/, '')}%`;

/**
 * What `confident` means for a result, in words: whether the search has settled its answer, and if not why.
 * The answer itself always meets the target with 95% confidence; what may be open is the other side.
 */
export function decidedText(r: Pick<SolveResult, 'status' | 'confident' | 'finished'> & Partial<Pick<SolveResult, 'boundaryVerdict'>>): string {
  if (!r.finished) return 'no: the search stopped before it finished';
  switch (r.status) {
    case 'solved':
      if (r.confident) return 'yes: the answer meets the target and the value past the boundary misses it, both with 95% confidence';
      // Past the boundary lies no valid scenario: the answer is where valid values end, not a straddling interval.
      return r.boundaryVerdict === 'invalid'
        ? 'not quite: the answer meets the target with 95% confidence, but the value past the boundary is not a valid scenario (see the table), so the boundary may only be where valid values end; narrow the range to valid values'
        : 'not quite: the answer meets the target with 95% confidence, but the value past the boundary is not shown to miss it (its interval straddles the target); more replications per probe would decide';
    case 'whole-range':
      return 'yes: every value in the range meets the target';
    case 'unreachable':
      return r.confident
        ? 'yes: even the best end of the range misses the target with 95% confidence'
        : 'no: no value in the range is shown to meet the target (see the result)';
    case 'budget':
      return 'no: the replication budget ran out before the boundary was narrowed to the tolerance (see the result)';
  }
}

/** A solver for `spec` on `base`, or what is wrong with the spec (naming the option and the allowed range). */
export function solvePlanner(base: Scenario, spec: SolveSpec): Checked<SolvePlanner> {
  const f = exploreField(spec.field);
  if (!f.ok) return f;
  const field = f.value;
  if (!(spec.target > 0 && spec.target < 1)) return { ok: false, message: `target ${spec.target}: expected a breach rate above 0 and below 1` };
  const direction = spec.direction ?? 'min';
  if (direction !== 'min' && direction !== 'max') return { ok: false, message: `direction ${JSON.stringify(direction)}: expected min or max` };
  for (const [name, x] of [['from', spec.from], ['to', spec.to]] as const) {
    const c = x === undefined ? null : checkInRange(field, x, name);
    if (c && !c.ok) return c;
  }
  // An end left out is the field's bound, narrowed to the values the scenario accepts: a rule across fields can
  // forbid part of the range (a retry base above the cap), and a search whose best end cannot run would answer
  // "no value meets it" for the wrong reason. An end given that cannot run is refused for the same reason, saying
  // why and which values can.
  const span = validSpan(base, field, field.min, field.max);
  for (const [name, x] of [['from', spec.from], ['to', spec.to]] as const) {
    if (x === undefined) continue;
    const point = buildPoint(base, [[field, snap(field, x)]]);
    if (!point.ok) {
      // What validation said of the field itself, if anything (one rule often flags each field it ties); else all.
      const own = point.issues.filter((i) => i.path === field.key);
      const why = (own.length ? own : point.issues).map((i) => `${i.path}: ${i.message}`).join('; ');
      return { ok: false, message: `${name} ${x} is not a valid scenario here (${why}); the values that run here span ${rangeText({ ...field, min: span.from, max: span.to })}` };
    }
  }
  const from = spec.from ?? span.from;
  const to = spec.to ?? span.to;
  const lo = snap(field, Math.min(from, to));
  const hi = snap(field, Math.max(from, to));
  if (lo === hi) return { ok: false, message: `from and to are both ${lo}: give a range to search` };
  const initial = spec.initialReplications ?? 200;
  const max = spec.maxReplications ?? Math.min(initial * 16, MAX_REPLICATIONS);
  const budget = spec.budget ?? 100_000;
  const probes = spec.probes ?? 1;
  const blockSize = spec.blockSize ?? DEFAULT_BLOCK_SIZE;
  const whole = (name: string, x: number, min: number) =>
    Number.isSafeInteger(x) && x >= min ? null : { ok: false as const, message: `${name} ${x}: expected a whole number ≥ ${min}` };
  const reps = replicationsProblem('initial replications', initial) ?? replicationsProblem('max replications', max, initial);
  if (reps) return { ok: false, message: reps };
  const bad = whole('budget', budget, 2 * initial) ?? whole('probes', probes, 1) ?? whole('block size', blockSize, 1);
  if (bad) return bad;
  const tolerance = Math.max(spec.tolerance ?? (hi - lo) / 1000, field.integer ? 1 : 0);
  if (!(tolerance > 0)) return { ok: false, message: `tolerance ${spec.tolerance}: expected a number above 0` };
  return { ok: true, value: new SolvePlanner(base, field, spec.target, direction, lo, hi, initial, max, budget, tolerance, probes, blockSize) };
}
