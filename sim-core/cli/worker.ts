import { parentPort } from 'node:worker_threads';
import { runRange } from '../run';
import { validateScenario } from '../scenario/validate';

/** A Node worker thread: validates its scenario once (a boundary), then runs the blocks it is sent. */
export interface BlockRequest {
  id: number;
  scenario: unknown;
  from: number;
  to: number;
}

parentPort!.on('message', (m: BlockRequest) => {
  const v = validateScenario(m.scenario);
  if (!v.ok) {
    parentPort!.postMessage({ id: m.id, ok: false, error: v.issues.map((i) => `${i.path}: ${i.message}`).join('; ') });
    return;
  }
  try {
    parentPort!.postMessage({ id: m.id, ok: true, aggregate: runRange(v.scenario, m.from, m.to).toJSON() });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: `replications ${m.from}–${m.to - 1}: ${(e as Error).stack ?? e}` });
  }
});
