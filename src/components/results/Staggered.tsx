import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { flushSync } from 'react-dom';

/**
 * Keeping the page's thread free while a run streams results: a chart re-renders (Recharts: scales, ticks,
 * paths, then its own store updates) in ~10–40 ms, and a dozen of them in one task would block the page for
 * hundreds of ms at every update. A chart wrapped in `Staggered` takes each new value in a task of its own, one
 * chart per task, in page order: the page stays responsive (no long task) and charts still update a few times a
 * second. The numbers (headline cards, run bar) update at once; only drawings lag, by a few frames.
 */

const queue: Array<() => void> = [];
let pumping = false;
const listeners = new Set<() => void>();

function setPumping(on: boolean) {
  if (pumping === on) return;
  pumping = on;
  for (const l of listeners) l();
}

/**
 * Whether some chart is still taking a value the numbers above it already show: after a run ends, the charts catch
 * up one per frame for a moment, and the run bar says so rather than claim a finished page.
 */
export function useChartsCatchingUp(): boolean {
  return useSyncExternalStore(subscribeCatchingUp, () => pumping, () => false);
}

function subscribeCatchingUp(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/**
 * The next job after the next frame: the browser lays out what the last job changed in its own rendering step,
 * so a chart that measures text (Recharts does) never pays for laying out the whole page inside its task. Where
 * frames do not come (a hidden tab), a timeout stands in.
 */
function next() {
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    setTimeout(pump, 0);
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(go);
  setTimeout(go, 100);
}

function pump() {
  const job = queue.shift();
  try {
    if (job) job();
  } finally {
    // A job that throws must not leave the queue stalled (and the run bar saying "drawing the charts" for good).
    if (queue.length) next();
    else setPumping(false);
  }
}

/** Run `job` in a task of its own, after the jobs already waiting. */
function later(job: () => void) {
  queue.push(job);
  if (!pumping) {
    setPumping(true);
    next();
  }
}

/**
 * `value`, applied in a task of its own (see above). Before the first value is applied it is null (the caller
 * shows a placeholder), so even the first drawing of a dozen charts is spread over a dozen tasks.
 */
export function useStaggered<T>(value: T): T | null {
  const [shown, setShown] = useState<{ v: T } | null>(null);
  const latest = useRef(value);
  const queued = useRef(false);
  const alive = useRef(true);
  useLayoutEffect(() => {
    latest.current = value;
  });
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  // Queued before the browser paints (a layout effect), so that a run bar reading useChartsCatchingUp never shows a
  // frame of "Done" between the final results and the charts' catching up.
  useLayoutEffect(() => {
    if (queued.current || (shown && Object.is(shown.v, value))) return;
    queued.current = true;
    later(() => {
      queued.current = false;
      if (!alive.current) return;
      // Synchronously, inside this task: several due timers must not batch into one long render.
      flushSync(() => setShown({ v: latest.current }));
    });
  }, [value, shown]);
  return shown ? shown.v : null;
}

/**
 * `value`, but while `settled` is false a new value is taken at most every `ms` (the last one is never lost: it
 * is taken when the interval ends). A settled value (a run's final results) is taken at once.
 */
export function useThrottled<T>(value: T, ms: number, settled: boolean): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  const latest = useRef(value);
  useLayoutEffect(() => {
    latest.current = value;
  });
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const wait = settled ? 0 : Math.max(0, last.current + ms - performance.now());
    const id = setTimeout(() => {
      last.current = performance.now();
      setShown(latest.current);
    }, wait);
    return () => clearTimeout(id);
  }, [value, shown, settled, ms]);
  // A settled value is passed on in this very render (not a timeout later), so that the charts start taking it
  // in the same frame as the numbers and the run bar's "Done" (the state catches up behind it).
  return settled ? value : shown;
}

/**
 * Renders `render(value)` with `value` staggered; a placeholder of `minHeight` until the first one. The drawing
 * is remembered per value (`render` must depend on nothing else), so a parent's re-render redraws nothing.
 */
export function Staggered<T>({ value, render, minHeight = 300, wide = false }: { value: T; render: (v: T) => ReactNode; minHeight?: number; wide?: boolean }) {
  const v = useStaggered(value);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const drawn = useMemo(() => (v === null ? null : render(v)), [v]);
  if (v === null) return <div className={`panel chart-placeholder ${wide ? 'panel-wide' : ''}`} style={{ minHeight }} aria-hidden="true" />;
  return <>{drawn}</>;
}
