/**
 * Activities: processes written as methods instead of generators. Same order as processes (exact traces worked
 * out by hand), waits with deadlines, kill with the `killed` hook, misuse reported, and a property: a random
 * resource-sharing model written both ways gives the identical trace and event count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tracedSimulation } from '../helpers/trace';
import { Activity, Resource, Signal, Simulation, SimulationError, type ProcessBody, type Wake } from '../../sim-core/kernel';

type Log = (name: string) => void;

/** Holds `a`, then `b`, logging each step. */
class TwoHolds extends Activity {
  constructor(
    sim: Simulation,
    private readonly name: string,
    private readonly a: number,
    private readonly b: number,
    private readonly log: Log,
  ) {
    super(sim);
  }
  begin(): void {
    this.log(`${this.name}0`);
    this.hold(this.a, this.first);
  }
  private first(wake: Wake): void {
    this.log(`${this.name}1 ${String(wake)}`);
    this.hold(this.b, this.second);
  }
  private second(): void {
    this.log(`${this.name}2`);
  }
}

/** Asks for a unit until `deadline`, holds it `service` seconds, releases it; `killed` releases what it holds. */
class User extends Activity {
  private holding = false;
  constructor(
    sim: Simulation,
    private readonly res: Resource,
    private readonly name: string,
    private readonly service: number,
    private readonly log: Log,
    private readonly deadline = Infinity,
  ) {
    super(sim);
  }
  begin(): void {
    this.wait(this.res.request(this.deadline), this.granted);
  }
  private granted(ok: Wake): void {
    this.log(`${this.name} ${ok ? 'granted' : 'gave up'}`);
    if (!ok) return;
    this.holding = true;
    this.hold(this.service, this.done_);
  }
  private done_(): void {
    this.holding = false;
    this.res.release();
    this.log(`${this.name} released`);
  }
  override killed(): void {
    if (this.holding) this.res.release();
    this.log(`${this.name} killed`);
  }
}

describe('activity order', () => {
  it('starts on the ready list, holds through the calendar, ties by scheduling order (as processes)', () => {
    const { sim, trace, log } = tracedSimulation();
    sim.start(new TwoHolds(sim, 'a', 2.5, 1, log));
    sim.start(new TwoHolds(sim, 'b', 3.5, 1, log));
    sim.run();
    expect(trace).toEqual([
      ['a0', 0],
      ['b0', 0],
      ['a1 undefined', 2.5],
      ['b1 undefined', 3.5],
      ['a2', 3.5],
      ['b2', 4.5],
    ]);
    expect(sim.eventCount).toBe(6); // 2 starts + 4 hold ends
  });

  it('interleaves with generator processes exactly as another process would', () => {
    const { sim, trace, log } = tracedSimulation();
    function* p(): ProcessBody {
      log('p0');
      yield 1;
      log('p1');
    }
    sim.start(new TwoHolds(sim, 'a', 1, 0, log));
    sim.process(p());
    sim.run();
    // At t = 1 a's hold end comes first (scheduled first); its zero hold goes on the ready list, which is
    // drained before the next calendar event, so a2 runs before p's hold end.
    expect(trace).toEqual([
      ['a0', 0],
      ['p0', 0],
      ['a1 undefined', 1],
      ['a2', 1],
      ['p1', 1],
    ]);
  });

  it('a free unit is taken inline: the next step runs within the same event', () => {
    const { sim, trace, log } = tracedSimulation();
    const res = new Resource(sim, 1);
    sim.start(new User(sim, res, 'A', 2, log));
    sim.start(new User(sim, res, 'B', 1, log));
    sim.run();
    expect(trace).toEqual([
      ['A granted', 0],
      ['A released', 2],
      ['B granted', 2],
      ['B released', 3],
    ]);
    // 2 starts + A's hold end + B's grant (ready list) + B's hold end
    expect(sim.eventCount).toBe(5);
    expect(res.inUse).toBe(0);
  });

  it('a waiter whose deadline comes first resumes false and is never granted later', () => {
    const { sim, trace, log } = tracedSimulation();
    const res = new Resource(sim, 1);
    sim.start(new User(sim, res, 'A', 5, log));
    sim.start(new User(sim, res, 'B', 1, log, 3));
    sim.start(new User(sim, res, 'C', 1, log));
    sim.run();
    expect(trace).toEqual([
      ['A granted', 0],
      ['B gave up', 3],
      ['A released', 5],
      ['C granted', 5],
      ['C released', 6],
    ]);
  });

  it('waits on a signal, and a fired signal satisfies a later wait inline', () => {
    const { sim, trace, log } = tracedSimulation();
    const signal = new Signal(sim);
    class Listener extends Activity {
      constructor(private readonly name: string) {
        super(sim);
      }
      begin(): void {
        this.wait(signal.wait(10), this.heard);
      }
      private heard(fired: Wake): void {
        log(`${this.name} ${String(fired)}`);
      }
    }
    sim.start(new Listener('early'));
    sim.at(2, () => signal.fire());
    sim.at(4, () => void sim.start(new Listener('late')));
    sim.run();
    expect(trace).toEqual([
      ['early true', 2],
      ['late true', 4],
    ]);
  });

  it('a step that names no next step ends the activity', () => {
    const { sim, log } = tracedSimulation();
    const a = sim.start(new TwoHolds(sim, 'a', 1, 1, log));
    expect(a.done).toBe(false);
    sim.run();
    expect(a.done).toBe(true);
  });
});

