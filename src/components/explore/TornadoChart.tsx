import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { labelInSentence } from '../../../sim-core/report/count';
import { METRICS, fewerHealthy, type MetricKey, type SensitivityResult, type TornadoRow } from '../../../sim-core/explore';
import { C, OI } from '../../lib/palette';
import { fmtMetric } from '../../lib/exploreSettings';
import { fmtCount } from '../../lib/format';
import { useNarrow } from '../../lib/useNarrow';
import { AXIS, AXIS_TITLE, ChartPanel, NO_ANIM, QUIET_TOOLTIP, chartA11y, niceStep, Swatch } from '../results/chartParts';

const SHOWN = 12;

/** A change of the metric: percentage points for rates, the unit otherwise. */
function fmtDelta(metric: MetricKey, d: number | null): string {
  if (d === null || !Number.isFinite(d)) return '–';
  const m = METRICS[metric] as { unit: string; fraction?: boolean };
  const a = Math.abs(d);
  // Two decimals under 1 point, one from there: decided on the rounded value, so 0.9996 reads 1.0, not 1.00.
  const text = m.fraction ? (Number((a * 100).toFixed(2)) < 1 ? (a * 100).toFixed(2) : (a * 100).toFixed(1)) : a >= 100 ? a.toFixed(0) : a >= 10 ? a.toFixed(1) : a.toFixed(2);
  // What rounds to zero reads ±0, not −0.00.
  const sign = Number(text) === 0 ? '±' : d > 0 ? '+' : '−';
  return `${sign}${text}${m.fraction ? ' pts' : m.unit ? ` ${m.unit}` : ''}`;
}

const num = (v: number) => String(Number(v.toPrecision(4)));

/** A setting at 0 moves by the step's share of its whole range, not of its value: usually a far larger move (†). */
const FROM_ZERO = '†';

function rowLabel(r: TornadoRow): string {
  return `${r.label} (${num(r.low)}–${num(r.high)}${r.unit ? ` ${r.unit}` : ''})${r.base === 0 ? ` ${FROM_ZERO}` : ''}`;
}

/**
 * Sensitivity as a tornado chart: for each setting, the change in the metric when it moves one step down
 * (blue) and one step up (orange) from the scenario, largest swing first. Settings that made no difference
 * are listed under the chart.
 */
