import type { AdaptiveResult } from '../../../sim-core/explore';
import { fmtInt, fmtPct, fmtCount } from '../../lib/format';

/**
 * Adaptive replications on the scenario itself: the breach rate and how many replications it took to pin it
 * down to ± the goal; a button makes that count the scenario's, so the main run shows the same numbers.
 */
export function PrecisionView(props: { result: AdaptiveResult; goal: number; cap: number; running: boolean; scenarioReplications: number; onApply: (n: number) => void }) {
  const { result: r, goal, cap, running, scenarioReplications, onApply } = props;
  const p3 = r.summary.phase3;
  const pts = (x: number) => `${(x * 100).toFixed(x * 100 < 1 ? 2 : 1)} points`;
  const ready = !running && r.replications > 0;
  return (
    <section className="panel x-answer" aria-label="Precision result" data-precision-replications={r.replications} data-precision-reached={String(r.reached)}>
      <h3>Breach rate to ±{pts(goal)}</h3>
      <div className="x-answer-row">
        <div className="x-answer-value">
          {r.replications ? fmtPct(p3.breachRate) : '…'}
          <span className="muted x-so-far"> ± {r.replications ? pts(r.halfWidth) : '…'}</span>
        </div>
        <dl className="x-facts">
          <div>
            <dt>95% interval</dt>
            <dd>{r.replications ? `${fmtPct(p3.breachCi95[0])} – ${fmtPct(p3.breachCi95[1])}` : '–'}</dd>
          </div>
          <div>
            <dt>Replications</dt>
            <dd>
              {fmtInt(r.replications)} in {r.rounds} round{r.rounds === 1 ? '' : 's'} (at most {fmtInt(cap)})
            </dd>
          </div>
          <div>
            <dt>Goal</dt>
            <dd className={ready ? (r.reached ? 'x-yes' : 'x-no') : ''}>{running ? 'replicating…' : r.reached ? `reached: ±${pts(r.halfWidth)} < ±${pts(goal)}` : `not reached: stopped at the cap of ${fmtInt(cap)}`}</dd>
          </div>
          <div>
            <dt>Starts</dt>
            <dd>
              {fmtInt(p3.starts)} ({fmtInt(p3.breaches)} breached)
            </dd>
          </div>
        </dl>
      </div>
      <p className="x-message">
        Replications 0, 1, … of the scenario&apos;s seed, as a fixed run of the same count: with {fmtCount(r.replications, 'replication')} the main run shows exactly these numbers.
      </p>
      <div className="x-apply">
        <button type="button" disabled={!ready || r.replications === scenarioReplications} onClick={() => onApply(r.replications)}>
          Use {fmtCount(r.replications, 'replication')} in the scenario
        </button>
        {ready && r.replications === scenarioReplications && <span className="muted">The scenario runs this many.</span>}
      </div>
    </section>
  );
}