describe('activity kill', () => {
  it('while holding a unit: killed() releases it, the next waiter is granted, no later step runs', () => {
    const { sim, trace, log } = tracedSimulation();
    const res = new Resource(sim, 1);
    const a = sim.start(new User(sim, res, 'A', 10, log));
    sim.start(new User(sim, res, 'B', 1, log));
    sim.at(3, () => a.kill());
    sim.run();
    expect(trace).toEqual([
      ['A granted', 0],
      ['A killed', 3],
      ['B granted', 3],
      ['B released', 4],
    ]);
    expect(a.done).toBe(true);
    a.kill(); // a no-op once done
  });

  it('while queued: it leaves the queue and is never granted', () => {
    const { sim, trace, log } = tracedSimulation();
    const res = new Resource(sim, 1);
    sim.start(new User(sim, res, 'A', 2, log));
    const b = sim.start(new User(sim, res, 'B', 1, log));
    sim.start(new User(sim, res, 'C', 1, log));
    sim.at(1, () => b.kill());
    sim.run();
    expect(trace.map((t) => t[0])).toEqual(['A granted', 'B killed', 'A released', 'C granted', 'C released']);
    expect(res.queueLength).toBe(0);
  });

  it('granted but not yet resumed: the unit goes back to the resource', () => {
    const { sim, trace, log } = tracedSimulation();
    const res = new Resource(sim, 1);
    let b: User | null = null;
    /** Holds the unit 2 s, then releases it (handing it to B through the ready list) and kills B at once. */
    class Releaser extends Activity {
      begin(): void {
        this.wait(res.request(), this.got);
      }
      private got(): void {
        this.hold(2, this.letGo);
      }
      private letGo(): void {
        res.release();
        b!.kill();
      }
    }
    sim.start(new Releaser(sim));
    b = sim.start(new User(sim, res, 'B', 1, log));
    sim.run();
    expect(trace).toEqual([['B killed', 2]]);
    expect(b.done).toBe(true);
    expect(res.inUse).toBe(0);
    expect(res.queueLength).toBe(0);
  });
});

describe('activity misuse', () => {
  it('two next steps in one step, a negative delay, a non-Wait, a double start and a NaN deadline are SimulationErrors', () => {
    class Twice extends Activity {
      begin(): void {
        this.hold(1, this.begin);
        this.hold(1, this.begin);
      }
    }
    const sim1 = new Simulation();
    sim1.start(new Twice(sim1));
    expect(() => sim1.run()).toThrow(/two next steps/);

    class Negative extends Activity {
      begin(): void {
        this.hold(-1, this.begin);
      }
    }
    const sim2 = new Simulation();
    sim2.start(new Negative(sim2));
    expect(() => sim2.run()).toThrow(SimulationError);

    class NotAWait extends Activity {
      begin(): void {
        this.wait(42 as never, this.begin);
      }
    }
    const sim3 = new Simulation();
    sim3.start(new NotAWait(sim3));
    expect(() => sim3.run()).toThrow(/expected a Wait/);

    const sim4 = new Simulation();
    const a = sim4.start(new TwoHolds(sim4, 'a', 1, 1, () => {}));
    expect(() => sim4.start(a)).toThrow(/started twice/);

    // acquire checks its deadline as request() does.
    const sim5 = new Simulation();
    const unit = new Resource(sim5, 1);
    class NaNDeadline extends Activity {
      begin(): void {
        this.acquire(unit, NaN, this.begin);
      }
    }
    sim5.start(new NaNDeadline(sim5));
    expect(() => sim5.run()).toThrow(/invalid deadline NaN/);
    expect(unit.inUse).toBe(0);
  });

  it('scheduling from outside its own running step is refused', () => {
    const sim = new Simulation();
    class Outsider extends Activity {
      begin(): void {
        this.hold(5, this.begin);
      }
      poke(): void {
        this.hold(1, this.begin);
      }
    }
    const a = sim.start(new Outsider(sim));
    sim.at(1, () => a.poke());
    expect(() => sim.run(2)).toThrow(/own running step/);
  });

  it('an activity that throws is ended, and the simulation can go on', () => {
    const sim = new Simulation();
    class Boom extends Activity {
      begin(): void {
        throw new Error('boom');
      }
    }
    const a = sim.start(new Boom(sim));
    expect(() => sim.run()).toThrow('boom');
    expect(a.done).toBe(true);
    sim.at(1, () => {});
    sim.run();
    expect(sim.now).toBe(1);
  });
});

