/**
 * The recipe slice: the recipe TEXT is the single source of truth. The form and the YAML editor
 * both write it (the form through editRecipeText, so comments survive); everything else is derived.
 * Undo/redo keep whole texts, so they work across both views.
 */
import type { StateCreator } from "zustand";
import type { StudioState } from "../store.ts";
import { editRecipeText, type RecipePath } from "../../../core/recipe/index.ts";
import { EXAMPLE_RECIPE } from "../../example-recipe.ts";

/** Where a change came from; consecutive changes of the same kind within COALESCE_MS merge into one undo step. */
export type EditSource = "yaml" | "form" | "load";

const COALESCE_MS = 800;
const HISTORY_LIMIT = 200;

export interface RecipeSlice {
  recipeText: string;
  past: string[];
  future: string[];
  lastEdit: { key: string; at: number } | null;
  /** Replace the whole text (YAML editor, opening a file or a shared URL). */
  setRecipeText(text: string, source: EditSource): void;
  /** Apply one visual edit at a YAML path; `undefined` deletes. Throws a clear error on broken YAML. */
  editRecipe(path: RecipePath, value: unknown): void;
  undo(): void;
  redo(): void;
}

export const createRecipeSlice: StateCreator<StudioState, [], [], RecipeSlice> = (set, get) => {
  const commit = (text: string, key: string): void => {
    const s = get();
    if (text === s.recipeText) return;
    const now = Date.now();
    const coalesce = key !== "load" && s.lastEdit !== null && s.lastEdit.key === key && now - s.lastEdit.at < COALESCE_MS;
    const past = coalesce ? s.past : [...s.past, s.recipeText].slice(-HISTORY_LIMIT);
    set({ recipeText: text, past, future: [], lastEdit: { key, at: now } });
  };
  return {
    recipeText: EXAMPLE_RECIPE,
    past: [],
    future: [],
    lastEdit: null,
    setRecipeText: (text, source) => commit(text, source),
    editRecipe: (path, value) => commit(editRecipeText(get().recipeText, path, value), `form:${path.join(".")}`),
    undo: () => {
      const { past, recipeText, future } = get();
      if (past.length === 0) return;
      set({ recipeText: past[past.length - 1], past: past.slice(0, -1), future: [recipeText, ...future], lastEdit: null });
    },
    redo: () => {
      const { past, recipeText, future } = get();
      if (future.length === 0) return;
      set({ recipeText: future[0], past: [...past, recipeText], future: future.slice(1), lastEdit: null });
    },
  };
};
