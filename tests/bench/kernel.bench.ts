/**
 * Kernel speed on M/M/4 (λ = 3.6/s, μ = 1/s, so ρ = 0.9; Erlang C gives Wq = 1.969 s), against a minimal
 * hand-written loop over a typed-array binary heap doing the same work with the same streams.
 *
 * The kernel runs the model twice: with generator processes (`kernelMMc`) and with activities
 * (`activityMMc`, one method per step), one process per customer either way, the way the storm model opens
 * connections. All draw inter-arrival times from one stream and service times from another, in service-start
 * order, so with FIFO service they consume identical numbers and must report the same mean wait (bit for bit,
 * in fact; "within noise" is the requirement). The ratio is kernel time / hand-loop time on identical work.
 *
 * Two more implementations are floors: `bareGeneratorMMc` for any kernel with one generator per customer, and
 * `bareActivityMMc` for one activity per customer: the same processes stepped by a loop with nothing else (no
 * validation, tokens, deadlines, kill or statistics). The gap between a floor and the kernel is what the
 * kernel's bookkeeping costs; the gap between a floor and the hand loop is what the way of writing a process
 * costs (an object per customer and a method call per step; for generators also creation, resumption and an
 * iterator result per step), which no kernel can remove.
 */
import { Activity, Resource, Simulation, type ProcessBody } from '../../sim-core/kernel';
import { stream, type Rng } from '../../sim-core/random/streams';
import { EventHeap } from '../../sim-core/kernel/heap';
import { timeInterleaved, type BenchRow } from './harness';

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

/** What the activity version of the model shares: the kernel, the servers, the streams and the tally. */
interface Shop {
  readonly sim: Simulation;
  readonly server: Resource;
  readonly arrivals: Rng;
  readonly service: Rng;
  readonly customers: number;
  totalWait: number;
}

class Customer extends Activity {
  private readonly arrived: number;
  constructor(private readonly shop: Shop) {
    super(shop.sim);
    this.arrived = shop.sim.now;
  }
  begin(): void {
    this.acquire(this.shop.server, Infinity, this.served);
  }
  private served(): void {
    this.shop.totalWait += this.sim.now - this.arrived;
    this.hold(expo(this.shop.service, MU), this.leave);
  }
  private leave(): void {
    this.shop.server.release();
  }
}

class Arrivals extends Activity {
  private arrived = 0;
  constructor(private readonly shop: Shop) {
    super(shop.sim);
  }
  begin(): void {
    this.hold(expo(this.shop.arrivals, LAMBDA), this.arrive);
  }
  private arrive(): void {
    this.sim.start(new Customer(this.shop));
    if (++this.arrived < this.shop.customers) this.hold(expo(this.shop.arrivals, LAMBDA), this.arrive);
  }
}

