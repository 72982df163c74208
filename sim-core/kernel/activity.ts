import type { Continuation, Process, Simulation, Wait } from './simulation';
import type { Resource } from './resource';

/**
 * A process written as a small state machine instead of a generator: each step is a method that does its work
 * and names the next step with `hold` or `wait`; a step that names none ends the activity. It reads like the
 * domain sequence, step by step, and costs a plain method call per event instead of a generator resumption
 * (see `npm run bench`), which is why the model's hottest path (opening a connection) is written this way.
 *
 * Order and tie-breaking are exactly a process's: `Simulation.start` queues `begin` on the ready list, holds
 * and deadlines go through the calendar, grants and signal wakes through the ready list, and a wait that is
 * settled at once (a free unit, a fired signal, a past deadline) runs the next step in the same event, as
 * soon as the current step returns (so code after `this.wait(…)` always runs before the next step).
 *
 * A step that throws ends the activity: it leaves any queue it joined and `killed()` runs, as on a kill.
 */
export abstract class Activity {
  /** @internal The kernel's record, set by Simulation.start. */
  record: Process | null = null;

  constructor(protected readonly sim: Simulation) {}

  /** The first step, run when the activity starts. */
  abstract begin(): void;

  /**
   * Called once if the activity is killed (or a step throws) after `begin` has run: its pending hold or wait is
   * already cancelled (a queued request left the queue; an undelivered grant went back). Release here what the
   * activity held, as a `finally` would.
   */
  killed(): void {}

  get done(): boolean {
    return this.record !== null && this.record.finished;
  }

  /** Ends the activity now (see Process.kill); a no-op once it is done or before it starts. */
  kill(): void {
    if (this.record !== null) this.sim.killProcess(this.record);
  }

  /** The step `next` runs after `delay` seconds (0: back of the ready list; Infinity: parked until killed). */
  protected hold(delay: number, next: Continuation<this>): void {
    this.sim.holdActivity(this.record!, delay, next as Continuation<Activity>);
  }

  /** The step `next` runs with true when `w` (a request or a signal wait) is satisfied, false at its deadline. */
  protected wait(w: Wait, next: Continuation<this>): void {
    this.sim.waitActivity(this.record!, w, next as Continuation<Activity>);
  }

  /**
   * Ask `resource` for one unit: `next` runs with true when it is granted, false if the absolute time `deadline`
   * comes first. Exactly `this.wait(resource.request(deadline), next)`, in the same order, without the request
   * handle that call allocates (an activity on a hot path asks for units often).
   */
  protected acquire(resource: Resource, deadline: number, next: Continuation<this>): void {
    this.sim.acquireActivity(this.record!, resource, deadline, next as Continuation<Activity>);
  }
}
