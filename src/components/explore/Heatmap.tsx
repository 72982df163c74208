import { useMemo, useState } from 'react';
import { useNarrow } from '../../lib/useNarrow';
import { cellStanding, contourRates, STANDING_MARK, type HeatmapCell, type HeatmapResult } from '../../../sim-core/explore';
import { cutShareText, HORIZON_CUT_LIMIT_TEXT, horizonCutShare } from '../../../sim-core/results/summary';
import { contourSegments, indexOf, inkOn, rateColor, scalePosition, scaleTop } from '../../lib/exploreHeatmap';
import { fieldLabel, fmtFieldValue } from '../../lib/exploreSettings';
import { fmtCount, fmtPct } from '../../lib/format';
import { ChartPanel, Swatch } from '../results/chartParts';

const W = 760;
const M = { top: 12, right: 96, bottom: 58, left: 84 };
const LEGEND_W = 14;

function cellText(r: HeatmapResult, c: HeatmapCell): string {
  const head = `${r.x.field.label} = ${fmtFieldValue(r.x.field, c.x)}, ${r.y.field.label} = ${fmtFieldValue(r.y.field, c.y)}`;
  if (!c.ok) return `${head}: not a valid scenario (${c.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})`;
  if (c.replications === 0) return `${head}: not run yet`;
  const cut = horizonCutShare(c);
  const note = cut === null ? '' : `; the horizon cut ${cutShareText(cut)} of the starts short of a verdict, so the rate reads low`;
  return `${head}: breach rate ${fmtPct(c.breachRate)} (95% CI ${fmtPct(c.breachCi95[0])}–${fmtPct(c.breachCi95[1])}), ${fmtCount(c.replications, 'replication')}${note}`;
}

/** Every k-th label so labels do not collide. */
const every = (n: number, room: number, size: number) => Math.max(1, Math.ceil(n / Math.max(1, Math.floor(room / size))));

/**
 * The 2-D heatmap as an SVG grid (Recharts has none): one rect per cell coloured by breach rate on a
 * colour-blind-safe sequential scale (legend at the right), the target contour as a line with the planner's
 * crossing points on it, a <title> on every cell (both values and the rate), and a table view to switch to.
 */
