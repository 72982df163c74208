/**
 * log and exp that give the same bits on every JavaScript engine.
 *
 * ECMAScript fixes +, −, ×, ÷ and sqrt to correctly rounded IEEE 754 results, but leaves Math.log, Math.exp,
 * Math.cos and Math.pow "implementation-approximated": Chromium and Node ship different V8 versions, and their
 * last bits differ (seen here: Phase 3 end times differing in the 16th digit between Chromium 156 and Node 20).
 * A simulation that promises "same scenario + same seed = the same numbers in the browser and in Node" must not
 * depend on them, so the engine uses these ports of fdlibm's e_log.c and e_exp.c (Sun Microsystems, 1993; the
 * same algorithms V8 itself ported), written with basic arithmetic and exact bit manipulation only. Both are
 * accurate to < 1 ulp.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Which 32-bit half holds the sign and exponent (every engine we target is little-endian, but check).
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const TWO54 = 1.80143985094819840000e16;
const LG1 = 6.666666666666735130e-01;
const LG2 = 3.999999999940941908e-01;
const LG3 = 2.857142874366239149e-01;
const LG4 = 2.222219843214978396e-01;
const LG5 = 1.818357216161805012e-01;
const LG6 = 1.531383769920937332e-01;
const LG7 = 1.479819860511658591e-01;

/** Natural logarithm (fdlibm __ieee754_log). @example log(Math.E) // 1 */
export function log(x: number): number {
  f64[0] = x;
  let hx = u32[HI] | 0;
  const lx = u32[LO];
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal.
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    f64[0] = x;
    hx = u32[HI] | 0;
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i0 = (hx + 0x95f64) & 0x100000;
  f64[0] = x;
  u32[HI] = hx | (i0 ^ 0x3ff00000); // normalize x or x/2
  x = f64[0];
  k += i0 >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - k * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const dk = k;
  const z = s * s;
  let i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

/** log(1 + x), accurate for small x (Goldberg's correction on top of the portable log). @example log1p(0) // 0 */
export function log1p(x: number): number {
  const u = 1 + x;
  if (u === 1) return x;
  if (u === Infinity) return Infinity;
  return (log(u) * x) / (u - 1);
}

const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;
const INV_LN2 = 1.44269504088896338700;
const P1 = 1.66666666666666019037e-01;
const P2 = -2.77777777770155933842e-03;
const P3 = 6.61375632143793436117e-05;
const P4 = -1.65339022054652515390e-06;
const P5 = 4.13813679705723846039e-08;

/** The double whose high 32-bit word is `hi` and low word 0: fdlibm's tests on the high word, as comparisons. */
function withHighWord(hi: number): number {
  f64[0] = 0;
  u32[HI] = hi;
  return f64[0];
}
// Doubles order like their bit patterns when positive, so `hx >= H` (hx: the high word of |x|) is `|x| >= withHighWord(H)`.
const EXP_BIG = withHighWord(0x40862e42); // |x| >= 709.78…
const EXP_REDUCE = withHighWord(0x3fd62e43); // |x| > 0.5 ln2
const EXP_ONE_STEP = withHighWord(0x3ff0a2b2); // |x| < 1.5 ln2
const EXP_TINY = withHighWord(0x3e300000); // |x| < 2^-28
/** 2^k for every k a double can hold (k = -1074…1023), each exact. */
const POW2 = new Float64Array(2098);
for (let k = -1074; k <= 1023; k++) POW2[k + 1074] = 2 ** k;

/**
 * e^x (fdlibm __ieee754_exp). The bit tests on x are comparisons and the final scaling by 2^k a multiplication by
 * an exact power of two (exact while the result is normal, as adding k to the exponent is): the same bits, with no
 * store and reload through a typed array, which made this the model's most expensive arithmetic.
 * @example exp(0) // 1
 */
export function exp(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < EXP_BIG)) {
    if (x !== x) return x; // NaN
    if (ax === Infinity) return x > 0 ? x : 0;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (ax >= EXP_REDUCE) {
    // reduce x = k·ln2 + r
    if (ax < EXP_ONE_STEP) {
      const positive = x > 0;
      hi = x - (positive ? LN2_HI : -LN2_HI);
      lo = positive ? LN2_LO : -LN2_LO;
      k = positive ? 1 : -1;
    } else {
      k = Math.trunc(INV_LN2 * x + (x > 0 ? 0.5 : -0.5));
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < EXP_TINY) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  // y is in [0.5, 2): y · 2^k, exact unless the result is subnormal, where fdlibm also scales in two steps.
  if (k >= -1021) return k === 1024 ? y * 2 * POW2[1023 + 1074] : y * POW2[k + 1074];
  return y * POW2[k + 1000 + 1074] * POW2[-1000 + 1074];
}

/** 10^k for an integer k, correctly rounded (decimal parsing is exact-rounded on every engine). */
export function pow10(k: number): number {
  return Number(`1e${k}`);
}
