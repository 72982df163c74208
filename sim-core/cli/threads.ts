import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { Aggregate, type AggregateJSON } from '../results/aggregate';
import { runRange } from '../run';
import type { Scenario } from '../scenario/schema';

/** Replications per block handed to a worker: small enough to balance 2 cores, large enough to amortise messages. */
export const BLOCK_SIZE = 100;

export function defaultWorkers(): number {
  return availableParallelism();
}

/** Fixed split of [from, to) into blocks; the aggregate does not depend on it, only the load balance does. */
export function blocks(from: number, to: number, size = BLOCK_SIZE): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = from; a < to; a += size) out.push([a, Math.min(to, a + size)]);
  return out;
}

type Reply = { id: number; ok: true; aggregate: AggregateJSON } | { id: number; ok: false; error: string };

/**
 * Run replications [from, to) on `workers` Node worker threads (1 = in this thread). Blocks are handed out as
 * workers free up; merging is exact, so the result is identical for any worker count.
 */
export async function runOnThreads(scenario: Scenario, from: number, to: number, workers: number): Promise<Aggregate> {
  if (workers <= 1 || to - from <= BLOCK_SIZE) return runRange(scenario, from, to);
  const queue = blocks(from, to);
  const total = Aggregate.forScenario(scenario);
  const threads = Array.from({ length: Math.min(workers, queue.length) }, () => new Worker(new URL('./worker-entry.mjs', import.meta.url)));
  try {
    await Promise.all(
      threads.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const b = queue.shift();
              if (!b) return resolve();
              w.postMessage({ id: b[0], scenario, from: b[0], to: b[1] });
            };
            w.on('message', (m: Reply) => {
              if (!m.ok) return reject(new Error(m.error));
              total.merge(Aggregate.fromJSON(m.aggregate));
              next();
            });
            w.on('error', reject);
            w.on('exit', (code) => code !== 0 && reject(new Error(`worker thread exited with code ${code}`)));
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return total;
}
