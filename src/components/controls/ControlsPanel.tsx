import { FIELD_GROUPS, FIELDS, fieldKeyOf, isRunSetting } from '../../../sim-core/scenario/catalogue';
import { PRESETS, presetById } from '../../../sim-core/scenario/presets';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store/appStore';
import { selectChanged, selectOrphanIssues, selectWarnings } from '../../store/selectors';
import { FieldControl } from './FieldControl';
import { FieldLink } from './FieldLink';
import { ScenarioTools } from '../review/ScenarioTools';
import { jumpToResults } from '../../lib/jump';
import { SettingsStatus } from './SettingsStatus';

/** Changed fields as links to their controls, comma-separated. */
function FieldLinks({ keys }: { keys: readonly string[] }) {
  return keys.map((k, i) => (
    <span key={k}>
      {i > 0 && ', '}
      <FieldLink fieldKey={k} className="changed-link">
        {FIELDS.get(k)?.meta.label ?? k}
      </FieldLink>
    </span>
  ));
}

function PresetBar() {
  const presetId = useApp((s) => s.presetId);
  const changed = useApp(selectChanged);
  const choosePreset = useApp((s) => s.choosePreset);
  const resetToPreset = useApp((s) => s.resetToPreset);
  const preset = presetById(presetId);
  // A scenario of its own (a file, a link, a paste) is compared with the preset closest to it, not presented as it.
  // The settings' own name (a file opened for repair is not the last good scenario the results are for).
  const ownName = useApp((s) => (typeof s.draft.name === 'string' ? s.draft.name.trim() : ''));
  const named = ownName !== '' && ownName !== preset?.title;
  const system = changed.filter((k) => !isRunSetting(k));
  const run = changed.filter(isRunSetting);
  return (
    <section className="preset" aria-label="Preset">
      {named && (
        <p className="scenario-own-name" data-scenario-name={ownName}>
          Scenario <strong>{ownName}</strong>, shown against the preset closest to it:
        </p>
      )}
      <label htmlFor="preset-select" className="preset-label">
        {named ? 'Closest preset' : 'Preset'}
      </label>
      <div className="preset-row">
        <select id="preset-select" value={presetId} onChange={(e) => choosePreset(e.target.value)}>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
        <button
          type="button"
          // The button disables itself: focus goes to the preset menu beside it, not to the page's top.
          onClick={() => {
            resetToPreset();
            document.getElementById('preset-select')?.focus();
          }}
          disabled={changed.length === 0}
        >
          Reset to preset
        </button>
      </div>
      {preset && !named && <p className="preset-desc">{preset.description}</p>}
      <p className="changed-count" data-changed-count={changed.length}>
        {changed.length === 0 ? (
          'All settings as in the preset.'
        ) : (
          <>
            <span className="changed-dot" aria-hidden="true" />
            {/* Counted as the report's title counts them: settings of the system; the run's (seed, replications…) apart. */}
            {system.length > 0 ? `${system.length} setting${system.length === 1 ? '' : 's'} changed from the preset: ` : 'The system as in the preset; '}
            <FieldLinks keys={system} />
            {run.length > 0 && (
              <>
                {system.length > 0 ? '; run settings: ' : 'run settings changed: '}
                <FieldLinks keys={run} />
              </>
            )}
          </>
        )}
      </p>
    </section>
  );
}

