import type { Rng } from '../random/streams';
import type { Scenario } from '../scenario/schema';

/**
 * The app's connect retry policy: how many attempts, and the backoff before each retry, per the AWS
 * architecture blog's policies (exponential, full / equal / decorrelated jitter). Built once per replication:
 * the exponential ceilings min(cap, base · 2^retry) are tabulated, not recomputed per attempt.
 */
export class RetryPolicy {
  /** Total attempts per connection, the first included. */
  readonly attempts: number;
  /** The connection timeout bounds all attempts of a connect together, not each alone. */
  readonly withinConnectionTimeout: boolean;
  readonly base: number;
  private readonly policy: Scenario['retry']['policy'];
  private readonly cap: number;
  private readonly ceilings: Float64Array;

  constructor(config: Scenario['retry']) {
    this.policy = config.policy;
    this.attempts = config.policy === 'none' ? 1 : config.attempts;
    this.withinConnectionTimeout = config.withinConnectionTimeout;
    this.base = config.base;
    this.cap = config.cap;
    this.ceilings = new Float64Array(this.attempts);
    for (let i = 0; i < this.attempts; i++) this.ceilings[i] = Math.min(config.cap, config.base * 2 ** i);
  }

  /** Backoff before retry number `retry` (0-based, < attempts − 1); `previous` is the last sleep (base at first). */
  sleep(rng: Rng, retry: number, previous: number): number {
    const exp = this.ceilings[retry];
    switch (this.policy) {
      case 'none':
      case 'exponential':
        return exp;
      case 'full-jitter':
        return rng() * exp;
      case 'equal-jitter':
        return exp / 2 + (rng() * exp) / 2;
      case 'decorrelated-jitter':
        return Math.min(this.cap, this.base + rng() * (previous * 3 - this.base));
    }
  }
}
