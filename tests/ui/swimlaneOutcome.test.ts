/** What the swimlane says of a start: a failure on the last allowed attempt says the container was given up. */
import { describe, expect, it } from 'vitest';
import { outcomeText } from '../../src/components/results/Swimlane';
import type { StartRecord } from '../../sim-core/model/outcomes';

const rec = (attempt: number, outcome: StartRecord['outcome']): StartRecord => ({
  container: 0, attempt, start: 0, phaseEnds: [], phase3Duration: 75, phase3End: 75, end: 75, outcome, connectionsHeld: 0,
});

describe('outcomeText', () => {
  it('names the cause; on the last allowed attempt, the container is given up', () => {
    expect(outcomeText(rec(0, 'init_timeout'), 3)).toBe('exit 3 — Initialization timeout');
    expect(outcomeText(rec(2, 'init_timeout'), 3)).toBe('exit 3 — Initialization timeout');
    expect(outcomeText(rec(3, 'init_timeout'), 3)).toBe('exit 3 — Initialization timeout; restart limit reached, given up');
    expect(outcomeText(rec(0, 'too_many_clients'), null)).toBe('exit 3 — Too many clients (53300); restarts are off, given up');
    expect(outcomeText(rec(3, 'healthy'), 3)).toBe('healthy');
    expect(outcomeText(rec(1, 'unfinished'), 0)).toBe('unfinished at the horizon');
  });
});
