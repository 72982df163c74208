import * as Comlink from 'comlink';
import { api } from './api';

/** The type the UI imports (`import type`) to wrap this worker; the API is described once, in `api.ts`. */
export type SimWorkerApi = typeof api;

Comlink.expose(api);
