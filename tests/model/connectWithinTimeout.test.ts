/**
 * retry.withinConnectionTimeout: the connection timeout bounds a whole connect, its attempts and backoffs together
 * (the team's domain notes: "3–5 attempts inside the connection timeout"), instead of each attempt alone. Constant base
 * (tests/helpers/scenario.ts): Phase 3 from 3 s, no connector, one vCPU; here exponential backoff from 1 s doubling to
 * 10 s, 10 attempts, a 5 s connection timeout.
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { expectTime, handScenario, recordsOf } from '../helpers/scenario';

const retrying = (within: boolean, over: object = {}) =>
  handScenario({ retry: { policy: 'exponential', attempts: 10, base: 1, cap: 10, withinConnectionTimeout: within }, timeouts: { connection: 5 }, ...over });
// Every seat taken by other clients (97 of 97 usable): each handshake (0.125 s) ends refused with 53300.
const full = { cloudSql: { otherClients: 97 } };

describe('attempts within the connection timeout', () => {
  it('stops retrying when the next backoff would end past the connect\'s timeout, raising the last error', () => {
    // computed by hand: refused at 3.125, 4.25 (after 1 s) and 6.375 (after 2 s); the next backoff of 4 s would end at
    // 10.375, past 3 + 5 = 8 s: the connect fails at 6.375 with 53300, 3.375 s into Phase 3.
    const [rec] = recordsOf(runReplication(retrying(true, full), 0, true).records, 0);
    expect(rec.outcome).toBe('too_many_clients');
    expectTime(rec.phase3Duration, 3.375);
  });

  it('off, each attempt has its own timeout: all 10 attempts are made', () => {
    // 10 handshakes of 0.125 s and backoffs 1 + 2 + 4 + 8 + 10 × 5 = 65 s: refused for the last time 66.25 s in.
    const [rec] = recordsOf(runReplication(retrying(false, full), 0, true).records, 0);
    expect(rec.outcome).toBe('too_many_clients');
    expectTime(rec.phase3Duration, 66.25);
  });

  it('cuts an attempt in flight at the connect\'s timeout: connect_timeout', () => {
    // 3 s handshakes, refused: the first ends at 6 s, the retry starts at 7 s and is cut at 8 s (3 + 5), 5 s in.
    const [rec] = recordsOf(runReplication(retrying(true, { cloudSql: { otherClients: 97, handshakeTime: { kind: 'constant', value: 3 } } }), 0, true).records, 0);
    expect(rec.outcome).toBe('connect_timeout');
    expectTime(rec.phase3Duration, 5);
  });
});

describe('a backoff that ends exactly at the connect\'s timeout', () => {
  it('is not waited out: no retry, the last error (53300) raised when it would start', () => {
    // computed by hand: refused at 3.125, 4.25 and 6.375 as above; the next backoff of 4 s would end at 10.375, exactly
    // 3 + 7.375: a retry that could only start at the deadline is not made, so 53300 at 6.375 (3.375 s into Phase 3).
    const [rec] = recordsOf(runReplication(retrying(true, { ...full, timeouts: { connection: 7.375 } }), 0, true).records, 0);
    expect(rec.outcome).toBe('too_many_clients');
    expectTime(rec.phase3Duration, 3.375);
  });
});
