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
 * num / den as the correctly rounded double, for BigInt num and den. Used when finalising: the exact integer
 * numerator is formed first, so cancellation cannot occur, and this is the only rounding step.
 *
 * Method: an integer quotient with 64–65 significant bits, its lowest bit set when the division was inexact
 * (a sticky bit, so the one rounding to 53 bits is correct), then scaled by a power of two, which is exact.
 *
 * @example bigRatio(1n, 3n)               // 0.3333333333333333
 * @example bigRatio(10n ** 40n, 10n ** 39n) // 10 (Number(10n ** 40n) / Number(10n ** 39n) gives 10.000000000000002)
 * @example bigRatio(1n, 0n)               // NaN
 */
export function bigRatio(num: bigint, den: bigint): number {
  if (den === 0n) return Number.NaN;
  if (num === 0n) return 0;
  const negative = num < 0n !== den < 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const shift = 64 - (bitLength(a) - bitLength(b)); // quotient a·2^shift / b lies in [2^63, 2^65)
  const scaledA = shift >= 0 ? a << BigInt(shift) : a;
  const scaledB = shift >= 0 ? b : b << BigInt(-shift);
  let q = scaledA / scaledB;
  if (q * scaledB !== scaledA) q |= 1n;
  const magnitude = Number(q) * 2 ** -shift;
  return negative ? -magnitude : magnitude;
}

function bitLength(x: bigint): number {
  return x.toString(2).length;
}
