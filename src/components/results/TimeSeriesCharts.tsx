import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ResultView } from '../../store/resultsSlice';
import { C, OI, STATE_STYLE } from '../../lib/palette';
import { fmtNum, fmtPct } from '../../lib/format';
import { AXIS, BASE, ChartPanel, GRID, NO_ANIM, Swatch, ticks } from './chartParts';
import type { BandSeries } from '../../../sim-core/model/replication';

const MARGIN = { top: 8, right: 16, bottom: 18, left: 8 };

/** Props of every chart: the results shown, and the pinned baseline's arm of the same paired run. */
export interface ChartProps {
  view: ResultView;
  base?: ResultView | null;
}

function bandData(view: ResultView, s: BandSeries, scale = 1, base?: ResultView | null) {
  const { t, bands } = view.summary.timeSeries;
  const b = bands[s];
  // Both arms of a paired run share the time grid (the baseline runs with the proposal's horizon).
  const bb = base && base.summary.timeSeries.t.length === t.length ? base.summary.timeSeries.bands[s] : null;
  return t.map((x, k) => ({ t: x, mean: b.mean[k] * scale, band: [b.p10[k] * scale, b.p90[k] * scale] as [number, number], ...(bb ? { baseMean: bb.mean[k] * scale } : {}) }));
}

const xAxis = (horizon: number) => (
  <XAxis dataKey="t" type="number" domain={[0, horizon]} ticks={ticks(horizon)} {...AXIS} label={{ value: 'time since the wave began (s)', position: 'insideBottom', offset: -10, fontSize: 12 }} />
);

const bandLegend = (what: string, base?: ResultView | null) => (
  <>
    {base && <Swatch color={BASE.stroke} label={`baseline mean ${what}`} kind="dash" />}
    <Swatch color={C.mean} label={`${base ? 'proposal ' : ''}mean ${what}`} kind="line" />
    <Swatch color={C.band} label={`${base ? 'proposal ' : ''}p10–p90 across waves`} kind="band" />
  </>
);

function BandChart(props: ChartProps & { series: BandSeries; scale?: number; integer?: boolean; yLabel: string; yFmt?: (v: number) => string; refY?: { y: number; label: string }; yMax?: number; children?: React.ReactNode }) {
  const { view, base, series, scale = 1, yLabel, yFmt = (v) => fmtNum(v, 1), refY, yMax } = props;
  const data = bandData(view, series, scale, base);
  const top = Math.max(yMax ?? 0, refY ? refY.y * 1.08 : 0, ...data.map((d) => d.band[1]), ...data.map((d) => d.mean), ...data.map((d) => d.baseMean ?? 0));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <ComposedChart data={data} margin={MARGIN}>
        <CartesianGrid {...GRID} />
        {xAxis(view.summary.horizon)}
        <YAxis {...AXIS} width={56} domain={[0, top > 0 ? Math.ceil(top) : 1]} allowDecimals={!props.integer} tickFormatter={yFmt} label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 12, dy: 40 }} />
        <Tooltip
          labelFormatter={(t) => `t = ${Number(t).toFixed(1)} s`}
          formatter={(v, name) => (Array.isArray(v) ? [`${yFmt(Number(v[0]))} – ${yFmt(Number(v[1]))}`, 'p10–p90'] : [yFmt(Number(v)), String(name)])}
        />
        {base && <Line dataKey="baseMean" name="baseline mean" stroke={BASE.stroke} strokeWidth={2} strokeDasharray={BASE.dash} dot={false} type="linear" {...NO_ANIM} />}
        <Area dataKey="band" name="p10–p90" stroke="none" fill={C.band} fillOpacity={0.35} {...NO_ANIM} />
        <Line dataKey="mean" name="mean" stroke={C.mean} strokeWidth={2} dot={false} type="linear" {...NO_ANIM} />
        {refY && <ReferenceLine y={refY.y} stroke={C.limit} strokeWidth={1.5} strokeDasharray="6 3" label={{ value: refY.label, position: 'insideTopRight', fontSize: 11, fill: C.limit }} />}
        {props.children}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export function CloudSqlChart({ view, base }: ChartProps) {
  const p = view.summary.peaks.cloudSqlConnections;
  return (
    <ChartPanel
      chartId="cloudsql"
      title="Cloud SQL connections"
      caption={
        <>
          Open connections on the instance against the usable limit (max_connections {p.maxConnections} − reserved)
          {p.background ? <>, including {p.background} held before the wave by other clients{view.scenario.wave.runningContainers ? ' and running containers' : ''}</> : null}. At the limit new connections are refused with 53300.
        </>
      }
      legend={
        <>
          {bandLegend('connections', base)}
          <Swatch color={C.limit} label={`usable limit ${p.usableLimit}`} kind="dash" />
        </>
      }
    >
      <BandChart view={view} base={base} series="cloudSqlConnections" integer yLabel="connections" yFmt={(v) => fmtNum(v, 0)} refY={{ y: p.usableLimit, label: `usable ${p.usableLimit}` }} />
    </ChartPanel>
  );
}

