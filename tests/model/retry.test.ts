/**
 * Backoff policies (sim-core/model/retry.ts) against their formulas (AWS Architecture Blog, "Exponential Backoff
 * and Jitter"), with a stub uniform: base 1 s, cap 6 s.
 *   exponential   min(cap, base · 2^n)
 *   full jitter   u · min(cap, base · 2^n)
 *   equal jitter  e/2 + u · e/2, e = min(cap, base · 2^n)
 *   decorrelated  min(cap, base + u · (3 · previous − base))
 */
import { describe, expect, it } from 'vitest';
import { RetryPolicy } from '../../sim-core/model/retry';
import type { Scenario } from '../../sim-core/scenario/schema';

const policy = (kind: Scenario['retry']['policy']) => new RetryPolicy({ policy: kind, attempts: 5, base: 1, cap: 6, withinConnectionTimeout: false });
const half = () => 0.5;

describe('backoff sleeps', () => {
  it('exponential doubles from the base and stops at the cap', () => {
    expect([0, 1, 2, 3].map((n) => policy('exponential').sleep(half, n, 1))).toEqual([1, 2, 4, 6]);
  });
  it('full jitter: u · e (attempt 2: 0.5 · 4 = 2)', () => {
    expect(policy('full-jitter').sleep(half, 2, 1)).toBe(2);
    expect(policy('full-jitter').sleep(() => 0, 3, 1)).toBe(0);
  });
  it('equal jitter: e/2 + u · e/2 (attempt 2: 2 + 0.5 · 2 = 3)', () => {
    expect(policy('equal-jitter').sleep(half, 2, 1)).toBe(3);
  });
  it('decorrelated jitter: base + u · (3 · previous − base), held at the cap', () => {
    expect(policy('decorrelated-jitter').sleep(half, 1, 2)).toBe(1 + 0.5 * (3 * 2 - 1));
    expect(policy('decorrelated-jitter').sleep(() => 1, 1, 4)).toBe(6);
  });
});
