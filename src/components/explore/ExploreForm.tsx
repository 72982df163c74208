import { FIELDS } from '../../../sim-core/scenario/catalogue';
import { useId } from 'react';
import type { Scenario } from '../../../sim-core/scenario/schema';
import { METRICS, METRIC_KEYS, type MetricKey } from '../../../sim-core/explore';
import {
  EXPLORE_KINDS,
  fieldOf,
  KIND_HELP,
  KIND_LABEL,
  MAX_AXIS_STEPS,
  MAX_SWEEP_STEPS,
  solveRange,
  type ExploreDraft,
  type ExploreIssue,
  type ExploreKind,
  type PrecisionDraft,
} from '../../lib/exploreSettings';
import { fmtInt } from '../../lib/format';
import { AxisInputs, Choice, FieldPicker, NumEntry } from './inputs';

type Edit = (fn: (d: ExploreDraft) => ExploreDraft) => void;

const metricOptions = (keys: readonly MetricKey[]) =>
  keys.map((k) => [k, `${METRICS[k].label}${METRICS[k].unit ? ` (${METRICS[k].unit})` : ''}`] as const);

/** Which kind of exploration: native radio buttons (arrow keys move between them). */
export function KindPicker({ kind, onChange, disabled }: { kind: ExploreKind; onChange: (k: ExploreKind) => void; disabled?: boolean }) {
  const name = useId();
  return (
    <fieldset className="x-kinds" disabled={disabled}>
      <legend className="sr-only">Kind of exploration</legend>
      {EXPLORE_KINDS.map((k) => (
        <label key={k} className={`x-kind ${k === kind ? 'is-on' : ''}`}>
          <input type="radio" name={name} value={k} checked={k === kind} onChange={() => onChange(k)} />
          <span>{KIND_LABEL[k]}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** Replications per point: a fixed count (default: the scenario's), or until the breach rate's interval is narrow enough. */
export function PrecisionControl(props: { draft: PrecisionDraft; onChange: (p: PrecisionDraft) => void; issues: readonly ExploreIssue[]; scenarioReplications: number | null; adaptiveOnly?: boolean }) {
  const { draft: p, onChange, issues, scenarioReplications, adaptiveOnly } = props;
  const name = useId();
  const adaptive = adaptiveOnly || p.mode === 'adaptive';
  return (
    <fieldset className="x-precision">
      <legend>{adaptiveOnly ? 'Precision' : 'Replications per point'}</legend>
      {!adaptiveOnly && (
        <div className="x-radio-row">
          <label>
            <input type="radio" name={name} checked={p.mode === 'fixed'} onChange={() => onChange({ ...p, mode: 'fixed' })} /> Fixed count
          </label>
          <label>
            <input type="radio" name={name} checked={p.mode === 'adaptive'} onChange={() => onChange({ ...p, mode: 'adaptive' })} /> Until the breach rate is known to ±h
          </label>
        </div>
      )}
      <div className="x-row">
        {adaptive ? (
          <>
            <NumEntry path="precision.halfWidthPts" label="± h (95% CI within ± h of the rate)" unit="points" value={p.halfWidthPts} issues={issues} hint="percentage points, above 0 and below 50" onChange={(v) => onChange({ ...p, halfWidthPts: v })} width="narrow" />
            <NumEntry path="precision.maxReplications" label="At most" unit="replications" integer value={p.maxReplications} issues={issues} onChange={(v) => onChange({ ...p, maxReplications: v })} width="narrow" />
          </>
        ) : (
          <NumEntry
            path="precision.replications"
            label="Replications"
            integer
            value={p.replications}
            placeholder={scenarioReplications !== null ? String(scenarioReplications) : ''}
            hint={`empty = the scenario's ${scenarioReplications !== null ? fmtInt(scenarioReplications) : ''}`}
            issues={issues}
            onChange={(v) => onChange({ ...p, replications: v })}
            width="narrow"
          />
        )}
      </div>
    </fieldset>
  );
}

/** The settings of the chosen kind. */
export function ExploreForm({ draft: d, edit, issues, base }: { draft: ExploreDraft; edit: Edit; issues: readonly ExploreIssue[]; base: Scenario | null }) {
  const reps = base?.simulation.replications ?? null;
  const precision = <PrecisionControl draft={d.precision} issues={issues} scenarioReplications={reps} onChange={(precision) => edit((x) => ({ ...x, precision }))} />;
  return (
    <div className="x-form">
      <p className="x-kind-help">{KIND_HELP[d.kind]}</p>
      {d.kind === 'sweep' && (
        <div className="x-form-grid">
          <AxisInputs path="sweep.axis" legend="Setting to move" axis={d.sweep.axis} base={base} issues={issues} maxSteps={MAX_SWEEP_STEPS} onChange={(axis) => edit((x) => ({ ...x, sweep: { ...x.sweep, axis } }))} />
          {precision}
        </div>
      )}
      {d.kind === 'heatmap' && (
        <>
          <div className="x-form-grid">
            <AxisInputs path="heatmap.x" legend="Across (x)" axis={d.heatmap.x} base={base} issues={issues} maxSteps={MAX_AXIS_STEPS} onChange={(a) => edit((x) => ({ ...x, heatmap: { ...x.heatmap, x: a } }))} />
            <AxisInputs path="heatmap.y" legend="Up (y)" axis={d.heatmap.y} base={base} issues={issues} maxSteps={MAX_AXIS_STEPS} onChange={(a) => edit((x) => ({ ...x, heatmap: { ...x.heatmap, y: a } }))} />
          </div>
          <div className="x-form-grid">
            <fieldset className="x-axis">
              <legend>Contour</legend>
              <NumEntry path="heatmap.targetPct" label="Target breach rate" unit="%" value={d.heatmap.targetPct} issues={issues} hint="above 0% and below 100%" onChange={(v) => edit((x) => ({ ...x, heatmap: { ...x.heatmap, targetPct: v } }))} width="narrow" />
            </fieldset>
            {precision}
          </div>
        </>
      )}
      {d.kind === 'solve' && <SolveForm draft={d} edit={edit} issues={issues} base={base} />}
      {d.kind === 'sensitivity' && (
        <div className="x-form-grid">
          <fieldset className="x-axis">
            <legend>Step</legend>
            <div className="x-row">
              <NumEntry path="sensitivity.stepPct" label="Move each setting by ±" unit="%" value={d.sensitivity.stepPct} issues={issues} hint="of its value (of its range when 0), above 0 and at most 100" onChange={(v) => edit((x) => ({ ...x, sensitivity: { ...x.sensitivity, stepPct: v } }))} width="narrow" />
              <Choice path="sensitivity.metric" label="Rank by" value={d.sensitivity.metric} options={metricOptions(METRIC_KEYS)} issues={issues} onChange={(metric) => edit((x) => ({ ...x, sensitivity: { ...x.sensitivity, metric } }))} />
            </div>
          </fieldset>
          {precision}
        </div>
      )}
      {d.kind === 'precision' && (
        <div className="x-form-grid">
          <PrecisionControl draft={d.precision} issues={issues} scenarioReplications={reps} adaptiveOnly onChange={(precision) => edit((x) => ({ ...x, precision }))} />
        </div>
      )}
    </div>
  );
}

function SolveForm({ draft: d, edit, issues, base }: { draft: ExploreDraft; edit: Edit; issues: readonly ExploreIssue[]; base: Scenario | null }) {
  const s = d.solve;
  const f = fieldOf(s.field);
  const unit = f?.unit ?? '';
  const set = (patch: Partial<ExploreDraft['solve']>) => edit((x) => ({ ...x, solve: { ...x.solve, ...patch } }));
  return (
    <div className="x-form-grid">
      <fieldset className="x-axis">
        <legend>Find</legend>
        <div className="x-row">
          <Choice
            path="solve.direction"
            label="The"
            value={s.direction}
            options={[
              ['min', 'smallest value'],
              ['max', 'largest value'],
            ]}
            issues={issues}
            onChange={(direction) => set({ direction })}
          />
          <FieldPicker
            path="solve.field"
            label="of"
            value={s.field}
            base={base}
            issues={issues}
            onChange={(key) => {
              const nf = fieldOf(key);
              if (!nf) return;
              // Only values the scenario accepts (a cross-field rule can forbid the low end: max_connections under
              // what is reserved and held), and the question usually asked of the field: smallest capacity, largest load.
              set({ field: key, ...solveRange(nf, base), direction: FIELDS.get(key)?.meta.solve ?? s.direction });
            }}
          />
        </div>
        <div className="x-row">
          <NumEntry path="solve.targetPct" label="keeping the breach rate ≤" unit="%" value={s.targetPct} issues={issues} hint="with 95% confidence; above 0% and below 100%" onChange={(v) => set({ targetPct: v })} width="narrow" />
          <NumEntry path="solve.from" label="Search from" unit={unit} integer={f?.integer} value={s.from} issues={issues} onChange={(v) => set({ from: v })} width="narrow" />
          <NumEntry path="solve.to" label="to" unit={unit} integer={f?.integer} value={s.to} issues={issues} onChange={(v) => set({ to: v })} width="narrow" />
        </div>
        <p className="help">
          {s.direction === 'min'
            ? `Assumes the breach rate falls as ${f?.label ?? 'the value'} grows (as with a longer timeout, more connections); if it rises instead, look for the largest value.`
            : `Assumes the breach rate rises as ${f?.label ?? 'the value'} grows (as with a bigger wave, more clients); if it falls instead, look for the smallest value.`}
        </p>
      </fieldset>
      <fieldset className="x-precision">
        <legend>Work</legend>
        <div className="x-row">
          <NumEntry path="solve.initialReplications" label="First replications per probe" integer value={s.initialReplications} issues={issues} onChange={(v) => set({ initialReplications: v })} width="narrow" />
          <NumEntry path="solve.maxReplications" label="At most per probe" integer value={s.maxReplications} issues={issues} hint="a probe straddling the target doubles up to this" onChange={(v) => set({ maxReplications: v })} width="narrow" />
          <NumEntry path="solve.budget" label="Budget" unit="replications" integer value={s.budget} issues={issues} hint="in all; at least twice the first count" onChange={(v) => set({ budget: v })} width="narrow" />
        </div>
      </fieldset>
    </div>
  );
}
