import { parseDecimal } from '../../sim-core/scenario/numberText';

export interface StepLimits {
  integer?: boolean;
  min?: number;
  /** The lower bound itself is not allowed (a time above 0). */
  minExclusive?: boolean;
  max?: number;
}

/**
 * The text after ArrowUp (+1) or ArrowDown (−1) in a number field, or null to leave it alone (text that is not a plain
 * number, such as "2 min" or a typo, or a value already at its bound). Whole numbers step by 1; others by one unit of
 * the digit below their leading one (75 → 76, 1.5 → 1.6, 0.5 → 0.51), so a step is a small, readable change at any
 * size. `big` (Shift) steps ten times as far. The result is clamped into the field's range.
 */
export function steppedText(text: string, direction: 1 | -1, limits: StepLimits, big = false): string | null {
  const v = parseDecimal(text);
  if (v === null) return null;
  const unit = limits.integer ? 1 : v === 0 ? 0.1 : 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  // Twelve significant digits: 0.1 + 0.2 reads 0.3, not 0.30000000000000004.
  let next = Number((v + direction * unit * (big ? 10 : 1)).toPrecision(12));
  if (limits.max !== undefined && next > limits.max) next = limits.max;
  if (limits.min !== undefined && next < limits.min) next = limits.min;
  if (limits.minExclusive && limits.min !== undefined && next <= limits.min) return null;
  return next === v ? null : String(next);
}
