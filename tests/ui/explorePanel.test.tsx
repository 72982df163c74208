// @vitest-environment jsdom
/** The What-if panel's work line before a run (src/components/explore/ExplorePanel.tsx). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render } from '@testing-library/react';

vi.mock('../../src/store/appStore', async () => (await import('../helpers/appStoreMock')).inProcessAppStore());

import { ExplorePanel } from '../../src/components/explore/ExplorePanel';
import { appStore } from '../../src/store/appStore';
import { EXPLORE_DEFAULT } from '../../src/lib/exploreSettings';

afterEach(() => {
  act(() => appStore.setState({ exploreDraft: EXPLORE_DEFAULT }));
  cleanup();
});

describe('ExplorePanel', () => {
  it('says what a solve can spend: its own limit when below the budget, else the budget', () => {
    const { container } = render(<ExplorePanel />);
    // The default search, 1–100 containers at 100 to 800 replications a probe: 2 × 9 probes × 800 = 14,400 > the 10,000 budget.
    act(() => appStore.setState({ exploreDraft: { ...EXPLORE_DEFAULT, kind: 'solve' } }));
    expect(container.textContent).toContain('at most 10,000 replications in all');
    // A narrower range needs fewer probes: 1–10 containers, 2 ends and 4 halvings, 2 × 6 × 800 = 9,600.
    act(() => appStore.setState({ exploreDraft: { ...EXPLORE_DEFAULT, kind: 'solve', solve: { ...EXPLORE_DEFAULT.solve, from: 1, to: 10 } } }));
    expect(container.textContent).toContain('at most 9,600 replications in all');
  });
});

describe('the command line beside the form', () => {
  it('spells out the settings the page would run, and goes while an entry is invalid', () => {
    const { container } = render(<ExplorePanel />);
    act(() => appStore.setState({ exploreDraft: { ...EXPLORE_DEFAULT, kind: 'solve' } }));
    const box = () => container.querySelector<HTMLTextAreaElement>('.x-cli textarea');
    // The page's own defaults, which are not the CLI's (a probe's first 100 replications, not 200).
    expect(box()!.value).toBe('npm run -s sim -- solve incident-1278-staging --field wave.containers --direction max --from 1 --to 100 --target 0.05 --replications 100 --max-replications 800 --budget 10000');
    act(() => appStore.setState({ exploreDraft: { ...EXPLORE_DEFAULT, kind: 'solve', solve: { ...EXPLORE_DEFAULT.solve, budget: 'lots' } } }));
    expect(box()).toBeNull();
  });
});

describe('picking the setting to solve for', () => {
  it('offers only values the scenario accepts, and asks the usual question of the field', () => {
    const { container } = render(<ExplorePanel />);
    act(() => appStore.setState({ exploreDraft: { ...EXPLORE_DEFAULT, kind: 'solve', solve: { ...EXPLORE_DEFAULT.solve, direction: 'max' } } }));
    const select = container.querySelector<HTMLSelectElement>('#x-solve-field')!;
    // The incident holds 20 connections for other clients and reserves 3: max_connections below 23 is not a scenario.
    act(() => void fireEvent.change(select, { target: { value: 'cloudSql.maxConnections' } }));
    const s = appStore.getState().exploreDraft.solve;
    expect([s.field, s.from, s.to, s.direction]).toEqual(['cloudSql.maxConnections', 23, 1000, 'min']);
    expect(container.textContent).toContain('Assumes the breach rate falls as max_connections grows');
    // A load: the largest value that keeps the rate under the target.
    act(() => void fireEvent.change(select, { target: { value: 'wave.containers' } }));
    expect(appStore.getState().exploreDraft.solve.direction).toBe('max');
  });
});
