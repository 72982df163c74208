import { api } from './api';
import type { WorkerFactory } from './pool';

/**
 * A "worker" that runs the real worker API in this thread, one macrotask later. For Node (tests, scripts):
 * the page never uses it, as the main thread must not run the engine. Data crosses as structured clones,
 * as it would through postMessage.
 */
export const inProcessWorkerFactory: WorkerFactory = () => {
  let dead = false;
  return {
    runBlock: (input, from, to) =>
      new Promise((resolve, reject) => {
        const inputCopy = structuredClone(input);
        setTimeout(() => {
          if (dead) return reject(new Error('worker terminated'));
          try {
            resolve(structuredClone(api.runBlock(inputCopy, from, to)));
          } catch (e) {
            reject(e);
          }
        }, 0);
      }),
    terminate: () => {
      dead = true;
    },
  };
};