describe('activity robustness', () => {
  it('a step that throws after joining a queue leaves it: the resource keeps granting', () => {
    const sim = new Simulation();
    const res = new Resource(sim, 1);
    sim.process(
      (function* (): ProcessBody {
        yield res.request();
        yield 5;
        res.release();
      })(),
    );
    let cleanedUp = 0;
    class Thrower extends Activity {
      begin(): void {
        this.wait(res.request(), this.begin);
        throw new Error('boom after wait');
      }
      override killed(): void {
        cleanedUp++;
      }
    }
    const t = sim.start(new Thrower(sim));
    expect(() => sim.run()).toThrow('boom after wait');
    expect(t.done).toBe(true);
    expect(cleanedUp).toBe(1);
    expect(res.queueLength).toBe(0);
    let granted: Wake;
    sim.at(6, () => {
      sim.process(
        (function* (): ProcessBody {
          granted = yield res.request(7);
        })(),
      );
    });
    sim.run();
    expect(granted!).toBe(true);
    expect(res.inUse).toBe(1);
  });

  it('a long chain of waits settled at once runs in a loop, not by recursion (no stack overflow)', () => {
    const sim = new Simulation();
    const signal = new Signal(sim);
    signal.fire();
    const order: string[] = [];
    let n = 0;
    class Chain extends Activity {
      begin(): void {
        this.next();
      }
      private next(): void {
        if (n++ < 100_000) this.wait(signal.wait(), this.next);
        if (n === 1) order.push('after wait, same step');
      }
    }
    sim.start(new Chain(sim));
    sim.run();
    expect(n).toBe(100_001);
    // Code after this.wait(…) runs before the next step, settled at once or not.
    expect(order).toEqual(['after wait, same step']);
    expect(sim.eventCount).toBe(1); // the start; every wait was settled inline
  });

  it('killed before its first step: killed() does not run (as a generator killed before it starts skips its finally)', () => {
    const { sim, trace, log } = tracedSimulation();
    const res = new Resource(sim, 1);
    const a = sim.start(new User(sim, res, 'A', 1, log));
    a.kill();
    sim.run();
    expect(trace).toEqual([]);
    expect(a.done).toBe(true);
    expect(res.inUse).toBe(0);
  });

  it('parked with hold(Infinity): no event; a kill ends it and runs killed() once', () => {
    const sim = new Simulation();
    let killed = 0;
    class Parked extends Activity {
      begin(): void {
        this.hold(Infinity, this.begin);
      }
      override killed(): void {
        killed++;
      }
    }
    const a = sim.start(new Parked(sim));
    sim.run();
    expect(sim.eventCount).toBe(1);
    expect(a.done).toBe(false);
    a.kill();
    a.kill();
    expect(a.done).toBe(true);
    expect(killed).toBe(1);
  });

  it('a stale deadline never wakes the activity that reuses a killed one\'s slot', () => {
    const { sim, trace, log } = tracedSimulation();
    const res = new Resource(sim, 1);
    sim.start(new User(sim, res, 'A', 10, log));
    const b = sim.start(new User(sim, res, 'B', 1, log, 5)); // queued with a deadline at 5
    sim.at(1, () => {
      b.kill();
      sim.start(new TwoHolds(sim, 'c', 3, 3, log)); // takes B's slot; its holds end at 4 and 7
    });
    sim.run();
    expect(trace).toEqual([
      ['A granted', 0],
      ['B killed', 1],
      ['c0', 1],
      ['c1 undefined', 4],
      ['c2', 7],
      ['A released', 10],
    ]);
  });
});

