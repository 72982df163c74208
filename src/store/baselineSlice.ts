import type { Scenario } from '../../sim-core/scenario/schema';
import { goodScenario } from './scenarioSlice';
import { scenarioTitle } from '../../sim-core/scenario/presets';
import type { SliceCreator } from './types';

/** A pinned baseline: the scenario the current one (the proposal) is compared against. */
export interface Baseline {
  scenario: Scenario;
  title: string;
}

export interface BaselineValues {
  baseline: Baseline | null;
}

export interface BaselineActions {
  /** Pin the current (last valid) scenario as the baseline; every run is then a paired comparison. */
  pinBaseline(): void;
  /** Back to single runs. */
  unpinBaseline(): void;
  /** Set or clear the baseline without a history checkpoint (a link, local storage). */
  setBaseline(b: Baseline | null): void;
}

export type BaselineSlice = BaselineValues & BaselineActions;

export const BASELINE_DEFAULT: BaselineValues = { baseline: null };

export const createBaselineSlice: SliceCreator<BaselineSlice> = (set, get) => ({
  ...BASELINE_DEFAULT,
  pinBaseline() {
    const s = get();
    if (!s.validation.ok) return;
    const scenario = goodScenario(s);
    const title = scenarioTitle(scenario, 'Pinned baseline');
    get().markCheckpoint();
    set({ baseline: { scenario, title }, comparison: null });
    get().scenarioChanged();
  },
  unpinBaseline() {
    if (!get().baseline) return;
    get().markCheckpoint();
    set({ baseline: null, comparison: null });
    get().scenarioChanged();
  },
  setBaseline(b) {
    set({ baseline: b, comparison: null });
  },
});
