import { parse } from "yaml";
import { expect, test, typeYaml, yamlText } from "./fixtures/studio-fixture.ts";

test("editing the YAML updates the form", async ({ studio: page }, info) => {
  await typeYaml(page, [
    "merge_method: slerp",
    "base_model: testbed/base",
    "models:",
    "  - model: testbed/base",
    "  - model: testbed/task_a",
    "parameters:",
    "  t: [0, 0.25, 0.8]",
    "dtype: float16",
    "",
  ].join("\n"));
  await expect(page.getByTestId("method-select")).toHaveValue("slerp");
  await expect(page.getByTestId("base-model")).toHaveValue("testbed/base");
  await expect(page.getByLabel("model 2 reference")).toHaveValue("testbed/task_a");
  // A list value is a per-layer curve: one knot per entry.
  const curve = page.getByTestId("gradient-global t");
  await expect(curve.getByRole("slider")).toHaveCount(3);
  await expect(page.getByLabel("global t value 2")).toHaveValue("0.25");
  await page.screenshot({ path: info.outputPath("yaml-to-form.png"), fullPage: true });

  // Dragging the last knot to the top of the curve sets it to the top of the range.
  const box = (await curve.locator("svg").boundingBox())!;
  const knot = (await curve.getByRole("slider").nth(2).boundingBox())!;
  await page.mouse.move(knot.x + knot.width / 2, knot.y + knot.height / 2);
  await page.mouse.down();
  await page.mouse.move(knot.x + knot.width / 2, box.y - 20, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => parse(await yamlText(page)).parameters.t).toEqual([0, 0.25, 1]);

  // And back: a keyboard nudge on a knot rewrites the list in the YAML.
  await curve.getByRole("slider").nth(1).focus();
  await page.keyboard.press("ArrowUp");
  await expect.poll(async () => parse(await yamlText(page)).parameters.t).toEqual([0, 0.3, 1]);
  expect(await yamlText(page)).toContain("  t: [0, 0.3, 1]\n");
});

test("a YAML error shows a marker at the right line and the form says why it paused", async ({ studio: page }, info) => {
  await typeYaml(page, "merge_method: linear\nmodels:\n  - model: testbed/task_a\n   weight: 1\n");
  const squiggle = page.getByTestId("yaml-editor").locator(".squiggly-error").first();
  await expect(squiggle).toBeVisible();
  // The marker's row is the row of line 4 (rendered lines are absolutely positioned).
  const markerTop = await squiggle.evaluate((el) => el.parentElement!.getBoundingClientRect().top);
  const lineTops = await page.getByTestId("yaml-editor").locator(".view-line").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top).sort((a, b) => a - b));
  expect(lineTops.indexOf(markerTop) + 1).toBe(4);
  await expect(page.getByRole("status").filter({ hasText: "The YAML has an error" })).toBeVisible();
  // F8 jumps to the problem and shows its message.
  await page.getByTestId("yaml-editor").locator(".view-lines").click();
  await page.keyboard.press("F8");
  await expect(page.getByTestId("yaml-editor").locator(".marker-widget")).toContainText("Sequence item");
  await page.screenshot({ path: info.outputPath("yaml-error-marker.png"), fullPage: true });

  // Recipe-level problems show in the form too, next to the field they concern.
  await typeYaml(page, "merge_method: tiez\nbase_model: testbed/base\nmodels:\n  - model: testbed/task_a\n    parameters:\n      weight: 1\n      densty: 0.5\n");
  const form = page.getByRole("form", { name: "Recipe form" });
  await expect(form.getByRole("alert").filter({ hasText: "Did you mean 'ties'?" })).toBeVisible();
  await page.getByTestId("method-select").selectOption("ties");
  await expect(page.getByTestId("model-row-0").getByRole("alert")).toContainText("Did you mean 'density'?");
  await expect(page.getByTestId("yaml-editor").locator(".squiggly-warning").first()).toBeVisible();
});

test("the YAML editor completes method names and parameters and explains them on hover", async ({ studio: page }, info) => {
  await typeYaml(page, "merge_method: dare\nbase_model: testbed/base\nmodels:\n  - model: testbed/task_a\n    parameters:\n      weight: 1\n      \n");
  const editor = page.getByTestId("yaml-editor");
  // Method names after merge_method:
  await editor.locator(".view-line").first().click();
  await page.keyboard.press("End");
  await page.keyboard.press("Control+Space");
  const suggest = editor.locator(".suggest-widget");
  await expect(suggest).toContainText("dare_ties");
  await expect(suggest).toContainText("dare_linear");
  await page.keyboard.press("Escape");
  await page.keyboard.type("_ties");
  // Parameters of that method inside a model's parameters block.
  await editor.locator(".view-line").nth(6).click();
  await page.keyboard.press("End");
  await page.keyboard.press("Control+Space");
  await expect(suggest).toContainText("density");
  await page.keyboard.press("Escape");
  // Hover docs on a parameter key.
  await editor.locator(".view-line").nth(5).getByText("weight").hover();
  await expect(page.locator(".monaco-hover").filter({ hasText: "per-model" }).first()).toBeVisible();
  await page.screenshot({ path: info.outputPath("yaml-hover.png"), fullPage: true });
});
