import { parse } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useStudio } from "../store.ts";

const start = useStudio.getState().recipeText;

describe("recipe slice: one history for both views", () => {
  afterEach(() => {
    vi.useRealTimers();
    useStudio.setState({ recipeText: start, past: [], future: [], lastEdit: null });
  });

  it("undoes a form edit and a YAML edit in order, and redoes them", () => {
    vi.useFakeTimers();
    const s = () => useStudio.getState();
    s().editRecipe(["parameters", "lambda"], 0.8);
    vi.advanceTimersByTime(2000);
    s().setRecipeText(s().recipeText.replace("merge_method: ties", "merge_method: dare_ties"), "yaml");
    expect(parse(s().recipeText)).toMatchObject({ merge_method: "dare_ties", parameters: { lambda: 0.8 } });
    s().undo();
    expect(parse(s().recipeText)).toMatchObject({ merge_method: "ties", parameters: { lambda: 0.8 } });
    s().undo();
    expect(s().recipeText).toBe(start);
    s().redo();
    s().redo();
    expect(parse(s().recipeText).merge_method).toBe("dare_ties");
  });

  it("folds rapid typing in one view into one undo step, but not edits of different fields", () => {
    vi.useFakeTimers();
    const s = () => useStudio.getState();
    s().setRecipeText(start + "# a", "yaml");
    vi.advanceTimersByTime(100);
    s().setRecipeText(start + "# ab", "yaml");
    expect(s().past).toHaveLength(1);
    s().editRecipe(["dtype"], "float16");
    s().editRecipe(["parameters", "normalize"], false);
    expect(s().past).toHaveLength(3);
    s().undo();
    expect(parse(s().recipeText).parameters.normalize).toBe(true);
  });
});
