import type { ReactNode } from 'react';
import type { ComparisonResult, PairedMetric } from '../../../sim-core/compare';
import type { ComparisonView, ResultView } from '../../store/resultsSlice';
import { egressLabel, fmtInt, fmtNum, fmtPct, fmtSeconds, fmtCount } from '../../lib/format';
import { fmtCompared, fmtDifference, SAME_EVERY_WAVE, verdictOf } from '../../../sim-core/report/comparisonText';
import { ciMethodText } from '../../../sim-core/report/markdown';
import { alertsText, allHealthyTimeText, firingAlerts, gaveUpByHorizon, gaveUpText, horizonCutShare, noLeadTimeReason, probeKillsText, unwatchedBreaches, type Rate } from '../../../sim-core/results/summary';
import { cloudSqlBackground, connectionBudget, hasSharedConnector } from '../../../sim-core/scenario/capacity';

const TONE_MARK = { bad: { mark: '⚠', words: 'a problem' }, good: { mark: '✓', words: 'healthy' } } as const;

function Card(props: { title: string; value: ReactNode; sub?: ReactNode; tone?: 'bad' | 'good' | 'neutral'; toneWhy?: string; attrs?: Record<string, string>; compare?: ReactNode; partial?: boolean }) {
  return (
    <div className={`card tone-${props.tone ?? 'neutral'}${props.partial ? ' is-partial' : ''}`} data-partial={props.partial ? 'true' : undefined} {...props.attrs}>
      <div className="card-title">
        {props.title}
        {/* The tone is not colour alone: a mark for the eye, words for a screen reader. */}
        {props.tone && props.tone !== 'neutral' && (
          <span className="card-tone" title={props.toneWhy}>
            <span aria-hidden="true"> {TONE_MARK[props.tone].mark}</span>
            <span className="sr-only"> ({TONE_MARK[props.tone].words}{props.toneWhy ? `: ${props.toneWhy}` : ''})</span>
          </span>
        )}
        {props.partial && (
          <span className="card-partial" title="Partial: above the cards, what these numbers do not cover">
            partial
          </span>
        )}
      </div>
      <div className="card-value">{props.value}</div>
      {props.sub && <div className="card-sub">{props.sub}</div>}
      {props.compare}
    </div>
  );
}

/** Baseline value and proposal − baseline with its 95% interval, under a headline card. */
function Versus({ c, metric, kind, perWave }: { c: ComparisonResult; metric: PairedMetric; kind: 'rate' | 'count'; perWave?: boolean }) {
  const d = c.differences[metric];
  const v = verdictOf(metric, d);
  const t = fmtDifference(d, kind);
  const base = kind === 'rate' ? fmtPct(d.baseline) : fmtCompared(d.baseline);
  return (
    <div className={`card-vs verdict-${v.tone}`} data-compare={metric} data-diff={String(d.diff)} data-lo={String(d.lo)} data-hi={String(d.hi)} data-significant={String(d.significant)}>
      <div>
        baseline {base}
        {perWave ? ' per wave' : ''}
      </div>
      <div>
        <strong>Δ {t.diff}</strong> <span className="muted">({t.interval === SAME_EVERY_WAVE ? t.interval : `95% CI ${t.interval}`})</span>
      </div>
      <div className="card-vs-verdict">{v.text}</div>
    </div>
  );
}

/** "75.6% (CI 74.1%–77.0%)": the first attempts' rate with its interval, as the CLI and the report give it. */
export function firstAttemptText(f: Rate): string {
  return f.starts === 0 ? '—' : `${fmtPct(f.breachRate)} (CI ${fmtPct(f.breachCi95[0])}–${fmtPct(f.breachCi95[1])})`;
}

/** The breach rate's tones: above BREACH_BAD a problem, below BREACH_GOOD healthy. */
const BREACH_BAD = 0.05;
const BREACH_GOOD = 0.01;

