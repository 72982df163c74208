import { FAILURE_LABEL } from '../../sim-core/model/outcomes';
import { PROVENANCE_LABEL as REPORT_PROVENANCE_LABEL } from '../../sim-core/report/describe';
/** Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), plus neutrals. */
export const OI = {
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
} as const;

export const C = {
  passed: OI.blue,
  breached: OI.vermillion,
  limit: '#222222',
  band: OI.sky,
  mean: OI.blue,
  grid: '#e3e6ea',
  axis: '#5b6470',
};

/** Container states, in stack order (bottom first). Phase 3 stands out; phases 4–7 share a hue. */
export const STATE_STYLE: Record<string, { label: string; color: string }> = {
  healthy: { label: 'Healthy', color: OI.green },
  phase7: { label: 'Phase 7 FINALIZE', color: '#e8bfd6' },
  phase6: { label: 'Phase 6 WEBSOCKET', color: '#dda3c3' },
  phase5: { label: 'Phase 5 SERVICES', color: '#d38db5' },
  phase4: { label: 'Phase 4 CACHE', color: OI.purple },
  phase3: { label: 'Phase 3 DATABASE', color: OI.orange },
  phase2: { label: 'Phase 2 DEPENDENCIES', color: OI.blue },
  phase1: { label: 'Phase 1 INIT', color: OI.sky },
  waiting: { label: 'Not started yet', color: '#cfd4da' },
  restartBackoff: { label: 'Restart backoff', color: OI.vermillion },
  gaveUp: { label: 'Given up', color: '#3a3a3a' },
};

/** Swimlane phase colours, index = phase − 1. */
export const PHASE_COLORS = [OI.sky, OI.blue, OI.orange, OI.purple, '#d38db5', '#dda3c3', '#e8bfd6'];
export const PHASE_NAMES = ['INIT', 'DEPENDENCIES', 'DATABASE', 'CACHE', 'SERVICES', 'WEBSOCKET', 'FINALIZE'];

/** Sources as the field tags show them: the reports' words, with the incident's shortened to fit a tag. */
export const PROVENANCE_LABEL: Record<string, string> = { ...REPORT_PROVENANCE_LABEL, incident: 'incident' };

/** The causes in words: sim-core's, so charts and reports name them alike. */
export const CAUSE_LABEL: Record<string, string> = FAILURE_LABEL;