/** The same model with activities (the kernel's non-generator processes): one per customer, one source. */
export function activityMMc(customers: number, seed: number): Result {
  const sim = new Simulation();
  const shop: Shop = {
    sim, server: new Resource(sim, SERVERS), customers, totalWait: 0,
    arrivals: stream(seed, 0, 'arrivals'), service: stream(seed, 0, 'service'),
  };
  sim.start(new Arrivals(shop));
  sim.run();
  return { meanWait: shop.totalWait / customers, events: sim.eventCount };
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

/**
 * The floor for generator processes: the kernel's model code, stepped by a bare loop over the kernel's heap
 * and an integer ready ring. Correct only for this model (FIFO, no deadlines, nothing killed).
 */
export function bareGeneratorMMc(customers: number, seed: number): Result {
  type Body = Generator<number | null, void, boolean | undefined>;
  const REQUEST = null; // yielded to ask for a server
  // Same trick as the kernel: one monomorphic call target for every generator function.
  const next = Object.getPrototypeOf(function* () {}).prototype.next as (this: Body, w: boolean | undefined) => IteratorResult<number | null, void>;
  const heap = new EventHeap(256);
  const bodies: (Body | undefined)[] = [];
  const free: number[] = [];
  const readyIds = new Int32Array(1 << 16); // far more than can be ready at once in this model
  const readyWake = new Uint8Array(1 << 16);
  let readyHead = 0;
  let readyTail = 0;
  const queue = new Int32Array(customers);
  let qHead = 0;
  let qTail = 0;
  let seq = 1;
  let now = 0;
  let busy = 0;
  let events = 0;
  const arrivals = stream(seed, 0, 'arrivals');
  const service = stream(seed, 0, 'service');
  let totalWait = 0;

  const makeReady = (id: number, wake: number): void => {
    readyIds[readyTail] = id;
    readyWake[readyTail] = wake;
    readyTail = (readyTail + 1) & 0xffff;
  };
  const release = (): void => {
    if (qHead < qTail) makeReady(queue[qHead++], 1);
    else busy--;
  };
  function* customer(): Body {
    const arrived = now;
    yield REQUEST;
    totalWait += now - arrived;
    yield expo(service, MU);
    release();
  }
  function* source(): Body {
    for (let i = 0; i < customers; i++) {
      yield expo(arrivals, LAMBDA);
      const id = free.length > 0 ? free.pop()! : bodies.length;
      bodies[id] = customer();
      makeReady(id, 0);
    }
  }
  const step = (id: number, wake: boolean | undefined): void => {
    const body = bodies[id]!;
    let r = next.call(body, wake);
    for (;;) {
      if (r.done === true) {
        bodies[id] = undefined;
        free.push(id);
        return;
      }
      if (r.value !== REQUEST) {
        heap.push(now + r.value, seq++, id);
        return;
      }
      if (busy < SERVERS && qHead === qTail) {
        busy++;
        r = next.call(body, true);
        continue;
      }
      queue[qTail++] = id;
      return;
    }
  };

  bodies[0] = source();
  makeReady(0, 0);
  for (;;) {
    while (readyHead !== readyTail) {
      const id = readyIds[readyHead];
      const wake = readyWake[readyHead] === 1 ? true : undefined;
      readyHead = (readyHead + 1) & 0xffff;
      events++;
      step(id, wake);
    }
    if (heap.size === 0) break;
    now = heap.topTime;
    const id = heap.topId;
    heap.pop();
    events++;
    step(id, undefined);
  }
  return { meanWait: totalWait / customers, events };
}

/**
 * The floor for activities: the bench's Customer and Arrivals, step for step (one object per customer, one
 * method per step, a start through the ready list), stepped by a bare loop with nothing else: no kernel record,
 * tokens, deadlines, kill, event count or time-weighted statistics. Correct only for this model. (The classes
 * live at module level: classes made anew per call would get new hidden classes every run, ~3× slower.)
 */
class BareLoop {
  readonly heap = new EventHeap(256);
  readonly steps: (BareStep | undefined)[] = [];
  readonly free: number[] = [];
  readonly readyIds = new Int32Array(1 << 16); // far more than can be ready at once in this model
  readyHead = 0;
  readyTail = 0;
  readonly queue: Int32Array;
  qHead = 0;
  qTail = 0;
  seq = 1;
  now = 0;
  busy = 0;
  events = 0;
  totalWait = 0;
  constructor(
    readonly customers: number,
    readonly arrivals: Rng,
    readonly service: Rng,
  ) {
    this.queue = new Int32Array(customers);
  }
  ready(id: number): void {
    this.readyIds[this.readyTail] = id;
    this.readyTail = (this.readyTail + 1) & 0xffff;
  }
  step(id: number): void {
    const s = this.steps[id]!;
    const next = s.next!;
    s.next = null;
    this.events++;
    next.call(s);
    if (s.next === null) {
      this.steps[id] = undefined;
      this.free.push(id);
    }
  }
  /** As the kernel: the handled event's entry stays on top until the first hold after it takes its place. */
  topVacant = false;
  schedule(time: number, id: number): void {
    if (this.topVacant) {
      this.topVacant = false;
      this.heap.replaceTop(time, this.seq++, id);
    } else this.heap.push(time, this.seq++, id);
  }
  run(): void {
    for (;;) {
      while (this.readyHead !== this.readyTail) {
        const id = this.readyIds[this.readyHead];
        this.readyHead = (this.readyHead + 1) & 0xffff;
        this.step(id);
      }
      if (this.topVacant) {
        this.topVacant = false;
        this.heap.pop();
      }
      if (this.heap.size === 0) break;
      this.now = this.heap.topTime;
      this.topVacant = true;
      this.step(this.heap.topId);
    }
  }
}

abstract class BareStep {
  id = -1;
  next: ((this: BareStep) => void) | null = null;
  constructor(readonly loop: BareLoop) {}
  start(next: (this: BareStep) => void): void {
    const loop = this.loop;
    this.id = loop.free.length > 0 ? loop.free.pop()! : loop.steps.length;
    loop.steps[this.id] = this;
    this.next = next;
    loop.ready(this.id);
  }
  hold(delay: number, next: (this: BareStep) => void): void {
    this.next = next;
    this.loop.schedule(this.loop.now + delay, this.id);
  }
}

class BareCustomer extends BareStep {
  private readonly arrived: number;
  constructor(loop: BareLoop) {
    super(loop);
    this.arrived = loop.now;
  }
  begin(): void {
    const loop = this.loop;
    if (loop.busy < SERVERS && loop.qHead === loop.qTail) {
      loop.busy++;
      this.served();
    } else {
      loop.queue[loop.qTail++] = this.id;
      this.next = this.served;
    }
  }
  served(): void {
    this.loop.totalWait += this.loop.now - this.arrived;
    this.hold(expo(this.loop.service, MU), this.leave);
  }
  leave(): void {
    const loop = this.loop;
    if (loop.qHead < loop.qTail) loop.ready(loop.queue[loop.qHead++]);
    else loop.busy--;
  }
}

class BareArrivals extends BareStep {
  private arrived = 0;
  begin(): void {
    this.hold(expo(this.loop.arrivals, LAMBDA), this.arrive);
  }
  arrive(): void {
    new BareCustomer(this.loop).start(BareCustomer.prototype.begin);
    if (++this.arrived < this.loop.customers) this.hold(expo(this.loop.arrivals, LAMBDA), this.arrive);
  }
}

export function bareActivityMMc(customers: number, seed: number): Result {
  const loop = new BareLoop(customers, stream(seed, 0, 'arrivals'), stream(seed, 0, 'service'));
  new BareArrivals(loop).start(BareArrivals.prototype.begin);
  loop.run();
  return { meanWait: loop.totalWait / customers, events: loop.events };
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
  let g: Result = { meanWait: NaN, events: 0 };
  let h: Result = { meanWait: NaN, events: 0 };
  let a: Result = { meanWait: NaN, events: 0 };
  let b: Result = { meanWait: NaN, events: 0 };
  const [kt, gt, ht, at, bt] = timeInterleaved(
    [
      () => (k = kernelMMc(CUSTOMERS, SEED)),
      () => (g = bareGeneratorMMc(CUSTOMERS, SEED)),
      () => (h = handMMc(CUSTOMERS, SEED)),
      () => (a = activityMMc(CUSTOMERS, SEED)),
      () => (b = bareActivityMMc(CUSTOMERS, SEED)),
    ],
    { warmup: 3, runs: 9 },
  );
  const label = `M/M/${SERVERS} λ=${LAMBDA} μ=${MU}, ${CUSTOMERS / 1000}k customers`;
  const wq = erlangCWq(LAMBDA, MU, SERVERS);
  const evs = (r: Result, ms: number): number => r.events / (ms / 1000);
  return [
    {
      name: `kernel events/s (${label})`,
      value: evs(k, kt.bestMs),
      unit: 'ev/s',
      note: `${k.events.toLocaleString('en-US')} events (calendar + ready list), best of ${kt.runs}`,
    },
    {
      name: 'hand-written heap loop events/s',
      value: evs(h, ht.bestMs),
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
      name: 'kernel run time, activities (best)',
      value: at.bestMs,
      unit: 'ms',
      baselineName: 'hand loop',
      baselineValue: ht.bestMs,
      ratio: at.bestMs / ht.bestMs,
      note: `goal <= 1.5×; ${a.events.toLocaleString('en-US')} events; mean wait ${a.meanWait.toFixed(4)} s`,
    },
    {
      name: 'bare activity loop run time (best)',
      value: bt.bestMs,
      unit: 'ms',
      baselineName: 'hand loop',
      baselineValue: ht.bestMs,
      ratio: bt.bestMs / ht.bestMs,
      note: `floor for one activity per customer; kernel / floor = ${(at.bestMs / bt.bestMs).toFixed(2)}×; mean wait ${b.meanWait.toFixed(4)} s`,
    },
    {
      name: 'bare generator loop run time (best)',
      value: gt.bestMs,
      unit: 'ms',
      baselineName: 'hand loop',
      baselineValue: ht.bestMs,
      ratio: gt.bestMs / ht.bestMs,
      note: `floor for one generator per customer; kernel / floor = ${(kt.bestMs / gt.bestMs).toFixed(2)}×`,
    },
    {
      name: 'kernel mean wait Wq',
      value: k.meanWait,
      unit: 's',
      baselineName: 'hand loop',
      baselineValue: h.meanWait,
      ratio: k.meanWait / h.meanWait,
      note: `bare generator loop ${g.meanWait.toFixed(4)} s; Erlang C ${wq.toFixed(3)} s (one replication)`,
    },
  ];
}
