/**
 * What-if exploration: sweeps, heatmaps, solving for a target, sensitivity (tornado) and adaptive
 * replications. Pure and DOM-free: planners propose work units, any executor runs them (this thread, Node
 * worker threads, the dashboard's Web Workers), `drive` connects the two.
 */
export { drive, blockExecutor, inProcessExecutor, runUnit, unitsFor, DEFAULT_BLOCK_SIZE } from './work';
export type { WorkUnit, Planner, UnitExecutor, BlockRunner, DriveOptions, DriveProgress } from './work';
export { EXPLORE_FIELDS, SYSTEM_CHOICES, SYSTEM_FIELDS, choiceField, exploreField, gridValues, checkInRange, snap, MAX_STEPS } from './grid';
export type { ChoiceField, ExploreField, GridSpec, Checked } from './grid';
export { METRICS, METRIC_KEYS, DEFAULT_METRICS, BREACH_RATE, checkMetric, metricsOf } from './metrics';
export type { Metric, MetricKey } from './metrics';
export { buildPoint, withReplications } from './points';
export type { Assignment, PointBuild } from './points';
export { PointSetPlanner, pointRate, policyCap } from './pointSet';
export type { PointRate } from './pointSet';
export { AdaptivePlanner, adaptivePlanner, checkRule, halfWidth, nextTotal } from './adaptive';
export type { AdaptiveRule, AdaptiveResult, ReplicationPolicy, RateCounts } from './adaptive';
export { sweepPlanner, SweepPlanner, GridRunner, axisValues, checkPolicy } from './sweep';
export type { Axis, AxisValues, SweepSpec, SweepResult, SweepPoint, PointOutcome } from './sweep';
export { cellStanding, contourOf, contourRates, heatmapPlanner, HeatmapPlanner, crossings, MAX_CELLS, STANDING_MARK } from './heatmap';
export type { HeatmapSpec, HeatmapResult, HeatmapCell } from './heatmap';
export { decidedText, decisionLevelText, solvePlanner, SolvePlanner, targetText, verdictText } from './solve';
export type { SolveSpec, SolveResult, SolveStatus, Evaluation, Verdict, Direction } from './solve';
export { fewerHealthy, sensitivityPlanner, SensitivityPlanner, stepValues } from './sensitivity';
export type { AlternativeRow, SensitivitySpec, SensitivityResult, TornadoRow } from './sensitivity';
