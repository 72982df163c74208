import { StatsError } from './errors';

/**
 * Maps real values to integers on a fixed grid (`k = round(x / resolution)`) and back. Cross-replication
 * accumulators store only these integers, so their sums are exact and merge order cannot matter.
 *
 * When 1/resolution is (within rounding) a whole number, as for 1, 1e-3 or 0.25, conversion divides and
 * multiplies by that whole number rather than by `resolution` itself: 7 / 1000 is the double nearest 0.007,
 * while 7 * 1e-3 need not be, so results print the way people expect.
 *
 * @example
 * const q = new Quantizer(1e-3);
 * q.toInt(0.0125) // 13  (half rounds toward +∞, like Math.round)
 * q.toValue(13)   // 0.013
 */
export class Quantizer {
  readonly resolution: number;
  /** The whole number 1/resolution when there is one, else undefined. */
  private readonly inverse: number | undefined;

  constructor(resolution: number) {
    if (!(resolution > 0) || !Number.isFinite(resolution)) {
      throw new StatsError(`resolution must be a positive finite number, got ${resolution}`);
    }
    this.resolution = resolution;
    const inv = 1 / resolution;
    const rounded = Math.round(inv);
    this.inverse = rounded >= 1 && Math.abs(inv - rounded) <= 1e-9 * inv ? rounded : undefined;
  }

  /**
   * The grid index nearest `x`. Throws on NaN/±Infinity or an index beyond the safe-integer range.
   *
   * @example new Quantizer(1).toInt(2.5) // 3
   */
  toInt(x: number): number {
    if (!Number.isFinite(x)) throw new StatsError(`value must be finite, got ${x}`);
    const k = Math.round(this.inverse !== undefined ? x * this.inverse : x / this.resolution);
    if (!Number.isSafeInteger(k)) {
      throw new StatsError(`value ${x} at resolution ${this.resolution} leaves the safe-integer range`);
    }
    return k === 0 ? 0 : k; // no -0: it would compare and print like 0 anyway, keep it canonical
  }

  /**
   * The real value of grid index `k` (any real, so sums of indices can be converted too).
   *
   * @example new Quantizer(0.25).toValue(6) // 1.5
   */
  toValue(k: number): number {
    return this.inverse !== undefined ? k / this.inverse : k * this.resolution;
  }
}
