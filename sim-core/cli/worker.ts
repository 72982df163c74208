import { parentPort } from 'node:worker_threads';
import { runPairedRange } from '../compare';
import { ReplicationError, runRange } from '../run';
import type { Scenario } from '../scenario/schema';
import { validateScenario, type Validation } from '../scenario/validate';

/**
 * A Node worker thread: validates what it is sent (a boundary: the scenarios, and that the block lies inside
 * their replications), then runs the block: one scenario, or a baseline and a proposal paired by replication
 * index. Every answer is data: `{ ok: true, … }` or `{ ok: false, error }`; an exception in the engine becomes
 * an error naming the replication and a command that reproduces it.
 */
export interface BlockRequest {
  id: number;
  scenario: unknown;
  /** Present for a paired comparison: `scenario` is the proposal. */
  baseline?: unknown;
  from: number;
  to: number;
  /** How many times this block was sent before, to threads that died on it (0 the first time). */
  attempt?: number;
}

const problems = (v: Validation & { ok: false }, what: string) => `invalid ${what}: ${v.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;

/** Why [from, to) is not a block of `s`, or null. */
function blockProblem(s: Scenario, from: unknown, to: unknown, what: string): string | null {
  const n = s.simulation.replications;
  const ok = Number.isSafeInteger(from) && Number.isSafeInteger(to) && (from as number) >= 0 && (from as number) <= (to as number) && (to as number) <= n;
  return ok ? null : `block [${String(from)}, ${String(to)}) is not a range of the ${what}'s replications 0–${n}`;
}

/**
 * TEST HOOK (tests/hardening/threads.test.ts), read here and nowhere else: BOOTSTORM_TEST_CRASH_BLOCK=<from>
 * makes a worker fail the block starting at replication <from> on its first attempt, so the tests can check
 * that the CLI replaces a dead thread, re-runs the block and never hangs. Optional words after a colon:
 * a number of attempts to fail (default 1; `all` for every attempt), and how to fail: `exit` (the thread exits
 * with code 1, the default), `throw` (an uncaught exception ends the thread), `engine` (the block answers
 * with the ReplicationError an engine exception in its first replication would give).
 * Example: BOOTSTORM_TEST_CRASH_BLOCK=100:all:throw. Unset, it does nothing.
 */
const crashHook = (() => {
  const spec = process.env.BOOTSTORM_TEST_CRASH_BLOCK;
  if (!spec) return null;
  const [from, ...words] = spec.split(':');
  let attempts = 1;
  let how: 'exit' | 'throw' | 'engine' = 'exit';
  for (const w of words) {
    if (w === 'all') attempts = Infinity;
    else if (w === 'exit' || w === 'throw' || w === 'engine') how = w;
    else if (/^\d+$/.test(w)) attempts = Number(w);
  }
  return { from: Number(from), attempts, how };
})();

function reply(m: object): void {
  parentPort!.postMessage(m);
}

parentPort!.on('message', (m: BlockRequest) => {
  if (m === null || typeof m !== 'object') {
    reply({ id: -1, ok: false, error: `a block request must be an object, got ${typeof m}` });
    return;
  }
  const id = Number.isSafeInteger(m.id) ? m.id : -1;
  const v = validateScenario(m.scenario);
  if (!v.ok) return reply({ id, ok: false, error: problems(v, 'scenario') });
  const b = m.baseline === undefined ? null : validateScenario(m.baseline);
  if (b && !b.ok) return reply({ id, ok: false, error: problems(b, 'baseline') });
  const outside = blockProblem(v.scenario, m.from, m.to, 'scenario') ?? (b?.ok ? blockProblem(b.scenario, m.from, m.to, 'baseline') : null);
  if (outside) return reply({ id, ok: false, error: outside });
  if (crashHook && crashHook.from === m.from && (m.attempt ?? 0) < crashHook.attempts) {
    const why = `BOOTSTORM_TEST_CRASH_BLOCK=${process.env.BOOTSTORM_TEST_CRASH_BLOCK} (test hook), attempt ${m.attempt ?? 0}`;
    if (crashHook.how === 'exit') process.exit(1);
    if (crashHook.how === 'throw') setImmediate(() => { throw new Error(why); });
    else reply({ id, ok: false, error: new ReplicationError(m.from, v.scenario, new Error(why)).message });
    return;
  }
  try {
    if (!b) reply({ id, ok: true, aggregate: runRange(v.scenario, m.from, m.to).toJSON() });
    else if (b.ok) reply({ id, ok: true, comparison: runPairedRange(b.scenario, v.scenario, m.from, m.to).toJSON() });
  } catch (e) {
    reply({ id, ok: false, error: (e as Error)?.message ?? String(e) });
  }
});
