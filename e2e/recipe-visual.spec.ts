import { parse } from "yaml";
import { expect, test, yamlText } from "./fixtures/studio-fixture.ts";

test("build a 3-model TIES recipe visually and see the same recipe in the YAML editor", async ({ studio: page }, info) => {
  await page.getByRole("button", { name: "New" }).click();
  await page.getByTestId("method-select").selectOption("ties");

  // Models from the local Hub: search, inspect, add.
  await page.getByLabel("Search models").fill("testbed");
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("button", { name: "testbed/task_c" })).toBeVisible();
  await results.getByRole("button", { name: "testbed/base" }).click();
  await expect(page.getByTestId("model-card")).toContainText("LlamaForCausalLM");
  await page.getByRole("button", { name: "Set as base" }).click();
  for (const name of ["task_a", "task_b", "task_c"]) {
    await results.getByRole("button", { name: `testbed/${name}` }).click();
    await expect(page.getByTestId("model-card")).toContainText(`testbed/${name}`);
    await page.getByRole("button", { name: "Add to models" }).click();
  }
  await expect(page.getByTestId("model-list")).toContainText("Models (3)");

  const weights = [0.5, 0.3, 0.2];
  const densities = [0.6, 0.5, 0.4];
  for (let i = 0; i < 3; i++) {
    await page.getByLabel(`model ${i + 1} weight`, { exact: true }).fill(String(weights[i]));
    await page.getByLabel(`model ${i + 1} density mode`).selectOption("scalar");
    await page.getByLabel(`model ${i + 1} density`, { exact: true }).fill(String(densities[i]));
  }
  await page.getByLabel("global lambda mode").selectOption("scalar");
  await page.getByLabel("global lambda", { exact: true }).fill("0.9");

  // The YAML editor shows the same recipe, exactly as mergekit would read it.
  await expect.poll(async () => parse(await yamlText(page))).toEqual({
    merge_method: "ties",
    dtype: "bfloat16",
    base_model: "testbed/base",
    models: [0, 1, 2].map((i) => ({ model: `testbed/task_${"abc"[i]}`, parameters: { weight: weights[i], density: densities[i] } })),
    parameters: { lambda: 0.9 },
  });
  const text = await yamlText(page);
  expect(text).toContain("merge_method: ties\n");
  expect(text).toContain("  - model: testbed/task_b\n    parameters:\n      weight: 0.3\n      density: 0.5\n");
  await page.screenshot({ path: info.outputPath("ties-visual.png"), fullPage: true });

  // One undo history across both views: undo the last form edit, and the YAML follows.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect.poll(async () => parse(await yamlText(page)).parameters).toBeUndefined();
});
