// @vitest-environment jsdom
/**
 * Focus and live regions for keyboard and screen-reader users: a control that removes itself hands focus on (never
 * to <body>), and every announcement comes from a live region that was on the page, empty, before its text.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';

vi.mock('../../src/store/appStore', async () => (await import('../helpers/appStoreMock')).inProcessAppStore());

import { ReviewToolbar } from '../../src/components/review/ReviewToolbar';
import { Notices } from '../../src/components/review/Notices';
import { ShareLink } from '../../src/components/review/ShareLink';
import { ErrorBanner, RunAnnouncement, RunBar } from '../../src/components/results/RunBar';
import { ExplorePanel } from '../../src/components/explore/ExplorePanel';
import { ResultsTabs } from '../../src/components/explore/ResultsTabs';
import { appStore } from '../../src/store/appStore';
import { RUN_DEFAULT } from '../../src/store/runSlice';

afterEach(() => {
  cleanup();
  Reflect.deleteProperty(navigator, 'clipboard');
  act(() => {
    appStore.getState().clearError();
    appStore.getState().cancelRun();
    appStore.getState().unpinBaseline();
    for (const n of appStore.getState().notices) appStore.getState().dismissNotice(n.id);
    appStore.setState({ ...RUN_DEFAULT, exploreTab: 'results' });
  });
});

describe('a control that removes itself hands focus on', () => {
  it('Pin as baseline and Unpin replace each other, and focus follows', () => {
    render(<ReviewToolbar />);
    const pin = screen.getByRole('button', { name: 'Pin as baseline' });
    pin.focus();
    fireEvent.click(pin);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Unpin' }));
    fireEvent.click(screen.getByRole('button', { name: 'Unpin' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Pin as baseline' }));
  });

  it('Dismiss moves to the next notice, then to the run bar\'s main button', () => {
    render(
      <>
        <RunBar />
        <Notices />
      </>,
    );
    act(() => {
      appStore.getState().notify({ id: 'storage', tone: 'warning', title: 'Storage full' });
      appStore.getState().notify({ id: 'library', tone: 'info', title: 'Saved' });
    });
    const first = screen.getByRole('button', { name: 'Dismiss: Storage full' });
    first.focus();
    fireEvent.click(first);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Dismiss: Saved' }));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss: Saved' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Run again' }));
  });

  it('dismissing the error banner moves to the run bar\'s main button', () => {
    render(
      <>
        <RunBar />
        <ErrorBanner />
      </>,
    );
    act(() => appStore.getState().reportError('The run failed', 'detail'));
    const dismiss = screen.getByRole('button', { name: 'Dismiss error' });
    dismiss.focus();
    fireEvent.click(dismiss);
    expect(screen.queryByRole('button', { name: 'Dismiss error' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Run again' }));
  });
});

describe('live regions are mounted before their text', () => {
  it('Copy link says the link was copied, in a region that was there (empty) before', async () => {
    // jsdom has no Clipboard API: one that accepts the text.
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.resolve() }, configurable: true });
    render(<ShareLink />);
    const region = document.querySelector('[data-share-announcement]')!;
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe('');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(document.querySelector('[data-share-announcement]')).toBe(region);
    expect(region.textContent).toBe('Link copied to the clipboard.');
  });

  it('the run is announced once, outside the run bar, so it survives the Results tab', () => {
    render(
      <>
        <RunAnnouncement />
        <RunBar />
      </>,
    );
    const regions = document.querySelectorAll('[role="status"][data-run-announcement]');
    expect(regions).toHaveLength(1);
    expect(regions[0].closest('.runbar')).toBeNull();
    act(() => appStore.setState({ ...RUN_DEFAULT, status: 'running', runId: 99, total: 400, startedAt: 0 }));
    expect(regions[0].textContent).toBe('Running 400 replications…');
  });

  it('the Explore progress region is on the page before the first exploration', () => {
    const { container } = render(<ExplorePanel />);
    const regions = container.querySelectorAll('[role="status"]');
    expect(regions).toHaveLength(1);
    expect(regions[0].textContent).toBe('');
  });
});

describe('Results | Explore tabs', () => {
  it('point aria-controls only at the panel that is mounted', () => {
    render(<ResultsTabs />);
    const controlled = () => screen.getAllByRole('tab').map((t) => [t.id, t.getAttribute('aria-controls')]);
    expect(controlled()).toEqual([
      ['tab-results', 'tabpanel-results'],
      ['tab-explore', null],
    ]);
    expect(document.getElementById('tabpanel-results')).not.toBeNull();
  });
});
