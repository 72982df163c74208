import { Bar, CartesianGrid, ComposedChart, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ResultView } from '../../store/resultsSlice';
import { C, OI } from '../../lib/palette';
import { fmtFixed, fmtInt, fmtNum, fmtPct, fmtSeconds } from '../../lib/format';
import { AXIS, AXIS_TITLE, BASE, ChartPanel, GRID, NO_ANIM, QUIET_TOOLTIP, RefDot, RefLine, Swatch, chartA11y, sameArray, thin, ticks, type ChartTable } from './chartParts';
import type { ChartProps } from './TimeSeriesCharts';
import { noVerdictText } from '../../../sim-core/results/summary';

const upperFirst = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

// Axis props that keep their identity from one redraw to the next (see sameArray in chartParts).
const fifths = (cap: number) => sameArray([0, 1, 2, 3, 4, 5].map((i) => (i * cap) / 5));
const SHARE_TICKS: readonly number[] = [0, 0.25, 0.5, 0.75, 1];
const fmtShareTick = (v: number) => `${Math.round(v * 100)}%`;

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
      <RefLine
        key={l.label}
        x={l.x}
        stroke={l.color}
        strokeWidth={l.width}
        strokeDasharray={l.dash}
        ifOverflow="extendDomain"
        // Under the curves (Recharts draws lines and reference lines at zIndex 400): the ECDF's step to 100% sits
        // exactly on the initialization timeout's line, and must not vanish behind it.
        zIndex={350}
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

/**
 * One bin of the chart. `cutOff`: the proposal's last bin, which holds the starts its initialization timeout cut off
 * (all at that one time: aggregate.ts); `baseCutOff`: the bin holding the baseline's such starts, at its own timeout,
 * `baseCut` of them (the bin's `baseTotal` also holds the baseline's starts spread into its span).
 */
export type HistRow = { x: number; lo: number; hi: number; passed: number; breached: number; baseTotal?: number; cutOff?: boolean; baseCutOff?: boolean; baseCut?: number };

/** The most bins the histogram draws against a baseline. */
const MAX_BINS = 400;

/**
 * The baseline's starts per bin of the proposal's histogram (its bins differ when the initialization timeout
 * differs): each baseline bin's count is spread over the proposal bins it overlaps, except its last, whose starts
 * were all cut off at one time, the baseline's timeout: they go whole into the bin holding that time. Bins are added
 * past the proposal's range when the baseline reaches further.
 */
