/** Resource: FIFO grants, inline grants, deadlines, tryAcquire, setCapacity. Exact [name, time] traces. */
import { describe, expect, it } from 'vitest';
import { tracedSimulation } from '../helpers/trace';
import { Resource, Simulation, type ProcessBody } from '../../sim-core/kernel';

function setup(capacity: number) {
  const { sim, trace, log } = tracedSimulation();
  const res = new Resource(sim, capacity);
  /** A customer: ask (optionally until `deadline`), log the outcome, hold `service`, release. */
  function* user(name: string, service: number, deadline = Infinity): ProcessBody {
    const ok = yield res.request(deadline);
    log(`${name} ${ok ? 'granted' : 'gave up'}`);
    if (!ok) return;
    yield service;
    res.release();
    log(`${name} released`);
  }
  return { sim, res, trace, log, user };
}

describe('Resource FIFO', () => {
  it('grants in request order, each as the previous holder releases', () => {
    const { sim, res, trace, user } = setup(1);
    sim.process(user('A', 2));
    sim.process(user('B', 1));
    sim.process(user('C', 1));
    sim.run(0);
    expect([res.inUse, res.queueLength]).toEqual([1, 2]);
    sim.run();
    expect(trace).toEqual([
      ['A granted', 0],
      ['A released', 2],
      ['B granted', 2],
      ['B released', 3],
      ['C granted', 3],
      ['C released', 4],
    ]);
    expect([res.inUse, res.queueLength]).toEqual([0, 0]);
  });

  it('with capacity 2, the third waits for the first release', () => {
    const { sim, trace, user } = setup(2);
    sim.process(user('A', 3));
    sim.process(user('B', 1));
    sim.process(user('C', 1));
    sim.run();
    expect(trace).toEqual([
      ['A granted', 0],
      ['B granted', 0],
      ['B released', 1],
      ['C granted', 1],
      ['C released', 2],
      ['A released', 3],
    ]);
  });

  it('a free resource is granted inline: the request costs no event', () => {
    const { sim, res } = setup(1);
    let ok: boolean | undefined;
    sim.process(
      (function* (): ProcessBody {
        ok = yield res.request();
        res.release();
      })(),
    );
    sim.run();
    expect(ok).toBe(true);
    expect(sim.eventCount).toBe(1); // only the start
  });
});

describe('Resource deadlines', () => {
  it('a waiter whose deadline comes first resumes false, leaves the queue and is never granted later', () => {
    const { sim, res, trace, user } = setup(1);
    sim.process(user('A', 10));
    sim.process(user('B', 1, 3)); // gives up at 3
    sim.at(5, () => sim.process(user('C', 1)));
    sim.run(3);
    expect(trace).toEqual([
      ['A granted', 0],
      ['B gave up', 3],
    ]);
    expect(res.queueLength).toBe(0);
    sim.run(5);
    expect(res.queueLength).toBe(1); // C
    sim.run();
    expect(trace).toEqual([
      ['A granted', 0],
      ['B gave up', 3],
      ['A released', 10],
      ['C granted', 10], // B was skipped
      ['C released', 11],
    ]);
    expect(res.inUse).toBe(0);
  });

  it('a deadline of Infinity schedules no timeout: with nothing else to do, run() ends and the waiter waits', () => {
    const { sim, res, trace, user } = setup(1);
    res.tryAcquire();
    const w = sim.process(user('W', 1));
    sim.run();
    expect(trace).toEqual([]);
    expect([sim.now, sim.eventCount, res.queueLength, w.done]).toEqual([0, 1, 1, false]);
  });

  it('a deadline <= now resumes false at once if the unit is busy, true if it is free', () => {
    const { sim, res, trace, log } = setup(1);
    sim.process(
      (function* (): ProcessBody {
        yield 4;
        log(`busy: ${String(yield res.request(4))}`);
        log(`past: ${String(yield res.request(1))}`);
      })(),
    );
    expect(res.tryAcquire()).toBe(true);
    sim.at(5, () => res.release());
    sim.process(
      (function* (): ProcessBody {
        yield 6;
        log(`free: ${String(yield res.request(0))}`);
      })(),
    );
    sim.run();
    expect(trace).toEqual([
      ['busy: false', 4],
      ['past: false', 4],
      ['free: true', 6],
    ]);
    expect(res.queueLength).toBe(0);
  });

  it('grant and deadline at the same instant: the one handled first wins, the other is ignored', () => {
    // Deadline entry scheduled before the release: the waiter gives up, the unit stays free.
    {
      const { sim, res, trace, user } = setup(1);
      res.tryAcquire();
      sim.process(user('B', 1, 5)); // its deadline entry is inserted when B runs, at time 0
      sim.run(0);
      sim.at(5, () => res.release()); // inserted after B's deadline entry
      sim.run();
      expect(trace).toEqual([['B gave up', 5]]);
      expect(res.inUse).toBe(0);
    }
    // Release scheduled before the deadline entry: the waiter is granted, its deadline is stale.
    {
      const { sim, res, trace, user } = setup(1);
      res.tryAcquire();
      sim.at(5, () => res.release());
      sim.process(user('B', 1, 5));
      sim.run();
      expect(trace).toEqual([
        ['B granted', 5],
        ['B released', 6],
      ]);
      expect(sim.eventCount).toBe(4); // B start, release callback, B's grant, B's hold end; the deadline is stale
    }
  });

  it('many give-ups (enough to compact the queue) keep FIFO order among the live waiters', () => {
    const { sim, res, trace, user } = setup(1);
    sim.process(user('holder', 100));
    for (let i = 0; i < 80; i++) sim.process(user(`quitter${i}`, 1, 10 + i * 0.1));
    sim.process(user('X', 1));
    for (let i = 80; i < 160; i++) sim.process(user(`quitter${i}`, 1, 10 + i * 0.1));
    sim.process(user('Y', 1));
    sim.run(50);
    expect(res.queueLength).toBe(2);
    sim.run();
    expect(trace.filter(([name]) => !name.startsWith('quitter'))).toEqual([
      ['holder granted', 0],
      ['holder released', 100],
      ['X granted', 100],
      ['X released', 101],
      ['Y granted', 101],
      ['Y released', 102],
    ]);
    expect(trace.filter(([name]) => name.endsWith('gave up')).length).toBe(160);
  });
});