export function ConnectorChart({ view, base }: ChartProps) {
  const d = view.summary.detail;
  const threshold = view.scenario.connector.scaleOutThreshold;
  const scaleOuts: { t: number; n: number }[] = [];
  if (d) for (let i = 0; i + 1 < d.scaleOuts.length; i += 2) scaleOuts.push({ t: d.scaleOuts[i], n: d.scaleOuts[i + 1] });
  const inst = view.summary.timeSeries.bands.connectorInstances;
  const instNow = inst.mean.length ? inst.mean[inst.mean.length - 1] : 0;
  const noConnector = view.scenario.connector.mode !== 'serverless-vpc-access';
  return (
    <ChartPanel
      chartId="connector"
      title="VPC connector utilisation"
      caption={
        noConnector ? (
          <>No Serverless VPC Access connector in this scenario (egress: {view.scenario.connector.mode}).</>
        ) : (
          <>
            Share of the connector's handshake capacity in use; it scales out above {fmtPct(threshold, 0)} and never scales in. Instances at the horizon: {fmtNum(instNow, 1)} on
            average. {scaleOuts.length ? `Vertical lines: scale-outs in replication #${d?.replication}.` : `No scale-out in replication #${d?.replication ?? 0}.`}
          </>
        )
      }
      legend={
        <>
          {bandLegend('utilisation', base)}
          <Swatch color={C.limit} label={`scale-out threshold ${fmtPct(threshold, 0)}`} kind="dash" />
          <Swatch color={OI.green} label="scale-out event" kind="dash" />
        </>
      }
    >
      <BandChart view={view} base={base} series="connectorUtilisation" scale={100} yLabel="utilisation (%)" yMax={100} yFmt={(v) => `${fmtNum(v, 0)}%`} refY={{ y: threshold * 100, label: `${fmtPct(threshold, 0)}` }}>
        {scaleOuts.map((s, i) => (
          <ReferenceLine key={s.t} x={s.t} stroke={OI.green} strokeDasharray="4 3" label={{ value: `→ ${s.n}`, position: 'insideTopLeft', fontSize: 11, fill: OI.green, dy: (i % 4) * 13 }} />
        ))}
      </BandChart>
    </ChartPanel>
  );
}

export function ConnectorInstancesChart({ view, base }: ChartProps) {
  return (
    <ChartPanel chartId="connector-instances" title="VPC connector instances" caption={<>Instances carrying traffic; each scale-out adds one after the scale-out delay ({view.scenario.connector.scaleOutDelay} s).</>} legend={bandLegend('instances', base)}>
      <BandChart view={view} base={base} series="connectorInstances" integer yLabel="instances" yMax={view.scenario.connector.maxInstances} yFmt={(v) => fmtNum(v, 0)} refY={{ y: view.scenario.connector.maxInstances, label: `max ${view.scenario.connector.maxInstances}` }} />
    </ChartPanel>
  );
}

export function PoolWaitersChart({ view, base }: ChartProps) {
  return (
    <ChartPanel chartId="pool-waiters" title="Pool waiters" caption={<>Checkouts waiting for a connection because pool_size + max_overflow are all in use, summed over the fleet.</>} legend={bandLegend('waiters', base)}>
      <BandChart view={view} base={base} series="poolWaiters" integer yLabel="waiting checkouts" yFmt={(v) => fmtNum(v, 0)} />
    </ChartPanel>
  );
}

const STACK = ['healthy', 'phase7', 'phase6', 'phase5', 'phase4', 'phase3', 'phase2', 'phase1', 'restartBackoff', 'gaveUp', 'waiting'] as const;

export function StatesChart({ view, base }: ChartProps) {
  const { t, states } = view.summary.timeSeries;
  const baseHealthy = base && base.summary.timeSeries.t.length === t.length ? base.summary.timeSeries.states.healthy : null;
  // Stacked here, once, as [bottom, top] ranges: Recharts' own stacking of 11 series costs several times more
  // at every update while a run streams.
  const data = t.map((x, k) => {
    const row: Record<string, number | [number, number]> = { t: x };
    let bottom = 0;
    for (const s of STACK) {
      const top = bottom + states[s][k];
      row[s] = [bottom, top];
      bottom = top;
    }
    if (baseHealthy) row.baseHealthy = baseHealthy[k];
    return row;
  });
  const n = view.summary.containers.perReplication;
  return (
    <ChartPanel
      chartId="states"
      title="Containers by state"
      caption={<>Mean number of the {n} containers in each state over time (stacked).{baseHealthy ? ' The dashed line: containers healthy under the baseline.' : ''}</>}
      legend={
        <>
          {baseHealthy && <Swatch color={BASE.stroke} label="baseline: healthy" kind="dash" />}
          {STACK.map((s) => (
            <Swatch key={s} color={STATE_STYLE[s].color} label={STATE_STYLE[s].label} />
          ))}
        </>
      }
      wide
    >
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={MARGIN}>
          <CartesianGrid {...GRID} />
          {xAxis(view.summary.horizon)}
          <YAxis {...AXIS} width={56} domain={[0, n]} tickFormatter={(v: number) => fmtNum(v, 0)} label={{ value: 'containers', angle: -90, position: 'insideLeft', fontSize: 12, dy: 30 }} />
          <Tooltip
            labelFormatter={(x) => `t = ${Number(x).toFixed(1)} s`}
            formatter={(v, name) => [fmtNum(Array.isArray(v) ? Number(v[1]) - Number(v[0]) : Number(v), 2), STATE_STYLE[String(name)]?.label ?? String(name)]}
          />
          {STACK.map((s) => (
            <Area key={s} dataKey={s} name={s} type="stepAfter" stroke="none" fill={STATE_STYLE[s].color} fillOpacity={0.9} {...NO_ANIM} />
          ))}
          {baseHealthy && <Line dataKey="baseHealthy" name="baseline healthy" stroke="#1c2430" strokeWidth={2} strokeDasharray={BASE.dash} dot={false} type="stepAfter" {...NO_ANIM} />}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartPanel>
  );
}
