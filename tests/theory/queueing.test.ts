/**
 * Theory checks: the kernel's queues against closed forms from queueing theory.
 *
 * Method, the same for every model: one long seeded run starting empty; the first `warmup` customers are
 * dropped (the initial transient, justified per model below); the rest are cut into BATCHES consecutive
 * batches whose means are treated as independent (each batch is many relaxation times long); the standard
 * error of the grand mean is sd(batch means)/sqrt(BATCHES); we accept |estimate − theory| < 4·SE. A second
 * assertion (SE < 5% of the theoretical value) makes sure the check has power and is not passing on noise.
 * Runs are seeded, so the outcome is reproducible; the tolerance itself is statistical, not tuned to a seed.
 *
 * Warm-up: the relaxation time of a queue started empty is about 1/(cμ(1−√ρ)²) seconds (Abate & Whitt,
 * "Transient behavior of the M/M/1 queue", 1987; heavy-traffic form for c servers). Each warm-up below is
 * tens of relaxation times or more, and each batch is longer still.
 */
import { describe, expect, it } from 'vitest';
import { Resource, Simulation, type ProcessBody } from '../../sim-core/kernel';
import { sampler, type Distribution } from '../../sim-core/random/distributions';
import { stream, type Rng } from '../../sim-core/random/streams';

const BATCHES = 20;

// ---- closed forms --------------------------------------------------------------------------------------

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = λ/μ < c. */
function erlangC(c: number, a: number): number {
  let term = 1; // a^k / k!
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * c) / (c - a); // (a^c / c!) · c/(c − a)
  return top / (sum + top);
}

/** M/M/c mean wait in queue: Wq = C(c, a) / (cμ − λ). For c = 1 this is ρ/(μ − λ). */
function mmcWq(lambda: number, mu: number, c: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/** Erlang B: blocking probability of M/M/c/c, by the recursion B(0) = 1, B(k) = a·B(k−1)/(k + a·B(k−1)). */
function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Pollaczek–Khinchine mean wait in queue for M/G/1: Wq = λ·E[S²] / (2(1 − ρ)). */
function pkWq(lambda: number, meanS: number, meanS2: number): number {
  return (lambda * meanS2) / (2 * (1 - lambda * meanS));
}

// ---- estimation ----------------------------------------------------------------------------------------

interface Estimate {
  mean: number;
  se: number;
}

/** Batch means over values[warmup..]: grand mean and its standard error. */
function batchMeans(values: Float64Array, warmup: number, batches = BATCHES): Estimate {
  const size = Math.floor((values.length - warmup) / batches);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let s = 0;
    const from = warmup + b * size;
    for (let i = from; i < from + size; i++) s += values[i];
    means.push(s / size);
  }
  const mean = means.reduce((a, x) => a + x, 0) / batches;
  const variance = means.reduce((a, x) => a + (x - mean) ** 2, 0) / (batches - 1);
  return { mean, se: Math.sqrt(variance / batches) };
}

function expectAgreement(est: Estimate, theory: number): void {
  // Printed so a failure (or a near miss) can be read without a debugger.
  const z = (est.mean - theory) / est.se;
  expect(Math.abs(est.mean - theory), `estimate ${est.mean}, theory ${theory}, SE ${est.se}, z ${z.toFixed(2)}`).toBeLessThan(
    4 * est.se,
  );
  expect(est.se / theory, 'SE too large for the check to mean anything').toBeLessThan(0.05);
}

// ---- models (written as model code is: one process per customer) ---------------------------------------

/** What a customer process sees: the clock, the servers, and the service-time stream. */
interface Station {
  sim: Simulation;
  server: Resource;
  services: Rng;
}

/**
 * Poisson(λ) arrivals at `servers` servers: customer i (0 … customers − 1) runs as the process `customer(i, station)`
 * from its arrival; returns when all have left. Arrivals and service times draw from their own streams.
 */
