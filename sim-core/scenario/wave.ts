import type { Scenario } from './schema';

/** A start pattern that places its starts at fixed times (a Poisson wave draws them). */
export type FixedPattern = Exclude<Scenario['wave']['pattern'], { kind: 'poisson' }>;

/**
 * When container i of n starts, before jitter: all at once at 0, batch by batch, or spread evenly over a ramp.
 * The model places the wave with it, and the warnings foresee it with the same arithmetic.
 */
export function scheduledStart(p: FixedPattern, i: number, n: number): number {
  if (p.kind === 'batches') return Math.floor(i / p.size) * p.interval;
  if (p.kind === 'ramp') return (i * p.duration) / n;
  return 0;
}
