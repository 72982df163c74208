import { Signal, type Simulation } from '../kernel';

export interface PoolWaiter {
  readonly signal: Signal;
  live: boolean;
}

/**
 * One container's SQLAlchemy QueuePool, with its bookkeeping only (opening a connection is the caller's job,
 * see phase3.ts). Semantics as in sqlalchemy/pool/impl.py:
 * - checkout takes an idle connection if there is one;
 * - else, while fewer than pool_size + max_overflow exist, it reserves a slot and opens a new one at once
 *   (no cap on simultaneous opens); a failed open gives the slot back (`_dec_overflow`) WITHOUT waking waiters;
 * - else it waits for a connection to be returned, for at most pool_timeout. pool_timeout never bounds opening.
 * - a returned connection goes to the first live waiter, else back to idle up to pool_size, else it is closed.
 * One path of `_do_get` is left out because this model never takes it: when a wait times out, SQLAlchemy opens a
 * connection itself if a failed open has freed a slot meanwhile; here a failed open fails the start, and the
 * start's waiting checkouts end with it (container.ts, openConcurrently), so no waiter outlives a failed open.
 */
export class ConnectionPool {
  /** Connections existing or being opened (SQLAlchemy's pool_size + _overflow). */
  reserved = 0;
  /** Connections established on Cloud SQL. */
  established = 0;
  idle = 0;
  checkedOut = 0;
  peakCheckedOut = 0;
  private readonly waiters: PoolWaiter[] = [];
  private waiting = 0;

  constructor(
    private readonly sim: Simulation,
    readonly poolSize: number,
    readonly maxOverflow: number,
  ) {}

  get limit(): number {
    return this.poolSize + this.maxOverflow;
  }

  get waiterCount(): number {
    return this.waiting;
  }

  /** Take an idle connection now. */
  takeIdle(): boolean {
    if (this.idle === 0) return false;
    this.idle--;
    this.checkOut();
    return true;
  }

  /** Reserve a slot for a new connection (the caller then opens it). */
  reserve(): boolean {
    if (this.reserved >= this.limit) return false;
    this.reserved++;
    return true;
  }

  /** The open of a reserved slot succeeded: the connection is established and checked out. */
  opened(): void {
    this.established++;
    this.checkOut();
  }

  /** The open of a reserved slot failed: give the slot back. Waiters are not woken (as in SQLAlchemy). */
  openFailed(): void {
    this.reserved--;
  }

  /** Queue for a returned connection. Yield `waiter.signal.wait(deadline)`; on false call `giveUp`. */
  enqueue(): PoolWaiter {
    const waiter: PoolWaiter = { signal: new Signal(this.sim), live: true };
    this.waiters.push(waiter);
    this.waiting++;
    return waiter;
  }

  giveUp(waiter: PoolWaiter): void {
    if (!waiter.live) return;
    waiter.live = false;
    this.waiting--;
  }

  /**
   * Return a checked-out connection. Returns the number of connections closed on Cloud SQL (0 or 1), which
   * the caller must report there.
   */
  checkIn(): number {
    this.checkedOut--;
    while (this.waiters.length > 0) {
      const w = this.waiters.shift()!;
      if (!w.live) continue;
      w.live = false;
      this.waiting--;
      this.checkOut();
      w.signal.fire();
      return 0;
    }
    if (this.idle < this.poolSize) {
      this.idle++;
      return 0;
    }
    // Overflow connection returned beyond pool_size: closed.
    this.reserved--;
    this.established--;
    return 1;
  }

  /** The container exits: every established connection goes. Returns how many were established. */
  closeAll(): number {
    const n = this.established;
    this.established = 0;
    this.idle = 0;
    this.checkedOut = 0;
    this.reserved = 0;
    for (const w of this.waiters) w.live = false;
    this.waiters.length = 0;
    this.waiting = 0;
    return n;
  }

  private checkOut(): void {
    this.checkedOut++;
    if (this.checkedOut > this.peakCheckedOut) this.peakCheckedOut = this.checkedOut;
  }
}
