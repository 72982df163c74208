/** The run summary at a terminal (sim-core/cli/format.ts wrapLines): no line past the width, each continuation under its text. */
import { describe, expect, it } from 'vitest';
import { formatResult, formatWarnings, wrapLines } from '../../sim-core/cli/format';
import { runRange } from '../../sim-core/run';
import { summarize } from '../../sim-core/results/summary';
import { presetById } from '../../sim-core/scenario/presets';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';

describe('wrapLines', () => {
  it('wraps a two-column row under its value, a note or list item under its text, and keeps short lines as they are', () => {
    expect(wrapLines('Label      one two three four five', 24)).toBe('Label      one two three\n           four five');
    expect(wrapLines('NOTE: alpha beta gamma delta', 18)).toBe('NOTE: alpha beta\n      gamma delta');
    expect(wrapLines('  - alpha beta gamma delta', 18)).toBe('  - alpha beta\n    gamma delta');
    expect(wrapLines('short\n\nlines', 10)).toBe('short\n\nlines');
    // A word longer than the line is not cut.
    expect(wrapLines('Label  https://a.very.long.example/path and more', 20)).toBe('Label  https://a.very.long.example/path\n       and more');
  });

  it("keeps every word of the incident's summary and its warnings, in order, with no line over 80 columns", () => {
    const s = presetById('incident-1278-staging')!.scenario;
    const text = `${formatResult('incident-1278-staging', summarize(runRange(s, 0, 20), s), '1 worker, 0.1 s', s.restart)}${formatWarnings(scenarioWarnings(s))}`;
    const wrapped = wrapLines(text, 80);
    expect(Math.max(...wrapped.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeGreaterThan(80);
    const words = (t: string) => t.split(/\s+/).filter(Boolean);
    expect(words(wrapped)).toEqual(words(text));
    // The breach rate's row continues under its value column.
    expect(wrapped).toMatch(/^Phase 3 breach rate( +)\S.*\n\1 {19}\S/m);
  });
});
