import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ResultView } from '../../store/resultsSlice';
import { C, OI, STATE_STYLE, readableOnWhite } from '../../lib/palette';
import { egressLabel, fmtFixed, fmtInt, fmtNum, fmtPct } from '../../lib/format';
import { AXIS, AXIS_TITLE, axisTicks, BASE, ChartPanel, GRID, NO_ANIM, QUIET_TOOLTIP, RefLine, Swatch, chartA11y, fmtTick0, fmtTick1, fmtTickPct0, ticks, type ChartTable } from './chartParts';
import type { BandSeries } from '../../../sim-core/model/replication';
import { hasSharedConnector } from '../../../sim-core/scenario/capacity';

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

/** Both arms share the time grid, so the baseline's mean can be shown beside the proposal's. */
const sameGrid = (view: ResultView, base?: ResultView | null) => !!base && base.summary.timeSeries.t.length === view.summary.timeSeries.t.length;

/** Where the mean over waves of a band series is highest (for descriptions). */
function bandPeak(view: ResultView, s: BandSeries, scale = 1) {
  const { t, bands } = view.summary.timeSeries;
  const m = bands[s].mean;
  let k = 0;
  for (let i = 1; i < m.length; i++) if (m[i] > m[k]) k = i;
  return { value: (m[k] ?? 0) * scale, t: t[k] ?? 0, first: (m[0] ?? 0) * scale, last: (m[m.length - 1] ?? 0) * scale };
}

const TIME_HEAD = 'Time (s)';

/** The baseline's peak for a chart's description, or '' with no baseline; counts by default, `fmt` for others. */
function basePeakText(peak: { mean: number; max: number } | undefined, fmt?: (v: number) => string): string {
  if (!peak) return '';
  return ` Baseline: peak ${fmt ? fmt(peak.mean) : fmtNum(peak.mean, 1)} per wave on average, ${fmt ? fmt(peak.max) : fmtInt(peak.max)} at most.`;
}

/**
 * A band series as a table: every grid point (~121 rows), the mean and p10 and p90 across waves, and the
 * baseline's mean. `quantity` heads the value columns with its unit, e.g. "Open connections".
 */
function bandTable(view: ResultView, base: ResultView | null | undefined, s: BandSeries, title: string, quantity: string, scale = 1, fmt: (v: number) => string = (v) => fmtNum(v, 1)): ChartTable {
  const withBase = sameGrid(view, base);
  return {
    caption: `${title}: ${withBase ? 'the proposal’s' : 'the'} mean and p10 and p90 across ${fmtInt(view.summary.replications)} waves${withBase ? ', and the baseline’s mean' : ''}, at every point of the time grid (seconds since the wave began).`,
    groups: [{ label: '', span: 1 }, { label: withBase ? `Proposal: ${quantity.toLowerCase()}` : quantity, span: 3 }, ...(withBase ? [{ label: `Baseline: ${quantity.toLowerCase()}`, span: 1 }] : [])],
    head: [TIME_HEAD, 'Mean', 'p10', 'p90', ...(withBase ? ['Mean'] : [])],
    count: view.summary.timeSeries.t.length,
    rows: () => bandData(view, s, scale, withBase ? base : null).map((d) => [fmtFixed(d.t, 1), fmt(d.mean), fmt(d.band[0]), fmt(d.band[1]), ...(d.baseMean !== undefined ? [fmt(d.baseMean)] : [])]),
  };
}

const xAxis = (horizon: number) => (
  <XAxis dataKey="t" type="number" domain={[0, horizon]} ticks={ticks(horizon)} {...AXIS} label={{ value: 'time since the wave began (s)', position: 'insideBottom', offset: -10, ...AXIS_TITLE }} />
);

const bandLegend = (what: string, base?: ResultView | null) => (
  <>
    {base && <Swatch color={BASE.stroke} label={`baseline mean ${what}`} kind="dash" />}
    <Swatch color={C.mean} label={`${base ? 'proposal ' : ''}mean ${what}`} kind="line" />
    <Swatch color={C.band} label={`${base ? 'proposal ' : ''}p10–p90 across waves`} kind="band" />
  </>
);