export function Heatmap({ result, running }: { result: HeatmapResult; running: boolean }) {
  const [asTable, setAsTable] = useState(false);
  const [hover, setHover] = useState<number | null>(null);
  const narrow = useNarrow();
  const nx = result.x.values.length;
  const ny = result.y.values.length;
  const plotW = W - M.left - M.right;
  const cw = plotW / nx;
  const ch = Math.max(18, Math.min(56, cw * 0.75, 380 / ny));
  const plotH = ch * ny;
  const H = M.top + plotH + M.bottom;
  const top = scaleTop(result.rates, result.target);
  // The line follows the cells the horizon did not cut short, as the contour's crossings do.
  const segments = useMemo(() => contourSegments(contourRates(result.cells, nx), result.target), [result.cells, nx, result.target]);
  // Grid index → pixel: cell centres; iy = 0 at the bottom.
  const px = (ix: number) => M.left + (ix + 0.5) * cw;
  const py = (iy: number) => M.top + plotH - (iy + 0.5) * ch;
  const marks = useMemo(() => {
    const out: Array<[number, number]> = [];
    result.contour.rows.forEach((row, iy) => row.x.forEach((x) => out.push([indexOf(result.x.values, x, result.x.scale), iy])));
    result.contour.columns.forEach((col, ix) => col.y.forEach((y) => out.push([ix, indexOf(result.y.values, y, result.y.scale)])));
    return out;
  }, [result]);
  const xEvery = every(nx, plotW, 56);
  const yEvery = every(ny, plotH, 18);
  // Round values, spread evenly on the square-root scale.
  const legendTicks = [0, top / 20, top / 5, top / 2, top];
  const shown = hover !== null ? result.cells[hover] : null;
  const ran = result.cells.filter((c) => c.ok && c.replications > 0).length;
  const invalid = result.cells.filter((c) => !c.ok).length;
  const targetText = fmtPct(result.target);
  return (
    <ChartPanel
      chartId="explore-heatmap"
      title={`Breach rate: ${result.x.field.label} × ${result.y.field.label}`}
      caption={
        <>
          Each cell is one scenario ({ran} of {nx * ny} run{invalid ? `, ${invalid} not valid scenarios (hatched)` : ''}), coloured by its Phase 3 breach rate (a square-root scale, so that rates of a few percent stay apart); the
          line is where the estimated rate crosses the {targetText} target (through cells the horizon did not cut short). A cell meets the target with 95% confidence only when its whole interval is below it:
          the table marks those {STANDING_MARK.meets}, cells met only by the estimate {STANDING_MARK.estimate}, and cells whose horizon cut over {HORIZON_CUT_LIMIT_TEXT} of the starts short of a verdict {STANDING_MARK.cut} (their rates read low and meet nothing). All cells share the random numbers of seed {result.seed}.
        </>
      }
      legend={
        <>
          <Swatch color={rateColor(0)} label="no breaches" />
          <Swatch color={rateColor(1)} label={`${fmtPct(top)} (top of the scale)`} />
          <Swatch color="#000000" label={`contour at ${targetText}`} kind="line" />
          <button type="button" className="mini-btn x-table-toggle" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
            {asTable ? 'Show the chart' : 'Show as a table'}
          </button>
        </>
      }
    >
      {asTable ? (
        <HeatmapTable result={result} />
      ) : (
        <>
          {/* On a phone the whole grid would shrink its labels to a few pixels: it keeps a readable width and scrolls. */}
          {narrow && <p className="muted x-scroll-hint">The grid is wider than the screen: swipe it sideways for every column and the colour scale, or open the table.</p>}
          <div className="x-chart-scroll">
          <svg
            className="x-heatmap"
            viewBox={`0 0 ${W} ${H}`}
            width="100%"
            role="img"
            aria-label={`Heatmap of the breach rate over ${fieldLabel(result.x.field)} (across) and ${fieldLabel(result.y.field)} (up), ${nx} × ${ny} cells, with the ${targetText} contour. Switch to the table for every value.`}
            data-contour-segments={segments.length}
            onMouseLeave={() => setHover(null)}
          >
            <defs>
              <pattern id="x-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="6" height="6" fill="#eceef1" />
                <line x1="0" y1="0" x2="0" y2="6" stroke="#b8bec6" strokeWidth="2" />
              </pattern>
              <linearGradient id="x-legend-grad" x1="0" y1="1" x2="0" y2="0">
                {Array.from({ length: 11 }, (_, i) => (
                  <stop key={i} offset={`${i * 10}%`} stopColor={rateColor(i / 10)} />
                ))}
              </linearGradient>
            </defs>
            <g className="x-cells">
              {result.cells.map((c, k) => {
                const ix = k % nx;
                const iy = Math.floor(k / nx);
                const rate = result.rates[iy][ix];
                const fill = !c.ok ? 'url(#x-hatch)' : rate === null ? '#f3f4f6' : rateColor(scalePosition(rate, top));
                const x = M.left + ix * cw;
                const y = M.top + plotH - (iy + 1) * ch;
                return (
                  <g key={k} onMouseEnter={() => setHover(k)} data-heatmap-cell={k} data-x={c.x} data-y={c.y} data-rate={rate ?? ''}>
                    <title>{cellText(result, c)}</title>
                    <rect x={x} y={y} width={cw} height={ch} fill={fill} stroke="#ffffff" strokeWidth={hover === k ? 0 : 0.75} />
                  </g>
                );
              })}
              {hover !== null && (
                <rect x={M.left + (hover % nx) * cw} y={M.top + plotH - (Math.floor(hover / nx) + 1) * ch} width={cw} height={ch} fill="none" stroke="#1c2430" strokeWidth={2} pointerEvents="none" />
              )}
            </g>
            <g className="x-contour" pointerEvents="none" data-contour>
              {segments.map(([a, b], i) => (
                <line key={`h${i}`} x1={px(a[0])} y1={py(a[1])} x2={px(b[0])} y2={py(b[1])} stroke="#ffffff" strokeWidth={5} strokeLinecap="round" />
              ))}
              {segments.map(([a, b], i) => (
                <line key={`l${i}`} x1={px(a[0])} y1={py(a[1])} x2={px(b[0])} y2={py(b[1])} stroke="#000000" strokeWidth={2.25} strokeLinecap="round" />
              ))}
              {marks.map(([ix, iy], i) => (
                <circle key={i} cx={px(ix)} cy={py(iy)} r={2.6} fill="#ffffff" stroke="#000000" strokeWidth={1.2} data-contour-point />
              ))}
            </g>
            {/* Cell values above the contour, outlined in their cell's colour so the line passes under them: the outline is
                wide enough (6 px) to close the gaps between glyphs, through which a 3 px one still let the line show. */}
            {cw >= 38 && ch >= 16 && (
              <g className="x-cell-values" pointerEvents="none" fontSize={Math.min(12, cw / 4.2)} textAnchor="middle" dominantBaseline="central">
                {result.cells.map((c, k) => {
                  const ix = k % nx;
                  const iy = Math.floor(k / nx);
                  const rate = result.rates[iy][ix];
                  if (rate === null) return null;
                  const bg = rateColor(scalePosition(rate, top));
                  return (
                    <text key={k} x={px(ix)} y={py(iy)} fill={inkOn(bg)} stroke={bg} strokeWidth={6} paintOrder="stroke" strokeLinejoin="round">
                      {fmtPct(rate, rate < 0.1 ? 1 : 0)}
                    </text>
                  );
                })}
              </g>
            )}
            {/* Axes */}
            <g className="x-axis-labels" fontSize={11} fill="#5b6470">
              {result.x.values.map((v, ix) =>
                ix % xEvery === 0 || ix === nx - 1 ? (
                  <text key={ix} x={px(ix)} y={M.top + plotH + 15} textAnchor="middle">
                    {fmtFieldValue(null, v)}
                  </text>
                ) : null,
              )}
              {result.y.values.map((v, iy) =>
                iy % yEvery === 0 || iy === ny - 1 ? (
                  <text key={iy} x={M.left - 6} y={py(iy)} textAnchor="end" dominantBaseline="central">
                    {fmtFieldValue(null, v)}
                  </text>
                ) : null,
              )}
              <text x={M.left + plotW / 2} y={M.top + plotH + 38} textAnchor="middle" fontSize={12} fill="#1c2430">
                {fieldLabel(result.x.field)}
                {result.x.scale === 'log' ? ' — log steps' : ''}
              </text>
              <text transform={`translate(${16} ${M.top + plotH / 2}) rotate(-90)`} textAnchor="middle" fontSize={12} fill="#1c2430">
                {fieldLabel(result.y.field)}
                {result.y.scale === 'log' ? ' — log steps' : ''}
              </text>
            </g>
            {/* Colour legend */}
            <g className="x-legend" transform={`translate(${W - M.right + 22} ${M.top})`}>
              <text x={0} y={4} fontSize={11} fill="#1c2430">
                breach rate
              </text>
              <rect x={0} y={14} width={LEGEND_W} height={Math.max(60, plotH - 14)} fill="url(#x-legend-grad)" stroke="#5b6470" strokeWidth={0.5} />
              {legendTicks.map((t) => {
                const y = 14 + Math.max(60, plotH - 14) * (1 - scalePosition(t, top));
                return (
                  <g key={t}>
                    <line x1={LEGEND_W} x2={LEGEND_W + 4} y1={y} y2={y} stroke="#5b6470" />
                    <text x={LEGEND_W + 7} y={y} fontSize={10.5} fill="#5b6470" dominantBaseline="central">
                      {fmtPct(t, t > 0 && t < 0.001 ? 3 : t > 0 && t < 0.01 ? 2 : 1)}
                    </text>
                  </g>
                );
              })}
              {(() => {
                const y = 14 + Math.max(60, plotH - 14) * (1 - scalePosition(result.target, top));
                return <line x1={-4} x2={LEGEND_W + 4} y1={y} y2={y} stroke="#000000" strokeWidth={2.25} />;
              })()}
            </g>
          </svg>
          </div>
          <p className="x-hover" aria-live="polite">
            {shown ? cellText(result, shown) : running ? 'Cells fill in as their replications finish. Hover a cell for its values.' : 'Hover a cell for its values, or show the table.'}
          </p>
        </>
      )}
    </ChartPanel>
  );
}

