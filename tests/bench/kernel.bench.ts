/**
 * Kernel speed on M/M/4 (λ = 3.6/s, μ = 1/s, so ρ = 0.9; Erlang C gives Wq = 1.969 s), against a minimal
 * hand-written loop over a typed-array binary heap doing the same work with the same streams.
 *
 * Both draw inter-arrival times from one stream and service times from another, in service-start order, so
 * with FIFO service they consume identical numbers and must report the same mean wait (bit for bit, in
 * fact; "within noise" is the requirement). The ratio is kernel time / hand-loop time on identical work.
 */
import { Resource, Simulation, type ProcessBody } from '../../sim-core/kernel';
import { stream, type Rng } from '../../sim-core/random/streams';
import { timePair, type BenchRow } from './harness';

const LAMBDA = 3.6;
const MU = 1;
const SERVERS = 4;
const CUSTOMERS = 200_000;
const SEED = 20240611;

const expo = (rng: Rng, rate: number): number => -Math.log(1 - rng()) / rate;

interface Result {
  meanWait: number;
  events: number;
}

/** The model as model code writes it: one process per customer. */
export function kernelMMc(customers: number, seed: number): Result {
  const sim = new Simulation();
  const server = new Resource(sim, SERVERS);
  const arrivals = stream(seed, 0, 'arrivals');
  const service = stream(seed, 0, 'service');
  let totalWait = 0;

  function* customer(): ProcessBody {
    const arrived = sim.now;
    yield server.request();
    totalWait += sim.now - arrived;
    yield expo(service, MU);
    server.release();
  }
  function* source(): ProcessBody {
    for (let i = 0; i < customers; i++) {
      yield expo(arrivals, LAMBDA);
      sim.process(customer());
    }
  }

  sim.process(source());
  sim.run();
  return { meanWait: totalWait / customers, events: sim.eventCount };
}

/** The same M/M/c with explicit state: two event kinds, a FIFO of arrival times, an inlined typed-array heap. */
export function handMMc(customers: number, seed: number): Result {
  const arrivals = stream(seed, 0, 'arrivals');
  const service = stream(seed, 0, 'service');
  const ARRIVAL = 0;
  const DEPARTURE = 1;
  let cap = 64;
  let times = new Float64Array(cap);
  let seqs = new Float64Array(cap);
  let kinds = new Int32Array(cap);
  let n = 0;
  let seq = 0;

  const push = (time: number, kind: number): void => {
    if (n === cap) {
      cap *= 2;
      const t = new Float64Array(cap);
      const s = new Float64Array(cap);
      const k = new Int32Array(cap);
      t.set(times);
      s.set(seqs);
      k.set(kinds);
      times = t;
      seqs = s;
      kinds = k;
    }
    const sq = seq++;
    let i = n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p] < time || (times[p] === time && seqs[p] < sq)) break;
      times[i] = times[p];
      seqs[i] = seqs[p];
      kinds[i] = kinds[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = sq;
    kinds[i] = kind;
  };
  const pop = (): void => {
    const last = --n;
    const t = times[last];
    const s = seqs[last];
    const k = kinds[last];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && (times[c + 1] < times[c] || (times[c + 1] === times[c] && seqs[c + 1] < seqs[c]))) c++;
      if (t < times[c] || (t === times[c] && s < seqs[c])) break;
      times[i] = times[c];
      seqs[i] = seqs[c];
      kinds[i] = kinds[c];
      i = c;
    }
    times[i] = t;
    seqs[i] = s;
    kinds[i] = k;
  };

  const queue = new Float64Array(customers); // arrival times of waiting customers; each arrives once
  let qHead = 0;
  let qTail = 0;
  let busy = 0;
  let arrived = 0;
  let totalWait = 0;
  let events = 0;

  push(expo(arrivals, LAMBDA), ARRIVAL);
  while (n > 0) {
    const now = times[0];
    const kind = kinds[0];
    pop();
    events++;
    if (kind === ARRIVAL) {
      if (++arrived < customers) push(now + expo(arrivals, LAMBDA), ARRIVAL);
      if (busy < SERVERS) {
        busy++;
        push(now + expo(service, MU), DEPARTURE);
      } else {
        queue[qTail++] = now;
      }
    } else if (qHead < qTail) {
      totalWait += now - queue[qHead++];
      push(now + expo(service, MU), DEPARTURE);
    } else {
      busy--;
    }
  }
  return { meanWait: totalWait / customers, events };
}

/** Erlang C mean wait in queue for M/M/c. */
function erlangCWq(lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = (term * c) / (c - a);
  return top / (sum + top) / (c * mu - lambda);
}

export async function run(): Promise<BenchRow[]> {
  let k: Result = { meanWait: NaN, events: 0 };
  let h: Result = { meanWait: NaN, events: 0 };
  const [kt, ht] = timePair(
    () => (k = kernelMMc(CUSTOMERS, SEED)),
    () => (h = handMMc(CUSTOMERS, SEED)),
    { warmup: 3, runs: 9 },
  );
  const label = `M/M/${SERVERS} λ=${LAMBDA} μ=${MU}, ${CUSTOMERS / 1000}k customers`;
  const wq = erlangCWq(LAMBDA, MU, SERVERS);
  return [
    {
      name: `kernel events/s (${label})`,
      value: k.events / (kt.bestMs / 1000),
      unit: 'ev/s',
      note: `${k.events.toLocaleString('en-US')} events (calendar + ready list), best of ${kt.runs}`,
    },
    {
      name: 'hand-written heap loop events/s',
      value: h.events / (ht.bestMs / 1000),
      unit: 'ev/s',
      note: `${h.events.toLocaleString('en-US')} events (arrivals + departures), best of ${ht.runs}`,
    },
    {
      name: 'kernel run time (best)',
      value: kt.bestMs,
      unit: 'ms',
      baselineName: 'hand loop',
      baselineValue: ht.bestMs,
      ratio: kt.bestMs / ht.bestMs,
      note: `goal <= 1.5×; medians ${kt.medianMs.toFixed(1)} vs ${ht.medianMs.toFixed(1)} ms`,
    },
    {
      name: 'kernel mean wait Wq',
      value: k.meanWait,
      unit: 's',
      baselineName: 'hand loop',
      baselineValue: h.meanWait,
      ratio: k.meanWait / h.meanWait,
      note: `Erlang C ${wq.toFixed(3)} s (one replication; same streams so both must agree)`,
    },
  ];
}
