import * as z from 'zod';
import { FAILURE_CAUSES } from '../model/outcomes';
import { BAND_SERIES, GRID_INTERVALS, STATE_SERIES } from '../model/replication';
import { ALERTS, PER_REPLICATION } from './aggregate';

/**
 * The shape of `Aggregate.toJSON()` for data that crossed a file boundary (a part file). It checks structure
 * and integer-ness; `Aggregate.fromJSON` then checks each accumulator's own invariants (bucket sums, bins) and
 * merging into `Aggregate.forScenario(scenario)` checks the parameters (sketch accuracy, histogram bins,
 * resolutions) against the scenario's. The per-start records and trace of the detail replication are checked
 * only as lists of objects: the part's checksum guards their content.
 */

const int = z.int();
const count = z.int().min(0);
const sortedPairs = z.array(z.tuple([int, count]));

const sketch = z.strictObject({
  relativeAccuracy: z.number(),
  minValue: z.number(),
  count,
  zeroCount: count,
  min: z.number().nullable(),
  max: z.number().nullable(),
  buckets: sortedPairs,
});
const fixedPointSum = z.strictObject({ resolution: z.number().positive(), sum: int, count });
const histogram = z.strictObject({
  lo: z.number(),
  hi: z.number(),
  binCount: z.int().positive(),
  counts: z.array(count),
  underflow: count,
  overflow: count,
});
const valueCounts = z.strictObject({ resolution: z.number().positive(), counts: sortedPairs });

/** An object with exactly these keys, each of this shape. */
function keyed<K extends string, S extends z.ZodType>(keys: readonly K[], shape: S) {
  return z.strictObject(Object.fromEntries(keys.map((k) => [k, shape])) as Record<K, S>);
}

const gridPoints = GRID_INTERVALS + 1;

const time = z.number().min(0);

/** One start attempt of the detail replication (StartRecord, outcomes.ts), as the timeline draws it. */
const startRecord = z.strictObject({
  container: count,
  attempt: count,
  start: time,
  phaseEnds: z.array(time).max(7),
  phase3Duration: time.nullable(),
  phase3End: time.nullable(),
  end: time.nullable(),
  outcome: z.enum(['healthy', ...FAILURE_CAUSES, 'unfinished']),
  connectionsHeld: count,
});

/** One line of the detail replication's event trace (TraceEntry, world.ts); container -1 is infrastructure. */
const traceEntry = z.strictObject({ time, container: z.int().min(-1), attempt: count, event: z.string().max(1000) });

/**
 * The replication kept in detail (records, trace, scale-outs), checked field by field: a file may have been
 * edited with its checksums recomputed, and the dashboard draws these values directly.
 */
export const detailSchema = z
  .strictObject({ replication: count, records: z.array(startRecord), trace: z.array(traceEntry), scaleOuts: z.array(time) })
  .nullable();

export const aggregateSchema = z.strictObject({
  format: z.literal('bootstorm-aggregate/1'),
  ranges: z.array(z.tuple([count, count])),
  counts: z.strictObject({
    replications: count,
    starts: count,
    breaches: count,
    firstStarts: count,
    firstBreaches: count,
    breachesSquared: count,
    breachesTimesStarts: count,
    startsSquared: count,
    firstBreachesSquared: count,
    firstBreachesTimesStarts: count,
    firstStartsSquared: count,
    unfinished: count,
    killedOutsidePhase3: count,
    killedAfterPhase3: count,
    restarts: count,
    containers: count,
    healthyAtHorizon: count,
    allHealthyReplications: count,
    events: count,
    truncated: count,
  }),
  failures: keyed(FAILURE_CAUSES, count),
  phase3Duration: sketch,
  phase3Sum: fixedPointSum,
  histogramPassed: histogram,
  histogramBreached: histogram,
  allHealthyTime: sketch,
  perReplication: keyed(PER_REPLICATION, valueCounts),
  alerts: keyed(ALERTS, z.strictObject({ crossed: count, time: fixedPointSum, beforeFirstBreach: count })),
  leadTime: sketch,
  leadTimeSum: fixedPointSum,
  repsWithBreach: count,
  bands: keyed(BAND_SERIES, z.array(valueCounts).length(gridPoints)),
  // Sums of container counts: integers, which is what makes their merge exact.
  states: keyed(STATE_SERIES, z.array(count).length(gridPoints)),
  detail: detailSchema,
});