function Warnings() {
  const warnings = useApp(selectWarnings);
  const orphans = useApp(useShallow(selectOrphanIssues));
  if (warnings.length === 0 && orphans.length === 0) return null;
  const links = warnings.reduce((n, w) => n + w.fields.length, 0);
  return (
    <section className="warnings" aria-label="Configuration warnings">
      {links > 3 && (
        // Each warning links its fields: a keyboard user need not walk them all to reach the first setting.
        <button type="button" className="link-btn skip-inline" onClick={() => document.querySelector<HTMLElement>('.controls .group-h button')?.focus()}>
          Skip the warnings' {links} field links: go to the settings
        </button>
      )}
      {orphans.map((i) => (
        <div key={i.path + i.message} className="warning is-error" role="alert">
          <strong>{i.path || 'Scenario'}:</strong> {i.message}
        </div>
      ))}
      {warnings.length > 0 && (
        <h2 className="warnings-title">
          {warnings.length} configuration warning{warnings.length === 1 ? '' : 's'}
        </h2>
      )}
      {warnings.map((w) => (
        <div key={w.id} className="warning" data-warning={w.id}>
          <p>{w.message}</p>
          <p className="warning-fields">
            Fields:{' '}
            {w.fields.map((k, i) => (
              <span key={k}>
                {i > 0 && ', '}
                <FieldLink fieldKey={k}>{FIELDS.get(k)?.meta.label ?? k}</FieldLink>
              </span>
            ))}
          </p>
        </div>
      ))}
    </section>
  );
}

/**
 * The invalid settings, named as links to them. Its live region stays mounted, empty while all is valid: a region
 * inserted together with its text is often not read, and the first invalid value is the one that matters.
 */
function InvalidSummary() {
  const paths = useApp(useShallow((s) => (s.validation.ok ? [] : s.validation.issues.map((i) => i.path))));
  const fields = [...new Set(paths.map((p) => fieldKeyOf(p) ?? p))];
  const n = fields.length;
  return (
    <div role="status" className="invalid-summary-region">
      {n > 0 && (
        <p className="invalid-summary">
          {n} invalid setting{n === 1 ? '' : 's'}:{' '}
          {fields.map((k, i) => (
            <span key={k}>
              {i > 0 && ', '}
              {FIELDS.has(k) ? <FieldLink fieldKey={k}>{FIELDS.get(k)!.meta.label}</FieldLink> : k || 'the scenario as a whole'}
            </span>
          ))}
          . The simulation waits until {n === 1 ? 'it is' : 'they are'} fixed.
        </p>
      )}
    </div>
  );
}

function Group({ groupKey }: { groupKey: string }) {
  const g = FIELD_GROUPS.find((x) => x.key === groupKey)!;
  const collapsed = useApp((s) => !!s.collapsed[groupKey]);
  const toggle = useApp((s) => s.toggleGroup);
  const nChanged = useApp((s) => s.changed.filter((k) => k.startsWith(`${groupKey}.`)).length);
  const nInvalid = useApp((s) => (s.validation.ok ? 0 : s.validation.issues.filter((i) => i.path.startsWith(`${groupKey}.`)).length));
  const bodyId = `group-${groupKey}`;
  return (
    <section className="group" aria-labelledby={`${bodyId}-h`}>
      <h2 id={`${bodyId}-h`} className="group-h">
        <button type="button" aria-expanded={!collapsed} aria-controls={bodyId} onClick={() => toggle(groupKey)}>
          <span className="chev" aria-hidden="true">
            {collapsed ? '▸' : '▾'}
          </span>
          {g.label}
          {nChanged > 0 && <span className="badge badge-changed">{nChanged} changed</span>}
          {nInvalid > 0 && <span className="badge badge-invalid">{nInvalid} invalid</span>}
        </button>
      </h2>
      <div id={bodyId} hidden={collapsed}>
        <p className="group-help">{g.help}</p>
        {g.fields.map((f) => (
          <FieldControl key={f.key} field={f} />
        ))}
      </div>
    </section>
  );
}


export function ControlsPanel() {
  return (
    <form className="controls" aria-label="Scenario settings" onSubmit={(e) => e.preventDefault()} noValidate>
      <button type="button" className="link-btn only-narrow back-to-results" onClick={jumpToResults}>
        ↑ Back to the results
      </button>
      <PresetBar />
      <ScenarioTools />
      <InvalidSummary />
      <Warnings />
      {/* In the order an SRE walks through a startup (FIELD_GROUPS'), as `fields` and the report list them. */}
      {FIELD_GROUPS.map((g) => (
        <Group key={g.key} groupKey={g.key} />
      ))}
      <SettingsStatus />
    </form>
  );
}
