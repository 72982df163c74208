import type { StateCreator } from 'zustand';
import type { ScenarioSlice } from './scenarioSlice';
import type { RunSlice } from './runSlice';
import type { ResultsSlice } from './resultsSlice';
import type { UiSlice } from './uiSlice';
import type { BaselineSlice } from './baselineSlice';
import type { LinkSlice } from './linkSlice';
import type { LibrarySlice } from './librarySlice';
import type { ExploreSlice } from './exploreSlice';

/** The whole store: one object made of slices. */
export type AppState = ScenarioSlice & RunSlice & ResultsSlice & UiSlice & BaselineSlice & LinkSlice & LibrarySlice & ExploreSlice;

/** Every slice is typed against the whole store, so actions can read and call other slices. */
export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
