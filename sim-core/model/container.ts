import { Signal, type ProcessBody } from '../kernel';
import type { Rng } from '../random/streams';
import { PHASE3_EXIT_CODE, type FailureCause, type Outcome, type StartRecord } from './outcomes';
import { ConnectionPool } from './pool';
import {
  Checkout, checkin, healthCheck, openSerially, tableSetup,
  type Attempt, type Step, type StepResult,
} from './phase3';
import type { World } from './world';
import { startupConnections } from '../scenario/capacity';

/** What a container can be doing, in the order of the "containers per phase" chart (and its time series). */
export const STATE_SERIES = [
  'waiting', 'phase1', 'phase2', 'phase3', 'phase4', 'phase5', 'phase6', 'phase7', 'healthy', 'restartBackoff', 'gaveUp',
] as const;
export type StateSeries = (typeof STATE_SERIES)[number];

/** A container's state as stored (world.containerStates): its index in STATE_SERIES, so phase n is n. */
export const ContainerState = {
  waiting: STATE_SERIES.indexOf('waiting'),
  healthy: STATE_SERIES.indexOf('healthy'),
  restartBackoff: STATE_SERIES.indexOf('restartBackoff'),
  gaveUp: STATE_SERIES.indexOf('gaveUp'),
};

/** Receives every start attempt's verdict as it happens (the replication's statistics). */
export interface AttemptObserver {
  /** Phase 3 ended for this attempt: null cause = passed. */
  phase3Ended(attempt: number, duration: number, cause: FailureCause | null): void;
  /** The attempt ended (or is cut by the horizon when `outcome` is 'unfinished'). */
  attemptEnded(record: StartRecord): void;
  /** The container became healthy (all 7 phases done). */
  healthy(container: number): void;
  /**
   * Cloud Run's startup probe killed the attempt before Phase 3 began (no Phase 3 verdict) or, `afterPhase3`, after it
   * passed (a Phase 3 pass, already reported, in a start that failed all the same).
   */
  killedOutsidePhase3(afterPhase3: boolean): void;
}

/** Open the startup connections concurrently (asyncio.gather): the first failure fails the phase. */
function* openConcurrently(a: Attempt, n: number): Step<StepResult> {
  const { sim } = a.world;
  const done = new Signal(sim);
  let remaining = n;
  let failure: StepResult = null;
  const report = (r: StepResult): void => {
    if (done.fired) return;
    if (r !== null) failure = r;
    else remaining--;
    if (r !== null || remaining === 0) done.fire();
  };
  // Each opener checks out one connection and holds it until all are open.
  const openers: Checkout[] = [];
  for (let i = 0; i < n; i++) openers.push(sim.start(new Checkout(a, report)));
  const finished = yield done.wait(a.phaseDeadline);
  if (!finished || failure !== null) {
    // The app raises: in-flight connects die with the process.
    for (const c of openers) c.kill();
    return failure ?? 'init_timeout';
  }
  for (let i = 0; i < n; i++) checkin(a);
  return null;
}

function* phase3(a: Attempt): Step<StepResult> {
  const n = startupConnections(a.world.scenario);
  const opened = a.world.scenario.phase3.opening === 'serial' || n === 1 ? yield* openSerially(a, n) : yield* openConcurrently(a, n);
  if (opened !== null) return opened;
  const setup = yield* tableSetup(a);
  if (setup !== null) return setup;
  return yield* healthCheck(a);
}

/**
 * One container over its whole life: phases 1–7 in order; a Phase 3 failure exits with code 3 and, if
 * restarts are on, the container starts over after a growing backoff and joins the storm again. Cloud Run's
 * startup probe bounds the whole start: a container not yet listening (all 7 phases done) that long after it
 * started is killed and restarted the same way.
 */
