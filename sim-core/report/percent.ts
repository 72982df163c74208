/**
 * A fraction as a percentage, as every surface shows it (dashboard, report, CLI): more digits near 0 and 1, so
 * that a small rate does not read as 0% and a shortfall does not round up to 100% (99.98%, not 100.0%).
 * @example fmtPct(0.0772) // "7.7%"
 * @example fmtPct(0.99978) // "99.98%"
 * @example fmtPct(0.004) // "0.40%"
 * @example fmtPct(0.000025) // "0.0025%" (two significant digits below 0.01%: never "0.00%" for a rate that is not 0)
 */
export function fmtPct(p: number, digits = 1): string {
  if (!Number.isFinite(p)) return '–';
  const v = p * 100;
  if (v >= 99.995 && v <= 100) return '100%';
  // (Judged on the value as it would print: 0.99996% reads 1.0%, like 1%, not 1.00%.)
  let d = v !== 0 && (Number(v.toFixed(2)) < 1 || v > 99) ? Math.max(digits, 2) : digits;
  // A rate too small for those digits (one breach in 40,000 starts) keeps two significant digits.
  if (v > 0 && Number(v.toFixed(d)) === 0) while (d < 20 && v < 10 ** (1 - d)) d++;
  return `${v.toFixed(d)}%`;
}