describe('activities and processes are interchangeable', () => {
  /**
   * Customers: arrive, maybe wait for a signal (fired at 7), wait for one of `c` units until a patience
   * deadline, maybe kill the customer before them, hold, release. Some are killed from a callback.
   */
  interface Customer {
    arrive: number;
    patience: number;
    service: number;
    killAt: number | null;
    killsPrevious: boolean;
    listens: boolean;
  }
  interface Outcome {
    trace: string[];
    events: number;
    inUse: number;
    queued: number;
  }
  function world(c: number) {
    const sim = new Simulation();
    const trace: string[] = [];
    const log = (what: string) => trace.push(`${sim.now} ${what}`);
    const res = new Resource(sim, c);
    const signal = new Signal(sim);
    sim.at(7, () => signal.fire());
    return { sim, trace, log, res, signal };
  }
  function finish(w: ReturnType<typeof world>, customers: Customer[], handles: { kill(): void }[]): Outcome {
    customers.forEach((k, i) => {
      if (k.killAt !== null) w.sim.at(k.killAt, () => handles[i].kill());
    });
    w.sim.run();
    return { trace: w.trace, events: w.sim.eventCount, inUse: w.res.inUse, queued: w.res.queueLength };
  }
  function asProcesses(c: number, customers: Customer[]): Outcome {
    const w = world(c);
    const { sim, log, signal, res } = w;
    const handles: { kill(): void }[] = [];
    customers.forEach((k, i) => {
      handles.push(
        sim.process(
          (function* (): ProcessBody {
            let holding = false;
            try {
              yield k.arrive;
              if (k.listens) log(`${i} heard ${String(yield signal.wait(sim.now + k.patience))}`);
              const ok = yield res.request(sim.now + k.patience);
              log(`${i} ${ok ? 'in' : 'left'}`);
              if (!ok) return;
              holding = true;
              if (k.killsPrevious && i > 0) handles[i - 1].kill();
              yield k.service;
              holding = false;
              res.release();
              log(`${i} out`);
            } finally {
              if (holding) res.release();
              log(`${i} end`);
            }
          })(),
        ),
      );
    });
    return finish(w, customers, handles);
  }
  /** `acquire`: ask with `this.acquire(res, deadline, next)` instead of `this.wait(res.request(deadline), next)`. */
  function asActivities(c: number, customers: Customer[], acquire = false): Outcome {
    const w = world(c);
    const { sim, log, signal, res } = w;
    const handles: { kill(): void }[] = [];
    class Visit extends Activity {
      private holding = false;
      constructor(
        private readonly i: number,
        private readonly k: Customer,
      ) {
        super(sim);
      }
      begin(): void {
        this.hold(this.k.arrive, this.arrived);
      }
      private arrived(): void {
        if (this.k.listens) this.wait(signal.wait(sim.now + this.k.patience), this.heard);
        else this.ask();
      }
      private heard(fired: Wake): void {
        log(`${this.i} heard ${String(fired)}`);
        this.ask();
      }
      private ask(): void {
        if (acquire) this.acquire(res, sim.now + this.k.patience, this.served);
        else this.wait(res.request(sim.now + this.k.patience), this.served);
      }
      private served(ok: Wake): void {
        log(`${this.i} ${ok ? 'in' : 'left'}`);
        if (!ok) return void log(`${this.i} end`);
        this.holding = true;
        if (this.k.killsPrevious && this.i > 0) handles[this.i - 1].kill();
        this.hold(this.k.service, this.leave);
      }
      private leave(): void {
        this.holding = false;
        res.release();
        log(`${this.i} out`);
        log(`${this.i} end`);
      }
      override killed(): void {
        if (this.holding) res.release();
        log(`${this.i} end`);
      }
    }
    customers.forEach((k, i) => handles.push(sim.start(new Visit(i, k))));
    return finish(w, customers, handles);
  }

  it('the same random model gives the identical trace, event count and resource state both ways (and with acquire)', () => {
    // Integer times make ties common, which is where order matters; zero holds and patience hit the ready list
    // and past deadlines; kills come from callbacks and from other customers' steps.
    const customer = fc.record({
      arrive: fc.integer({ min: 0, max: 8 }),
      patience: fc.integer({ min: 0, max: 4 }),
      service: fc.integer({ min: 0, max: 5 }),
      killAt: fc.option(fc.integer({ min: 0, max: 12 })),
      killsPrevious: fc.boolean(),
      listens: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(customer, { maxLength: 20 }), (c, customers) => {
        const processes = asProcesses(c, customers);
        expect(asActivities(c, customers)).toEqual(processes);
        expect(asActivities(c, customers, true)).toEqual(processes);
      }),
      { numRuns: 500 },
    );
  });
});
