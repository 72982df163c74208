/**
 * Event order, as documented in sim-core/kernel/simulation.ts: calendar by (time, insertion sequence); work
 * due now (starts, grants, signal wakes, zero holds) through a FIFO ready list drained before the next
 * calendar event. Every expectation here is an exact trace of [name, time] pairs, worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { tracedSimulation } from '../helpers/trace';
import { Resource, type ProcessBody } from '../../sim-core/kernel';

describe('holds', () => {
  it('resume after the held time; equal times resolve by scheduling order', () => {
    const { sim, trace, log } = tracedSimulation();
    function* a(): ProcessBody {
      log('a0');
      yield 2.5;
      log('a1');
      yield 1; // ends at 3.5, scheduled at 2.5: after b's end, which was scheduled at 0
      log('a2');
    }
    function* b(): ProcessBody {
      log('b0');
      yield 3.5;
      log('b1');
    }
    sim.process(a());
    sim.process(b());
    sim.run();
    expect(trace).toEqual([
      ['a0', 0],
      ['b0', 0],
      ['a1', 2.5],
      ['b1', 3.5],
      ['a2', 3.5],
    ]);
    // 2 starts (ready list) + 3 hold ends (calendar)
    expect(sim.eventCount).toBe(5);
    expect(sim.now).toBe(3.5);
  });

  it('a hold yields undefined to the body', () => {
    const { sim } = tracedSimulation();
    const got: unknown[] = [];
    sim.process(
      (function* (): ProcessBody {
        got.push(yield 1);
      })(),
    );
    sim.run();
    expect(got).toEqual([undefined]);
  });

  it('yield Infinity parks the process: no event, run() ends, now stays', () => {
    const { sim, trace, log } = tracedSimulation();
    const p = sim.process(
      (function* (): ProcessBody {
        log('parked');
        yield Infinity;
        log('never');
      })(),
    );
    sim.after(2, () => log('cb'));
    sim.run();
    expect(trace).toEqual([
      ['parked', 0],
      ['cb', 2],
    ]);
    expect(sim.now).toBe(2);
    expect(p.done).toBe(false);
  });
});

describe('same-time ties', () => {
  it('calendar callbacks at one time run in insertion order', () => {
    const { sim, trace, log } = tracedSimulation();
    sim.at(5, () => log('x'));
    sim.at(1, () => log('y'));
    sim.at(5, () => log('z'));
    sim.after(5, () => log('w'));
    sim.run();
    expect(trace).toEqual([
      ['y', 1],
      ['x', 5],
      ['z', 5],
      ['w', 5],
    ]);
  });

  it('work made ready by a calendar event runs before the next calendar event at the same time', () => {
    const { sim, trace, log } = tracedSimulation();
    function* p(name: string): ProcessBody {
      log(name);
    }
    sim.at(1, () => {
      log('cb1');
      sim.process(p('P'));
      sim.process(p('Q'));
    });
    sim.at(1, () => log('cb2'));
    sim.run();
    expect(trace).toEqual([
      ['cb1', 1],
      ['P', 1],
      ['Q', 1],
      ['cb2', 1],
    ]);
  });

  it('the ready list is drained before calendar events due at the same time, even ones scheduled earlier', () => {
    const { sim, trace, log } = tracedSimulation();
    sim.at(0, () => log('cb at 0'));
    sim.process(
      (function* (): ProcessBody {
        log('A0');
        yield 0;
        log('A1');
      })(),
    );
    sim.process(
      (function* (): ProcessBody {
        log('B0');
      })(),
    );
    sim.run();
    expect(trace).toEqual([
      ['A0', 0],
      ['B0', 0],
      ['A1', 0], // zero hold: back of the ready list, still before the calendar
      ['cb at 0', 0],
    ]);
  });

  it('a process started from a process runs after the parent step and after work already ready', () => {
    const { sim, trace, log } = tracedSimulation();
    sim.process(
      (function* (): ProcessBody {
        log('parent start');
        sim.process(
          (function* (): ProcessBody {
            log('child');
          })(),
        );
        log('parent continues');
        yield 0;
        log('parent after zero hold');
      })(),
    );
    sim.process(
      (function* (): ProcessBody {
        log('sibling');
      })(),
    );
    sim.run();
    expect(trace).toEqual([
      ['parent start', 0],
      ['parent continues', 0],
      ['sibling', 0],
      ['child', 0],
      ['parent after zero hold', 0],
    ]);
  });

  it('a grant handed over by release() resumes after the releasing step, before later calendar events', () => {
    const { sim, trace, log } = tracedSimulation();
    const res = new Resource(sim, 1);
    sim.process(
      (function* (): ProcessBody {
        yield res.request();
        log('A granted');
        yield 2;
        res.release();
        log('A released');
      })(),
    );
    sim.process(
      (function* (): ProcessBody {
        sim.at(2, () => log('late cb')); // scheduled after A's hold end
        yield res.request();
        log('B granted');
      })(),
    );
    sim.at(2, () => log('early cb')); // scheduled before run(), so before A's hold end
    sim.run();
    expect(trace).toEqual([
      ['A granted', 0],
      ['early cb', 2],
      ['A released', 2],
      ['B granted', 2],
      ['late cb', 2],
    ]);
  });
});

describe('run(until) and stop()', () => {
  it('handles events with time <= until, then sets now = until; a later run continues', () => {
    const { sim, trace, log } = tracedSimulation();
    sim.at(1, () => log('1'));
    sim.at(2, () => log('2'));
    sim.at(3, () => log('3'));
    sim.run(2);
    expect(trace).toEqual([
      ['1', 1],
      ['2', 2],
    ]);
    sim.run(2.5);
    expect(sim.now).toBe(2.5);
    sim.run();
    expect(trace.at(-1)).toEqual(['3', 3]);
    expect(sim.now).toBe(3);
  });

  it('stop() from inside an event returns after that step; now stays; run() resumes where it stopped', () => {
    const { sim, trace, log } = tracedSimulation();
    sim.at(1, () => {
      log('a');
      sim.stop();
    });
    sim.at(1, () => log('b'));
    sim.at(4, () => log('c'));
    sim.run(10);
    expect(trace).toEqual([['a', 1]]);
    expect(sim.now).toBe(1);
    sim.run(10);
    expect(trace).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 4],
    ]);
    expect(sim.now).toBe(10);
  });

  it('stop() from inside a process returns after its step, leaving ready work for the next run', () => {
    const { sim, trace, log } = tracedSimulation();
    sim.process(
      (function* (): ProcessBody {
        log('P');
        sim.stop();
      })(),
    );
    sim.process(
      (function* (): ProcessBody {
        log('Q');
      })(),
    );
    sim.run();
    expect(trace).toEqual([['P', 0]]);
    sim.run();
    expect(trace).toEqual([
      ['P', 0],
      ['Q', 0],
    ]);
  });

  it("a handled event's calendar entry is freed only after the work it made ready ran, however that work ends: nothing lost, nothing run twice", () => {
    // The handled event's heap entry stays while its ready work runs, so the first hold that work schedules can
    // take its place (simulation.ts, schedule()). Whatever ends the drain, the entry must go exactly once.
    for (const ending of ['stop', 'throw', 'none'] as const) {
      const { sim, trace, log } = tracedSimulation();
      const res = new Resource(sim, 1);
      sim.process(
        (function* (): ProcessBody {
          yield res.request();
          yield 1;
          res.release(); // hands the unit to W through the ready list, in this calendar event
          log('A released');
        })(),
      );
      sim.process(
        (function* (): ProcessBody {
          yield res.request();
          log('W granted');
          sim.at(1, () => log('same-time cb')); // due now, after W's step: from the calendar, not the ready list
          if (ending === 'stop') sim.stop();
          if (ending === 'throw') throw new Error('model bug');
          yield 0.5;
          log('W held');
        })(),
      );
      sim.at(2, () => log('late cb'));
      if (ending === 'throw') expect(() => sim.run()).toThrow('model bug');
      else sim.run();
      sim.run();
      const w = ending === 'throw' ? [] : [['W held', 1.5]];
      expect(trace, ending).toEqual([['A released', 1], ['W granted', 1], ['same-time cb', 1], ...w, ['late cb', 2]]);
    }
  });

  it('stop() outside run() does nothing', () => {
    const { sim, trace, log } = tracedSimulation();
    sim.stop();
    sim.at(1, () => log('a'));
    sim.run();
    expect(trace).toEqual([['a', 1]]);
  });
});