export function withBaseline(rows: HistRow[], base: ResultView): HistRow[] {
  const bh = base.summary.phase3.histogram;
  const bins = bh.passed.map((b, i) => ({ lo: b.lo, hi: b.hi, n: b.count + (bh.breached[i]?.count ?? 0) }));
  if (rows.length === 0 || bins.length === 0) return rows;
  const baseInit = base.scenario.timeouts.initialization;
  const cut = bins.pop()!;
  const reach = Math.max(baseInit, bins.length ? bins[bins.length - 1].hi : 0);
  // Past MAX_BINS to reach the baseline (a 20 s proposal against a 180 s baseline), the proposal's bins are merged k at
  // a time, so the chart stays drawable and every baseline start still lands in a bin.
  const w0 = rows[0].hi - rows[0].lo;
  const k = Math.max(1, Math.ceil((reach * (1 + 1e-9)) / w0 / MAX_BINS));
  const w = w0 * k;
  const padded = [...rows];
  while (padded.length % k !== 0) {
    const lo = padded[padded.length - 1].hi;
    padded.push({ x: lo + w0 / 2, lo, hi: lo + w0, passed: 0, breached: 0 });
  }
  const out: HistRow[] = [];
  for (let i = 0; i < padded.length; i += k) {
    const group = padded.slice(i, i + k);
    const lo = group[0].lo;
    const hi = group[group.length - 1].hi;
    const sum = (f: (r: HistRow) => number) => group.reduce((s, r) => s + f(r), 0);
    out.push({ x: (lo + hi) / 2, lo, hi, passed: sum((r) => r.passed), breached: sum((r) => r.breached), baseTotal: 0, cutOff: group.some((r) => r.cutOff) });
  }
  while (out[out.length - 1].hi <= reach * (1 + 1e-9)) {
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
  // The bin whose span holds the baseline's timeout (its lower edge counts: the proposal's own cut-off bin starts there).
  if (cut.n > 0) {
    const at = Math.min(out.length - 1, Math.floor((baseInit * (1 + 1e-9)) / w));
    out[at].baseTotal! += cut.n;
    out[at].baseCutOff = true;
    out[at].baseCut = cut.n;
  }
  return out;
}

/**
 * Where to stop the count axis so that a towering bin (the starts an initialization timeout cut off, all in one bin)
 * does not flatten every other to a sliver: at 1.5× the tallest of the other bins, rounded up, when the tallest is
 * over 4× it. `spikes` marks the bins that may tower (the cut-off bins: the proposal's and, compared, the
 * baseline's); without it, only the single tallest. Null: no bin towers, the axis fits them all.
 */
export function histogramCap(totals: readonly number[], spikes?: readonly boolean[]): { cap: number; tallest: number } | null {
  const tallest = Math.max(0, ...totals);
  const next = spikes ? Math.max(0, ...totals.filter((_, i) => !spikes[i])) : ([...totals].sort((a, b) => b - a)[1] ?? 0);
  if (next <= 0 || tallest <= 4 * next) return null;
  const raw = 1.5 * next;
  const unit = 10 ** Math.floor(Math.log10(raw));
  const cap = [1, 2, 2.5, 5, 10].map((m) => m * unit).find((c) => c >= raw)!;
  return { cap, tallest };
}

export function Phase3Histogram({ view, base }: ChartProps) {
  const h = view.summary.phase3.histogram;
  const rows: HistRow[] = h.passed.map((b, i) => ({ x: (b.lo + b.hi) / 2, lo: b.lo, hi: b.hi, passed: b.count, breached: h.breached[i]?.count ?? 0, cutOff: i === h.passed.length - 1 }));
  const data = base ? withBaseline(rows, base) : rows;
  const outline = !!base;
  const xMax = data.length ? data[data.length - 1].hi : 1;
  const width = h.passed.length ? h.passed[0].hi - h.passed[0].lo : 1;
  const p3 = view.summary.phase3;
  const total = p3.starts;
  const init = view.scenario.timeouts.initialization;
  const cut = view.summary.failures.init_timeout;
  const name = `Phase 3 duration: histogram of passed and breached starts${outline ? ', with the baseline' : ''}`;
  const q = p3.durationQuantiles;
  const bp3 = base?.summary.phase3;
  const desc =
    total === 0
      ? 'No start reached a Phase 3 verdict yet.'
      : `${fmtInt(total)} Phase 3 verdicts over ${fmtInt(view.summary.replications)} waves, in bins of ${fmtNum(width, 2)} s: ${fmtInt(p3.breaches)} breached (${fmtPct(p3.breachRate)}). ` +
        `Median ${fmtSeconds(q.p50)}, p95 ${fmtSeconds(q.p95)}, p99 ${fmtSeconds(q.p99)}. ` +
        `${fmtInt(cut)} cut off by the ${init} s initialization timeout.` +
        (h.overflow > 0 ? ` ${fmtInt(h.overflow)} beyond the last bin.` : '') +
        (bp3 ? ` Baseline: ${fmtPct(bp3.breachRate)} breached, median ${fmtSeconds(bp3.durationQuantiles.p50)}, p95 ${fmtSeconds(bp3.durationQuantiles.p95)}.` : '');
  const baseInit = base?.scenario.timeouts.initialization;
  const totals = data.map((d) => Math.max(d.passed + d.breached, d.baseTotal ?? 0));
  const capped = histogramCap(totals, data.map((d) => !!(d.cutOff || d.baseCutOff)));
  // Every bin over the cap gets its count at the top (▲): the proposal's cut-off bin and, compared, the baseline's.
  const towering = capped ? data.flatMap((d, i) => (totals[i] > capped.cap ? [{ d, total: totals[i] }] : [])) : [];
  const baseOver = (d: HistRow) => (d.baseTotal ?? 0) > d.passed + d.breached;
  // The proposal's last bin holds only the starts cut off at the initialization timeout itself (aggregate.ts, cutOffBin),
  // not a span past it; a merged bin (against a far baseline) holds others too.
  const onlyCutOff = (d: HistRow) => d.cutOff && d.lo >= init * (1 - 1e-9);
  const binLabel = (d: HistRow) =>
    onlyCutOff(d)
      ? `${fmtFixed(init, 2)}: cut off at the initialization timeout${d.baseCutOff ? ' (the baseline’s too)' : ''}`
      : `${fmtFixed(d.lo, 2)}–${fmtFixed(d.hi, 2)}${d.cutOff ? `: with the starts cut off at the ${init} s initialization timeout` : ''}${d.baseCutOff ? `${d.cutOff ? ', and' : ':'} the baseline’s starts cut off at its ${baseInit} s timeout` : ''}`;
  // A bin named for its cut-off starts says how many of its starts those are when it holds others too (a bin merged
  // against a far baseline; the baseline's spread into the bin of its timeout), so the count is never read as theirs.
  const cutCount = (total: number, cutOff: number) =>
    Math.round(total) > cutOff ? `${fmtInt(total)} starts, ${fmtInt(cutOff)} of them cut off` : `${fmtInt(total)} starts`;
  const toweringText = (d: HistRow, total: number) =>
    d.cutOff && !baseOver(d)
      ? `the bin of starts cut off at the ${init} s initialization timeout (${cutCount(total, cut)})`
      : d.baseCutOff && baseOver(d)
        ? `the baseline’s starts cut off at its ${baseInit} s timeout (${cutCount(total, d.baseCut ?? 0)})`
        : `the${baseOver(d) ? ' baseline’s' : ''} bin at ${fmtFixed(d.lo, 1)}–${fmtFixed(d.hi, 1)} s (${fmtInt(total)} starts)`;
  const table: ChartTable = {
    caption:
      `Phase 3 duration: starts per bin, summed over ${fmtInt(view.summary.replications)} waves` +
      (outline ? ' (the baseline’s starts are spread over these bins, those its timeout cut off put whole at its timeout)' : '') + '.',
    note: h.overflow > 0 ? `${fmtInt(h.overflow)} starts beyond the last bin are not shown.` : undefined,
    groups: [{ label: '', span: 1 }, { label: outline ? 'Proposal: starts' : 'Starts', span: 2 }, ...(outline ? [{ label: 'Baseline: starts', span: 1 }] : [])],
    head: ['Duration (s)', 'Passed', 'Breached', ...(outline ? ['All'] : [])],
    count: data.length,
    rows: () => data.map((d) => [binLabel(d), fmtInt(d.passed), fmtInt(d.breached), ...(outline ? [fmtNum(d.baseTotal ?? 0, 1)] : [])]),
  };
  return (
    <ChartPanel
      chartId="phase3-histogram"
      title="Phase 3 duration"
      table={table}
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
          {capped && towering.length > 0 && (
            <>
              {' '}The count axis stops at {fmtInt(capped.cap)} so the other bins show:{' '}
              {towering.map(({ d, total }) => toweringText(d, total)).join(' and ')} run{towering.length === 1 ? 's' : ''} off the top (▲).
            </>
          )}
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
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 18, left: 8 }} barCategoryGap={0} {...chartA11y(name, desc)}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="x" type="number" domain={[0, xMax]} ticks={ticks(xMax)} {...AXIS} label={{ value: 'Phase 3 duration (s)', position: 'insideBottom', offset: -10, ...AXIS_TITLE }} />
          <YAxis
            {...AXIS}
            width={56}
            allowDecimals={false}
            domain={capped ? [0, capped.cap] : [0, 'auto']}
            ticks={capped ? fifths(capped.cap) : undefined}
            allowDataOverflow={!!capped}
            tickFormatter={fmtInt}
            label={{ value: 'starts', angle: -90, position: 'insideLeft', ...AXIS_TITLE }}
          />
          <Tooltip
            {...QUIET_TOOLTIP}
            labelFormatter={(_, p) => {
              const d = p?.[0]?.payload as { lo: number; hi: number } | undefined;
              return d ? `${d.lo.toFixed(1)}–${d.hi.toFixed(1)} s` : '';
            }}
          />
          <Bar dataKey="passed" name="passed" stackId="a" fill={C.passed} {...NO_ANIM} />
          <Bar dataKey="breached" name="breached" stackId="a" fill={C.breached} {...NO_ANIM} />
          {outline && <Line dataKey="baseTotal" name="baseline (all starts)" type="step" stroke={BASE.stroke} strokeWidth={2} strokeDasharray={BASE.dash} dot={false} {...NO_ANIM} />}
          {refLines(view, xMax)}
          {capped &&
            towering.map(({ d, total }) => (
              <RefDot key={d.x} x={d.x} y={capped.cap} r={0} ifOverflow="visible" label={{ value: `▲ ${fmtInt(total)}`, position: 'left', fontSize: 11, fill: '#33404f', dy: 30 }} />
            ))}
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
  // The curves go on flat to the axis' end: a curve that stops where its last step is drawn reads as unfinished.
  const drawn = data.length ? [...data, { t: xMax, p: data[data.length - 1].p }] : data;
  const baseDrawn = baseData?.length ? [...baseData, { t: xMax, pb: baseData[baseData.length - 1].pb }] : baseData;
  const q = view.summary.phase3.durationQuantiles;
  const bq = base?.summary.phase3.durationQuantiles;
  const name = `Phase 3 duration, cumulative: share of verdicts that took at most x seconds${baseData ? ', with the baseline' : ''}`;
  const desc =
    view.summary.phase3.starts === 0 || data.length === 0
      ? 'No start reached a Phase 3 verdict yet.'
      : `Median ${fmtSeconds(q.p50)}, p90 ${fmtSeconds(q.p90)}, p95 ${fmtSeconds(q.p95)}, p99 ${fmtSeconds(q.p99)}; the initialization timeout is ${init} s.` +
        (bq ? ` Baseline: median ${fmtSeconds(bq.p50)}, p95 ${fmtSeconds(bq.p95)}, p99 ${fmtSeconds(bq.p99)}.` : '');
  // The sketch's ECDF has 201 points (every 0.5% of verdicts): every 10th is a row per 5%.
  const every = view.ecdfFrom === 'sketch' ? 10 : Math.max(1, Math.ceil(data.length / 60));
  const shown = thin(data, every);
  const baseAt = (p: number) => {
    if (!base?.ecdf.length) return NaN;
    const hit = base.ecdf.find((d) => d.p >= p - 1e-12);
    return hit ? hit.t : NaN;
  };
  const table: ChartTable = {
    caption: `Phase 3 duration, cumulative: how long the given share of Phase 3 verdicts took at most${view.ecdfFrom === 'histogram' ? ' (from the results file’s histogram)' : ''}.`,
    note: every > 1 ? `One point in ${every} of the curve’s ${data.length}.` : undefined,
    groups: baseData ? [{ label: '', span: 1 }, { label: 'Took at most (s)', span: 2 }] : undefined,
    head: ['Share of verdicts (%)', baseData ? 'Proposal' : 'Took at most (s)', ...(baseData ? ['Baseline'] : [])],
    count: shown.length,
    rows: () => shown.map((d) => [fmtPct(d.p), fmtFixed(d.t, 2), ...(baseData ? [fmtFixed(baseAt(d.p), 2)] : [])]),
  };
  return (
    <ChartPanel
      chartId="phase3-ecdf"
      title="Phase 3 duration — cumulative"
      table={table}
      caption={
        <>
          Share of Phase 3 verdicts that took at most x seconds ({view.ecdfFrom === 'histogram' ? 'from the results file’s histogram, so in steps of one bin' : 'from the merged quantile sketch'}).{' '}
          {view.summary.phase3.starts === 0 ? (
            upperFirst(noVerdictText(view.summary))
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
        <LineChart data={drawn} margin={{ top: 8, right: 16, bottom: 18, left: 8 }} {...chartA11y(name, desc)}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="t" type="number" domain={[0, xMax]} ticks={ticks(xMax)} {...AXIS} label={{ value: 'Phase 3 duration (s)', position: 'insideBottom', offset: -10, ...AXIS_TITLE }} />
          <YAxis {...AXIS} width={56} domain={[0, 1]} ticks={SHARE_TICKS} tickFormatter={fmtShareTick} label={{ value: 'share of starts', angle: -90, position: 'insideLeft', ...AXIS_TITLE, dy: 40 }} />
          <Tooltip {...QUIET_TOOLTIP} formatter={(v) => fmtPct(Number(v))} labelFormatter={(t) => `≤ ${Number(t).toFixed(2)} s`} />
          {baseDrawn && <Line data={baseDrawn} type="stepAfter" dataKey="pb" name="baseline share ≤ x" stroke={BASE.stroke} strokeWidth={2} strokeDasharray={BASE.dash} dot={false} {...NO_ANIM} />}
          <Line type="stepAfter" dataKey="p" name="share ≤ x" stroke={C.mean} strokeWidth={2} dot={false} {...NO_ANIM} />
          {refLines(view, xMax)}
        </LineChart>
      </ResponsiveContainer>
    </ChartPanel>
  );
}
