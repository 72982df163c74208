/** "Did you mean …?" (sim-core/didYouMean.ts): one rule for presets, fields, metrics, options and result fields. */
import { describe, expect, it } from 'vitest';
import { closestName } from '../../sim-core/didYouMean';
import { PRESETS } from '../../sim-core/scenario/presets';
import { METRIC_KEYS } from '../../sim-core/explore/metrics';
import { exploreField } from '../../sim-core/explore/grid';

describe('closestName', () => {
  const presets = PRESETS.map((p) => p.id);
  it('finds other capitals, a last part, a typo or a unique part of a name', () => {
    expect(closestName('Mitigated', presets)).toBe('mitigated');
    expect(closestName('breachrate', METRIC_KEYS)).toBe('phase3.breachRate');
    expect(closestName('--replication', ['--replications', '--seed'])).toBe('--replications');
    expect(closestName('incident', presets)).toBe('incident-1278-staging');
    // A known name with words around it: the longest one inside.
    const wave = ['containers', 'pattern', 'jitter', 'runningContainers', 'runningConnectionsEach'];
    expect(closestName('startPattern', wave)).toBe('pattern');
    expect(closestName('runningContainersCount', wave)).toBe('runningContainers');
    expect(closestName('jitterpattern', ['pattern', 'jitter'])).toBe('pattern');
  });
  it('offers nothing when nothing stands out', () => {
    // Several names end alike at the same depth: a guess among them would mislead.
    expect(closestName('mean', METRIC_KEYS)).toBeNull();
    expect(closestName('cap', ['retry.cap', 'restart.cap'])).toBeNull();
    expect(closestName('zzz', presets)).toBeNull();
    // "pre" is in one id only, but three letters are too few to go on.
    expect(closestName('pre', presets)).toBeNull();
    // Two known names of one length inside it: no guess.
    expect(closestName('baseroot', ['base', 'root'])).toBeNull();
  });
  it('ends the field message with the suggestion, then the list', () => {
    const f = exploreField('wave.container');
    expect(!f.ok && f.message).toMatch(/^"wave\.container" is not a numeric scenario field: did you mean wave\.containers\? Valid fields: wave\.containers, /);
  });
});
