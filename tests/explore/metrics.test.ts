import { describe, expect, it } from 'vitest';
import { METRICS } from '../../sim-core/explore';
import { labelInSentence } from '../../sim-core/report/count';

describe('labelInSentence', () => {
  it('lower-cases a label for the middle of a sentence, but keeps "Phase 3" and "Cloud SQL" as written', () => {
    expect(labelInSentence(METRICS['phase3.breachRate'].label)).toBe('Phase 3 breach rate');
    expect(labelInSentence(METRICS.restartsPerReplication.label)).toBe('restarts per wave');
    expect(labelInSentence(METRICS['peaks.cloudSqlConnections.mean'].label)).toBe('peak Cloud SQL connections (mean)');
    expect(labelInSentence('Cloud SQL CPU')).toBe('Cloud SQL CPU');
  });
});
