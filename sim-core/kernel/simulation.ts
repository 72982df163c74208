/**
 * The simulation kernel: clock, calendar, ready list, and the stepping of processes (generators) and activities.
 *
 * EVENT ORDER (pinned by tests/kernel/order.test.ts)
 *  1. The calendar is keyed by (time, insertion sequence) — see `before` in heap.ts (replaceTop's inner loop writes
 *     the same test inline). Among calendar events at one time, the one scheduled first runs first.
 *  2. Work due "now" does not go through the calendar but through a FIFO ready list: process starts, resource
 *     grants handed over by release()/setCapacity(), signal wakes, and zero holds (`yield 0`). The ready list
 *     is drained completely, including work made ready while draining, before the next calendar event is
 *     taken. So at one instant: calendar event, then everything it made ready (FIFO), then the next calendar
 *     event at that instant, and so on.
 *  3. Some waits are settled inline with no event at all: a request for a free resource with nobody queued,
 *     a wait on a fired signal, and a wait whose deadline is already due. The body continues in the same step.
 *  Ties therefore resolve deterministically by construction; no randomness or clock is consulted.
 *  Activities (activity.ts: one method per step instead of a generator) follow exactly the same rules as generator processes: `start`
 *  queues `begin` where `process` queues the first step, and each hold or wait is the same calendar or ready
 *  list entry as the equivalent yield (tests/kernel/activity.test.ts checks the two give identical traces).
 *
 * WAKE TOKENS (why stale events are free)
 *  Every pending wake of a process — calendar entry (hold end or deadline), resource queue entry, signal
 *  waiter, ready-list entry — records the process's integer slot and a token, and is live only while the
 *  process's `token` still equals it. Tokens are drawn from the insertion sequence, so they are unique and
 *  a recycled slot never matches an old entry. Whichever wake is handled first changes the token (to 0,
 *  or to the token of the ready-list entry that will deliver it), so the others become stale and are
 *  skipped when reached: one wake per yield, lazy deletion instead of removal from the heap, no object per
 *  event. Queues and the ready list hold slots and tokens (numbers), not process references, which also
 *  spares a GC write barrier per entry.
 *
 * `eventCount` counts handled events: live calendar events (callbacks, hold ends, deadlines) plus ready-list
 * resumptions. Stale entries and inline settlements are not counted.
 */
import { EventHeap } from './heap';
import { SimulationError } from './errors';
import { Activity } from './activity';

/** What a process receives when it resumes: undefined after a hold, true/false after a wait. */
export type Wake = boolean | undefined;

/**
 * Opaque handle returned by Resource.request() and Signal.wait(); yield it from a process body.
 * Its fields are for the kernel only.
 */
export interface Wait {
  /** @internal What the process waits on; null for a wait already satisfied (resumes true at once). */
  readonly target: WaitTarget | null;
  /** @internal Absolute time at which the waiter gives up and resumes false; Infinity = never. */
  readonly deadline: number;
}

/** A number holds for that many seconds; a Wait waits for a grant or a signal. */
export type Yieldable = number | Wait;

/**
 * A process body. Yield protocol:
 *   yield 2.5                        resumes after 2.5 s with undefined (0: back of the ready list; Infinity:
 *                                    parked until killed; negative or NaN: a SimulationError thrown at the yield)
 *   ok = yield res.request(deadline) true when granted, false if the absolute time `deadline` comes first
 *   ok = yield sig.wait(deadline)    true when the signal fires, false at the deadline
 * A deadline of Infinity (the default) schedules no timeout; one <= now that cannot be met resumes false at once.
 */
export type ProcessBody = Generator<Yieldable, void, Wake>;

/**
 * @internal The contract between the kernel and a waitable primitive (Resource, Signal). The primitive owns
 * its queue; the kernel owns tokens, deadlines and wakes.
 */
