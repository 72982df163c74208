// @vitest-environment jsdom
/** The phone's status strip under the settings (src/components/controls/SettingsStatus.tsx). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';

vi.mock('../../src/store/appStore', async () => (await import('../helpers/appStoreMock')).inProcessAppStore());

import { SettingsStatus } from '../../src/components/controls/SettingsStatus';
import { appStore } from '../../src/store/appStore';
import { RUN_DEFAULT } from '../../src/store/runSlice';

afterEach(() => {
  act(() => appStore.setState({ ...RUN_DEFAULT, exploreTab: 'results' }));
  cleanup();
});

describe('SettingsStatus', () => {
  it('says what the run is doing, and leads back up to the tab shown above', () => {
    act(() => appStore.setState({ ...RUN_DEFAULT, status: 'running', done: 40, total: 400, result: null, exploreTab: 'results' }));
    const { container } = render(<SettingsStatus />);
    expect(container.querySelector('strong')!.textContent).toBe('Running: 40 / 400 replications');
    expect(container.querySelector('button')!.textContent).toBe('Results ↑');
    act(() => appStore.setState({ exploreTab: 'explore' }));
    expect(container.querySelector('button')!.textContent).toBe('Explore ↑');
    act(() => appStore.setState({ status: 'refused' }));
    expect(container.querySelector('strong')!.textContent).toBe('Not run: too much work');
  });
});
