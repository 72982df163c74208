import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserWorkerFactory } from '../../src/worker/pool';

/**
 * A terminated browser worker lets go of a cancelled run: its calls in flight reject (and so drop the run's
 * closures), and Comlink's proxy is released before the worker ends (else Comlink's FinalizationRegistry keeps the
 * worker, its listener and every pending reply alive: the page grew by megabytes with each cancelled run).
 * Worker is a stand-in here: it records what is posted and never answers.
 */
class SilentWorker extends EventTarget {
  static last: SilentWorker | null = null;
  readonly posted: unknown[] = [];
  terminated = false;
  postedAfterTerminate = 0;
  constructor() {
    super();
    SilentWorker.last = this;
  }
  postMessage(data: unknown): void {
    if (this.terminated) this.postedAfterTerminate++;
    this.posted.push(data);
  }
  start(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('browserWorkerFactory terminate', () => {
  it('rejects the calls in flight and releases the proxy before the worker ends', async () => {
    vi.stubGlobal('Worker', SilentWorker);
    const handle = browserWorkerFactory();
    const w = SilentWorker.last!;
    const pending = handle.runBlock({}, 0, 10);
    const settled = vi.fn();
    pending.then(settled, settled);
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).not.toHaveBeenCalled();
    handle.terminate();
    await expect(pending).rejects.toThrow('the simulation worker was terminated');
    // Comlink said RELEASE while the worker could still hear it; nothing was posted to the ended worker.
    expect(w.posted.some((m) => (m as { type?: string }).type === 'RELEASE')).toBe(true);
    expect(w.terminated).toBe(true);
    expect(w.postedAfterTerminate).toBe(0);
    // A later call is refused at once rather than left pending.
    await expect(handle.runBlock({}, 10, 20)).rejects.toThrow('terminated');
  });
});
