import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useNarrow } from '../../lib/useNarrow';
import { FAILURE_CAUSES } from '../../../sim-core/model/outcomes';
import { C, CAUSE_LABEL } from '../../lib/palette';
import { fmtCount, fmtInt, fmtNum, fmtPositive } from '../../lib/format';
import { AXIS, AXIS_TITLE, BASE, ChartPanel, GRID, NO_ANIM, QUIET_TOOLTIP, Swatch, chartA11y, fmtTickDecimals, sameArray, ticks, type ChartTable } from './chartParts';
import type { ChartProps } from './TimeSeriesCharts';
import { initTimeoutContext } from '../../../sim-core/results/summary';

/** About five round ticks from 0, the last at or past `xMax` (a shared array: sameArray). */
function ticksCovering(xMax: number): readonly number[] {
  const t = ticks(xMax, 5);
  const step = t.length > 1 ? t[1] : 1;
  return t[t.length - 1] < xMax ? sameArray([...t, Number((t[t.length - 1] + step).toFixed(6))]) : t;
}

/** A bar's label: the per-wave mean to the caption's and the table's two decimals (so 2.75 never reads 2.7 beside them). */
const barLabel = (v: unknown): string => (Number(v) > 0 ? fmtPositive(Number(v), 2) : '');

export function FailuresChart({ view, base }: ChartProps) {
  const reps = Math.max(1, view.summary.replications);
  const baseReps = Math.max(1, base?.summary.replications ?? 1);
  const data = FAILURE_CAUSES.map((c) => ({
    cause: CAUSE_LABEL[c] ?? c,
    perWave: view.summary.failures[c] / reps,
    total: view.summary.failures[c],
    ...(base ? { basePerWave: base.summary.failures[c] / baseReps } : {}),
  }));
  const total = data.reduce((a, d) => a + d.total, 0);
  const killedByProbe = view.summary.failures.startup_probe > 0;
  const narrow = useNarrow();
  // Round ticks, each labelled with the decimals its step needs (0.05 steps must not read "0.1, 0.1").
  const xMax = Math.max(...data.map((d) => Math.max(d.perWave, d.basePerWave ?? 0)));
  const xTicks = ticksCovering(xMax);
  const step = xTicks.length > 1 ? xTicks[1] : 1;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const context = initTimeoutContext(view.summary, view.scenario.timeouts.initialization);
  const baseTotal = base ? FAILURE_CAUSES.reduce((a, c) => a + base.summary.failures[c], 0) : 0;
  const byCause = data
    .filter((d) => d.total > 0)
    .sort((a, b) => b.perWave - a.perWave)
    .map((d) => `${d.cause} ${fmtPositive(d.perWave, 2)}`)
    .join('; ');
  const desc =
    (total === 0
      ? `No start failed${base ? ' under the proposal' : ''}.`
      : `${fmtInt(total)} failed starts over ${fmtInt(reps)} waves, ${fmtNum(total / reps, 2)} per wave. Per wave by cause, largest first: ${byCause}.`) +
    (base ? ` Baseline: ${fmtNum(baseTotal / baseReps, 2)} failed starts per wave.` : '');
  const table: ChartTable = {
    caption: `Failures by cause: Phase 3 failures (exit code 3${killedByProbe ? ', or killed by the startup probe' : ''}) per wave and in all ${fmtInt(reps)} waves${base ? ', with the baseline' : ''}.`,
    groups: [{ label: '', span: 1 }, { label: base ? 'Proposal: failed starts' : 'Failed starts', span: 2 }, ...(base ? [{ label: 'Baseline: failed starts', span: 1 }] : [])],
    head: ['Cause', 'Mean per wave', `Total (${fmtInt(reps)} waves)`, ...(base ? ['Mean per wave'] : [])],
    count: data.length,
    rows: () => data.map((d) => [d.cause, fmtPositive(d.perWave, 2), fmtInt(d.total), ...(base ? [fmtPositive(d.basePerWave ?? 0, 2)] : [])]),
  };
  return (
    <ChartPanel
      chartId="failures"
      title="Failures by cause"
      table={table}
      caption={
        total === 0 ? (
          <>No start failed{base ? ' under the proposal' : ''}.</>
        ) : (
          <>
            Why Phase 3 failed{killedByProbe ? ' (the app exited with code 3, or Cloud Run\'s startup probe killed the container first)' : ': the app exited with code 3'}: mean count per wave ({fmtCount(total, 'failure')} in all).
            {/* On the baseline's scale a fixed proposal's causes are slivers: what still fails, in words. */}
            {base && <> What still fails under the proposal, per wave: {byCause}.</>}
            {context && <> {context}</>}
          </>
        )
      }
      legend={
        base ? (
          <>
            <Swatch color={C.breached} label="proposal" />
            <Swatch color={BASE.fill} label="baseline" />
          </>
        ) : undefined
      }
    >
      <ResponsiveContainer width="100%" height={(base ? 300 : 240) + (narrow ? 60 : 0)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 48, bottom: 18, left: 8 }} {...chartA11y(`Failures by cause: failed starts per wave${base ? ', proposal and baseline' : ''}`, desc)}>
          <CartesianGrid {...GRID} horizontal={false} vertical />
          <XAxis type="number" {...AXIS} ticks={xTicks} domain={[0, xTicks[xTicks.length - 1] || 1]} tickFormatter={fmtTickDecimals(decimals)} label={{ value: narrow ? 'per wave' : 'failed starts per wave', position: 'insideBottom', offset: -10, ...AXIS_TITLE }} />
          {/* On a phone a 190 px label column would leave the bars a sliver: narrower, smaller labels (they wrap). */}
          <YAxis type="category" dataKey="cause" {...AXIS} width={narrow ? 120 : 190} interval={0} tick={narrow ? { fontSize: 10.5, fill: C.axis } : undefined} />
          <Tooltip
            {...QUIET_TOOLTIP}
            formatter={(v, n, p) =>
              n === 'baseline' ? [`${fmtNum(Number(v), 2)} per wave`, 'baseline'] : [`${fmtNum(Number(v), 2)} per wave (${fmtInt((p?.payload as { total: number }).total)} total)`, base ? 'proposal' : 'failures']
            }
          />
          {base && (
            <Bar dataKey="basePerWave" name="baseline" fill={BASE.fill} {...NO_ANIM}>
              <LabelList dataKey="basePerWave" position="right" formatter={barLabel} fontSize={11} fill={BASE.stroke} />
            </Bar>
          )}
          <Bar dataKey="perWave" name="proposal" fill={C.breached} {...NO_ANIM}>
            <LabelList dataKey="perWave" position="right" formatter={barLabel} fontSize={11} fill={C.axis} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartPanel>
  );
}
