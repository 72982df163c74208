import { CartesianGrid, ErrorBar, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { labelInSentence } from '../../../sim-core/report/count';
import { decidedText, verdictText, decisionLevelText, targetText, type Evaluation, type SolveResult, type Verdict } from '../../../sim-core/explore';
import { HORIZON_CUT_MARK, isHorizonCut } from '../../../sim-core/results/summary';
import { C, OI } from '../../lib/palette';
import { fieldLabel, fmtFieldValue } from '../../lib/exploreSettings';
import { fmtInt, fmtPct, fmtCount } from '../../lib/format';
import { AXIS, AXIS_TITLE, ChartPanel, GRID, chartA11y, logTicks, NO_ANIM, Swatch } from '../results/chartParts';

const VERDICT: Record<Exclude<Verdict, 'invalid'>, { label: string; color: string; shape: 'circle' | 'cross' | 'diamond' }> = {
  meets: { label: 'meets the target (upper bound ≤ target)', color: OI.green, shape: 'circle' },
  fails: { label: 'fails (lower bound > target)', color: OI.vermillion, shape: 'cross' },
  undecided: { label: 'undecided (interval straddles the target)', color: OI.orange, shape: 'diamond' },
};

const STATUS_TEXT: Record<SolveResult['status'], string> = {
  solved: 'Solved',
  'whole-range': 'The whole range meets the target',
  unreachable: 'No value in the range meets the target',
  budget: 'Replication budget spent',
};

/** The status in words, no stronger than what was decided (Decided says why). */
function statusText(r: SolveResult): string {
  if (r.status === 'solved' && !r.confident)
    return r.boundaryVerdict === 'invalid' ? 'Answer found; the value past the boundary is not a valid scenario' : 'Answer found; the value past the boundary is undecided';
  if (r.status === 'unreachable' && !r.confident) return 'No value in the range was shown to meet the target';
  return STATUS_TEXT[r.status];
}

type Pt = { x: number; y: number; err: [number, number]; verdictCi: [number, number]; reps: number; round: number; cut: boolean };

function pointsOf(evals: Evaluation[], verdict: Exclude<Verdict, 'invalid'>): Pt[] {
  return evals
    .filter((e): e is Extract<Evaluation, { verdict: 'meets' | 'fails' | 'undecided' }> => e.verdict === verdict && e.replications > 0)
    .map((e) => ({ x: e.value, y: e.breachRate, err: [e.breachRate - e.breachCi95[0], e.breachCi95[1] - e.breachRate], verdictCi: e.verdictCi, reps: e.replications, round: e.round, cut: isHorizonCut(e) }));
}

/** "71 – 74 containers (undecided: 72, 73)": the bracket, with the undecided values the boundary may lie past. */
function bracketText(r: SolveResult): string {
  if (!r.bracket) return '–';
  const f = r.field;
  const undecided = r.undecidedPast.length ? ` (undecided: ${r.undecidedPast.map((x) => fmtFieldValue(f, x)).join(', ')})` : '';
  return `${fmtFieldValue(f, r.bracket[0])} – ${fmtFieldValue(f, r.bracket[1])}${undecided}`;
}

/** The probe chart's key numbers in words: the verdicts counted, and the answer with its bracket. */
function probesDesc(r: SolveResult, running: boolean): string {
  const f = r.field;
  const n = (v: Verdict) => r.evaluations.filter((e) => e.verdict === v).length;
  const invalid = n('invalid');
  const verdicts = `${fmtCount(r.evaluations.length, 'probe')}: ${n('meets')} meet the target of ${targetText(r.target)}, ${n('fails')} fail, ${n('undecided')} undecided${invalid ? `, ${invalid} not a valid scenario` : ''}.`;
  if (r.answer === null) return `${verdicts} ${running ? 'No answer yet.' : 'No answer.'}`;
  return (
    `${verdicts} Answer${running ? ' so far' : ''}: ${fmtFieldValue(f, r.answer)}` +
    (r.bracket ? `, bracket ${bracketText(r)}` : '') +
    (r.answerRate ? `; breach rate there ${fmtPct(r.answerRate.breachRate)} (95% CI ${fmtPct(r.answerRate.breachCi95[0])}–${fmtPct(r.answerRate.breachCi95[1])})` : '') +
    '.'
  );
}

/** Why there is no answer when the cause is too few replications at the range's good end (not the system). */
function SolveHint({ result: r }: { result: SolveResult }) {
  if (r.status !== 'unreachable' && r.status !== 'budget') return null;
  const values = r.evaluations.map((e) => e.value);
  if (values.length === 0) return null;
  const end = r.direction === 'min' ? Math.max(...values) : Math.min(...values);
  const e = r.evaluations.find((x) => x.value === end);
  // A best end the horizon cut short is said by the panel's horizon notice: more replications would not decide it.
  if (!e || e.verdict !== 'undecided' || isHorizonCut(e)) return null;
  return (
    <p className="x-message x-hint" role="note">
      The best end of the range ({fmtFieldValue(r.field, end)}) is undecided, not failing: {fmtPct(e.breachRate)} with a 95% interval up to {fmtPct(e.breachCi95[1])} after{' '}
      {fmtCount(e.replications, 'replication')}. A low target needs many starts to confirm: allow more replications per probe (or a larger budget).
    </p>
  );
}

/**
 * Solve for a target: the answer with its bracket, whether it is confident, the status and the work spent;
 * every probe as a point with its 95% interval against the target line; a button to apply the answer.
 */
export function SolveView(props: { result: SolveResult; running: boolean; onApply: (value: number) => void; applied: boolean }) {
  const { result: r, running, onApply, applied } = props;
  const f = r.field;
  const side = r.direction === 'min' ? 'Smallest' : 'Largest';
  const evals = r.evaluations;
  const xs = evals.map((e) => e.value);
  const [xLo, xHi] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  // Bisection crowds its probes near the answer: over a wide range (1–500 connections) a log axis spreads them.
  const logX = xLo > 0 && (f.log || xHi >= 20 * xLo);
  const yTop = Math.max(r.target * 2, ...evals.map((e) => (e.verdict === 'invalid' ? 0 : Math.min(1, e.breachCi95[1]))));
  const done = !running;
  // Stopped before the search finished (cancelled): its status is the planner's initial one, not a verdict.
  const cancelled = done && !r.finished;
  // A square-root axis: the target's neighbourhood stays readable beside probes far above it.
  const yMax = [0.02, 0.05, 0.1, 0.25, 0.5, 1].find((t) => t >= Math.min(1, yTop)) ?? 1;
  return (
    <div className="x-solve">
      <section className="panel x-answer" aria-label="Answer" data-solve-status={running ? 'running' : cancelled ? 'cancelled' : r.status} data-solve-answer={r.answer ?? ''}>
        <h3>
          {side} {labelInSentence(f.label)} keeping the breach rate ≤ {targetText(r.target)} with 95% confidence
        </h3>
        <div className="x-answer-row">
          <div className="x-answer-value">
            {running && r.answer === null ? 'searching…' : fmtFieldValue(f, r.answer)}
            {running && r.answer !== null && <span className="muted x-so-far"> so far</span>}
          </div>
          <dl className="x-facts">
            <div>
              <dt>Bracket</dt>
              <dd>{bracketText(r)}</dd>
            </div>
            <div>
              <dt>Rate at the answer</dt>
              <dd>{r.answerRate ? `${fmtPct(r.answerRate.breachRate)} (95% CI ${fmtPct(r.answerRate.breachCi95[0])}–${fmtPct(r.answerRate.breachCi95[1])})` : '–'}</dd>
            </div>
            <div className="x-fact-wide">
              <dt>Decided</dt>
              {/* Green for a settled answer, not for a settled "no value meets it" (that is no good news). */}
              <dd className={done ? (!r.confident ? 'x-no' : r.status === 'unreachable' ? '' : 'x-yes') : ''}>{done ? decidedText(r) : '…'}</dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>{running ? 'searching' : cancelled ? 'Cancelled before it finished' : statusText(r)}</dd>
            </div>
            <div>
              <dt>Work</dt>
              <dd>
                {fmtCount(r.replicationsSpent, 'replication')} · {fmtCount(evals.length, 'probe')} · {fmtCount(r.rounds, 'round')}
              </dd>
            </div>
          </dl>
        </div>
        <p className="x-message">
          {running
            ? 'The search narrows the bracket round by round; probes appear below as they finish.'
            : cancelled
              ? `Cancelled: ${r.answer === null ? 'no value was confirmed before it stopped' : 'the answer shown is the best value confirmed before it stopped'}. Run it again to finish the search.`
              : r.message}
        </p>
        {!running && !cancelled && <SolveHint result={r} />}
        <div className="x-apply">
          <button type="button" disabled={running || r.answer === null} onClick={() => r.answer !== null && onApply(r.answer)}>
            Apply {r.answer !== null ? fmtFieldValue(f, r.answer) : 'the answer'} to the scenario
          </button>
          {applied && <span className="muted">The scenario has this value.</span>}
          {!running && !cancelled && r.answerRate && (
            <span className="muted x-apply-note">
              Confirmed on {fmtCount(r.answerRate.replications, 'replication')}; the Results tab runs the scenario's own count, so its interval there can still reach past{' '}
              {targetText(r.target)}. The answer itself depends on the replications each probe may use (these settings), so another budget can land a step or two away.
            </span>
          )}
        </div>
      </section>
      <ChartPanel
        chartId="explore-solve"
        wide
        title={`Probes: breach rate against ${f.label}`}
        caption={
          <>
            Each probe runs replications 0, 1, … of seed {r.seed}; a probe whose interval straddles the target gets more replications, up to the cap. The bars are 95%
            intervals; verdicts read {decisionLevelText(r.decisionLevel)} ones, because a probe can be judged at {fmtCount(r.looks, 'replication count')} and each look is
            a chance to pass by luck: 95% confidence over all of them.
          </>
        }
        legend={
          <>
            {(Object.keys(VERDICT) as Array<keyof typeof VERDICT>).map((k) => (
              <Swatch key={k} color={VERDICT[k].color} label={VERDICT[k].label} />
            ))}
            <Swatch color={C.limit} label={`target ${targetText(r.target)}`} kind="dash" />
            {r.answer !== null && <Swatch color={OI.blue} label="answer" kind="line" />}
          </>
        }
      >
        <ResponsiveContainer width="100%" height={240}>
          <ScatterChart margin={{ top: 8, right: 18, bottom: 22, left: 8 }} {...chartA11y(`Probes: breach rate against ${f.label}, with the target ${targetText(r.target)}`, probesDesc(r, running))}>
            <CartesianGrid {...GRID} />
            <XAxis
              dataKey="x"
              type="number"
              domain={[xLo, xHi]}
              scale={logX ? 'log' : 'linear'}
              ticks={logX ? logTicks(xLo, xHi) : undefined}
              {...AXIS}
              tickFormatter={(v: number) => fmtFieldValue(null, v)}
              label={{ value: `${fieldLabel(f)}${logX ? ' (log scale)' : ''}`, position: 'insideBottom', offset: -12, ...AXIS_TITLE }}
            />
            <YAxis
              dataKey="y"
              type="number"
              scale="sqrt"
              domain={[0, yMax]}
              ticks={[0, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 0.75, 1].filter((t) => t <= yMax)}
              {...AXIS}
              width={56}
              tickFormatter={(v: number) => `${+(v * 100).toFixed(1)}%`}
              label={{ value: 'breach rate (√ scale)', angle: -90, position: 'insideLeft', ...AXIS_TITLE, dy: 50 }}
            />
            <Tooltip
              cursor={false}
              content={({ payload }) => {
                const p = payload?.[0]?.payload as Pt | undefined;
                if (!p) return null;
                return (
                  <div className="x-tip">
                    <strong>{fmtFieldValue(f, p.x)}</strong>: {fmtPct(p.y)} (95% CI {fmtPct(p.y - p.err[0])}–{fmtPct(p.y + p.err[1])}; the verdict&apos;s {decisionLevelText(r.decisionLevel)} CI {fmtPct(p.verdictCi[0])}–{fmtPct(p.verdictCi[1])}), {fmtCount(p.reps, 'replication')}, round {p.round}
                    {p.cut && <> · {HORIZON_CUT_MARK} the horizon cut this probe&apos;s starts short: its rate reads low</>}
                  </div>
                );
              }}
            />
            <ReferenceLine y={r.target} stroke={C.limit} strokeDasharray="6 3" strokeWidth={1.5} />
            {r.answer !== null && <ReferenceLine x={r.answer} stroke={OI.blue} strokeWidth={1.5} />}
            {(Object.keys(VERDICT) as Array<keyof typeof VERDICT>).map((k) => (
              <Scatter key={k} name={VERDICT[k].label} data={pointsOf(evals, k)} fill={VERDICT[k].color} shape={VERDICT[k].shape} {...NO_ANIM}>
                <ErrorBar dataKey="err" direction="y" width={4} stroke={VERDICT[k].color} strokeWidth={1.5} {...NO_ANIM} />
              </Scatter>
            ))}
          </ScatterChart>
        </ResponsiveContainer>
      </ChartPanel>
      <details className="x-data">
        <summary>Probes ({evals.length})</summary>
        <table className="vs-table" data-testid="solve-table">
          <thead>
            <tr>
              <th scope="col">{fieldLabel(f)}</th>
              <th scope="col">Verdict</th>
              <th scope="col">Breach rate (95% CI)</th>
              {/* What the verdict read: wider than the 95% one, so a probe at 4.8% (4.7–5.0%) can be undecided against 5%. */}
              <th scope="col">The verdict&apos;s {decisionLevelText(r.decisionLevel)} CI</th>
              <th scope="col">Replications</th>
              <th scope="col">Round</th>
            </tr>
          </thead>
          <tbody>
            {evals.map((e) => (
              <tr key={e.value}>
                <th scope="row">{fmtFieldValue(f, e.value)}</th>
                <td>{verdictText(e)}</td>
                <td>{e.verdict === 'invalid' ? e.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : `${fmtPct(e.breachRate)} (${fmtPct(e.breachCi95[0])}–${fmtPct(e.breachCi95[1])})`}</td>
                <td>{e.verdict === 'invalid' ? '–' : `${fmtPct(e.verdictCi[0])}–${fmtPct(e.verdictCi[1])}`}</td>
                <td>{e.verdict === 'invalid' ? '–' : fmtInt(e.replications)}</td>
                <td>{e.round}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
