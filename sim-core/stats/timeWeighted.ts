import { StatsError } from './errors';

/**
 * Time-weighted level of a piecewise-constant quantity (connections open, connector occupancy) over one
 * replication. The level holds from each `set` until the next; the integral is accumulated as time advances.
 *
 * Sequential floating-point by design: it lives inside one replication. For cross-replication summaries, put
 * its `mean()` or `max` into an integer accumulator (ValueCounts, FixedPointSum).
 *
 * @example
 * // level 0 from t=0, 3 from t=2, 1 from t=5; by t=10 the area is 0·2 + 3·3 + 1·5 = 14
 * const tw = new TimeWeighted(0, 0);
 * tw.set(2, 3);
 * tw.set(5, 1);
 * tw.integral(10) // 14
 * tw.mean(10)     // 1.4
 * tw.max          // 3
 */
export class TimeWeighted {
  /** Time the tracking started. */
  readonly startTime: number;
  private lastTime: number;
  private level: number;
  private area = 0;
  private peak: number;

  /** Starts tracking at `startTime` with level `initialValue`. */
  constructor(startTime = 0, initialValue = 0) {
    if (!Number.isFinite(startTime)) throw new StatsError(`startTime must be finite, got ${startTime}`);
    if (!Number.isFinite(initialValue)) throw new StatsError(`initialValue must be finite, got ${initialValue}`);
    this.startTime = startTime;
    this.lastTime = startTime;
    this.level = initialValue;
    this.peak = initialValue;
  }

  /** The current level. @example new TimeWeighted(0, 2).value // 2 */
  get value(): number {
    return this.level;
  }

  /** Highest level held at any time so far, including the initial one. @example new TimeWeighted(0, 1).set(1, 4).set(2, 0).max // 4 */
  get max(): number {
    return this.peak;
  }

  /** Time of the latest `set` (or the start). */
  get time(): number {
    return this.lastTime;
  }

  /**
   * The level becomes `value` at `time`. Times must not decrease (the simulation clock does not).
   *
   * @example new TimeWeighted(0, 0).set(2, 3).value // 3
   */
  set(time: number, value: number): this {
    if (!Number.isFinite(value)) throw new StatsError(`value must be finite, got ${value}`);
    this.advance(time);
    this.level = value;
    if (value > this.peak) this.peak = value;
    return this;
  }

  /**
   * The level changes by `delta` at `time` — the usual form for occupancy (+1 on acquire, −1 on release).
   *
   * @example new TimeWeighted().add(1, +1).add(3, -1).integral(4) // 2
   */
  add(time: number, delta: number): this {
    return this.set(time, this.level + delta);
  }

  /**
   * Area under the level from the start to `untilTime` (≥ the latest `set` time). Does not change state, so it
   * can be read mid-run.
   *
   * @example new TimeWeighted(0, 2).integral(3) // 6
   */
  integral(untilTime: number): number {
    this.checkTime(untilTime);
    return this.area + this.level * (untilTime - this.lastTime);
  }

  /**
   * Time-average of the level over [startTime, untilTime]. For an empty window (untilTime = startTime) it is
   * the current level, the limit of the average as the window shrinks.
   *
   * @example new TimeWeighted(0, 2).set(1, 0).mean(4) // 0.5
   */
  mean(untilTime: number): number {
    const span = untilTime - this.startTime;
    const area = this.integral(untilTime);
    return span === 0 ? this.level : area / span;
  }

  private advance(time: number): void {
    this.checkTime(time);
    this.area += this.level * (time - this.lastTime);
    this.lastTime = time;
  }

  private checkTime(time: number): void {
    if (!Number.isFinite(time)) throw new StatsError(`time must be finite, got ${time}`);
    if (time < this.lastTime) throw new StatsError(`time ${time} is before the latest update at ${this.lastTime}`);
  }
}
