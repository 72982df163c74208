import seedrandom from 'seedrandom';

/** A uniform source on [0, 1). Everything random in the model draws from one of these. */
export interface Rng {
  /** Next uniform in [0, 1). */
  (): number;
}

/**
 * The stream for one model component of one replication.
 *
 * Replication r of seed s always gets the same numbers, whichever worker or shard runs it, because the
 * stream is keyed by (seed, replication, component) and by nothing else. Components ("wave", "connector",
 * "cloudSql", "container:7", ...) each get their own stream, so changing how much randomness one component
 * consumes does not shift another's: two scenarios compared on the same seed use common random numbers.
 *
 * Alea is seedrandom's fastest generator with a good period (~2^116); its seeding hashes the key string.
 */
export function stream(seed: number, replication: number, component: string): Rng {
  return seedrandom.alea(`bootstorm/${seed}/${replication}/${component}`) as unknown as Rng;
}
