// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, waitFor } from '@testing-library/react';

vi.mock('../../src/store/appStore', async () => (await import('../helpers/appStoreMock')).inProcessAppStore());

import { RunBar } from '../../src/components/results/RunBar';
import { Staggered, useThrottled } from '../../src/components/results/Staggered';
import { appStore } from '../../src/store/appStore';
import { paceReference, RUN_DEFAULT } from '../../src/store/runSlice';

afterEach(() => {
  vi.restoreAllMocks();
  appStore.setState(RUN_DEFAULT);
  cleanup();
});

/** The run bar's count line with the clock at `now` ms. */
function countAt(now: number): string {
  vi.spyOn(performance, 'now').mockReturnValue(now);
  const { container, unmount } = render(<RunBar />);
  const text = container.querySelector('.runbar-count')?.textContent ?? '';
  unmount();
  return text;
}

describe('RunBar time left', () => {
  it('counts down at the pace of the last block between blocks, and falls back to the average pace once overdue', () => {
    // 100 of 400 replications came in 4 s after the start: at that pace the run ends at 16 s.
    appStore.setState({ ...RUN_DEFAULT, status: 'running', runId: 99, done: 100, total: 400, startedAt: 0, progressAt: 4000 });
    expect(countAt(10_000)).toBe('100 / 400 replications · 10.0 s · about 6 s left');
    expect(countAt(13_000)).toBe('100 / 400 replications · 13.0 s · about 3 s left');
    // 20 s in and no further block: slower than thought; the average pace so far says 3 × 20 s.
    expect(countAt(20_000)).toBe('100 / 400 replications · 20.0 s · about 60 s left');
  });

  it('reads the pace from about half the run ago, so slow first blocks drop out of it', () => {
    // 100 in the first 10 s (workers starting, the JIT warming up), then 300 more in 10 s: 1,600 to go.
    appStore.setState({ ...RUN_DEFAULT, status: 'running', runId: 99, done: 400, total: 2000, startedAt: 0, progressAt: 20_000, paceFrom: { at: 10_000, done: 100 } });
    // At 30 per second, 1,600 take 53.3 s; from the start (20 per second) it would read 80 s.
    expect(countAt(20_000)).toBe('400 / 2,000 replications · 20.0 s · about 53.3 s left');
  });

  it('before the first block, says what the pilot replication foresees (a long run shows its size at once), in minutes when long', () => {
    appStore.setState({ ...RUN_DEFAULT, status: 'running', runId: 99, done: 0, total: 400, startedAt: 0, expectedMs: 600_000 });
    expect(countAt(1_000)).toBe('0 / 400 replications · 1.0 s');
    expect(countAt(30_000)).toBe('0 / 400 replications · 30.0 s · about 9 min 30 s left');
    // Past the pilot's estimate with nothing in yet: no guess rather than a wrong one.
    expect(countAt(700_000)).toBe('0 / 400 replications · 11 min 40 s');
  });
});

