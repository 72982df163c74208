import type { ReactNode } from 'react';
import type { ResultView } from '../../store/resultsSlice';
import { fmtInt, fmtNum, fmtPct, fmtSeconds } from '../../lib/format';

function Card(props: { title: string; value: ReactNode; sub?: ReactNode; tone?: 'bad' | 'good' | 'neutral'; attrs?: Record<string, string> }) {
  return (
    <div className={`card tone-${props.tone ?? 'neutral'}`} {...props.attrs}>
      <div className="card-title">{props.title}</div>
      <div className="card-value">{props.value}</div>
      {props.sub && <div className="card-sub">{props.sub}</div>}
    </div>
  );
}

const ALERT_NAMES: Record<string, string> = {
  connectorPressure: 'connector pressure (≥70%)',
  poolPressure: 'pool pressure (≥80%)',
  cloudSqlPressure: 'Cloud SQL pressure (≥80%)',
};

export function HeadlineCards({ view }: { view: ResultView }) {
  const r = view.summary;
  const p3 = r.phase3;
  const reps = Math.max(1, r.replications);
  const [lo, hi] = p3.breachCi95;
  const ciText = p3.ciMethod === 'none' ? 'no Phase 3 verdict yet' : `95% CI ${fmtPct(lo)}–${fmtPct(hi)}${p3.ciMethod === 'rule-of-three' ? ' (rule of three)' : ' (Wilson)'}`;
  const sql = r.peaks.cloudSqlConnections;
  const ci = r.peaks.connectorInstances;
  const cu = r.peaks.connectorUtilisation;
  const lead = r.alerts.leadTime;
  const firing = (['connectorPressure', 'poolPressure', 'cloudSqlPressure'] as const).filter((a) => r.alerts[a].fraction > 0);
  const attrs: Record<string, string> = { 'data-testid': 'breach-card', 'data-run-complete': String(view.complete) };
  if (view.complete) attrs['data-breach-rate'] = String(p3.breachRate);
  return (
    <div className="cards">
      <Card
        title="Phase 3 breach rate"
        tone={p3.breachRate > 0.01 ? 'bad' : 'good'}
        attrs={attrs}
        value={fmtPct(p3.breachRate)}
        sub={
          <>
            {ciText}
            <br />
            {fmtInt(p3.breaches)} of {fmtInt(p3.starts)} starts · first attempts {fmtPct(p3.firstAttempt.breachRate)}
          </>
        }
      />
      <Card
        title="Exited with code 3"
        tone={p3.exitCode3 > 0 ? 'bad' : 'good'}
        value={fmtNum(p3.exitCode3 / reps, 1)}
        sub={<>per wave of {r.containers.perReplication} containers ({fmtInt(p3.exitCode3)} over {fmtInt(r.replications)} replications)</>}
      />
      <Card
        title="Restarts"
        tone={r.restarts > 0 ? 'bad' : 'good'}
        value={fmtNum(r.restarts / reps, 1)}
        sub={<>per wave{r.unfinished > 0 ? <> · {fmtNum(r.unfinished / reps, 1)} starts unfinished at the horizon</> : null}</>}
      />
      <Card
        title={`Healthy at the ${fmtNum(r.horizon, 0)} s horizon`}
        tone={r.containers.healthyByHorizon >= 0.999 ? 'good' : 'bad'}
        value={fmtPct(r.containers.healthyByHorizon, 0)}
        sub={
          r.containers.timeToAllHealthy ? (
            <>
              all healthy in {fmtPct(r.containers.allHealthyFraction)} of waves · p95 time to all healthy {fmtSeconds(r.containers.timeToAllHealthy.p95)}
            </>
          ) : (
            <>the whole fleet was never healthy by the horizon</>
          )
        }
      />
      <Card
        title="Peak Cloud SQL connections"
        tone={sql.p95 >= sql.usableLimit ? 'bad' : 'neutral'}
        value={
          <>
            {fmtNum(sql.mean, 0)}
            <span className="card-of"> / {fmtInt(sql.usableLimit)} usable</span>
          </>
        }
        sub={
          <>
            mean peak per wave; p95 {fmtNum(sql.p95, 0)} · max_connections {fmtInt(sql.maxConnections)} · {fmtNum(r.peaks.refusedConnections.mean, 1)} refused per wave
          </>
        }
      />
      <Card
        title="Peak connector utilisation"
        tone={cu.p95 >= 0.7 ? 'bad' : 'neutral'}
        value={fmtPct(cu.mean, 0)}
        sub={
          <>
            mean peak; p95 {fmtPct(cu.p95, 0)} · instances peak {fmtNum(ci.mean, 1)} (max {fmtNum(ci.max, 0)}) · {fmtNum(r.peaks.droppedHandshakes.mean, 1)} dropped handshakes per wave
          </>
        }
      />
      <Card
        title="Alert lead time"
        value={lead.p50 === null ? '–' : fmtSeconds(lead.p50)}
        sub={
          lead.replicationsWithBreach === 0 ? (
            <>no wave had a breach</>
          ) : lead.p50 === null ? (
            <>no alert fired before the first breach</>
          ) : (
            <>
              median, before the first breach · an alert fired first in {fmtPct(lead.alertedFirst, 0)} of {fmtInt(lead.replicationsWithBreach)} waves with a breach
              {firing.length > 0 && <> · firing: {firing.map((a) => ALERT_NAMES[a]).join(', ')}</>}
            </>
          )
        }
      />
    </div>
  );
}
