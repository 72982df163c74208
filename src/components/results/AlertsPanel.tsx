import type { ResultView } from '../../store/resultsSlice';
import { fmtInt, fmtPct, fmtSeconds } from '../../lib/format';
import { ChartPanel } from './chartParts';

const ROWS = [
  { key: 'connectorPressure', name: 'Connector pressure', what: 'connector utilisation' },
  { key: 'poolPressure', name: 'Pool pressure', what: 'of a pool (pool_size + max_overflow) in use' },
  { key: 'cloudSqlPressure', name: 'Cloud SQL pressure', what: 'of max_connections open' },
] as const;

/**
 * The write-up's monitoring thresholds (connector > 70%, pool > 80%) and its Cloud SQL safety margin (use at most
 * 80% of the connections): would they have fired, and before the first breach? Each fires when strictly above.
 */
export function AlertsPanel({ view }: { view: ResultView }) {
  const a = view.summary.alerts;
  const reps = view.summary.replications;
  const lead = a.leadTime;
  return (
    <ChartPanel
      title="Alerts from the write-up's thresholds"
      caption={
        <>
          Would monitoring have warned before the first Phase 3 breach? Over {fmtInt(reps)} waves, {fmtInt(lead.replicationsWithBreach)} had a breach
          {lead.replicationsWithBreach > 0 ? <>; in {fmtPct(lead.alertedFirst, 0)} of them some alert fired first{lead.p50 !== null ? <>, a median of {fmtSeconds(lead.p50)} ahead{lead.mean !== null ? <> (mean {fmtSeconds(lead.mean)})</> : null}</> : null}.</> : '.'}
        </>
      }
    >
      {/* Focusable: on a phone the table scrolls sideways in it, which the keyboard must reach too. */}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Alerts table">
      <table className="alerts">
        <thead>
          <tr>
            <th scope="col">Alert</th>
            <th scope="col">Threshold</th>
            <th scope="col">Fired in</th>
            <th scope="col">Mean time fired</th>
            <th scope="col">Before first breach</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.name}</th>
              <td>
                &gt; {fmtPct(a[r.key].threshold, 0)} <span className="muted">{r.what}</span>
              </td>
              <td>{fmtPct(a[r.key].fraction, 0)} of waves</td>
              <td>{a[r.key].meanTime === null ? 'never' : fmtSeconds(a[r.key].meanTime)}</td>
              <td>
                {fmtInt(a[r.key].beforeFirstBreach)} of {fmtInt(lead.replicationsWithBreach)} waves
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </ChartPanel>
  );
}
