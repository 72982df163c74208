/**
 * A wave that is still starting at the horizon: the starts after it are not simulated, so the breach rate covers
 * only the earlier ones. The scenario warns, and its count of late starts is the engine's (hand-computed here).
 */
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../sim-core/model/replication';
import { scenarioWarnings } from '../../sim-core/scenario/warnings';
import { handScenario } from '../helpers/scenario';

const late = (s: ReturnType<typeof handScenario>) => scenarioWarnings(s).find((w) => w.id === 'wave-past-horizon');

describe('a wave that runs past the horizon', () => {
  it('a 12-container ramp over 3600 s with a 900 s horizon: 3 starts (0, 300, 600 s) are simulated, 9 are not (one at the horizon itself)', () => {
    const s = handScenario({ wave: { containers: 12, pattern: { kind: 'ramp', duration: 3600 } }, simulation: { horizon: 900 } });
    const w = late(s);
    expect(w?.message).toMatch(/^The wave's starts run to 3300 s, past the 900 s horizon: about 9 of 12 containers start at or after it and are not simulated/);
    expect(w?.fields).toEqual(['wave.pattern', 'wave.jitter', 'simulation.horizon']);
    // The engine agrees: only the first 3 containers make a first attempt.
    expect(runReplication(s, 0, false).firstStarts).toBe(3);
  });

  it('batches: 3 batches of 4 every 600 s, horizon 900 s: the third batch (1200 s) is late', () => {
    const s = handScenario({ wave: { containers: 12, pattern: { kind: 'batches', size: 4, interval: 600 } }, simulation: { horizon: 900 } });
    expect(late(s)?.message).toMatch(/run to 1200 s, past the 900 s horizon: about 4 of 12 containers/);
    expect(runReplication(s, 0, false).firstStarts).toBe(8);
  });

  it('Poisson: the expected number of late starts is the engine\'s mean (12 starts at 0.0125/s: ~1.2 of 12)', () => {
    const s = handScenario({ wave: { containers: 12, pattern: { kind: 'poisson', rate: 0.0125 } }, simulation: { horizon: 900 } });
    expect(late(s)?.message).toMatch(/^At 0\.0125 starts\/s the wave's 12 starts take about 880 s on average, against a 900 s horizon: about 1 of 12 containers start at or after it on average/);
    // The engine: containers with a record of their first start (every start before the horizon has one).
    const R = 400;
    let lateStarts = 0;
    for (let r = 0; r < R; r++) lateStarts += 12 - new Set(runReplication(s, r, true).records!.map((x) => x.container)).size;
    // E[late] = Σ_i P(Poisson(11.25) < i) = 1.21; per replication the count has sd ≈ 1.2, so 5 standard errors is ±0.3.
    expect(lateStarts / R).toBeGreaterThan(1.21 - 0.3);
    expect(lateStarts / R).toBeLessThan(1.21 + 0.3);
  });

  it('jitter that cannot reach the horizon is no reason to warn (880 s + up to 20 s: u·20 < 20)', () => {
    const at880 = (jitter: number) => handScenario({ wave: { containers: 12, jitter, pattern: { kind: 'batches', size: 6, interval: 880 } }, simulation: { horizon: 900 } });
    expect(late(at880(20))).toBeUndefined();
    // With 40 s, each of the 6 starts at 880 s is late with probability (880 + 40 − 900) / 40 = 1/2: about 3.
    expect(late(at880(40))?.message).toMatch(/^The wave's starts run to 920 s \(with up to 40 s of jitter\), past the 900 s horizon: about 3 of 12 containers/);
  });

  it('no warning when the last start, jitter included, is within the horizon', () => {
    expect(late(handScenario({ wave: { containers: 12, pattern: { kind: 'ramp', duration: 900 } }, simulation: { horizon: 900 } }))).toBeUndefined();
    expect(late(handScenario({ wave: { containers: 12, jitter: 60 }, simulation: { horizon: 900 } }))).toBeUndefined();
  });
});
