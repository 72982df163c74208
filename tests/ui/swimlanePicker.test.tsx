// @vitest-environment jsdom
/**
 * The swimlane's "Replication shown": a view setting with its own entry. A replication that was not run is named
 * at the entry and changes nothing else; a valid one becomes the scenario's detail replication.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { buildResultsFile } from '../../sim-core/results/resultsFile';
import { summarize } from '../../sim-core/results/summary';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import { merge, scenarioOf } from '../helpers/scenario';

vi.mock('../../src/store/appStore', async () => (await import('../helpers/appStoreMock')).inProcessAppStore({ throttleMs: 0 }));

import { Swimlane } from '../../src/components/results/Swimlane';
import { appStore } from '../../src/store/appStore';

afterEach(() => {
  cleanup();
  act(() => appStore.getState().cancelRun());
});

describe('Replication shown', () => {
  it('keeps an out-of-range entry in the box with a message, and leaves the scenario valid and unchanged', () => {
    const s = scenarioOf(merge(presetById('incident-1278-staging')!.input, { simulation: { replications: 8 } }));
    act(() => {
      appStore.getState().importScenarioText(JSON.stringify(buildResultsFile(s, summarize(runRange(s, 0, 8), s))), 'x.results.json');
    });
    render(<Swimlane view={appStore.getState().result!} />);
    const box = screen.getByLabelText('Replication shown') as HTMLInputElement;
    act(() => {
      fireEvent.change(box, { target: { value: '8' } });
    });
    expect(box.value).toBe('8');
    expect(screen.getByText('8: the replications run are numbered 0–7')).toBeTruthy();
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(appStore.getState().validation.ok).toBe(true);
    expect((appStore.getState().draft.simulation as { detailReplication: number }).detailReplication).toBe(0);
    act(() => {
      fireEvent.change(box, { target: { value: '5' } });
    });
    expect((appStore.getState().draft.simulation as { detailReplication: number }).detailReplication).toBe(5);
    expect(screen.queryByText(/the replications run are numbered/)).toBeNull();
    // Hexadecimal is no replication number, as in every field (Number() read 0x6 as 6).
    act(() => {
      fireEvent.change(box, { target: { value: '0x6' } });
    });
    expect(screen.getByText('0x6: the replications run are numbered 0–7')).toBeTruthy();
    expect((appStore.getState().draft.simulation as { detailReplication: number }).detailReplication).toBe(5);
  });
});
