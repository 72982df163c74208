import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FAILURE_CAUSES } from '../../../sim-core/model/outcomes';
import type { ResultView } from '../../store/resultsSlice';
import { C, CAUSE_LABEL } from '../../lib/palette';
import { fmtInt, fmtNum } from '../../lib/format';
import { AXIS, ChartPanel, GRID, NO_ANIM } from './chartParts';

export function FailuresChart({ view }: { view: ResultView }) {
  const reps = Math.max(1, view.summary.replications);
  const data = FAILURE_CAUSES.map((c) => ({ cause: CAUSE_LABEL[c] ?? c, perWave: view.summary.failures[c] / reps, total: view.summary.failures[c] }));
  const total = data.reduce((a, d) => a + d.total, 0);
  return (
    <ChartPanel
      title="Failures by cause"
      caption={total === 0 ? <>No start failed.</> : <>Why failed starts exited with code 3: mean count per wave ({fmtInt(total)} failures in all).</>}
    >
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 48, bottom: 18, left: 8 }}>
          <CartesianGrid {...GRID} horizontal={false} vertical />
          <XAxis type="number" {...AXIS} tickFormatter={(v: number) => fmtNum(v, 1)} label={{ value: 'failed starts per wave', position: 'insideBottom', offset: -10, fontSize: 12 }} />
          <YAxis type="category" dataKey="cause" {...AXIS} width={190} interval={0} />
          <Tooltip formatter={(v, _n, p) => [`${fmtNum(Number(v), 2)} per wave (${fmtInt((p?.payload as { total: number }).total)} total)`, 'failures']} />
          <Bar dataKey="perWave" fill={C.breached} {...NO_ANIM}>
            <LabelList dataKey="perWave" position="right" formatter={(v) => (Number(v) > 0 ? fmtNum(Number(v), 1) : '')} fontSize={11} fill={C.axis} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartPanel>
  );
}
