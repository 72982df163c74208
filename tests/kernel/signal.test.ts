/** Signal: a one-shot event. Exact [name, time] traces. */
import { describe, expect, it } from 'vitest';
import { tracedSimulation } from '../helpers/trace';
import { Signal, type ProcessBody } from '../../sim-core/kernel';

function setup() {
  const { sim, trace, log } = tracedSimulation();
  const sig = new Signal(sim);
  function* waiter(name: string, deadline = Infinity): ProcessBody {
    const ok = yield sig.wait(deadline);
    log(`${name} ${ok ? 'woke' : 'timed out'}`);
  }
  return { sim, sig, trace, log, waiter };
}

describe('Signal', () => {
  it('fire() wakes every waiter in wait order, after the firing step, at the firing time', () => {
    const { sim, sig, trace, log, waiter } = setup();
    sim.process(waiter('A'));
    sim.process(waiter('B'));
    sim.process(waiter('C'));
    sim.at(4, () => {
      sig.fire();
      log('fired');
    });
    sim.at(4, () => log('next cb'));
    sim.run();
    expect(trace).toEqual([
      ['fired', 4],
      ['A woke', 4],
      ['B woke', 4],
      ['C woke', 4],
      ['next cb', 4],
    ]);
    expect(sig.fired).toBe(true);
    expect(sig.waiting).toBe(0);
  });

  it('with a deadline: false at the deadline if the signal has not fired, and a later fire skips it', () => {
    const { sim, sig, trace, log, waiter } = setup();
    sim.process(waiter('early quitter', 2));
    sim.process(waiter('patient', 10));
    sim.at(5, () => {
      expect(sig.waiting).toBe(1);
      sig.fire();
      log('fired');
    });
    sim.run();
    expect(trace).toEqual([
      ['early quitter timed out', 2],
      ['fired', 5],
      ['patient woke', 5],
    ]);
    expect(sim.now).toBe(5); // the patient waiter's deadline entry at 10 was stale: no event moved the clock
  });

  it('waiting on a fired signal resumes true at once, with no event', () => {
    const { sim, sig, trace, waiter } = setup();
    sig.fire();
    sim.process(waiter('late', 0));
    sim.run();
    expect(trace).toEqual([['late woke', 0]]);
    expect(sim.eventCount).toBe(1); // the start only
  });

  it('fire and deadline at the same instant: whichever the kernel handles first wins', () => {
    // Deadline entry inserted first (when the waiter runs at time 0), fire callback inserted after it.
    const a = setup();
    a.sim.process(a.waiter('W', 3));
    a.sim.run(0);
    a.sim.at(3, () => a.sig.fire());
    a.sim.run();
    expect(a.trace).toEqual([['W timed out', 3]]);
    // Fire callback inserted first.
    const b = setup();
    b.sim.at(3, () => b.sig.fire());
    b.sim.process(b.waiter('W', 3));
    b.sim.run();
    expect(b.trace).toEqual([['W woke', 3]]);
  });

  it('a signal fired from a process wakes waiters after that process step', () => {
    const { sim, sig, trace, log, waiter } = setup();
    sim.process(waiter('A'));
    sim.process(
      (function* (): ProcessBody {
        yield 1;
        sig.fire();
        log('firer continues');
        yield 0;
        log('firer after zero hold');
      })(),
    );
    sim.run();
    expect(trace).toEqual([
      ['firer continues', 1],
      ['A woke', 1],
      ['firer after zero hold', 1],
    ]);
  });
});
