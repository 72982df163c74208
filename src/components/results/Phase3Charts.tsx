import { Bar, CartesianGrid, ComposedChart, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ResultView } from '../../store/resultsSlice';
import { C, OI } from '../../lib/palette';
import { fmtInt, fmtPct, fmtSeconds } from '../../lib/format';
import { AXIS, BASE, ChartPanel, GRID, NO_ANIM, Swatch, ticks } from './chartParts';
import type { ChartProps } from './TimeSeriesCharts';

/** Timeouts worth a reference line on Phase 3 duration axes. */
function timeoutLines(view: ResultView) {
  const t = view.scenario.timeouts;
  return [
    { x: t.initialization, label: `init ${t.initialization} s`, color: C.limit, dash: undefined as string | undefined, width: 2 },
    { x: t.connection, label: `connect ${t.connection} s`, color: OI.purple, dash: '5 4', width: 1.5 },
    { x: t.tableSetup, label: `table ${t.tableSetup} s`, color: OI.green, dash: '2 3', width: 1.5 },
  ];
}

function refLines(view: ResultView, xMax: number) {
  return timeoutLines(view)
    .filter((l) => l.x <= xMax)
    .map((l, i) => (
      <ReferenceLine
        key={l.label}
        x={l.x}
        stroke={l.color}
        strokeWidth={l.width}
        strokeDasharray={l.dash}
        ifOverflow="extendDomain"
        label={i === 0 ? { value: l.label, position: 'insideTopRight', fill: l.color, fontSize: 11 } : undefined}
      />
    ));
}

function RefLegend({ view }: { view: ResultView }) {
  return (
    <>
      {timeoutLines(view).map((l) => (
        <Swatch key={l.label} color={l.color} label={`${l.label.split(' ')[0]} timeout`} kind={l.dash ? 'dash' : 'line'} />
      ))}
    </>
  );
}

type HistRow = { x: number; lo: number; hi: number; passed: number; breached: number; baseTotal?: number };

/**
 * The baseline's starts per bin of the proposal's histogram (its bins differ when the initialization timeout
 * differs): each baseline bin's count is spread over the proposal bins it overlaps. Bins are added past the
 * proposal's range when the baseline reaches further.
 */
export function withBaseline(rows: HistRow[], base: ResultView): HistRow[] {
  const bh = base.summary.phase3.histogram;
  const bins = bh.passed.map((b, i) => ({ lo: b.lo, hi: b.hi, n: b.count + (bh.breached[i]?.count ?? 0) }));
  if (rows.length === 0 || bins.length === 0) return rows;
  const w = rows[0].hi - rows[0].lo;
  const out = rows.map((r) => ({ ...r, baseTotal: 0 }));
  const baseEnd = bins[bins.length - 1].hi;
  while (out[out.length - 1].hi < baseEnd - 1e-9 && out.length < 400) {
    const lo = out[out.length - 1].hi;
    out.push({ x: lo + w / 2, lo, hi: lo + w, passed: 0, breached: 0, baseTotal: 0 });
  }
  for (const b of bins) {
    if (b.n === 0 || b.hi <= b.lo) continue;
    for (let k = Math.max(0, Math.floor(b.lo / w)); k < out.length && out[k].lo < b.hi; k++) {
      const overlap = Math.min(b.hi, out[k].hi) - Math.max(b.lo, out[k].lo);
      if (overlap > 0) out[k].baseTotal! += (b.n * overlap) / (b.hi - b.lo);
    }
  }
  return out;
}

