import { describe, expect, it } from 'vitest';
import { fmtFieldValue } from '../../src/lib/exploreSettings';
import { exploreField } from '../../sim-core/explore/grid';

const field = (key: string) => {
  const f = exploreField(key);
  if (!f.ok) throw new Error(f.message);
  return f.value;
};

describe('a What-if value with its unit', () => {
  it('counts agree in number: 1 container, 2 containers, 1 vCPU', () => {
    expect(fmtFieldValue(field('wave.containers'), 1)).toBe('1 container');
    expect(fmtFieldValue(field('wave.containers'), 2)).toBe('2 containers');
    expect(fmtFieldValue(field('cloudSql.vcpus'), 1)).toBe('1 vCPU');
  });
  it('symbols are never changed: 1 s, 1 ×', () => {
    expect(fmtFieldValue(field('timeouts.initialization'), 1)).toBe('1 s');
    expect(fmtFieldValue(field('restart.multiplier'), 1)).toBe('1 ×');
    expect(fmtFieldValue(field('timeouts.initialization'), 1500)).toBe('1,500 s');
  });
});
