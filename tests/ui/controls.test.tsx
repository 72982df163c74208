// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';

// The components read the page's store: the same store on in-process pools instead of Web Workers.
vi.mock('../../src/store/appStore', async () => (await import('../helpers/appStoreMock')).inProcessAppStore());

import { ControlsPanel } from '../../src/components/controls/ControlsPanel';
import { appStore } from '../../src/store/appStore';
import type { Scenario } from '../../sim-core/scenario/schema';

afterEach(() => {
  appStore.getState().cancelRun();
  appStore.getState().resetToPreset();
  appStore.getState().cancelRun();
  cleanup();
});

describe('ControlsPanel', () => {
  it('renders a labelled control with unit, range and provenance for every field', () => {
    render(<ControlsPanel />);
    // Named by its label alone (one label, the provenance badge not read into it); the rest is its description.
    const input = screen.getByRole('textbox', { name: 'Initialization timeout' }) as HTMLInputElement;
    expect(input.value).toBe('75');
    expect(input.labels).toHaveLength(1);
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id));
    expect(described.every((el) => el !== null)).toBe(true);
    const description = described.map((el) => el!.textContent).join(' ');
    expect(description).toMatch(/1–1800 s.*Source: incident/);
    const field = input.closest('[data-field]')!;
    expect(field.textContent).toMatch(/1–1800 s/);
    expect(field.textContent).toMatch(/incident/i);
    expect(screen.getAllByText('assumed').length).toBeGreaterThan(10);
    expect(screen.getByText(/4 configuration warnings/)).toBeTruthy();
    // A distribution's parameters say whose they are.
    expect(screen.getAllByRole('textbox', { name: /^Connector latency.*Median$/ })).toHaveLength(1);
  });

  it('ArrowUp and ArrowDown step a field within its range, as a spin button would', () => {
    render(<ControlsPanel />);
    const input = screen.getByRole('textbox', { name: 'Initialization timeout' }) as HTMLInputElement;
    act(() => void fireEvent.keyDown(input, { key: 'ArrowUp' }));
    expect(input.value).toBe('76');
    expect((appStore.getState().draft as unknown as Scenario).timeouts.initialization).toBe(76);
    act(() => void fireEvent.keyDown(input, { key: 'ArrowDown', shiftKey: true }));
    expect((appStore.getState().draft as unknown as Scenario).timeouts.initialization).toBe(66);
    // At its maximum (1800 s) it stays; a modifier other than Shift is left to the browser.
    act(() => void fireEvent.change(input, { target: { value: '1800' } }));
    act(() => void fireEvent.keyDown(input, { key: 'ArrowUp' }));
    act(() => void fireEvent.keyDown(input, { key: 'ArrowDown', ctrlKey: true }));
    expect(input.value).toBe('1800');
  });

  it('trying distribution kinds and coming back restores the values; edits start the conversion afresh', () => {
    render(<ControlsPanel />);
    const select = document.getElementById('f-phase3-tableSetup-kind') as HTMLSelectElement;
    const value = () => (appStore.getState().draft as Scenario).phase3.tableSetup;
    expect(value()).toEqual({ kind: 'lognormal', median: 1.5, p95: 6 });
    for (const k of ['uniform', 'normal', 'exponential', 'lognormal']) fireEvent.change(select, { target: { value: k } });
    expect(value()).toEqual({ kind: 'lognormal', median: 1.5, p95: 6 });
    // Once a converted value is edited, switching converts from the edit (the old lognormal is not brought back).
    fireEvent.change(select, { target: { value: 'constant' } });
    expect(value()).toEqual({ kind: 'constant', value: 1.5 });
    act(() => appStore.getState().setField(['phase3', 'tableSetup'], { kind: 'constant', value: 10 }));
    fireEvent.change(select, { target: { value: 'lognormal' } });
    expect(value()).toEqual({ kind: 'lognormal', median: 10, p95: 30 });
  });

  it('trying start patterns and coming back restores the parameters, an invalid one included', () => {
    render(<ControlsPanel />);
    const select = document.getElementById('f-wave-pattern-kind') as HTMLSelectElement;
    const value = () => (appStore.getState().draft as Scenario).wave.pattern as unknown;
    fireEvent.change(select, { target: { value: 'batches' } });
    act(() => appStore.getState().setNumberText(['wave', 'pattern', 'size'], '3'));
    act(() => appStore.getState().setNumberText(['wave', 'pattern', 'interval'], '9999'));
    for (const k of ['poisson', 'ramp', 'batches']) fireEvent.change(select, { target: { value: k } });
    expect(value()).toEqual({ kind: 'batches', size: 3, interval: 9999 });
    expect(appStore.getState().validation.ok).toBe(false);
  });

  it("a start pattern's ranges are worded as validation words them (a Poisson rate above 0, not from 0)", () => {
    render(<ControlsPanel />);
    fireEvent.change(document.getElementById('f-wave-pattern-kind')!, { target: { value: 'poisson' } });
    expect(document.querySelector('[data-field="wave.pattern"] .dist > .range')?.textContent).toBe('Start rate: above 0 and up to 1000 /s');
    fireEvent.change(document.getElementById('f-wave-pattern-kind')!, { target: { value: 'batches' } });
    expect(document.querySelector('[data-field="wave.pattern"] .dist > .range')?.textContent).toBe('Batch size: 1–5000 containers · Batch interval: 0–3600 s');
  });

  it('reads a percentage in a field holding a share of 1, and says what it was read as', () => {
    render(<ControlsPanel />);
    const input = document.getElementById('f-connector-scaleOutThreshold') as HTMLInputElement;
    fireEvent.change(input, { target: { value: '80%' } });
    expect((appStore.getState().draft as Scenario).connector.scaleOutThreshold).toBe(0.8);
    expect(appStore.getState().validation.ok).toBe(true);
    expect(input.value).toBe('80%');
    expect(document.querySelector('[data-field="connector.scaleOutThreshold"]')!.textContent).toContain('= 0.8 fraction');
  });

  it('reads a time typed with its unit, and keeps the text as typed', () => {
    render(<ControlsPanel />);
    const input = screen.getByRole('textbox', { name: 'Initialization timeout' }) as HTMLInputElement;
    fireEvent.change(input, { target: { value: '2 min' } });
    expect((appStore.getState().draft as Scenario).timeouts.initialization).toBe(120);
    expect(appStore.getState().validation.ok).toBe(true);
    expect(input.value).toBe('2 min');
    // Out of range, the message names what was typed, not only the seconds it was read as.
    fireEvent.change(input, { target: { value: '31 min' } });
    expect(document.getElementById(`${input.id}-err`)!.textContent).toMatch(/^31 min \(1860 s\) is out of range: allowed 1–1800 s/);
  });

  it('keeps invalid text in the field and shows the range at the field', () => {
    render(<ControlsPanel />);
    const input = screen.getByRole('textbox', { name: 'Containers starting' }) as HTMLInputElement;
    fireEvent.change(input, { target: { value: '9000' } });
    expect(input.value).toBe('9000');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // The message is the field's description (read with it), not an alert interrupting the typing.
    const message = document.getElementById(`${input.id}-err`)!;
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(message.id);
    expect(message.textContent).toMatch(/9000 is out of range: allowed 1–5000 containers/);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(appStore.getState().status).toBe('invalid');
    // The summary above the groups names the setting, as a link to it.
    // Inside a live region that was there, empty, before anything was invalid (so the first message is read).
    const summary = screen.getAllByRole('status').find((el) => el.classList.contains('invalid-summary-region'))!.querySelector('.invalid-summary')!;
    expect(summary.textContent).toBe('1 invalid setting: Containers starting. The simulation waits until it is fixed.');
    expect(summary.querySelector('a')?.getAttribute('href')).toBe(`#${input.id}`);
  });

  it('marks changed fields, counts them, and resets to the preset', () => {
    render(<ControlsPanel />);
    fireEvent.change(screen.getByRole('textbox', { name: 'pool_size' }), { target: { value: '5' } });
    // Still named pool_size; that it changed is said in its description.
    const about = document.getElementById(screen.getByRole('textbox', { name: 'pool_size' }).getAttribute('aria-describedby')!.split(' ').at(-1)!);
    expect(about?.textContent).toMatch(/^Changed from the preset/);
    expect(document.querySelector('[data-changed-count]')?.getAttribute('data-changed-count')).toBe('1');
    expect(document.querySelector('[data-field="pool.poolSize"]')?.className).toMatch(/is-changed/);
    // Counted as the report counts them: the system's settings; the run's (the seed) named apart.
    fireEvent.change(screen.getByRole('textbox', { name: 'Seed' }), { target: { value: '7' } });
    expect(document.querySelector('.changed-count')?.textContent).toBe('1 setting changed from the preset: pool_size; run settings: Seed');
    fireEvent.click(screen.getByRole('button', { name: 'Reset to preset' }));
    expect((screen.getByRole('textbox', { name: 'pool_size' }) as HTMLInputElement).value).toBe('10');
    expect(document.querySelector('[data-changed-count]')?.getAttribute('data-changed-count')).toBe('0');
    fireEvent.change(screen.getByRole('textbox', { name: 'Seed' }), { target: { value: '7' } });
    expect(document.querySelector('.changed-count')?.textContent).toBe('The system as in the preset; run settings changed: Seed');
  });

  it('lets a keyboard skip the warnings\' field links to the first setting', () => {
    render(<ControlsPanel />);
    const skip = screen.getByRole('button', { name: /^Skip the warnings' \d+ field links: go to the settings$/ });
    // Before every warning's links, so it is the first stop in the section.
    const section = skip.closest('.warnings')!;
    expect(section.querySelector('button, a')).toBe(skip);
    fireEvent.click(skip);
    expect(document.activeElement?.textContent).toMatch(/^▾Start wave/);
  });

  it('marks the connector settings the model does not read under the chosen egress, keeping them editable', () => {
    render(<ControlsPanel />);
    const unused = () => [...document.querySelectorAll('[data-unused]')].map((e) => e.getAttribute('data-field')).filter((k) => k!.startsWith('connector.'));
    // Serverless VPC Access: only Direct VPC egress's warm-up is unused.
    expect(unused()).toEqual(['connector.directVpcWarmup']);
    fireEvent.change(document.getElementById('f-connector-mode')!, { target: { value: 'none' } });
    expect(unused()).toEqual([
      'connector.machineType', 'connector.minInstances', 'connector.maxInstances', 'connector.connectionsPerInstance', 'connector.handshakesPerInstance',
      'connector.otherConnections', 'connector.handshakeLatency', 'connector.latencyAtFullLoad', 'connector.scaleOutThreshold', 'connector.scaleOutDelay',
      'connector.synRetransmit', 'connector.directVpcWarmup',
    ]);
    expect(document.querySelector('[data-field="connector.maxInstances"] .unused-note')?.textContent).toBe('Not used: no Serverless VPC Access connector under this egress.');
    expect((screen.getByRole('textbox', { name: 'Max instances' }) as HTMLInputElement).disabled).toBe(false);
    fireEvent.change(document.getElementById('f-connector-mode')!, { target: { value: 'direct-vpc-egress' } });
    expect(unused()).not.toContain('connector.directVpcWarmup');
  });

  it('marks the lazy count under a warm pool, the retry settings under the policy none and the restart settings with restarts off', () => {
    render(<ControlsPanel />);
    const unused = () => [...document.querySelectorAll('[data-unused]')].map((e) => e.getAttribute('data-field')).filter((k) => !k!.startsWith('connector.'));
    // The incident preset: warm pools, exponential retries, restarts on.
    expect(unused()).toEqual(['phase3.lazyConnections']);
    expect(document.querySelector('[data-field="phase3.lazyConnections"] .unused-note')?.textContent).toBe('Not used: a warm pool opens pool_size connections at start.');
    fireEvent.change(document.getElementById('f-phase3-connectionMode')!, { target: { value: 'lazy' } });
    fireEvent.change(document.getElementById('f-retry-policy')!, { target: { value: 'none' } });
    fireEvent.click(document.getElementById('f-restart-enabled')!);
    expect(unused()).toEqual([
      'retry.attempts', 'retry.base', 'retry.cap', 'retry.withinConnectionTimeout',
      'restart.initialBackoff', 'restart.multiplier', 'restart.cap', 'restart.maxRestarts',
    ]);
    expect(document.querySelector('[data-field="retry.base"] .unused-note')?.textContent).toBe('Not used: the backoff policy none makes one attempt per connection.');
    expect(document.querySelector('[data-field="restart.cap"] .unused-note')?.textContent).toBe('Not used: restarts are off.');
  });

  it('a scenario of its own (a file, a link) is named, and shown against the closest preset without that preset\'s story', () => {
    render(<ControlsPanel />);
    expect(document.querySelector('.preset-desc')).not.toBeNull();
    const own = { ...appStore.getState().lastGood, name: 'Prod canary rollout' } as Scenario;
    act(() => appStore.getState().loadScenario(own));
    expect(document.querySelector('.scenario-own-name')?.textContent).toBe('Scenario Prod canary rollout, shown against the preset closest to it:');
    expect(document.querySelector('.preset-label')?.textContent).toBe('Closest preset');
    expect(document.querySelector('.preset-desc')).toBeNull();
  });
});