export function TornadoChart({ result: r, running, onApply }: { result: SensitivityResult; running: boolean; onApply?: (key: string, value: number | string | boolean) => void }) {
  const [all, setAll] = useState(false);
  const narrow = useNarrow();
  const moving = r.rows.filter((x) => x.swing !== null && x.swing > 0);
  const still = r.rows.filter((x) => x.swing === 0 && x.issues.length === 0);
  const broken = r.rows.filter((x) => x.issues.length > 0);
  // Ran, but gave the metric no value to compare (a time never reached at the base or at both moved points).
  const unmeasured = r.rows.filter((x) => x.swing === null && x.issues.length === 0);
  const rows = (all ? moving : moving.slice(0, SHOWN)).map((x) => ({ ...x, name: rowLabel(x), lowBar: x.deltaLow ?? 0, highBar: x.deltaHigh ?? 0 }));
  const m = METRICS[r.metric] as { label: string; unit: string; fraction?: boolean };
  const stepPct = `${+(r.step * 100).toFixed(2)}%`;
  const stepText = `±${stepPct}`;
  const fromZero = rows.some((x) => x.base === 0);
  const ext = Math.max(1e-9, ...rows.map((x) => Math.max(Math.abs(x.lowBar), Math.abs(x.highBar))));
  // Symmetric round ticks around 0, labelled with the digits the step needs.
  const step = niceStep(2 * ext, 6);
  const k = Math.ceil(ext / step - 1e-9);
  const xTicks = Array.from({ length: 2 * k + 1 }, (_, i) => Number(((i - k) * step).toPrecision(10)));
  const digits = Math.max(0, -Math.floor(Math.log10(m.fraction ? step * 100 : step) + 1e-9));
  const tick = (v: number) => (m.fraction ? (v * 100).toFixed(digits) : v.toFixed(digits));
  // The key numbers in words: the base, then the settings with the largest swings (the bars at the top).
  const top = rows
    .slice(0, 5)
    .map((x) => `${x.label}${x.base === 0 ? ` (at 0, moved by ${stepPct} of its range)` : ''}: moved down ${fmtDelta(r.metric, x.deltaLow)}, moved up ${fmtDelta(r.metric, x.deltaHigh)}`);
  const desc =
    `Base ${fmtMetric(r.metric, r.base.value)}. ${moving.length} setting${moving.length === 1 ? '' : 's'} moved it at ${stepText}` +
    (top.length ? `; the largest swings: ${top.join('; ')}.` : '.') +
    (still.length ? ` ${still.length} made no difference.` : '');
  return (
    <>
    <ChartPanel
      chartId="explore-tornado"
      wide
      title={`${m.label}: sensitivity to each setting (${stepText})`}
      caption={
        <>
          Base: {fmtMetric(r.metric, r.base.value)} ({fmtCount(r.base.replications, 'replication')} of seed {r.seed}). Each bar is the change when one setting moves by {stepText}
          {' '}of its value with everything else as in the scenario
          {fromZero ? ` (${FROM_ZERO} a setting at 0 moves by ${stepPct} of its whole range instead, not comparable with the others' moves)` : ''}; all points share their
          random numbers.
          {r.metric === 'phase3.breachRate' && r.base.replications > 0 && (
            <>
              {' '}The base rate's 95% interval lies within ±{(r.base.halfWidth * 100).toFixed(2)} pts of it: the shared random numbers cancel most noise between points,
              not all, so a change well inside that ranks settings only roughly.
            </>
          )}
          {running ? ' Bars fill in as their runs finish.' : ''}
        </>
      }
      legend={
        <>
          <Swatch color={OI.blue} label={`setting moved down (−${stepPct})`} />
          <Swatch color={OI.orange} label={`setting moved up (+${stepPct})`} />
        </>
      }
    >
      {rows.length === 0 ? (
        <p className="muted x-empty">{running ? 'Waiting for the first runs…' : `No setting moved the ${labelInSentence(m.label)} at ${stepText}.`}</p>
      ) : (
        // On a phone, a 280 px label column would leave the bars a sliver: narrower labels (wrapped on taller rows).
        <div className="x-chart-scroll">
        <ResponsiveContainer width="100%" minWidth={narrow ? 0 : 560} height={56 + rows.length * (narrow ? 44 : 32)}>
          <BarChart
            data={rows}
            layout="vertical"
            margin={{ top: 4, right: 24, bottom: 22, left: 8 }}
            barGap={1}
            barSize={11}
            {...chartA11y(`${m.label}: change when each setting moves ${stepText}, largest swing first`, desc)}
          >
            <CartesianGrid stroke={C.grid} strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              domain={[-k * step, k * step]}
              ticks={xTicks}
              {...AXIS}
              tickFormatter={tick}
              // (On a phone the metric's name, above the chart, is left out, and "percentage points" shortened: the full
              // title would be cut off.)
              label={{ value: `change${narrow ? '' : ` in ${m.label}`}${m.fraction ? (narrow ? ' (points)' : ' (percentage points)') : m.unit ? ` (${m.unit})` : ''}`, position: 'insideBottom', offset: -12, ...AXIS_TITLE }}
            />
            <YAxis type="category" dataKey="name" width={narrow ? 150 : 280} {...AXIS} interval={0} tick={{ fontSize: narrow ? 10.5 : 11.5, fill: '#33404f' }} />
            <Tooltip {...QUIET_TOOLTIP}
              formatter={(v, name) => [fmtDelta(r.metric, Number(v)), String(name)]}
              labelFormatter={(label) => String(label)}
            />
            <ReferenceLine x={0} stroke={C.limit} />
            <Bar dataKey="lowBar" name="moved down" fill={OI.blue} {...NO_ANIM} />
            <Bar dataKey="highBar" name="moved up" fill={OI.orange} {...NO_ANIM} />
          </BarChart>
        </ResponsiveContainer>
        </div>
      )}
      <div className="x-tornado-notes">
        {moving.length > SHOWN && (
          <button type="button" className="mini-btn" onClick={() => setAll((v) => !v)} aria-expanded={all}>
            {all ? `Show the top ${SHOWN}` : `Show all ${moving.length} settings that moved it`}
          </button>
        )}
        {still.length > 0 && (
          <details>
            <summary>
              {still.length} setting{still.length === 1 ? '' : 's'} made no difference at {stepText}
            </summary>
            <p className="small">{still.map((x) => x.label).join(', ')}</p>
          </details>
        )}
        {unmeasured.length > 0 && (
          <details>
            <summary>
              {unmeasured.length} setting{unmeasured.length === 1 ? '' : 's'} could not be measured: the metric had no value to compare (e.g. a time past the horizon)
            </summary>
            <p className="small">{unmeasured.map((x) => x.label).join(', ')}</p>
          </details>
        )}
        {broken.length > 0 && (
          <details>
            <summary>
              {broken.length} setting{broken.length === 1 ? '' : 's'} could not move one way (not a valid scenario)
            </summary>
            <ul className="small">
              {broken.map((x) => (
                <li key={x.field}>
                  {x.label}: {x.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
      <details className="x-data">
        <summary>Data table</summary>
        <table className="vs-table" data-testid="tornado-table">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Value (down / base / up)</th>
              <th scope="col">Down</th>
              <th scope="col">Up</th>
              <th scope="col">Swing</th>
            </tr>
          </thead>
          <tbody>
            {r.rows.map((x) => (
              <tr key={x.field} data-field={x.field} data-swing={x.swing}>
                <th scope="row">{x.label}</th>
                <td>
                  {num(x.low)} / {num(x.base)} / {num(x.high)}
                  {x.unit ? ` ${x.unit}` : ''}
                </td>
                <td>{fmtDelta(r.metric, x.deltaLow)}</td>
                <td>{fmtDelta(r.metric, x.deltaHigh)}</td>
                <td>{fmtDelta(r.metric, x.swing).replace(/^[+−±]/, '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </ChartPanel>
    {r.alternatives.length > 0 && <Alternatives r={r} running={running} onApply={onApply} />}
    </>
  );
}

/**
 * The choices switched to each of their other options (warm or lazy connections, backoff policy, connector mode…):
 * no step to scale, so a list, largest change first, each with a bar of its change on one scale.
 */
function Alternatives({ r, running, onApply }: { r: SensitivityResult; running: boolean; onApply?: (key: string, value: number | string | boolean) => void }) {
  const m = METRICS[r.metric] as { label: string };
  const ext = Math.max(1e-12, ...r.alternatives.map((x) => Math.abs(x.delta ?? 0)));
  // The switch put into the scenario from this list: the list is about the scenario before it, so no second Use.
  const [used, setUsed] = useState<string | null>(null);
  useEffect(() => {
    if (running) setUsed(null); // a new run: a new list
  }, [running]);
  const warned = r.alternatives.some((x) => fewerHealthy(x, r.metric));
  return (
    <section className="panel panel-wide" aria-label={`${m.label}: switching a choice`}>
      <div className="panel-head">
        <h3>{m.label}: switching a choice</h3>
      </div>
      <p className="caption">
        Each row switches one choice of the scenario to another of its options, everything else as it is, on the same random numbers; largest change first.
        {running ? ' Rows fill in as their runs finish.' : ''}
        {warned && (
          <>
            {' '}
            <strong>⚠</strong> marks a switch that lowers the breach rate while fewer containers end healthy: the rate is per start, and the switch starts less (restarts off,
            for one). Not a fix.
          </>
        )}
      </p>
      <table className="vs-table x-alternatives" data-testid="alternatives-table">
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">From → to</th>
            <th scope="col">Change</th>
            <th scope="col"><span className="sr-only">Change, drawn</span></th>
            <th scope="col">Containers healthy</th>
            {onApply && <th scope="col"><span className="sr-only">Apply</span></th>}
          </tr>
        </thead>
        <tbody>
          {r.alternatives.map((x) => (
            <tr key={`${x.field}=${String(x.to)}`} data-field={x.field} data-to={String(x.to)} data-delta={x.delta ?? ''}>
              <th scope="row">{x.label}</th>
              <td>
                {x.fromLabel} → {x.toLabel}
              </td>
              <td>{x.notRun ? 'not a valid scenario' : fmtDelta(r.metric, x.delta)}</td>
              <td className="x-alt-bar" aria-hidden="true">
                {x.delta !== null && x.delta !== 0 && (
                  <span className={x.delta < 0 ? 'down' : 'up'} style={{ width: `${(50 * Math.abs(x.delta)) / ext}%` }} />
                )}
              </td>
              <td className={fewerHealthy(x, r.metric) ? 'x-alt-warn' : undefined}>
                {x.healthyDelta === null ? '–' : fmtDelta('containers.healthyByHorizon', x.healthyDelta)}
                {fewerHealthy(x, r.metric) && <> ⚠ fewer</>}
              </td>
              {onApply && (
                <td>
                  {used === `${x.field}=${String(x.to)}` ? (
                    <span className="muted" role="status">
                      in the scenario: see Results
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="mini-btn"
                      disabled={x.notRun || x.value === null || used !== null}
                      title={used !== null ? 'This list is for the scenario before your change: run the sensitivity again' : undefined}
                      onClick={() => {
                        setUsed(`${x.field}=${String(x.to)}`);
                        onApply(x.field, x.to);
                      }}
                      aria-label={`Use ${x.label}: ${x.toLabel} in the scenario`}
                    >
                      Use
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
