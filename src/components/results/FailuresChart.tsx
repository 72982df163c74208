import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FAILURE_CAUSES } from '../../../sim-core/model/outcomes';
import { C, CAUSE_LABEL } from '../../lib/palette';
import { fmtInt, fmtNum, fmtPositive } from '../../lib/format';
import { AXIS, BASE, ChartPanel, GRID, NO_ANIM, Swatch } from './chartParts';
import type { ChartProps } from './TimeSeriesCharts';
import { initTimeoutContext } from '../../../sim-core/results/summary';

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
  const context = initTimeoutContext(view.summary, view.scenario.timeouts.initialization);
  return (
    <ChartPanel
      chartId="failures"
      title="Failures by cause"
      caption={
        total === 0 ? (
          <>No start failed{base ? ' under the proposal' : ''}.</>
        ) : (
          <>
            Why failed starts exited with code 3: mean count per wave ({fmtInt(total)} failures in all).
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
      <ResponsiveContainer width="100%" height={base ? 300 : 240}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 48, bottom: 18, left: 8 }}>
          <CartesianGrid {...GRID} horizontal={false} vertical />
          <XAxis type="number" {...AXIS} tickFormatter={(v: number) => fmtNum(v, 1)} label={{ value: 'failed starts per wave', position: 'insideBottom', offset: -10, fontSize: 12 }} />
          <YAxis type="category" dataKey="cause" {...AXIS} width={190} interval={0} />
          <Tooltip
            formatter={(v, n, p) =>
              n === 'baseline' ? [`${fmtNum(Number(v), 2)} per wave`, 'baseline'] : [`${fmtNum(Number(v), 2)} per wave (${fmtInt((p?.payload as { total: number }).total)} total)`, base ? 'proposal' : 'failures']
            }
          />
          {base && (
            <Bar dataKey="basePerWave" name="baseline" fill={BASE.fill} {...NO_ANIM}>
              <LabelList dataKey="basePerWave" position="right" formatter={(v) => (Number(v) > 0 ? fmtPositive(Number(v), 1) : '')} fontSize={11} fill={BASE.stroke} />
            </Bar>
          )}
          <Bar dataKey="perWave" name="proposal" fill={C.breached} {...NO_ANIM}>
            <LabelList dataKey="perWave" position="right" formatter={(v) => (Number(v) > 0 ? fmtPositive(Number(v), 1) : '')} fontSize={11} fill={C.axis} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartPanel>
  );
}
