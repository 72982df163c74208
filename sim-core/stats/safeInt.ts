import { StatsError } from './errors';

/**
 * Exact integer arithmetic on JS numbers. Cross-replication accumulators hold only integers so that merging
 * parts in any grouping and order gives identical results; that holds only while every intermediate stays at
 * or below 2^53 − 1. These helpers throw instead of silently rounding.
 *
 * Why checking the result suffices: IEEE addition and multiplication are correctly rounded, so if the true
 * result is a safe integer it is computed exactly; if it is not, the rounded result is ≥ 2^53 in magnitude and
 * fails `Number.isSafeInteger`.
 */

/**
 * Throws unless `x` is a safe integer; returns it otherwise.
 *
 * @example assertSafeInteger(3, 'count') // 3
 * @example assertSafeInteger(0.5, 'count') // throws StatsError: "count must be a safe integer, got 0.5"
 */
export function assertSafeInteger(x: number, what: string): number {
  if (!Number.isSafeInteger(x)) throw new StatsError(`${what} must be a safe integer, got ${x}`);
  return x;
}

/**
 * a + b, exactly, for safe integers a and b.
 *
 * @example addExact(2, 3) // 5
 * @example addExact(Number.MAX_SAFE_INTEGER, 1) // throws StatsError (sum leaves the safe-integer range)
 */
export function addExact(a: number, b: number): number {
  const s = a + b;
  if (!Number.isSafeInteger(s)) {
    throw new StatsError(`integer sum ${a} + ${b} leaves the safe-integer range (|x| ≤ 2^53 − 1); exactness would be lost`);
  }
  return s;
}

/**
 * a × b, exactly, for safe integers a and b.
 *
 * @example mulExact(-4, 5) // -20
 * @example mulExact(2 ** 27, 2 ** 27) // throws StatsError (2^54)
 */
export function mulExact(a: number, b: number): number {
  const p = a * b;
  if (!Number.isSafeInteger(p)) {
    throw new StatsError(`integer product ${a} × ${b} leaves the safe-integer range (|x| ≤ 2^53 − 1); exactness would be lost`);
  }
  // -0 would print as 0 in JSON but is a different key in Object.is comparisons; normalise it.
  return p === 0 ? 0 : p;
}

/**
 * num / den as a double, for BigInt num and den. Used when finalising: the exact integer numerator is formed
 * first, so cancellation cannot occur, and only the conversion and the division round. Inputs built from safe
 * integers stay far below 2^1024 (the largest here is of order (2^53)^8 = 2^424), so the conversions are finite.
 *
 * @example bigRatio(1n, 3n) // 0.3333333333333333
 * @example bigRatio(1n, 0n) // NaN
 */
export function bigRatio(num: bigint, den: bigint): number {
  if (den === 0n) return Number.NaN;
  return Number(num) / Number(den);
}
