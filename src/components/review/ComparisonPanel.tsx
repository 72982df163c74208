import { useApp } from '../../store/appStore';
import { BASELINE_BUTTON, focusReplacement, SELECTED_TAB } from '../common/focus';
import { baselineChanges } from '../../../sim-core/report/describe';
import type { ComparisonView, ResultView } from '../../store/resultsSlice';
import { fmtInt, fmtPct } from '../../lib/format';
import { COMPARED, fmtCompared, fmtDifference, verdictOf } from '../../../sim-core/report/comparisonText';


const value = (x: number, kind: 'rate' | 'count') => (kind === 'rate' ? fmtPct(x) : fmtCompared(x));

/** What the proposal changes relative to the baseline, field by field. */
export function BaselineChanges({ comparison, view }: { comparison: ComparisonView; view: ResultView }) {
  const changes = baselineChanges(comparison.baseline.scenario, view.scenario);
  if (changes.length === 0) return <p className="muted">The proposal has the same settings as the baseline: change a setting to compare.</p>;
  return (
    <p className="vs-changes">
      The proposal differs in{' '}
      {changes.map((c, i) => (
        <span key={c.key}>
          {i > 0 && '; '}
          <strong>{c.label}</strong> {c.from} → {c.to}
        </span>
      ))}
      .
    </p>
  );
}

/** The comparison table: baseline, proposal and the paired difference with its 95% interval, per metric. */
export function ComparisonTable({ comparison }: { comparison: ComparisonView }) {
  const c = comparison.result;
  return (
    <table className="vs-table vs-compare" data-testid="comparison-table">
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Baseline</th>
          <th scope="col">Proposal</th>
          <th scope="col">Difference (95% CI)</th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {COMPARED.map(({ metric, label, kind }) => {
          const d = c.differences[metric];
          const v = verdictOf(metric, d);
          const t = fmtDifference(d, kind);
          return (
            <tr key={metric} data-metric={metric} data-diff={String(d.diff)} data-lo={String(d.lo)} data-hi={String(d.hi)}>
              <th scope="row">{label}</th>
              <td>{value(d.baseline, kind)}</td>
              <td>{value(d.proposal, kind)}</td>
              <td>
                {t.diff} <span className="muted">({t.interval})</span>
                {/* On a phone the verdict column would be off-screen: it is shown here instead (see styles.css). */}
                <span className={`vs-verdict-inline verdict-${v.tone}`} aria-hidden="true">
                  {v.text}
                </span>
              </td>
              <td className={`verdict-${v.tone}`}>{v.text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function ComparisonPanel({ comparison, view }: { comparison: ComparisonView; view: ResultView }) {
  const unpin = useApp((s) => s.unpinBaseline);
  const r = comparison.result.differences.breachRate.replications;
  return (
    <section className="panel vs-panel" aria-label="Comparison with the baseline" data-testid="comparison">
      <div className="panel-head">
        <h3>
          Against the baseline: <span className="vs-title">{comparison.baselineTitle}</span>
        </h3>
        {/* The panel goes with the baseline: focus moves to the toolbar's "Pin as baseline", which takes its place. */}
        <button type="button" className="mini-btn no-print" onClick={() => focusReplacement(unpin, [BASELINE_BUTTON, SELECTED_TAB])}>
          Unpin baseline
        </button>
      </div>
      <p className="muted vs-note">
        {fmtInt(r)} paired replications with common random numbers (seed {view.scenario.simulation.seed}): each difference is proposal − baseline with its 95% interval;
        “no significant change” when the interval contains 0, and “too few events to tell” when it does not but the two arms have fewer than 10 events between
        them and an exact test of how they split does not agree. Differences of rates are in percentage points (pts). The baseline runs with the proposal's simulation
        settings.
      </p>
      <BaselineChanges comparison={comparison} view={view} />
      <ComparisonTable comparison={comparison} />
    </section>
  );
}