describe('RunBar when a setting becomes invalid', () => {
  const statusAt = (done: number) => {
    appStore.setState({ ...RUN_DEFAULT, status: 'invalid', runId: 99, done, total: 4000, startedAt: 0, endedAt: 3000, progressAt: 3000 });
    const { container, unmount } = render(<RunBar />);
    const text = [container.querySelector('.runbar-text strong')?.textContent, container.querySelector('.runbar-count')?.textContent ?? ''];
    unmount();
    return text;
  };

  it('says the results shown are partial when the run it stopped had not finished, with how far it got', () => {
    expect(statusAt(1080)).toEqual(['Waiting for valid settings — results shown are partial, for the last valid scenario', '1,080 / 4,000 replications · 3.0 s']);
    expect(statusAt(4000)).toEqual(['Waiting for valid settings — results shown are for the last valid scenario', '']);
  });

  it('cancelled before its first results (in the wait before a run), says the results are the previous settings\' and counts nothing', () => {
    appStore.setState({ ...RUN_DEFAULT, status: 'cancelled', runId: 99, done: 400, total: 400, startedAt: 0, endedAt: 3600, stale: true });
    try {
      const { container } = render(<RunBar />);
      expect(container.querySelector('.runbar-text strong')?.textContent).toBe('Cancelled before its first results — those shown are for the previous settings');
      expect(container.querySelector('.runbar-count')).toBeNull();
    } finally {
      appStore.setState({ stale: false });
    }
  });

  it('while it runs the last valid settings (nothing was shown yet: a reload, a link opened for repair), says so', () => {
    const { draft, rawText, validation, warnings, changed } = appStore.getState();
    appStore.getState().setNumberText(['pool', 'maxOverflow'], '-3');
    try {
      appStore.setState({ ...RUN_DEFAULT, status: 'running', runId: 99, done: 180, total: 400, startedAt: 0, progressAt: 1000 });
      vi.spyOn(performance, 'now').mockReturnValue(1000);
      const { container } = render(<RunBar />);
      expect(container.querySelector('.runbar-text strong')?.textContent).toBe('Running the last valid settings — yours wait until the invalid ones are fixed');
    } finally {
      appStore.setState({ draft, rawText, validation, warnings, changed });
    }
  });
});

describe('paceReference', () => {
  it('is the newest sample at least half the run (and 5 s) old, and forgets the older ones', () => {
    const samples = [{ at: 1000, done: 20 }, { at: 4000, done: 40 }, { at: 9000, done: 100 }, { at: 15_000, done: 200 }];
    // At 4 s nothing is 5 s old yet.
    expect(paceReference(samples.slice(0, 2), 4000, 0)).toBeNull();
    // At 20 s: half the run is 10 s, so the newest sample from before 10 s.
    expect(paceReference(samples, 20_000, 0)).toEqual({ at: 9000, done: 100 });
    expect(samples.map((x) => x.at)).toEqual([9000, 15_000]);
  });
});

describe('RunBar while the charts catch up', () => {
  it('says "Done" alone only once every staggered chart has taken the final value', async () => {
    appStore.setState({ ...RUN_DEFAULT, status: 'done', runId: 99, done: 400, total: 400, startedAt: 0, endedAt: 1000 });
    const { container, rerender } = render(
      <>
        <RunBar />
        <Staggered value={1} render={(v) => <p>chart {v}</p>} />
        <Staggered value={1} render={(v) => <p>other {v}</p>} />
      </>,
    );
    const bar = () => container.querySelector('.runbar strong')!.textContent;
    await waitFor(() => expect(container.textContent).toContain('other 1'));
    await waitFor(() => expect(bar()).toBe('Done'));
    // The run's final value reaches the charts a frame at a time: until the last has it, the bar says so.
    rerender(
      <>
        <RunBar />
        <Staggered value={2} render={(v) => <p>chart {v}</p>} />
        <Staggered value={2} render={(v) => <p>other {v}</p>} />
      </>,
    );
    await waitFor(() => expect(bar()).toBe('Done — drawing the charts…'));
    expect(container.querySelector('[data-charts-drawing]')).not.toBeNull();
    await waitFor(() => expect(container.textContent).toContain('other 2'));
    await waitFor(() => expect(bar()).toBe('Done'));
  });
});

describe('useThrottled', () => {
  it('passes a settled value on in the same render (the charts start on the final results with the numbers)', () => {
    const Probe = ({ v, settled }: { v: number; settled: boolean }) => <p>{useThrottled(v, 1000, settled)}</p>;
    const { container, rerender } = render(<Probe v={1} settled={false} />);
    expect(container.textContent).toBe('1');
    // Unsettled: a new value waits for the interval (it is not taken in this render).
    rerender(<Probe v={2} settled={false} />);
    expect(container.textContent).toBe('1');
    rerender(<Probe v={3} settled />);
    expect(container.textContent).toBe('3');
  });
});
