/** The discrete-event kernel: import from here, not from the files behind it. */
export { Simulation, Process } from './simulation';
export { Activity } from './activity';
export type { Wake, Wait, Yieldable, ProcessBody, Continuation } from './simulation';
export { Resource } from './resource';
export { Signal } from './signal';
export { SimulationError } from './errors';
export { EventHeap } from './heap';