function poissonArrivals(customers: number, lambda: number, servers: number, seed: number, customer: (i: number, at: Station) => ProcessBody): void {
  const sim = new Simulation();
  const station: Station = { sim, server: new Resource(sim, servers), services: stream(seed, 0, 'service') };
  const interarrival = sampler({ kind: 'exponential', mean: 1 / lambda });
  const arrivals = stream(seed, 0, 'arrivals');
  function* source(): ProcessBody {
    for (let i = 0; i < customers; i++) {
      yield interarrival(arrivals);
      sim.process(customer(i, station));
    }
  }
  sim.process(source());
  sim.run();
}

/** FIFO queue with `servers` servers: returns each customer's wait in queue, in arrival order. */
function queueWaits(customers: number, lambda: number, servers: number, service: Distribution, seed: number): Float64Array {
  const serviceTime = sampler(service);
  const waits = new Float64Array(customers);
  poissonArrivals(customers, lambda, servers, seed, function* (i, { sim, server, services }) {
    const arrived = sim.now;
    yield server.request();
    waits[i] = sim.now - arrived;
    yield serviceTime(services);
    server.release();
  });
  return waits;
}

/** M/M/c/c loss system: 1 for each arrival that found all servers busy (tryAcquire failed), else 0. */
function lossIndicators(customers: number, lambda: number, mu: number, servers: number, seed: number): Float64Array {
  const serviceTime = sampler({ kind: 'exponential', mean: 1 / mu });
  const blocked = new Float64Array(customers);
  poissonArrivals(customers, lambda, servers, seed, function* (i, { server, services }) {
    if (!server.tryAcquire()) {
      blocked[i] = 1;
      return;
    }
    yield serviceTime(services);
    server.release();
  });
  return blocked;
}

// ---- checks ----------------------------------------------------------------------------------------------

describe('closed forms (sanity)', () => {
  it('Erlang C for λ=3.6, μ=1, c=4 gives Wq = 1.969 s (the figure in perf-notes.md)', () => {
    expect(mmcWq(3.6, 1, 4)).toBeCloseTo(1.969, 3);
  });
  it('Erlang B for c=4, a=3 is 3.375/16.375 (computed by hand: (3^4/4!) / Σ_{k≤4} 3^k/k!)', () => {
    expect(erlangB(4, 3)).toBeCloseTo(3.375 / 16.375, 12);
  });
});

describe('kernel queues agree with queueing theory (|estimate − theory| < 4·SE, batch means)', () => {
  it('M/M/1, λ=0.8, μ=1: Wq = ρ/(μ−λ) = 4 s', () => {
    // Relaxation ≈ 1/(1−√0.8)² ≈ 90 s ≈ 72 arrivals; warm-up 20,000 arrivals; batches of 19,000.
    const waits = queueWaits(400_000, 0.8, 1, { kind: 'exponential', mean: 1 }, 1);
    expectAgreement(batchMeans(waits, 20_000), mmcWq(0.8, 1, 1));
  });

  it('M/M/4, λ=3.6, μ=1 (ρ=0.9): Wq from Erlang C = 1.969 s', () => {
    // Relaxation ≈ 1/(4·(1−√0.9)²) ≈ 95 s ≈ 340 arrivals; warm-up 50,000 arrivals; batches of 47,500.
    const waits = queueWaits(1_000_000, 3.6, 4, { kind: 'exponential', mean: 1 }, 2);
    expectAgreement(batchMeans(waits, 50_000), mmcWq(3.6, 1, 4));
  });

  it('M/M/4/4, λ=3, μ=1: blocking probability from Erlang B = 0.2061', () => {
    // No queue: the state (busy servers) forgets its start within a few service times (≈ 10 arrivals);
    // warm-up 1,000 arrivals.
    const blocked = lossIndicators(200_000, 3, 1, 4, 3);
    expectAgreement(batchMeans(blocked, 1_000), erlangB(4, 3));
  });

  it('M/D/1, λ=0.8, D=1: Wq from Pollaczek–Khinchine = λ·D²/(2(1−ρ)) = 2 s', () => {
    // Deterministic service relaxes faster than M/M/1 at the same ρ; the M/M/1 warm-up is kept (20,000).
    const waits = queueWaits(400_000, 0.8, 1, { kind: 'constant', value: 1 }, 4);
    expectAgreement(batchMeans(waits, 20_000), pkWq(0.8, 1, 1));
  });
});