export interface WaitTarget {
  /** Satisfy the wait now if possible (taking what it grants); true if it did. */
  tryNow(): boolean;
  /** Queue process slot `id`; the entry is live while Simulation.isWaiting(id, token). Wake it with wakeWaiter. */
  enqueue(id: number, token: number): void;
  /** A queued entry died (deadline reached or process killed): stop counting it. */
  abandon(): void;
  /** A grant was delivered to a process killed before it resumed: take it back. */
  revoke(): void;
}

/** @internal The shared handle for a wait satisfied when it was created. */
export const SATISFIED: Wait = Object.freeze({ target: null, deadline: Infinity });

/** @internal Rejects a deadline that is not a number (NaN); past deadlines are allowed and resume false. */
export function checkDeadline(deadline: number): void {
  if (typeof deadline !== 'number' || Number.isNaN(deadline)) {
    throw new SimulationError(`invalid deadline ${String(deadline)}`);
  }
}

// %GeneratorPrototype%.next: calling it directly keeps the call site monomorphic however many generator
// functions the model has (body.next would be a polymorphic lookup through each one's prototype).
const genNext = Object.getPrototypeOf(function* () {}).prototype.next as (this: ProcessBody, wake: Wake) => IteratorResult<Yieldable, void>;

/** The next step of an activity: called with what the wait delivered (undefined after a hold). */
export type Continuation<A> = (this: A, wake: Wake) => void;

/**
 * A started process, or the kernel's record of a started activity: its slot and pending wake. One class for
 * both keeps every access in the event loop monomorphic however many activity classes the model has.
 */
export class Process {
  /** @internal Token of the pending wake; 0 when none is pending (running, parked or done). */
  token = 0;
  /** @internal The primitive this process is queued on, while it is queued. */
  waitingOn: WaitTarget | null = null;
  /** @internal The primitive whose grant sits undelivered on the ready list (so kill can hand it back). */
  grantFrom: WaitTarget | null = null;
  /** @internal */
  finished = false;
  /** @internal An activity's pending step; null while it runs, and when it has nothing scheduled (then it ends). */
  cont: Continuation<Activity> | null = null;
  /** @internal An activity's wait was settled inline: `cont` runs with `inlineWake` as soon as the current step returns. */
  inline = false;
  /** @internal */
  inlineWake: Wake = undefined;
  /** @internal An activity's first step has run (only then is there anything for `killed()` to undo). */
  begun = false;

  /** @internal Created by Simulation.process() (a generator body) or Simulation.start() (an activity). */
  constructor(
    private readonly sim: Simulation,
    /** @internal The generator, or null for an activity. */ readonly body: ProcessBody | null,
    /** @internal Process slot (calendar and queue entries name it); recycled after the process ends. */
    readonly id: number,
    /** @internal The activity this record runs, or null for a generator process. */ readonly owner: Activity | null,
  ) {}

  get done(): boolean {
    return this.finished;
  }

  /**
   * Ends the process now: its pending hold or wait is cancelled (a queued request leaves the queue and is
   * never granted; a grant not yet delivered goes back to the resource), then generator.return() runs the
   * body's `finally` blocks synchronously. Killing a done process is a no-op; a process cannot kill itself.
   */
  kill(): void {
    this.sim.killProcess(this);
  }
}

export class Simulation {
  private clock = 0;
  private handled = 0;
  /** Insertion sequence and token source; starts at 1 so that token 0 means "nothing pending". */
  private seq = 1;
  private readonly heap = new EventHeap(256);
  /** Calendar ids >= 0 are process slots; ids < 0 are callback slots (-1 - slot). */
  private readonly procs: (Process | undefined)[] = [];
  private readonly freeProcs: number[] = [];
  private readonly fns: ((() => void) | undefined)[] = [];
  private readonly freeFns: number[] = [];
  // Ready list: a ring of (slot, token, wake) whose length is a power of two. wake 1 = true, 0 = undefined.
  private readyIds = new Int32Array(64);
  private readyTokens = new Float64Array(64);
  private readyWakes = new Uint8Array(64);
  private readyHead = 0;
  private readyTail = 0;
  /**
   * Slot of the process being stepped, -1 if none. An id rather than a reference: storing a young object
   * into this long-lived Simulation would cost a GC write barrier on every resumption.
   */
  private currentId = -1;
  private running = false;
  private stopping = false;
  /** The calendar event handled last, or its ready work, still occupies the heap's top (see schedule()). */
  private topVacant = false;

