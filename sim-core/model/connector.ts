import type { Simulation } from '../kernel';
import type { Rng } from '../random/streams';
import { sampler, type Sampler } from '../random/distributions';
import type { Scenario } from '../scenario/schema';
import { connectionsPerInstance, handshakesPerInstance, hasSharedConnector } from '../scenario/capacity';

/**
 * The Serverless VPC Access connector. Each instance carries a limited number of connections at once (the
 * write-up's ~50 practical limit); a SYN arriving when all are taken is dropped and TCP retransmits it (the
 * field report: bursts of connects hit the connect timeout). A connection holds its slot from the handshake
 * until it is closed. Optionally each instance also sets up only so many connections at once (the field report's
 * burst drops): a handshake counts from its SYN until Cloud SQL answers it (or the server finishes one the client
 * gave up on), and a SYN beyond that limit is dropped too. The connector scales out one instance at a time once
 * utilisation passes a threshold, effective only after the scale-out delay, and never scales in.
 *
 * In `none` and `direct-vpc-egress` modes there is no shared connector: every connection is admitted.
 */
export class Connector {
  instances: number;
  peakInstances: number;
  busy = 0;
  /** Handshakes in progress (each also holds one of the `busy` slots). */
  handshaking = 0;
  peakUtilisation = 0;
  /** Time utilisation first exceeded the alert threshold (the write-up monitors 70%); -1 if never. */
  firstPressureTime = -1;
  dropped = 0;
  /** Scale-out events as [time, instances after]: shown on the charts. */
  readonly scaleOuts: number[] = [];
  private scalingOut = false;
  private readonly perInstance: number;
  /** Handshakes one instance sets up at once; 0: no such limit. */
  private readonly handshakesPerInstance: number;
  private readonly latency: Sampler;
  private readonly latencySlope: number;
  readonly shared: boolean;

  constructor(
    private readonly sim: Simulation,
    private readonly config: Scenario['connector'],
    private readonly rng: Rng,
    private readonly pressureThreshold: number,
    /** Connections already carried before the wave (other services', running containers'). */
    preexisting: number,
    /** Instances running when the wave starts (connectorInstancesAtStart). */
    instancesAtStart: number,
  ) {
    this.shared = hasSharedConnector(config);
    this.instances = this.shared ? instancesAtStart : 0;
    this.peakInstances = this.instances;
    this.perInstance = connectionsPerInstance(config);
    this.handshakesPerInstance = handshakesPerInstance(config);
    if (this.shared) {
      this.busy = preexisting;
      this.observe();
    }
    this.latency = sampler(config.handshakeLatency);
    this.latencySlope = config.latencyAtFullLoad - 1;
  }

  get capacity(): number {
    return this.instances * this.perInstance;
  }

  utilisation(): number {
    return this.shared ? this.busy / this.capacity : 0;
  }

  /** Start a handshake: take a connection slot, or report the SYN dropped. */
  tryOpen(): boolean {
    if (!this.shared) return true;
    if (this.busy >= this.capacity) {
      this.dropped++;
      // Demand beyond capacity: utilisation would be above 1, so even a threshold of 1 is passed.
      this.considerScaleOut((this.busy + 1) / this.capacity);
      return false;
    }
    if (this.handshakesPerInstance > 0 && this.handshaking >= this.instances * this.handshakesPerInstance) {
      this.dropped++;
      // Handshakes beyond what the instances set up at once are demand beyond capacity too (the connector scales
      // on traffic, not on a count of held connections): as with a full connector, any threshold is passed.
      this.considerScaleOut((this.handshaking + 1) / (this.instances * this.handshakesPerInstance));
      return false;
    }
    this.busy++;
    this.handshaking++;
    this.observe();
    return true;
  }

  /**
   * A handshake ended: with a connection, which keeps its slot until closed; or without one (refused, or given up
   * by the client and finished by the server), which frees its slot.
   */
  handshakeEnded(connected: boolean): void {
    if (!this.shared) return;
    this.handshaking--;
    if (!connected) this.busy--;
  }

  /** Established connections through the connector closed. */
  closeSlots(n: number): void {
    if (this.shared) this.busy -= n;
  }

  /** Latency the connector adds to a handshake at the current load; none without a shared connector. */
  handshakeLatency(): number {
    if (!this.shared) return 0;
    const u = this.utilisation();
    return this.latency(this.rng) * (1 + this.latencySlope * u * u);
  }

  private observe(): void {
    const u = this.busy / this.capacity;
    if (u > this.peakUtilisation) this.peakUtilisation = u;
    if (this.firstPressureTime < 0 && u > this.pressureThreshold) this.firstPressureTime = this.sim.now;
    this.considerScaleOut(u);
  }

  private considerScaleOut(u: number): void {
    if (this.scalingOut || u <= this.config.scaleOutThreshold || this.instances >= this.config.maxInstances) return;
    this.scalingOut = true;
    this.sim.after(this.config.scaleOutDelay, () => {
      this.instances++;
      this.scalingOut = false;
      if (this.instances > this.peakInstances) this.peakInstances = this.instances;
      this.scaleOuts.push(this.sim.now, this.instances);
      // Still hot: ask for the next instance straight away (one at a time).
      this.considerScaleOut(this.busy / this.capacity);
    });
  }
}