function BandChart(props: ChartProps & { series: BandSeries; scale?: number; integer?: boolean; yLabel: string; yFmt?: (v: number) => string; refY?: { y: number; label: string }; yMax?: number; name: string; desc: string; children?: React.ReactNode }) {
  const { view, base, series, scale = 1, yLabel, yFmt = fmtTick1, refY, yMax } = props;
  const data = bandData(view, series, scale, base);
  const top = Math.max(yMax ?? 0, refY ? refY.y * 1.08 : 0, ...data.map((d) => d.band[1]), ...data.map((d) => d.mean), ...data.map((d) => d.baseMean ?? 0));
  // Round ticks up to the first one above the data (0, 20, … 120 over a limit of 97, not a top tick of 105).
  const yTicks = axisTicks(top > 0 ? top : 1, props.integer);
  return (
    <ResponsiveContainer width="100%" height={220}>
      <ComposedChart data={data} margin={MARGIN} {...chartA11y(props.name, props.desc)}>
        <CartesianGrid {...GRID} />
        {xAxis(view.summary.horizon)}
        <YAxis {...AXIS} width={56} domain={[0, yTicks[yTicks.length - 1]]} ticks={yTicks} allowDecimals={!props.integer} tickFormatter={yFmt} label={{ value: yLabel, angle: -90, position: 'insideLeft', ...AXIS_TITLE, dy: 40 }} />
        <Tooltip
          {...QUIET_TOOLTIP}
          labelFormatter={(t) => `t = ${Number(t).toFixed(1)} s`}
          formatter={(v, name) => (Array.isArray(v) ? [`${yFmt(Number(v[0]))} – ${yFmt(Number(v[1]))}`, 'p10–p90'] : [yFmt(Number(v)), String(name)])}
        />
        {base && <Line dataKey="baseMean" name="baseline mean" stroke={BASE.stroke} strokeWidth={2} strokeDasharray={BASE.dash} dot={false} type="linear" {...NO_ANIM} />}
        <Area dataKey="band" name="p10–p90" stroke="none" fill={C.band} fillOpacity={0.35} {...NO_ANIM} />
        <Line dataKey="mean" name="mean" stroke={C.mean} strokeWidth={2} dot={false} type="linear" {...NO_ANIM} />
        {refY && <RefLine y={refY.y} stroke={C.limit} strokeWidth={1.5} strokeDasharray="6 3" label={{ value: refY.label, position: 'insideTopRight', fontSize: 11, fill: C.limit }} />}
        {props.children}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export function CloudSqlChart({ view, base }: ChartProps) {
  const p = view.summary.peaks.cloudSqlConnections;
  const bp = base?.summary.peaks.cloudSqlConnections;
  const at = bandPeak(view, 'cloudSqlConnections');
  const peakText = `Peak: ${fmtNum(p.mean, 1)} connections per wave on average, ${fmtInt(p.max)} in the busiest wave, against a usable limit of ${fmtInt(p.usableLimit)}`;
  const desc =
    `${peakText} (max_connections ${fmtInt(p.maxConnections)} minus reserved). The mean over waves is highest at t = ${fmtFixed(at.t, 1)} s, with ${fmtNum(at.value, 1)} connections.` +
    basePeakText(bp);
  return (
    <ChartPanel
      chartId="cloudsql"
      title="Cloud SQL connections"
      table={bandTable(view, base, 'cloudSqlConnections', 'Cloud SQL connections over time', 'Open connections')}
      caption={
        <>
          Open connections on the instance against the usable limit (max_connections {p.maxConnections} − reserved)
          {p.background ? <>, including {p.background} held before the wave by other clients{view.scenario.wave.runningContainers ? ' and running containers' : ''}</> : null}. At the limit new connections are refused with 53300. {peakText}.
        </>
      }
      legend={
        <>
          {bandLegend('connections', base)}
          <Swatch color={C.limit} label={`usable limit ${p.usableLimit}`} kind="dash" />
        </>
      }
    >
      <BandChart view={view} base={base} series="cloudSqlConnections" name={`Cloud SQL connections over time${bp ? ', with the baseline' : ''}`} desc={desc} integer yLabel="connections" yFmt={fmtTick0} refY={{ y: p.usableLimit, label: `usable ${p.usableLimit}` }} />
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
  const noConnector = !hasSharedConnector(view.scenario.connector);
  const cu = view.summary.peaks.connectorUtilisation;
  const bcu = base?.summary.peaks.connectorUtilisation;
  const peakText = `Peak: ${fmtPct(cu.mean, 0)} per wave on average, ${fmtPct(cu.max, 0)} in the busiest wave`;
  const desc = noConnector
    ? `No Serverless VPC Access connector in this scenario (egress: ${egressLabel(view.scenario)}).`
    : `${peakText}; the connector scales out above ${fmtPct(threshold, 0)}. ${fmtNum(instNow, 1)} instances at the horizon on average. ` +
      (scaleOuts.length ? `${scaleOuts.length} scale-out${scaleOuts.length === 1 ? '' : 's'} in replication #${d?.replication}, at t = ${scaleOuts.map((x) => fmtFixed(x.t, 1)).join(', ')} s.` : `No scale-out in replication #${d?.replication ?? 0}.`) +
      basePeakText(bcu, (v) => fmtPct(v, 0));
  return (
    <ChartPanel
      chartId="connector"
      title="VPC connector utilisation"
      table={bandTable(view, base, 'connectorUtilisation', 'VPC connector utilisation over time', 'Utilisation (%)', 100)}
      caption={
        noConnector ? (
          <>No Serverless VPC Access connector in this scenario (egress: {egressLabel(view.scenario)}): nothing to show.</>
        ) : (
          <>
            Share of the connector's connection slots in use (connections carried ÷ instances × connections per instance); it scales out above {fmtPct(threshold, 0)} and never scales in. {peakText}. Instances at the horizon: {fmtNum(instNow, 1)} on
            average. {scaleOuts.length ? `Vertical lines: scale-outs in replication #${d?.replication}.` : `No scale-out in replication #${d?.replication ?? 0}.`}
          </>
        )
      }
      legend={
        noConnector ? (
          bandLegend('utilisation', base)
        ) : (
          <>
            {bandLegend('utilisation', base)}
            <Swatch color={C.limit} label={`scale-out threshold ${fmtPct(threshold, 0)}`} kind="dash" />
            <Swatch color={OI.green} label="scale-out event" kind="dash" />
          </>
        )
      }
    >
      <BandChart view={view} base={base} series="connectorUtilisation" name={`VPC connector utilisation over time${bcu ? ', with the baseline' : ''}`} desc={desc} scale={100} yLabel="utilisation (%)" yMax={100} yFmt={fmtTickPct0} refY={noConnector ? undefined : { y: threshold * 100, label: `${fmtPct(threshold, 0)}` }}>
        {scaleOuts.map((s, i) => (
          <RefLine key={s.t} x={s.t} stroke={OI.green} strokeDasharray="4 3" label={{ value: `→ ${s.n}`, position: 'insideTopLeft', fontSize: 11, fill: readableOnWhite(OI.green), dy: (i % 4) * 13 }} />
        ))}
      </BandChart>
    </ChartPanel>
  );
}

export function ConnectorInstancesChart({ view, base }: ChartProps) {
  const ci = view.summary.peaks.connectorInstances;
  const bci = base?.summary.peaks.connectorInstances;
  const max = view.scenario.connector.maxInstances;
  const at = bandPeak(view, 'connectorInstances');
  const noConnector = !hasSharedConnector(view.scenario.connector);
  const peakText = `Peak: ${fmtNum(ci.mean, 1)} instances per wave on average, ${fmtInt(ci.max)} in the busiest wave, of at most ${fmtInt(max)}`;
  const desc = noConnector
    ? `No Serverless VPC Access connector in this scenario (egress: ${egressLabel(view.scenario)}).`
    : `${peakText}. On average ${fmtNum(at.first, 1)} at the start and ${fmtNum(at.last, 1)} at the horizon.` + basePeakText(bci);
  return (
    <ChartPanel
      chartId="connector-instances"
      title="VPC connector instances"
      table={bandTable(view, base, 'connectorInstances', 'VPC connector instances over time', 'Instances')}
      caption={
        noConnector ? (
          <>No Serverless VPC Access connector in this scenario (egress: {egressLabel(view.scenario)}): nothing to show.</>
        ) : (
          <>
            Instances carrying traffic; each scale-out adds one after the scale-out delay ({view.scenario.connector.scaleOutDelay} s). {peakText}.
          </>
        )
      }
      legend={bandLegend('instances', base)}
    >
      <BandChart view={view} base={base} series="connectorInstances" name={`VPC connector instances over time${bci ? ', with the baseline' : ''}`} desc={desc} integer yLabel="instances" yMax={noConnector ? undefined : max} yFmt={fmtTick0} refY={noConnector ? undefined : { y: max, label: `max ${max}` }} />
    </ChartPanel>
  );
}

export function PoolWaitersChart({ view, base }: ChartProps) {
  const pw = view.summary.peaks.poolWaiters;
  const bpw = base?.summary.peaks.poolWaiters;
  const at = bandPeak(view, 'poolWaiters');
  const peakText = `Peak: ${fmtNum(pw.mean, 1)} waiting checkouts per wave on average, ${fmtInt(pw.max)} in the busiest wave`;
  const desc =
    `${peakText}. ` +
    (at.value > 0 ? `The mean over waves is highest at t = ${fmtFixed(at.t, 1)} s, with ${fmtNum(at.value, 1)} waiting.` : 'No checkout waited.') +
    basePeakText(bpw);
  return (
    <ChartPanel
      chartId="pool-waiters"
      title="Pool waiters"
      table={bandTable(view, base, 'poolWaiters', 'Pool waiters over time', 'Waiting checkouts')}
      caption={<>Checkouts waiting for a connection because pool_size + max_overflow are all in use, summed over the fleet. {peakText}.</>}
      legend={bandLegend('waiters', base)}
    >
      <BandChart view={view} base={base} series="poolWaiters" name={`Pool waiters over time${bpw ? ', with the baseline' : ''}`} desc={desc} integer yLabel="waiting checkouts" yFmt={fmtTick0} />
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
  const last = t.length - 1;
  const at = (s: (typeof STACK)[number]) => (last >= 0 ? states[s][last] : 0);
  const half = t.findIndex((_, k) => states.healthy[k] >= n / 2);
  const starting = n - at('healthy') - at('gaveUp');
  const desc =
    last < 0
      ? 'No time series yet.'
      : `Mean of the ${fmtInt(n)} containers in each state over time, stacked. At the ${fmtFixed(view.summary.horizon, 1)} s horizon: ${fmtNum(at('healthy'), 1)} healthy, ${fmtNum(at('gaveUp'), 1)} given up, ${fmtNum(Math.max(0, starting), 1)} still starting or backing off. ` +
        (n > 0 && half >= 0 ? `Half are healthy by t = ${fmtFixed(t[half], 1)} s.` : 'Fewer than half are healthy by the horizon.') +
        (baseHealthy ? ` Baseline: ${fmtNum(baseHealthy[baseHealthy.length - 1] ?? 0, 1)} healthy at the horizon.` : '');
  const table: ChartTable = {
    caption: `Containers by state: mean number of the ${fmtInt(n)} containers in each state over ${fmtInt(view.summary.replications)} waves, at every point of the time grid (seconds since the wave began).`,
    groups: [{ label: '', span: 1 }, { label: 'Mean containers in each state', span: STACK.length }, ...(baseHealthy ? [{ label: 'Baseline', span: 1 }] : [])],
    head: [TIME_HEAD, ...STACK.map((s) => STATE_STYLE[s].label), ...(baseHealthy ? ['Healthy'] : [])],
    count: t.length,
    rows: () => t.map((x, k) => [fmtFixed(x, 1), ...STACK.map((s) => fmtNum(states[s][k], 1)), ...(baseHealthy ? [fmtNum(baseHealthy[k], 1)] : [])]),
  };
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
      table={table}
    >
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={MARGIN} {...chartA11y(`Containers by state over time${baseHealthy ? ', with the baseline’s healthy containers' : ''}`, desc)}>
          <CartesianGrid {...GRID} />
          {xAxis(view.summary.horizon)}
          <YAxis {...AXIS} width={56} domain={[0, n]} tickFormatter={fmtTick0} label={{ value: 'containers', angle: -90, position: 'insideLeft', ...AXIS_TITLE, dy: 30 }} />
          <Tooltip
            {...QUIET_TOOLTIP}
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
