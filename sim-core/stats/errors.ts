/**
 * The one error class for sim-core/stats: thrown when an input is nonsense (the message names the value) or
 * when an exact integer accumulator would leave the safe-integer range.
 *
 * @example
 * new FixedPointSum(0) // throws StatsError: "resolution must be a positive finite number, got 0"
 */
export class StatsError extends Error {
  override name = 'StatsError';
}
