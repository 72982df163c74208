import * as Comlink from 'comlink';
import { api } from './api';
import { READY_MESSAGE } from './protocol';

/** The type the UI imports (`import type`) to wrap this worker; the API is described once, in `api.ts`. */
export type SimWorkerApi = typeof api;

Comlink.expose(api);
// Loaded: the page's load watchdog (browserWorkerFactory) stops waiting.
(self as unknown as { postMessage(m: unknown): void }).postMessage(READY_MESSAGE);