/** The same numbers as a table: a row per value of the second field (top = largest index), a column per value of the first. */
function HeatmapTable({ result }: { result: HeatmapResult }) {
  const nx = result.x.values.length;
  const rows = result.y.values.map((y, iy) => ({ y, iy })).reverse();
  return (
    <div className="x-table-wrap">
      <table className="vs-table x-heat-table" data-testid="heatmap-table">
        <caption className="sr-only">
          Breach rate by {fieldLabel(result.y.field)} (rows) and {fieldLabel(result.x.field)} (columns); {STANDING_MARK.meets} marks cells meeting the {fmtPct(result.target)} target with 95% confidence, {STANDING_MARK.estimate} cells whose estimate meets it but whose interval straddles it, {STANDING_MARK.cut} cells whose horizon cut over {HORIZON_CUT_LIMIT_TEXT} of the starts short of a verdict.
        </caption>
        <thead>
          <tr>
            <th scope="col">
              {result.y.field.label} ↓ / {result.x.field.label} →
            </th>
            {result.x.values.map((x) => (
              <th key={x} scope="col">
                {fmtFieldValue(result.x.field, x)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ y, iy }) => (
            <tr key={iy}>
              <th scope="row">{fmtFieldValue(result.y.field, y)}</th>
              {result.x.values.map((_, ix) => {
                const c = result.cells[iy * nx + ix];
                const r = result.rates[iy][ix];
                return (
                  <td key={ix} title={cellText(result, c)}>
                    {!c.ok ? 'invalid' : r === null ? '–' : `${STANDING_MARK[cellStanding(c, result.target) ?? 'misses']} ${fmtPct(r)}`.trim()}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
