/** Run the pre-flight check for the current recipe and keep its plan in the store. */
import { planRecipe } from "../../queries/plan-recipe.ts";
import { useStudio } from "../../state/store.ts";

export async function runPreflight(): Promise<void> {
  const s = useStudio.getState();
  const text = s.recipeText;
  s.setPreflight({ status: "checking", text, planned: null, error: null });
  try {
    const planned = await planRecipe(text, s.hubUrl, s.token, s.localFolders);
    useStudio.getState().setPreflight({ status: "ready", text, planned, error: null });
  } catch (e) {
    useStudio.getState().setPreflight({ status: "failed", text, planned: null, error: (e as Error).message });
  }
}
