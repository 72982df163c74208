import type { Simulation } from '../kernel';
import { Resource } from '../kernel';
import type { Rng } from '../random/streams';
import { sampler, type Sampler } from '../random/distributions';
import type { Scenario } from '../scenario/schema';
import { usableConnections } from '../scenario/capacity';

/**
 * The Cloud SQL instance: a hard connection limit and a few vCPUs that perform connection handshakes
 * (fork, TLS, SCRAM) in parallel. Handshakes and queries slow down as connections grow.
 */
export class CloudSql {
  /** Connections established by the wave's containers (not counting the fixed background load). */
  waveConnections = 0;
  /** Peak of all connections (background included). */
  peakConnections: number;
  readonly background: number;
  /** Connections the app can use: max_connections less the reserved slots. */
  readonly usableLimit: number;
  readonly maxConnections: number;
  /** Handshake servers: one per vCPU, FIFO. */
  readonly cpu: Resource;
  refused = 0;
  private readonly handshake: Sampler;
  private readonly slowdownSlope: number;

  constructor(
    sim: Simulation,
    config: Scenario['cloudSql'],
    background: number,
    private readonly rng: Rng,
  ) {
    this.maxConnections = config.maxConnections;
    this.usableLimit = usableConnections(config);
    this.background = background;
    this.peakConnections = background;
    this.cpu = new Resource(sim, config.vcpus);
    this.handshake = sampler(config.handshakeTime);
    this.slowdownSlope = (config.slowdownAtLimit - 1) / config.maxConnections;
  }

  get connections(): number {
    return this.background + this.waveConnections;
  }

  /** Multiplier on handshake, table-setup and query times: 1 when idle, `slowdownAtLimit` at max_connections. */
  slowdown(): number {
    return 1 + this.slowdownSlope * this.connections;
  }

  handshakeTime(): number {
    return this.handshake(this.rng) * this.slowdown();
  }

  /** After the handshake: SQLSTATE 53300 `too many clients` when no unreserved slot is left. */
  admit(): boolean {
    if (this.connections >= this.usableLimit) {
      this.refused++;
      return false;
    }
    this.waveConnections++;
    if (this.connections > this.peakConnections) this.peakConnections = this.connections;
    return true;
  }

  close(n: number): void {
    this.waveConnections -= n;
  }
}