  get now(): number {
    return this.clock;
  }

  get eventCount(): number {
    return this.handled;
  }

  /** Starts a process: its first step runs at the current time, after the work already ready now. */
  process(body: ProcessBody): Process {
    if (body === null || typeof body !== 'object') {
      throw new SimulationError(`process() needs a generator, got ${String(body)}`);
    }
    const p = this.admit(body, null);
    this.pushReady(p, 0);
    return p;
  }

  /**
   * Starts an activity: its `begin` step runs at the current time, after the work already ready now (the same
   * place in the order as a process start). Returns the activity.
   */
  start<A extends Activity>(activity: A): A {
    if (!(activity instanceof Activity)) throw new SimulationError(`start() needs an Activity, got ${String(activity)}`);
    if (activity.record !== null) throw new SimulationError('activity started twice');
    const p = this.admit(null, activity);
    activity.record = p;
    p.cont = activity.begin;
    this.pushReady(p, 0);
    return activity;
  }

  /** A record in a free slot for a new process (a body) or activity (an owner). */
  private admit(body: ProcessBody | null, owner: Activity | null): Process {
    const id = this.freeProcs.length > 0 ? this.freeProcs.pop()! : this.procs.length;
    const p = new Process(this, body, id, owner);
    this.procs[id] = p;
    return p;
  }

  /** Schedules a plain callback at absolute time `time` (>= now, finite). */
  at(time: number, fn: () => void): void {
    if (typeof time !== 'number' || !(time >= this.clock) || time === Infinity) {
      throw new SimulationError(
        time < this.clock ? `time ${time} is before now ${this.clock}` : `invalid time ${String(time)}`,
      );
    }
    if (typeof fn !== 'function') throw new SimulationError(`at() needs a function, got ${String(fn)}`);
    const slot = this.freeFns.length > 0 ? this.freeFns.pop()! : this.fns.length;
    this.fns[slot] = fn;
    this.schedule(time, this.seq++, -1 - slot);
  }

  /** Schedules a plain callback `delay` seconds from now (>= 0, finite). */
  after(delay: number, fn: () => void): void {
    if (typeof delay !== 'number' || !(delay >= 0) || delay === Infinity) {
      throw new SimulationError(delay < 0 ? `negative delay ${delay}` : `invalid delay ${String(delay)}`);
    }
    this.at(this.clock + delay, fn);
  }

  /** Whether the last run() stopped because it handled `maxEvents` events (a work guard), not at `until`. */
  budgetExhausted = false;

