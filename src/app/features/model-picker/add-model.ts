/** Put a picked model into the recipe where it belongs for the current method. */
import { getMethod } from "../../../core/methods/registry.ts";
import { selectParsed } from "../../state/selectors.ts";
import { useStudio } from "../../state/store.ts";
import { readMethod, readModels } from "../../state/recipe-view.ts";

/** Append `ref` to `models:` with the method's required per-model parameters (weight 1.0). */
export function addModelToRecipe(ref: string): void {
  const s = useStudio.getState();
  s.pickModel(ref);
  const data = selectParsed(s).data;
  if (!data) throw new Error("The YAML has an error; fix it before adding models.");
  if (Array.isArray(data.slices)) return; // slices recipes get models through the layer slicer
  const method = getMethod(readMethod(data));
  const params: Record<string, number> = {};
  for (const p of method?.perModelParams ?? []) if (p.required) params[p.name] = 1;
  const entry = Object.keys(params).length > 0 ? { model: ref, parameters: params } : { model: ref };
  if (Array.isArray(data.models)) s.editRecipe(["models", readModels(data).length], entry);
  else s.editRecipe(["models"], [entry]);
}

/** Use `ref` as the recipe's base_model. */
export function setBaseModel(ref: string): void {
  const s = useStudio.getState();
  s.pickModel(ref);
  s.editRecipe(["base_model"], ref);
}