export function HeadlineCards({ view, comparison, partial = false }: { view: ResultView; comparison?: ComparisonView | null; partial?: boolean }) {
  const r = view.summary;
  const c = comparison?.result;
  const b = comparison?.baseline.summary;
  const gaveUp = gaveUpByHorizon(r);
  const cut = horizonCutShare(r);
  // Exits and restarts are the breaches counted another way: one tone for the three, from the breach rate (above 5%
  // bad, below 1% good), so a fix at 2.6% does not show a healthy rate beside alarming exits. No verdict yet: neutral.
  // A rate the horizon cut short reads low: never good on its say-so.
  const breachTone = r.phase3.starts === 0 ? 'neutral' : r.phase3.breachRate > BREACH_BAD ? 'bad' : r.phase3.breachRate < BREACH_GOOD && cut === null ? 'good' : 'neutral';
  // Why the mark, on hover and to a screen reader: the thresholds behind it.
  const breachWhy = breachTone === 'bad' ? `the breach rate is above ${fmtPct(BREACH_BAD, 0)}` : breachTone === 'good' ? `the breach rate is below ${fmtPct(BREACH_GOOD, 0)}` : undefined;
  const p3 = r.phase3;
  const reps = Math.max(1, r.replications);
  const [lo, hi] = p3.breachCi95;
  const ciText = p3.ciMethod === 'none' ? 'no Phase 3 verdict yet' : `95% CI ${fmtPct(lo)}–${fmtPct(hi)} (${ciMethodText(p3.ciMethod, r.replications)})`;
  const sql = r.peaks.cloudSqlConnections;
  const ci = r.peaks.connectorInstances;
  const cu = r.peaks.connectorUtilisation;
  const noConnector = !hasSharedConnector(view.scenario.connector);
  const lead = r.alerts.leadTime;
  const firing = firingAlerts(r);
  const attrs: Record<string, string> = { 'data-testid': 'breach-card', 'data-run-complete': String(view.complete) };
  if (view.complete) attrs['data-breach-rate'] = String(p3.breachRate);
  return (
    <div className="cards">
      <Card
        partial={partial}
        title="Phase 3 breach rate"
        tone={breachTone}
        toneWhy={breachWhy}
        attrs={attrs}
        compare={c && <Versus c={c} metric="breachRate" kind="rate" />}
        value={p3.starts === 0 ? '—' : fmtPct(p3.breachRate)}
        sub={
          <>
            {ciText}
            <br />
            {fmtInt(p3.breaches)} of {fmtInt(p3.starts)} starts · first attempts {firstAttemptText(p3.firstAttempt)}
            {cut && (
              <>
                <br />
                <span className="card-note" data-testid="horizon-cut">
                  ⚠ The {fmtNum(r.horizon, 0)} s horizon cut {fmtPct(cut, 0)} of attempts short of a verdict; they lean to breaches, so the rate can read low: lengthen the
                  horizon.
                </span>
              </>
            )}
            {r.killedOutsidePhase3 > 0 && (
              <>
                <br />
                <span className="card-note" data-testid="probe-kills">
                  {/* The count in all: a few kills over many waves would read "0 per wave". */}
                  ⚠ Cloud Run's startup probe killed {probeKillsText(r)} over {fmtCount(r.replications, 'wave')}: they failed without a Phase 3 breach.
                </span>
              </>
            )}
          </>
        }
      />
      <Card
        partial={partial}
        title="Exited with code 3"
        tone={breachTone}
        toneWhy={breachWhy}
        compare={c && <Versus c={c} metric="exitCode3" kind="count" perWave />}
        value={fmtCompared(r.exitCode3PerReplication)}
        sub={<>per wave of {r.containers.perReplication} containers ({fmtInt(p3.exitCode3)} over {fmtCount(r.replications, 'replication')})</>}
      />
      <Card
        partial={partial}
        title="Restarts"
        tone={breachTone}
        toneWhy={breachWhy}
        compare={c && <Versus c={c} metric="restarts" kind="count" perWave />}
        value={fmtCompared(r.restartsPerReplication)}
        sub={<>per wave{r.unfinished > 0 ? <> · {fmtNum(r.unfinished / reps, 1)} starts unfinished at the horizon</> : null}</>}
      />
      <Card
        partial={partial}
        title={`Containers healthy at the ${fmtNum(r.horizon, 0)} s horizon`}
        tone={r.containers.healthyByHorizon >= 0.999 ? 'good' : 'bad'}
        compare={c && <Versus c={c} metric="healthyByHorizon" kind="rate" />}
        value={fmtPct(r.containers.healthyByHorizon, r.containers.healthyByHorizon > 0 && r.containers.healthyByHorizon < 1 ? 1 : 0)}
        sub={
          <>
            {r.containers.allHealthyFraction > 0 ? (
              <>
                all healthy in {fmtPct(r.containers.allHealthyFraction)} of waves · p95 time to all healthy {allHealthyTimeText(r.containers.timeToAllHealthy.p95, r.horizon, fmtSeconds)}
              </>
            ) : (
              <>no wave had all its containers healthy by the horizon</>
            )}
            {gaveUp > 0 && <> · {gaveUpText(gaveUp, view.scenario.restart)}</>}
          </>
        }
      />
      <Card
        partial={partial}
        title="Peak Cloud SQL connections"
        tone={sql.p95 >= sql.usableLimit ? 'bad' : 'neutral'}
        compare={c && <Versus c={c} metric="peakCloudSqlConnections" kind="count" />}
        value={
          <>
            {fmtNum(sql.mean, 0)}
            <span className="card-of"> / {fmtInt(sql.usableLimit)} usable</span>
          </>
        }
        sub={
          <>
            mean peak per wave; p95 {fmtNum(sql.p95, 0)} · max_connections {fmtInt(sql.maxConnections)}
            {sql.background ? <> · {fmtInt(sql.background)} held before the wave</> : null} · {fmtCompared(r.peaks.refusedConnections.mean)} refused per wave
            {' '}· every pool at pool_size + max_overflow would need {fmtInt(connectionBudget(view.scenario) + cloudSqlBackground(view.scenario))}, other clients included
          </>
        }
      />
      <Card
        partial={partial}
        title="Peak connector utilisation"
        // Warned on the connector alert's own threshold (the p95 peak above it), not on a threshold of its own.
        tone={!noConnector && cu.p95 > r.alerts.connectorPressure.threshold ? 'bad' : 'neutral'}
        compare={c && <Versus c={c} metric="peakConnectorUtilisation" kind="rate" />}
        value={noConnector ? 'none' : fmtPct(cu.mean)}
        sub={
          noConnector ? (
            <>no Serverless VPC Access connector: egress is {egressLabel(view.scenario)}</>
          ) : (
          <>
            mean peak; p95 {fmtPct(cu.p95, 0)} · instances at peak {fmtNum(ci.mean, 1)} on average, {fmtNum(ci.max, 0)} in the busiest wave · {fmtCompared(r.peaks.droppedHandshakes.mean)} dropped handshakes per wave
          </>
          )
        }
      />
      <Card
        partial={partial}
        title="Alert lead time"
        // Waves that breached with no alert first, in more than half of them: a monitoring gap, whatever the median.
        // Not when the breach rate itself is good (under 1%), nor when most breaches are of a kind no load alert
        // watches (a table-setup race, a slow health check): no alert could have foreseen them.
        tone={breachTone !== 'good' && lead.replicationsWithBreach > 0 && lead.alertedFirst < 0.5 && unwatchedBreaches(r.failures) === null ? 'bad' : 'neutral'}
        compare={
          b && (
            <div className="card-vs verdict-neutral">
              baseline {b.alerts.leadTime.p50 === null ? '–' : fmtSeconds(b.alerts.leadTime.p50)}
              <div className="muted">no paired interval for this one</div>
            </div>
          )
        }
        value={lead.p50 === null ? '–' : fmtSeconds(lead.p50)}
        sub={
          noLeadTimeReason(r) ?? (
            <>
              median, before the first breach · an alert fired first in {fmtPct(lead.alertedFirst, 0)} of {fmtCount(lead.replicationsWithBreach, 'wave')} with a breach
              {firing.length > 0 && <> · firing: {alertsText(r, firing)}</>}
            </>
          )
        }
      />
    </div>
  );
}