  /**
   * Handles every event with time <= until (default Infinity). Afterwards now = until when until is finite,
   * unless stop() ended the run early, which leaves now at the time of the last step.
   *
   * `maxEvents` guards against runaway scenarios: after that many handled events the run stops early and
   * `budgetExhausted` is set, so the caller can flag a partial result instead of hanging.
   */
  run(until = Infinity, maxEvents = Infinity): void {
    if (typeof until !== 'number' || Number.isNaN(until)) throw new SimulationError(`invalid until ${String(until)}`);
    if (!(maxEvents >= 0)) throw new SimulationError(`invalid maxEvents ${String(maxEvents)}`);
    this.budgetExhausted = false;
    const limit = this.handled + maxEvents;
    if (until < this.clock) throw new SimulationError(`until ${until} is before now ${this.clock}`);
    if (this.running) throw new SimulationError('run() called while the simulation is already running');
    this.running = true;
    this.stopping = false;
    const heap = this.heap;
    const procs = this.procs;
    try {
      for (;;) {
        while (this.readyHead !== this.readyTail) {
          const i = this.readyHead;
          this.readyHead = (i + 1) & (this.readyIds.length - 1);
          const p = procs[this.readyIds[i]];
          if (p === undefined || p.token !== this.readyTokens[i]) continue; // killed while ready
          this.handled++;
          p.token = 0;
          p.grantFrom = null;
          const wake = this.readyWakes[i] === 1 ? true : undefined;
          if (p.body !== null) this.resume(p, p.body, wake);
          else this.step(p, wake);
          if (this.stopping) return;
          if (this.handled >= limit) {
            this.budgetExhausted = true;
            return;
          }
        }
        // The calendar event handled last leaves only now (if nothing took its place): see schedule().
        if (this.topVacant) {
          this.topVacant = false;
          heap.pop();
        }
        if (heap.size === 0) break;
        const time = heap.topTime;
        if (time > until) break;
        const seq = heap.topSeq;
        const id = heap.topId;
        if (id >= 0) {
          const p = procs[id];
          if (p === undefined || p.token !== seq) {
            heap.pop();
            continue; // stale: woken otherwise, or killed
          }
          this.clock = time;
          this.handled++;
          p.token = 0;
          // The entry stays while it is handled: the first event it schedules takes its place (schedule()).
          this.topVacant = true;
          // A waiter's deadline came first: it leaves the queue and resumes false; else a hold ended.
          const wake: Wake = this.leaveQueue(p) ? false : undefined;
          if (p.body !== null) this.resume(p, p.body, wake);
          else this.step(p, wake);
        } else {
          const slot = -1 - id;
          const fn = this.fns[slot]!;
          this.fns[slot] = undefined;
          this.freeFns.push(slot);
          this.clock = time;
          this.handled++;
          this.topVacant = true;
          fn();
        }
        if (this.stopping) return;
        if (this.handled >= limit) {
          this.budgetExhausted = true;
          return;
        }
      }
      if (until !== Infinity) this.clock = until;
    } catch (e) {
      // A body or step threw: the process or activity is over, and ends as a kill would end it (a generator that
      // threw is already closed, its `finally` blocks run; an activity leaves its queue and gets `killed()`).
      const p = this.currentId >= 0 ? this.procs[this.currentId] : undefined;
      this.currentId = -1;
      if (p !== undefined && !p.finished) this.end(p);
      throw e;
    } finally {
      if (this.topVacant) {
        this.topVacant = false;
        heap.pop();
      }
      this.running = false;
    }
  }

  /**
   * Adds a calendar entry. The entry of the calendar event handled last stays the heap's top until the work it
   * made ready has run too; the first entry scheduled meanwhile replaces it (one sift-down instead of a pop and a
   * push: a release whose grant goes on to hold, the M/M/c bench's commonest chain, measured ~5% faster there).
   */
  private schedule(time: number, seq: number, id: number): void {
    if (this.topVacant) {
      this.topVacant = false;
      this.heap.replaceTop(time, seq, id);
    } else this.heap.push(time, seq, id);
  }

  /** Makes run() return after the current step. Outside a run it does nothing. */
  stop(): void {
    if (this.running) this.stopping = true;
  }

  /** @internal Whether the queue entry (id, token) is still live. */
  isWaiting(id: number, token: number): boolean {
    const p = this.procs[id];
    return p !== undefined && token !== 0 && p.token === token;
  }

  /**
   * @internal Wakes the queue entry (id, token) with true at the current time via the ready list, if it is
   * still live; returns whether it was. `from` takes back the grant should the process be killed first.
   */
  wakeWaiter(id: number, token: number, from: WaitTarget): boolean {
    const p = this.procs[id];
    if (p === undefined || token === 0 || p.token !== token) return false;
    p.waitingOn = null;
    p.grantFrom = from;
    this.pushReady(p, 1);
    return true;
  }

