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

/** WCAG relative luminance of an sRGB channel value 0–255. */
const channel = (v: number) => {
  const c = v / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** WCAG contrast of #rrggbb against white. */
export function contrastOnWhite(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const L = 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  return 1.05 / (L + 0.05);
}

/**
 * A series colour darkened (mixed toward black) until text in it reads at 4.5:1 on white: tooltips write each series'
 * name and value in its colour, and the palette's light tints (sky blue, the phases' pinks) fall far short. Keeps the
 * hue, so the text still matches its line. A colour that is not #rrggbb gives the axis colour.
 */
export function readableOnWhite(color: string | undefined): string {
  if (!color || !/^#[0-9a-f]{6}$/i.test(color)) return C.axis;
  if (contrastOnWhite(color) >= 4.5) return color;
  const n = Number.parseInt(color.slice(1), 16);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  for (let f = 0.95; f > 0; f -= 0.05) {
    const hex = `#${rgb.map((v) => Math.round(v * f).toString(16).padStart(2, '0')).join('')}`;
    if (contrastOnWhite(hex) >= 4.5) return hex;
  }
  return '#000000';
}
