import { api } from './api';
import type { WorkerFactory } from './pool';

/**
 * A "worker" that runs the real worker API in this thread, one macrotask later. For Node (tests, scripts):
 * the page never uses it, as the main thread must not run the engine. Data crosses as structured clones,
 * as it would through postMessage.
 */
export const inProcessWorkerFactory: WorkerFactory = () => {
  let dead = false;
  const later = <T,>(fn: () => T) =>
    new Promise<T>((resolve, reject) => {
      setTimeout(() => {
        if (dead) return reject(new Error('worker terminated'));
        try {
          resolve(structuredClone(fn()));
        } catch (e) {
          reject(e);
        }
      }, 0);
    });
  return {
    runBlock: (input, from, to) => {
      const inputCopy = structuredClone(input);
      return later(() => api.runBlock(inputCopy, from, to));
    },
    runPairedBlock: (baseline, proposal, from, to) => {
      const b = structuredClone(baseline);
      const p = structuredClone(proposal);
      return later(() => api.runPairedBlock(b, p, from, to));
    },
    estimate: (pilots, points, replications) => {
      const copy = structuredClone(pilots);
      return later(() => api.estimate(copy, points, replications));
    },
    terminate: () => {
      dead = true;
    },
  };
};
