/**
 * A one-shot event: processes wait for it (optionally until a deadline); fire() wakes every live waiter, in
 * wait order, at the current time via the ready list. Once fired it stays fired, so a later wait resumes
 * true at once. Firing twice is a SimulationError, because a one-shot that fires twice hides a model bug.
 */
import { SimulationError } from './errors';
import { SATISFIED, checkDeadline } from './simulation';
import type { Simulation, Wait, WaitTarget } from './simulation';

export class Signal implements WaitTarget {
  private isFired = false;
  private firedAt = NaN;
  // Waiters (process slots) and their tokens in wait order; entries no longer live have left.
  private ids: number[] = [];
  private tokens: number[] = [];
  private live = 0;

  constructor(private readonly sim: Simulation) {}

  get fired(): boolean {
    return this.isFired;
  }

  /** Live waiters (those that neither timed out nor were killed). */
  get waiting(): number {
    return this.live;
  }

  fire(): void {
    if (this.isFired) throw new SimulationError(`signal fired twice (first at ${this.firedAt}, again at ${this.sim.now})`);
    this.isFired = true;
    this.firedAt = this.sim.now;
    const ids = this.ids;
    const tokens = this.tokens;
    // Fired signals never queue again, so the lists can be dropped.
    this.ids = [];
    this.tokens = [];
    this.live = 0;
    for (let i = 0; i < ids.length; i++) this.sim.wakeWaiter(ids[i], tokens[i], this);
  }

  /** Resumes true when the signal fires (at once if it already has), false at the absolute time `deadline`. */
  wait(deadline = Infinity): Wait {
    checkDeadline(deadline);
    return this.isFired ? SATISFIED : { target: this, deadline };
  }

  /** @internal */
  tryNow(): boolean {
    return this.isFired;
  }

  /** @internal */
  enqueue(id: number, token: number): void {
    this.ids.push(id);
    this.tokens.push(token);
    this.live++;
  }

  /** @internal */
  abandon(): void {
    this.live--;
  }

  /** @internal A signal wake holds nothing, so a killed waiter has nothing to give back. */
  revoke(): void {}
}
