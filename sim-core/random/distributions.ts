import { normalQuantile } from '../stats/normal';
import type { Rng } from './streams';
import { exp, log } from '../math/portable';

/**
 * Duration distributions, in seconds. The scenario schema describes them as plain JSON (see
 * sim-core/scenario/schema.ts); `sampler()` turns one into a fast closure, once per replication.
 */
export type Distribution =
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exponential'; mean: number }
  /** Normal truncated at 0 (drawn by inverting its CDF on [0, ∞): one uniform a value). */
  | { kind: 'normal'; mean: number; sd: number }
  /** Lognormal described the way SREs describe latencies: by its median and its 95th percentile. */
  | { kind: 'lognormal'; median: number; p95: number };

/** A distribution moved right by `shift` seconds: a fixed minimum plus a random part. */
export type ShiftedDistribution = Distribution & { shift?: number };

export type Sampler = (rng: Rng) => number;

/**
 * Longest draw, in seconds (about 31 years): far past any horizon (at most 4 hours), so it changes no result, but
 * a lognormal with a tiny median and a large p95 (valid field by field) would otherwise overflow to Infinity, and
 * an event at time Infinity is an error in the kernel.
 */
export const MAX_DRAW = 1e9;

/** z for the 95th percentile of the standard normal. */
const Z95 = 1.6448536269514722;

/** sigma of the underlying normal of a lognormal with the given median and p95. */
export function lognormalSigma(median: number, p95: number): number {
  return p95 <= median ? 0 : log(p95 / median) / Z95;
}

/** Half a step of the generators' 2^-32 grid: moves a uniform draw off 0 and onto the cell's midpoint. */
const HALF_CELL = 2 ** -33;

/**
 * A uniform draw strictly inside (0, 1), for inversion. Alea's draws are multiples of 2^-32 in [0, 1), 0
 * included: taking each at its cell's midpoint keeps the law symmetric (then |Φ⁻¹| ≤ 6.34). The clamp only
 * matters for a finer-grained source, which could otherwise reach 1.
 */
function openUniform(rng: Rng): number {
  return Math.min(rng() + HALF_CELL, 1 - HALF_CELL);
}

/**
 * Standard normal by inversion: Φ⁻¹ of one uniform draw (Wichura's AS 241, basic arithmetic, sqrt and the
 * portable log only, so every engine gives the same bits). One draw per value, always: a scenario change that
 * shifts one normal never shifts the next draw of its stream (common random numbers stay aligned), and it is
 * cheaper than a rejection method.
 */
export function standardNormal(rng: Rng): number {
  return normalQuantile(openUniform(rng));
}

/**
 * The p-quantile of N(mean, sd²) truncated to [0, ∞), by inverting the CDF restricted to [0, ∞); `lo` is the
 * untruncated CDF at 0, Φ(−mean / sd).
 */
function truncatedNormalQuantile(mean: number, sd: number, lo: number, p: number): number {
  const q = lo + p * (1 - lo);
  // q rounds to 1 only when almost all the mass is below 0 (1 − lo < 1e-6): the quantile is then 0 anyway.
  return q < 1 ? Math.max(0, mean + sd * normalQuantile(q)) : 0;
}

export function sampler(d: ShiftedDistribution): Sampler {
  const shift = d.shift ?? 0;
  switch (d.kind) {
    case 'constant': {
      const v = d.value + shift;
      return () => v;
    }
    case 'uniform': {
      const { min, max } = d;
      return (rng) => shift + min + (max - min) * rng();
    }
    case 'exponential': {
      const mean = d.mean;
      return (rng) => shift - mean * log(1 - rng());
    }
    case 'normal': {
      const { mean, sd } = d;
      if (sd === 0) return () => shift + Math.max(0, mean);
      // Truncation at 0 by inversion of the CDF restricted to [0, ∞): one draw per value, like every sampler.
      const lo = normalCdf(-mean / sd);
      if (lo >= 1) return () => shift; // all the mass below 0: the truncated law sits at 0
      return (rng) => shift + truncatedNormalQuantile(mean, sd, lo, openUniform(rng));
    }
    case 'lognormal': {
      const mu = log(d.median);
      const sigma = lognormalSigma(d.median, d.p95);
      if (sigma === 0) return () => shift + d.median;
      // The only draw that can overflow (exp of a large normal): capped at MAX_DRAW.
      return (rng) => shift + Math.min(MAX_DRAW, exp(mu + sigma * standardNormal(rng)));
    }
  }
}

/** Exact mean of a distribution (for the truncated normal, of the truncated law). */
export function mean(d: ShiftedDistribution): number {
  const shift = d.shift ?? 0;
  switch (d.kind) {
    case 'constant':
      return shift + d.value;
    case 'uniform':
      return shift + (d.min + d.max) / 2;
    case 'exponential':
      return shift + d.mean;
    case 'normal': {
      if (d.sd === 0) return shift + Math.max(0, d.mean);
      const a = -d.mean / d.sd;
      return shift + d.mean + (d.sd * normalPdf(a)) / (1 - normalCdf(a));
    }
    case 'lognormal': {
      const s = lognormalSigma(d.median, d.p95);
      return shift + d.median * exp((s * s) / 2);
    }
  }
}

/** Exact variance of a distribution (the shift does not change it). */
export function variance(d: ShiftedDistribution): number {
  switch (d.kind) {
    case 'constant':
      return 0;
    case 'uniform':
      return ((d.max - d.min) * (d.max - d.min)) / 12;
    case 'exponential':
      return d.mean * d.mean;
    case 'normal': {
      if (d.sd === 0) return 0;
      const a = -d.mean / d.sd;
      const lambda = normalPdf(a) / (1 - normalCdf(a));
      return d.sd * d.sd * (1 + a * lambda - lambda * lambda);
    }
    case 'lognormal': {
      const sigma = lognormalSigma(d.median, d.p95);
      const s2 = sigma * sigma; // not ** 2: exponentiation is the engine's, a product is IEEE's
      return d.median * d.median * exp(s2) * (exp(s2) - 1);
    }
  }
}

/** The p-quantile (0 < p < 1) where it has a closed form; used by the UI to describe a distribution. */
export function quantile(d: ShiftedDistribution, p: number): number {
  const shift = d.shift ?? 0;
  switch (d.kind) {
    case 'constant':
      return shift + d.value;
    case 'uniform':
      return shift + d.min + (d.max - d.min) * p;
    case 'exponential':
      return shift - d.mean * log(1 - p);
    case 'normal': {
      if (d.sd === 0) return shift + Math.max(0, d.mean);
      return shift + truncatedNormalQuantile(d.mean, d.sd, normalCdf(-d.mean / d.sd), p);
    }
    case 'lognormal':
      return shift + d.median * exp(lognormalSigma(d.median, d.p95) * normalQuantile(p));
  }
}

export function normalPdf(x: number): number {
  return exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.SQRT2);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      exp((-x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}
