/** Process.kill(): pending waits are cancelled, `finally` blocks run synchronously, queues stay clean. */
import { describe, expect, it } from 'vitest';
import { tracedSimulation } from '../helpers/trace';
import { Process, Resource, Signal, Simulation, SimulationError, type ProcessBody } from '../../sim-core/kernel';

function setup(capacity = 1) {
  const { sim, trace, log } = tracedSimulation();
  const res = new Resource(sim, capacity);
  /** Model-code pattern: release in `finally` what was granted. */
  function* user(name: string, service: number, deadline = Infinity): ProcessBody {
    let ok = false;
    try {
      ok = (yield res.request(deadline)) === true;
      log(`${name} ${ok ? 'granted' : 'gave up'}`);
      if (ok) yield service;
    } finally {
      if (ok) res.release();
      log(`${name} finally`);
    }
  }
  return { sim, res, trace, log, user };
}

describe('kill', () => {
  it('while holding: finally runs at kill time and releases; the unit goes to the next waiter; no later resume', () => {
    const { sim, res, trace, user } = setup();
    const a = sim.process(user('A', 10));
    sim.process(user('B', 1));
    sim.at(3, () => a.kill());
    sim.run();
    expect(trace).toEqual([
      ['A granted', 0],
      ['A finally', 3],
      ['B granted', 3],
      ['B finally', 4],
    ]);
    expect(a.done).toBe(true);
    expect(res.inUse).toBe(0);
    expect(sim.now).toBe(4); // A's hold end at 10 was stale
  });

  it('while queued: leaves the queue at once and is never granted', () => {
    const { sim, res, trace, user } = setup();
    sim.process(user('A', 5));
    const b = sim.process(user('B', 1, 8));
    sim.process(user('C', 1));
    sim.at(2, () => {
      expect(res.queueLength).toBe(2);
      b.kill();
      expect(res.queueLength).toBe(1);
    });
    sim.run();
    expect(trace).toEqual([
      ['A granted', 0],
      ['B finally', 2],
      ['A finally', 5],
      ['C granted', 5],
      ['C finally', 6],
    ]);
    expect(sim.now).toBe(6); // B's deadline at 8 was stale
  });

  it('from another process at the instant of a grant: the grantee resumes first, then is killed holding', () => {
    const { sim, res, trace, log, user } = setup();
    sim.process(user('A', 2));
    const b = sim.process(user('B', 1));
    sim.process(user('C', 1));
    sim.process(
      (function* (): ProcessBody {
        yield 2; // ends at 2 like A's hold, but was scheduled after it
        log(`killing B, inUse ${res.inUse}`);
        b.kill();
      })(),
    );
    sim.run();
    // At 2: A's hold end releases and hands the unit to B via the ready list; the ready list is drained
    // before the killer's hold end, so B is granted first and then killed while holding.
    expect(trace).toEqual([
      ['A granted', 0],
      ['A finally', 2],
      ['B granted', 2],
      ['killing B, inUse 1', 2],
      ['B finally', 2],
      ['C granted', 2],
      ['C finally', 3],
    ]);
    expect(res.inUse).toBe(0);
  });

  it('a grant still on the ready list is revoked when its process is killed in the same step', () => {
    const { sim, res, trace, log, user } = setup();
    const b = sim.process(user('B', 1));
    sim.process(user('C', 1));
    res.tryAcquire(); // the outside world holds the only unit; B then C queue
    sim.at(2, () => {
      res.release(); // hands the unit to B via the ready list
      log(`B's grant pending, inUse ${res.inUse}, queue ${res.queueLength}`);
      b.kill(); // B never resumes: the unit must go on to C
      log(`after kill, inUse ${res.inUse}, queue ${res.queueLength}`);
    });
    sim.run();
    expect(trace).toEqual([
      ["B's grant pending, inUse 1, queue 1", 2],
      ['B finally', 2],
      ['after kill, inUse 1, queue 0', 2],
      ['C granted', 2],
      ['C finally', 3],
    ]);
    expect(res.inUse).toBe(0);
  });

  it('while waiting on a signal: the fire skips it', () => {
    const sim = new Simulation();
    const sig = new Signal(sim);
    const woke: string[] = [];
    const mk = (name: string) =>
      sim.process(
        (function* (): ProcessBody {
          if (yield sig.wait()) woke.push(name);
        })(),
      );
    mk('A');
    const b = mk('B');
    mk('C');
    sim.at(1, () => b.kill());
    sim.at(2, () => sig.fire());
    sim.run();
    expect(woke).toEqual(['A', 'C']);
    expect(sig.waiting).toBe(0);
  });

  it('before its first step: the body never runs', () => {
    const { sim, trace, log } = setup();
    const p = sim.process(
      (function* (): ProcessBody {
        try {
          log('ran');
        } finally {
          log('finally');
        }
      })(),
    );
    p.kill();
    sim.run();
    expect(trace).toEqual([]);
    expect(p.done).toBe(true);
  });

  it('killing a done process is a no-op; killing oneself is a SimulationError', () => {
    const { sim } = setup();
    const p = sim.process((function* (): ProcessBody {})());
    sim.run();
    expect(p.done).toBe(true);
    p.kill();
    let caught: unknown;
    const handle: { self?: Process } = {};
    const self = sim.process(
      (function* (): ProcessBody {
        try {
          handle.self!.kill();
        } catch (e) {
          caught = e;
        }
      })(),
    );
    handle.self = self;
    sim.run();
    expect(caught).toBeInstanceOf(SimulationError);
    expect(self.done).toBe(true);
  });

  it('a finally block that yields while being killed is ended anyway and reported', () => {
    const { sim } = setup();
    const p = sim.process(
      (function* (): ProcessBody {
        try {
          yield 5;
        } finally {
          yield 1; // model bug: a killed process cannot wait
        }
      })(),
    );
    sim.run(1);
    expect(() => p.kill()).toThrow('a killed process yielded from a finally block; it was ended anyway');
    expect(p.done).toBe(true);
    sim.run();
    expect(sim.now).toBe(1); // nothing left on the calendar
  });
});
