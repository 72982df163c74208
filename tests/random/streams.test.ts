/**
 * stream() hashes its key itself and hands seedrandom a state (streams.ts says why): the numbers must be exactly
 * those of seedrandom.alea(key), so that the speed-up changed no result and every stream is still seedrandom's.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { aleaState, stream } from '../../sim-core/random/streams';

const components = ['wave', 'connector', 'cloudSql', 'container:0', 'container:11/phase3', 'container:4095/phase3', 'distribution-test'];

describe('stream', () => {
  it('draws exactly what seedrandom.alea draws from the same key', () => {
    for (const seed of [0, 1, 1278, 20240611, 2 ** 31 - 1, 4294967295, Number.MAX_SAFE_INTEGER]) {
      for (const replication of [0, 1, 99, 12345, 999_999]) {
        for (const component of components) {
          const ours = stream(seed, replication, component);
          const theirs = seedrandom.alea(`bootstorm/${seed}/${replication}/${component}`);
          for (let i = 0; i < 50; i++) expect(ours()).toBe(theirs());
        }
      }
    }
  });

  it('seeds like seedrandom for any key, long, empty or beyond ASCII', () => {
    const keys = ['', ' ', 'a', 'x'.repeat(2000), 'é∑😀/ü', '\u0000\uffff'];
    for (const key of keys) {
      const theirs = seedrandom.alea(key, { state: true }).state();
      expect(aleaState(key)).toEqual(theirs);
    }
  });

  it('gives each component and replication its own numbers', () => {
    const first = (r: number, c: string) => stream(1278, r, c)();
    expect(first(0, 'connector')).not.toBe(first(0, 'cloudSql'));
    expect(first(0, 'connector')).not.toBe(first(1, 'connector'));
    expect(first(0, 'container:1')).not.toBe(first(0, 'container:1/phase3'));
  });
});
