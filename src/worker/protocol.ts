/**
 * What a simulation worker posts once its module has loaded (besides Comlink's own messages, which carry an
 * id; Comlink ignores this one), so the page can tell a worker that never starts from a slow one.
 */
export const READY_MESSAGE = { bootstormWorkerReady: 1 } as const;

export const isReadyMessage = (data: unknown): boolean =>
  data !== null && typeof data === 'object' && (data as { bootstormWorkerReady?: unknown }).bootstormWorkerReady === 1;
