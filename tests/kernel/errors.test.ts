/** Misuse is rejected with a SimulationError whose message names the offending value. */
import { describe, expect, it } from 'vitest';
import { Resource, Signal, Simulation, SimulationError, type ProcessBody, type Wait } from '../../sim-core/kernel';

/** Runs a one-step process that yields `value` and returns what the body caught. */
function caughtFromYield(value: unknown): unknown {
  const sim = new Simulation();
  let caught: unknown;
  sim.process(
    (function* (): ProcessBody {
      try {
        yield value as number;
      } catch (e) {
        caught = e;
      }
    })(),
  );
  sim.run();
  return caught;
}

function expectSimError(fn: () => unknown, message: string | RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(SimulationError);
  expect(thrown).toBeInstanceOf(Error);
  expect((thrown as Error).name).toBe('SimulationError');
  if (typeof message === 'string') expect((thrown as Error).message).toBe(message);
  else expect((thrown as Error).message).toMatch(message);
}

describe('SimulationError', () => {
  it('a negative or NaN hold is thrown into the body at the yield, where it can be caught', () => {
    expect((caughtFromYield(-3) as Error).message).toBe('negative delay -3');
    expect((caughtFromYield(NaN) as Error).message).toBe('invalid delay NaN');
    expect((caughtFromYield('soon') as Error).message).toBe('a process yielded soon; expected seconds or a Wait');
    expect(caughtFromYield(undefined)).toBeInstanceOf(SimulationError);
  });

  it('uncaught in the body, it propagates out of run() and the process is over', () => {
    const sim = new Simulation();
    const p = sim.process(
      (function* (): ProcessBody {
        yield -3;
      })(),
    );
    expectSimError(() => sim.run(), 'negative delay -3');
    expect(p.done).toBe(true);
  });

  it('rejects callbacks in the past and bad delays', () => {
    const sim = new Simulation();
    sim.run(5);
    expectSimError(() => sim.at(1, () => {}), 'time 1 is before now 5');
    expectSimError(() => sim.at(NaN, () => {}), 'invalid time NaN');
    expectSimError(() => sim.at(Infinity, () => {}), 'invalid time Infinity');
    expectSimError(() => sim.after(-3, () => {}), 'negative delay -3');
    expectSimError(() => sim.after(NaN, () => {}), 'invalid delay NaN');
  });

  it('rejects run(until) before now or NaN, and a nested run()', () => {
    const sim = new Simulation();
    sim.run(5);
    expectSimError(() => sim.run(4), 'until 4 is before now 5');
    expectSimError(() => sim.run(NaN), 'invalid until NaN');
    sim.at(6, () => sim.run());
    expectSimError(() => sim.run(), 'run() called while the simulation is already running');
  });

  it('rejects over-release, bad capacities and NaN deadlines', () => {
    const sim = new Simulation();
    const res = new Resource(sim, 2);
    expectSimError(() => res.release(), 'release() with inUse 0 (capacity 2)');
    expectSimError(() => new Resource(sim, -1), 'capacity must be an integer >= 0, got -1');
    expectSimError(() => new Resource(sim, 1.5), 'capacity must be an integer >= 0, got 1.5');
    expectSimError(() => res.setCapacity(NaN), 'capacity must be an integer >= 0, got NaN');
    expectSimError((): Wait => res.request(NaN), 'invalid deadline NaN');
    expectSimError((): Wait => new Signal(sim).wait(NaN), 'invalid deadline NaN');
  });

  it('rejects firing a signal twice, naming both times', () => {
    const sim = new Simulation();
    const sig = new Signal(sim);
    sig.fire();
    sim.run(2);
    expectSimError(() => sig.fire(), 'signal fired twice (first at 0, again at 2)');
  });

  it('rejects a process body that is not a generator', () => {
    const sim = new Simulation();
    expectSimError(() => sim.process(null as unknown as ProcessBody), 'process() needs a generator, got null');
  });
});