export function* containerLife(world: World, index: number, startAt: number, observer: AttemptObserver, rng: Rng): ProcessBody {
  const { sim, scenario } = world;
  const { restart } = scenario;
  const setState = (s: number) => (world.containerStates[index] = s);
  const phase3Rng = world.phase3Stream(index);
  yield startAt - sim.now;
  for (let attempt = 0; ; attempt++) {
    const start = sim.now;
    const probeAt = start + scenario.timeouts.startupProbe;
    const phaseEnds: number[] = [];
    const pool = new ConnectionPool(sim, scenario.pool.poolSize, scenario.pool.maxOverflow);
    world.pools[index] = pool;
    const current = { attempt, start, phaseEnds, pool };
    world.inFlight[index] = current;
    // The end of this attempt: healthy (null), a Phase 3 failure, or the probe's kill in another phase.
    let cause: FailureCause | null = null;
    let p3Duration: number | null = null;
    let p3End: number | null = null;
    if (yield* timedPhases(world, 0, 2, probeAt, rng, setState, phaseEnds)) {
      cause = 'startup_probe';
      observer.killedOutsidePhase3(false);
    } else {
      setState(3);
      world.trace(index, attempt, 'phase 3 start');
      const p3Start = sim.now;
      const initDeadline = p3Start + scenario.timeouts.initialization;
      // A tie goes to the outer deadline, as for every step: the probe's.
      const probeFirst = probeAt <= initDeadline;
      const a: Attempt = {
        world, pool, rng: phase3Rng,
        phaseDeadline: probeFirst ? probeAt : initDeadline,
        egressReadyAt: scenario.connector.mode === 'direct-vpc-egress' ? start + scenario.connector.directVpcWarmup : 0,
      };
      const result = yield* phase3(a);
      // Every init_timeout is the phase deadline reached: the probe's, when it came first.
      cause = result === 'init_timeout' && probeFirst ? 'startup_probe' : result;
      p3Duration = sim.now - p3Start;
      p3End = sim.now;
      observer.phase3Ended(attempt, p3Duration, cause);
      if (cause !== null) world.noteBreach();
      else {
        phaseEnds.push(sim.now);
        world.trace(index, attempt, 'phase 3 passed');
        if (yield* timedPhases(world, 3, 7, probeAt, rng, setState, phaseEnds)) {
          cause = 'startup_probe';
          observer.killedOutsidePhase3(true);
        }
      }
    }
    if (cause === null) {
      setState(ContainerState.healthy);
      world.inFlight[index] = null;
      world.trace(index, attempt, 'healthy');
      observer.healthy(index);
      observer.attemptEnded(record(index, attempt, start, phaseEnds, p3Duration, p3End, sim.now, 'healthy', pool.established));
      return;
    }
    world.inFlight[index] = null;
    world.trace(index, attempt, cause === 'startup_probe' ? 'killed by the startup probe' : `exit ${PHASE3_EXIT_CODE}: ${cause}`);
    const held = pool.established;
    world.closeConnections(pool.closeAll(), scenario.cloudSql.releaseDelay);
    observer.attemptEnded(record(index, attempt, start, phaseEnds, p3Duration, p3End, sim.now, cause, held));
    if (!restart.enabled || attempt >= restart.maxRestarts) {
      setState(ContainerState.gaveUp);
      return;
    }
    setState(ContainerState.restartBackoff);
    yield restartBackoff(restart, attempt);
    // Counted once the restart happens: a backoff the horizon cuts short is no restart.
    world.restarts++;
  }
}

/**
 * Phases `from` … `to` − 1 (0-based) in order, each ending in `phaseEnds`; true if the startup probe (at `probeAt`)
 * killed the container first. Each duration is drawn even when the probe cuts it, so the container's stream stays
 * aligned with a scenario whose probe allows more (common random numbers).
 */
function* timedPhases(
  world: World, from: number, to: number, probeAt: number, rng: Rng, setState: (s: number) => void, phaseEnds: number[],
): Generator<number, boolean, unknown> {
  const { sim } = world;
  for (let phase = from; phase < to; phase++) {
    setState(phase + 1);
    const d = world.phaseSamplers[phase](rng);
    // Listening comes only after the last phase, so a phase that would end at the probe's time is cut too.
    if (sim.now + d >= probeAt) {
      yield probeAt - sim.now;
      return true;
    }
    yield d;
    phaseEnds.push(sim.now);
  }
  return false;
}

export function record(
  container: number, attempt: number, start: number, phaseEnds: number[],
  phase3Duration: number | null, phase3End: number | null, end: number | null, outcome: Outcome, connectionsHeld: number,
): StartRecord {
  return { container, attempt, start, phaseEnds, phase3Duration, phase3End, end, outcome, connectionsHeld };
}

/**
 * The backoff before restart number attempt + 1: initial · multiplier^attempt, capped. A product of multiplications,
 * not `**`: exponentiation is the JavaScript engine's own (browser and Node could differ in its last bits), a product
 * is IEEE's. It stops at the cap, so it never overflows to Infinity (and 0 × Infinity to NaN).
 */
export function restartBackoff(restart: { initialBackoff: number; multiplier: number; cap: number }, attempt: number): number {
  let backoff = restart.initialBackoff;
  for (let k = 0; k < attempt && backoff < restart.cap && backoff > 0; k++) backoff *= restart.multiplier;
  return Math.min(restart.cap, backoff);
}
