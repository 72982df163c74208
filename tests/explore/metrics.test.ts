import { describe, expect, it } from 'vitest';
import { METRICS, metricInSentence } from '../../sim-core/explore';

describe('metricInSentence', () => {
  it('lower-cases a label for the middle of a sentence, but keeps "Phase 3" and "Cloud SQL" as written', () => {
    expect(metricInSentence(METRICS['phase3.breachRate'].label)).toBe('Phase 3 breach rate');
    expect(metricInSentence(METRICS.restartsPerReplication.label)).toBe('restarts per wave');
    expect(metricInSentence(METRICS['peaks.cloudSqlConnections.mean'].label)).toBe('peak Cloud SQL connections (mean)');
    expect(metricInSentence('Cloud SQL CPU')).toBe('Cloud SQL CPU');
  });
});