  /** @internal See Process.kill. */
  killProcess(p: Process): void {
    if (p.finished) return;
    if (p.id === this.currentId) throw new SimulationError('a process cannot kill itself; return from its body instead');
    this.end(p);
  }

  /** Whether p was queued on a primitive; if so it leaves the queue (its entry there is dead from now on). */
  private leaveQueue(p: Process): boolean {
    const target = p.waitingOn;
    if (target === null) return false;
    p.waitingOn = null;
    target.abandon();
    return true;
  }

  /** Ends p now: its pending hold or wait is cancelled, a grant not yet delivered goes back, then its cleanup runs. */
  private end(p: Process): void {
    this.leaveQueue(p);
    const granted = p.grantFrom;
    this.finish(p);
    if (granted !== null) granted.revoke();
    const body = p.body;
    if (body === null) {
      // Like a generator killed before its first step (whose `finally` never runs), an activity killed before
      // `begin` has nothing to undo.
      if (p.begun) p.owner!.killed();
      return;
    }
    let r = body.return(undefined);
    if (r.done) return;
    // A finally block yielded: keep returning until the body is really over, then report the model bug.
    while (!r.done) r = body.return(undefined);
    throw new SimulationError('a killed process yielded from a finally block; it was ended anyway');
  }

  /** Runs p until it yields something that needs to wait, settling inline whatever can be settled now. */
  private resume(p: Process, body: ProcessBody, wake: Wake): void {
    // If the body throws, run()'s catch uses currentId to close the process.
    this.currentId = p.id;
    let r = genNext.call(body, wake);
    for (;;) {
      if (r.done === true) {
        this.finish(p);
        break;
      }
      const y = r.value;
      if (typeof y === 'number') {
        if (y > 0) {
          // Infinity parks the process until it is killed: no calendar entry.
          if (y !== Infinity) {
            const seq = this.seq++;
            this.schedule(this.clock + y, seq, p.id);
            p.token = seq;
          }
          break;
        }
        if (y === 0) {
          this.pushReady(p, 0);
          break;
        }
        r = body.throw(new SimulationError(y < 0 ? `negative delay ${y}` : `invalid delay ${y}`));
        continue;
      }
      const target = typeof y === 'object' && y !== null ? y.target : undefined;
      if (target === undefined) {
        r = body.throw(new SimulationError(`a process yielded ${String(y)}; expected seconds or a Wait`));
        continue;
      }
      if (target === null || target.tryNow()) {
        r = genNext.call(body, true);
        continue;
      }
      const deadline = y.deadline;
      if (deadline <= this.clock) {
        r = genNext.call(body, false);
        continue;
      }
      this.queueOn(p, target, deadline);
      break;
    }
    this.currentId = -1;
  }

  /** Queues p on `target` until it grants or fires, or until `deadline` (> now). */
  private queueOn(p: Process, target: WaitTarget, deadline: number): void {
    const seq = this.seq++;
    if (deadline !== Infinity) this.schedule(deadline, seq, p.id);
    p.token = seq;
    p.waitingOn = target;
    target.enqueue(p.id, seq);
  }

  /**
   * Runs an activity's pending step, then the steps its waits settled inline, in a loop rather than by recursion
   * (a long chain of free grants cannot overflow the stack); an activity whose step schedules nothing is over.
   */
  private step(p: Process, wake: Wake): void {
    // If a step throws, run()'s catch uses currentId to end the activity.
    this.currentId = p.id;
    p.begun = true;
    for (;;) {
      const next = p.cont!;
      p.cont = null;
      next.call(p.owner!, wake);
      if (!p.inline) break;
      p.inline = false;
      wake = p.inlineWake;
    }
    this.currentId = -1;
    if (p.cont === null && !p.finished) this.finish(p);
  }

