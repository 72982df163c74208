/**
 * Statistics primitives. Cross-replication accumulators (QuantileSketch, Histogram, ValueCounts,
 * FixedPointSum, IntMoments, PairedRates, PairedMeans) hold only integers, so merging worker results in any
 * grouping and order gives byte-identical JSON; floats appear only when a result is finalised.
 * Welford and TimeWeighted are floating-point and meant for use within one replication.
 */
export { StatsError } from './errors';
export { addExact, mulExact, assertSafeInteger, bigRatio } from './safeInt';
export { Quantizer } from './quantize';
export { normalQuantile } from './normal';
export { studentTCdf, studentTQuantile } from './studentT';
export { Welford, type WelfordJSON } from './welford';
export { TimeWeighted } from './timeWeighted';
export { Z95, wilson95, clusteredWilson95, type ProportionInterval, type ClusteredCounts } from './wilson';
export { QuantileSketch, type SketchOptions, type SketchJSON } from './sketch';
export { Histogram, type HistogramBin, type HistogramJSON } from './histogram';
export { ValueCounts, type ValueCountsJSON } from './valueCounts';
export { FixedPointSum, IntMoments, type FixedPointSumJSON, type IntMomentsJSON } from './exactSum';
export {
  PairedRates,
  PairedMeans,
  pairedRateDifference,
  pairedMeanDifference,
  type RateCount,
  type PairedDifference,
  type PairedRatesJSON,
  type PairedMeansJSON,
} from './pairedDifference';
