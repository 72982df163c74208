import { parentPort } from 'node:worker_threads';
import { runPairedRange } from '../compare';
import { runRange } from '../run';
import { validateScenario, type Validation } from '../scenario/validate';

/**
 * A Node worker thread: validates what it is sent (a boundary), then runs the block: one scenario, or a
 * baseline and a proposal paired by replication index.
 */
export interface BlockRequest {
  id: number;
  scenario: unknown;
  /** Present for a paired comparison: `scenario` is the proposal. */
  baseline?: unknown;
  from: number;
  to: number;
}

const problems = (v: Validation & { ok: false }, what: string) => `invalid ${what}: ${v.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;

parentPort!.on('message', (m: BlockRequest) => {
  const v = validateScenario(m.scenario);
  if (!v.ok) {
    parentPort!.postMessage({ id: m.id, ok: false, error: problems(v, 'scenario') });
    return;
  }
  try {
    if (m.baseline === undefined) {
      parentPort!.postMessage({ id: m.id, ok: true, aggregate: runRange(v.scenario, m.from, m.to).toJSON() });
      return;
    }
    const b = validateScenario(m.baseline);
    if (!b.ok) {
      parentPort!.postMessage({ id: m.id, ok: false, error: problems(b, 'baseline') });
      return;
    }
    parentPort!.postMessage({ id: m.id, ok: true, comparison: runPairedRange(b.scenario, v.scenario, m.from, m.to).toJSON() });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: (e as Error).message ?? String(e) });
  }
});
