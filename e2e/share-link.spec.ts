import { parse } from "yaml";
import { expect, test, typeYaml, yamlText } from "./fixtures/studio-fixture.ts";

const RECIPE = [
  "merge_method: dare_ties",
  "base_model: testbed/base@main",
  "models:",
  "  - model: testbed/task_a",
  "    parameters:",
  "      weight: [0.2, 0.6, 0.4]",
  "      density: 0.55",
  "  - model: testbed/task_b",
  "    parameters:",
  "      weight: 0.4",
  "      density: [{filter: self_attn, value: 0.3}, {value: 0.7}]",
  "parameters:",
  "  lambda: 1.1",
  "dtype: bfloat16",
  "",
].join("\n");

test("a shared URL opens the same recipe", async ({ studio: page, context }, info) => {
  await typeYaml(page, RECIPE);
  await expect(page.getByTestId("method-select")).toHaveValue("dare_ties");
  await page.getByRole("button", { name: "Share" }).click();
  const link = await page.getByLabel("Share link").inputValue();
  expect(link).toMatch(/#r=1\./);

  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId("method-select")).toHaveValue("dare_ties");
  await expect(other.getByTestId("notice")).toContainText("Opened the shared recipe");
  await expect.poll(async () => parse(await yamlText(other))).toEqual(parse(RECIPE));
  // The form shows the gradient and the filter rows of the shared recipe.
  await expect(other.getByTestId("gradient-model 1 weight").getByRole("slider")).toHaveCount(3);
  await expect(other.getByLabel("model 2 density filter 1", { exact: true })).toHaveValue("self_attn");
  await other.screenshot({ path: info.outputPath("opened-share-link.png"), fullPage: true });

  // A damaged link explains itself instead of blanking the page.
  const broken = link.slice(0, link.length - 12) + "%%%";
  await other.goto("about:blank");
  await other.goto(broken);
  await expect(other.getByTestId("notice")).toContainText("cannot be opened");
  await expect(other.getByTestId("yaml-editor")).toBeVisible();
  await other.close();
});
