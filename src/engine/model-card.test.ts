import { describe, expect, test } from "vitest";
import type { MergePlan, PlannedModel } from "../core/plan/types.ts";
import { buildModelCard } from "./model-card.ts";

const model = (repo: string, kind: "hub" | "local"): PlannedModel => ({ reference: repo, repo, requestedRevision: null, commitSha: null, kind, config: {}, files: [] });

function plan(method: MergePlan["method"], models: PlannedModel[], baseModelIndex: number | null): MergePlan {
  return { method, models, baseModelIndex } as MergePlan;
}

describe("buildModelCard", () => {
  const recipe = "merge_method: ties\nbase_model: org/base\n";

  test("front matter lists Hub models only, with the merge relation, library and tags", () => {
    const card = buildModelCard(plan("ties", [model("org/a", "hub"), model("/home/me/secret/b", "local"), model("org/base", "hub")], 2), recipe, "my-merge");
    const front = card.split("---\n")[1];
    expect(front).toBe("base_model:\n- org/a\n- org/base\nbase_model_relation: merge\nlibrary_name: transformers\ntags:\n- mergekit\n- merge\n");
    expect(card).not.toContain("/home/me/secret");
    expect(card).toContain("# my-merge");
    expect(card).toContain("using [org/base](https://huggingface.co/org/base) as a base");
    expect(card).toContain("```yaml\n" + recipe.trimEnd() + "\n```");
    // The base is not listed among the merged models.
    expect(card).toMatch(/\* \[org\/a\]\(https:\/\/huggingface\.co\/org\/a\)\n\* b\n/);
  });

  test("slerp names no base and lists every model, as mergekit does", () => {
    const card = buildModelCard(plan("slerp", [model("org/a", "hub"), model("org/b", "hub")], 0), "merge_method: slerp\n");
    expect(card).not.toContain("as a base");
    expect(card).toContain("* [org/a]");
    expect(card).toContain("* [org/b]");
  });
});