describe('tryAcquire', () => {
  it('takes a free unit now and never queues', () => {
    const { sim, res } = setup(2);
    expect(res.tryAcquire()).toBe(true);
    expect(res.tryAcquire()).toBe(true);
    expect(res.tryAcquire()).toBe(false);
    expect([res.inUse, res.queueLength]).toEqual([2, 0]);
    res.release();
    expect(res.tryAcquire()).toBe(true);
    expect(sim.eventCount).toBe(0);
  });

  it('does not jump a queue: a released unit goes to the waiter, not to tryAcquire', () => {
    const { sim, res, trace, user } = setup(1);
    res.tryAcquire();
    sim.process(user('W', 1));
    sim.at(2, () => {
      res.release();
      trace.push([`tryAcquire ${res.tryAcquire()}`, sim.now]);
    });
    sim.run();
    expect(trace).toEqual([
      ['tryAcquire false', 2],
      ['W granted', 2],
      ['W released', 3],
    ]);
  });
});

describe('setCapacity', () => {
  it('raising it grants waiters in FIFO order at the current time', () => {
    const { sim, res, trace, user } = setup(0);
    sim.process(user('A', 5));
    sim.process(user('B', 5));
    sim.process(user('C', 5));
    sim.at(2, () => res.setCapacity(2));
    sim.run(2);
    expect(trace).toEqual([
      ['A granted', 2],
      ['B granted', 2],
    ]);
    expect([res.capacity, res.inUse, res.queueLength]).toEqual([2, 2, 1]);
    sim.run();
    expect(trace.slice(2)).toEqual([
      ['A released', 7],
      ['C granted', 7],
      ['B released', 7],
      ['C released', 12],
    ]);
  });

  it('lowering it never preempts holders; waiters wait until use drops below the new capacity', () => {
    const { sim, res, trace, user } = setup(3);
    sim.process(user('A', 1));
    sim.process(user('B', 2));
    sim.process(user('C', 3));
    sim.process(user('W', 1));
    sim.at(0.5, () => res.setCapacity(1));
    sim.run(0.5);
    expect([res.capacity, res.inUse, res.queueLength]).toEqual([1, 3, 1]);
    sim.run();
    expect(trace).toEqual([
      ['A granted', 0],
      ['B granted', 0],
      ['C granted', 0],
      ['A released', 1],
      ['B released', 2],
      ['C released', 3],
      ['W granted', 3],
      ['W released', 4],
    ]);
  });
});

describe('Resource occupancy (time-weighted, no model code)', () => {
  it('averages units in use and waiters over time (computed by hand)', () => {
    // Capacity 1. A holds 0–2 s; B requests at 1 s and waits until 2 s, then holds 2–5 s. At t = 8:
    // in use: 1 over 0–5 s, 0 over 5–8 s → 5/8; queue: 1 over 1–2 s → 1/8.
    const sim = new Simulation();
    const r = new Resource(sim, 1);
    sim.process((function* () {
      yield r.request();
      yield 2;
      r.release();
    })());
    sim.process((function* () {
      yield 1;
      yield r.request();
      yield 3;
      r.release();
    })());
    sim.run(8);
    expect(r.occupancy().meanInUse).toBeCloseTo(5 / 8, 12);
    expect(r.occupancy().meanQueue).toBeCloseTo(1 / 8, 12);
  });
});
