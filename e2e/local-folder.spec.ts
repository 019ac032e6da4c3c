import { resolve } from "node:path";
import { expect, test, TESTBED, typeYaml } from "./fixtures/studio-fixture.ts";

test("a local model folder joins the recipe and the pre-flight reads it from disk", async ({ studio: page }, info) => {
  await typeYaml(page, "merge_method: linear\nmodels:\n  - model: testbed/task_a\n    parameters:\n      weight: 0.5\ndtype: bfloat16\n");
  await page.getByLabel("Open a local model folder").setInputFiles(resolve(TESTBED, "task_b"));
  const card = page.getByTestId("model-card");
  await expect(card).toContainText("./task_b");
  await expect(card).toContainText("Local folder · llama · 4 layers");
  await card.getByRole("button", { name: "Add to models" }).click();
  await expect(page.getByLabel("model 2 reference")).toHaveValue("./task_b");
  await expect(page.getByTestId("source-./task_b").getByRole("button")).toHaveCount(4);

  await page.getByRole("button", { name: "Check recipe" }).click();
  const preflight = page.getByTestId("preflight");
  await expect(preflight.getByTestId("preflight-verdict")).toHaveText("Ready to merge.", { timeout: 30_000 });
  await expect(preflight).toContainText("./task_b");
  await page.screenshot({ path: info.outputPath("local-folder.png"), fullPage: true });

  // Local paths never go into a share link.
  await page.getByRole("button", { name: "Share" }).click();
  await expect(page.getByTestId("notice")).toContainText("Cannot share this recipe");
});