  /** @internal Activity.hold: the running activity's step `next` runs after `delay` seconds. */
  holdActivity(p: Process, delay: number, next: Continuation<Activity>): void {
    this.checkStepping(p, next);
    if (delay > 0) {
      p.cont = next;
      // Infinity parks the activity until it is killed: no calendar entry.
      if (delay !== Infinity) {
        const seq = this.seq++;
        this.schedule(this.clock + delay, seq, p.id);
        p.token = seq;
      }
    } else if (delay === 0) {
      p.cont = next;
      this.pushReady(p, 0);
    } else {
      throw new SimulationError(delay < 0 ? `negative delay ${delay}` : `invalid delay ${delay}`);
    }
  }

  /** @internal Activity.wait: `next` runs with true when the wait is satisfied, false at its deadline. */
  waitActivity(p: Process, w: Wait, next: Continuation<Activity>): void {
    this.checkStepping(p, next);
    const target = typeof w === 'object' && w !== null ? w.target : undefined;
    if (target === undefined) throw new SimulationError(`an activity waited on ${String(w)}; expected a Wait`);
    p.cont = next;
    // Settled now: the next step runs in this same event, as soon as the current step returns (as a generator
    // body continues after such a yield), with no calendar or ready-list entry.
    if (target === null || target.tryNow()) return this.settleInline(p, true);
    const deadline = w.deadline;
    if (deadline <= this.clock) return this.settleInline(p, false);
    this.queueOn(p, target, deadline);
  }

  /** @internal Activity.acquire: `next` runs with true when `target` grants a unit, false at `deadline`. */
  acquireActivity(p: Process, target: WaitTarget, deadline: number, next: Continuation<Activity>): void {
    this.checkStepping(p, next);
    checkDeadline(deadline);
    p.cont = next;
    // As waitActivity on `target.request(deadline)`: a free unit with nobody queued is taken now (what request()
    // and tryNow() both check), else a past deadline fails at once, else the activity queues.
    if (target.tryNow()) return this.settleInline(p, true);
    if (deadline <= this.clock) return this.settleInline(p, false);
    this.queueOn(p, target, deadline);
  }

  private settleInline(p: Process, wake: boolean): void {
    p.inline = true;
    p.inlineWake = wake;
  }

  /** p must be the running activity, with no next step named yet. */
  private checkStepping(p: Process, next: unknown): void {
    if (p.id !== this.currentId || p.finished) throw new SimulationError('an activity can schedule its next step only from its own running step');
    if (p.cont !== null) throw new SimulationError('an activity scheduled two next steps in one step');
    if (typeof next !== 'function') throw new SimulationError(`an activity's next step must be a function, got ${String(next)}`);
  }

  private finish(p: Process): void {
    p.finished = true;
    p.token = 0;
    p.cont = null;
    p.inline = false;
    p.grantFrom = null;
    this.procs[p.id] = undefined;
    this.freeProcs.push(p.id);
  }

  /** Queues p on the ready list under a fresh token (which invalidates any other pending wake of p). */
  private pushReady(p: Process, wake: 0 | 1): void {
    const token = this.seq++;
    p.token = token;
    const i = this.readyTail;
    this.readyIds[i] = p.id;
    this.readyTokens[i] = token;
    this.readyWakes[i] = wake;
    this.readyTail = (i + 1) & (this.readyIds.length - 1);
    if (this.readyTail === this.readyHead) this.growReady();
  }

  /** Called when the ring just filled up: unroll it into a ring twice the size. */
  private growReady(): void {
    const n = this.readyIds.length;
    const ids = new Int32Array(n * 2);
    const tokens = new Float64Array(n * 2);
    const wakes = new Uint8Array(n * 2);
    for (let k = 0; k < n; k++) {
      const i = (this.readyHead + k) & (n - 1);
      ids[k] = this.readyIds[i];
      tokens[k] = this.readyTokens[i];
      wakes[k] = this.readyWakes[i];
    }
    this.readyIds = ids;
    this.readyTokens = tokens;
    this.readyWakes = wakes;
    this.readyHead = 0;
    this.readyTail = n;
  }
}
