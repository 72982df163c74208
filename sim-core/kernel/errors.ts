/**
 * The one error class of the simulation engine. Everything the kernel rejects (a negative delay, a time in
 * the past, an over-release) is a SimulationError whose message names the offending value, so a caller can
 * tell engine misuse from model bugs with a single `instanceof`.
 */
export class SimulationError extends Error {
  override readonly name = 'SimulationError';
}