export function Phase3Histogram({ view, base }: ChartProps) {
  const h = view.summary.phase3.histogram;
  const rows: HistRow[] = h.passed.map((b, i) => ({ x: (b.lo + b.hi) / 2, lo: b.lo, hi: b.hi, passed: b.count, breached: h.breached[i]?.count ?? 0 }));
  const data = base ? withBaseline(rows, base) : rows;
  const outline = !!base;
  const xMax = data.length ? data[data.length - 1].hi : 1;
  const width = h.passed.length ? h.passed[0].hi - h.passed[0].lo : 1;
  const p3 = view.summary.phase3;
  const total = p3.starts;
  const init = view.scenario.timeouts.initialization;
  const cut = view.summary.failures.init_timeout;
  return (
    <ChartPanel
      chartId="phase3-histogram"
      title="Phase 3 duration"
      caption={
        <>
          Starts by how long Phase 3 took (bins of {width.toFixed(2)} s). {fmtPct(p3.breachRate)} of Phase 3 verdicts are breaches (orange: the container exits with code 3)
          {total > 0 && p3.breaches > 0 ? (
            cut > 0 ? (
              <>; {fmtPct(cut / total)} of verdicts were cut off by the {init} s initialization timeout, the other breaches failed earlier (see Failures by cause)</>
            ) : (
              <>; none ran into the {init} s initialization timeout: every breach failed earlier (see Failures by cause)</>
            )
          ) : null}
          {h.overflow > 0 ? ` · ${fmtInt(h.overflow)} beyond the axis` : ''}.
        </>
      }
      legend={
        <>
          {outline && <Swatch color={BASE.stroke} label="baseline: all starts" kind="dash" />}
          <Swatch color={C.passed} label={outline ? 'proposal: passed' : 'passed'} />
          <Swatch color={C.breached} label={outline ? 'proposal: breached (exit 3)' : 'breached (exit 3)'} />
          <RefLegend view={view} />
        </>
      }
    >
      <ResponsiveContainer width="100%" height={240}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 18, left: 8 }} barCategoryGap={0}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="x" type="number" domain={[0, xMax]} ticks={ticks(xMax)} {...AXIS} label={{ value: 'Phase 3 duration (s)', position: 'insideBottom', offset: -10, fontSize: 12 }} />
          <YAxis {...AXIS} width={56} allowDecimals={false} tickFormatter={(v: number) => fmtInt(v)} label={{ value: 'starts', angle: -90, position: 'insideLeft', fontSize: 12 }} />
          <Tooltip
            labelFormatter={(_, p) => {
              const d = p?.[0]?.payload as { lo: number; hi: number } | undefined;
              return d ? `${d.lo.toFixed(1)}–${d.hi.toFixed(1)} s` : '';
            }}
          />
          <Bar dataKey="passed" name="passed" stackId="a" fill={C.passed} {...NO_ANIM} />
          <Bar dataKey="breached" name="breached" stackId="a" fill={C.breached} {...NO_ANIM} />
          {outline && <Line dataKey="baseTotal" name="baseline (all starts)" type="step" stroke={BASE.stroke} strokeWidth={2} strokeDasharray={BASE.dash} dot={false} {...NO_ANIM} />}
          {refLines(view, xMax)}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartPanel>
  );
}

export function Phase3Ecdf({ view, base }: ChartProps) {
  const data = view.ecdf;
  const init = view.scenario.timeouts.initialization;
  const baseData = base?.ecdf.map((d) => ({ t: d.t, pb: d.p })) ?? null;
  const xMax = Math.max(init * 1.1, data.length ? data[data.length - 1].t : 0, baseData?.length ? baseData[baseData.length - 1].t : 0);
  const q = view.summary.phase3.durationQuantiles;
  return (
    <ChartPanel
      chartId="phase3-ecdf"
      title="Phase 3 duration — cumulative"
      caption={
        <>
          Share of Phase 3 verdicts that took at most x seconds ({view.ecdfFrom === 'histogram' ? 'from the results file’s histogram, so in steps of one bin' : 'from the merged quantile sketch'}).{' '}
          {view.summary.phase3.starts === 0 ? (
            'No start reached a Phase 3 verdict before the horizon'
          ) : (
            <>
              Median {fmtSeconds(q.p50)}, p95 {fmtSeconds(q.p95)}
              {view.summary.failures.init_timeout > 0 ? `; starts cut off by the ${init} s initialization timeout make the step at ${init} s` : ''}
            </>
          )}
          .
        </>
      }
      legend={
        <>
          {baseData && <Swatch color={BASE.stroke} label="baseline ECDF" kind="dash" />}
          <Swatch color={C.mean} label={baseData ? 'proposal ECDF' : 'ECDF'} kind="line" />
          <RefLegend view={view} />
        </>
      }
    >
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 18, left: 8 }}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="t" type="number" domain={[0, xMax]} ticks={ticks(xMax)} {...AXIS} label={{ value: 'Phase 3 duration (s)', position: 'insideBottom', offset: -10, fontSize: 12 }} />
          <YAxis {...AXIS} width={56} domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} label={{ value: 'share of starts', angle: -90, position: 'insideLeft', fontSize: 12, dy: 40 }} />
          <Tooltip formatter={(v) => fmtPct(Number(v))} labelFormatter={(t) => `≤ ${Number(t).toFixed(2)} s`} />
          {baseData && <Line data={baseData} type="stepAfter" dataKey="pb" name="baseline share ≤ x" stroke={BASE.stroke} strokeWidth={2} strokeDasharray={BASE.dash} dot={false} {...NO_ANIM} />}
          <Line type="stepAfter" dataKey="p" name="share ≤ x" stroke={C.mean} strokeWidth={2} dot={false} {...NO_ANIM} />
          {refLines(view, xMax)}
        </LineChart>
      </ResponsiveContainer>
    </ChartPanel>
  );
}
