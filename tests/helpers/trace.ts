/** The kernel tests' fixture: a fresh simulation and a log of [what happened, when], to compare with a hand-worked trace. */
import { Simulation } from '../../sim-core/kernel';

export type Trace = [name: string, time: number][];

export function tracedSimulation(): { sim: Simulation; trace: Trace; log: (name: string) => void } {
  const sim = new Simulation();
  const trace: Trace = [];
  const log = (name: string): void => {
    trace.push([name, sim.now]);
  };
  return { sim, trace, log };
}
