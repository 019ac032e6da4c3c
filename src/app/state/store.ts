/**
 * The one zustand store, built from slices (the only file that calls create). Actions are also
 * reachable without hooks through useStudio.getState(), e.g. from worker callbacks.
 */
import { create } from "zustand";
import { createJobSlice, type JobSlice } from "./slices/job-slice.ts";
import { createModelsSlice, type ModelsSlice } from "./slices/models-slice.ts";
import { createRecipeSlice, type RecipeSlice } from "./slices/recipe-slice.ts";
import { createUiSlice, type UiSlice } from "./slices/ui-slice.ts";

export type StudioState = RecipeSlice & ModelsSlice & JobSlice & UiSlice;

export const useStudio = create<StudioState>()((...a) => ({
  ...createRecipeSlice(...a),
  ...createModelsSlice(...a),
  ...createJobSlice(...a),
  ...createUiSlice(...a),
}));
