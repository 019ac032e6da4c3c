import { parse } from "yaml";
import { expect, test, yamlText } from "./fixtures/studio-fixture.ts";

test("slice layers by drag and drop into a frankenmerge and see the layer count", async ({ studio: page }, info) => {
  await page.getByRole("button", { name: "New" }).click();
  await page.getByTestId("method-select").selectOption("passthrough");
  for (const ref of ["testbed/base", "testbed/task_a"]) {
    await page.getByLabel("Model id").fill(ref);
    await page.getByRole("button", { name: "Look up" }).click();
    await page.getByRole("button", { name: "Add to models" }).click();
  }
  const base = page.getByTestId("source-testbed/base");
  await expect(base.getByRole("button")).toHaveCount(4); // the testbed models have 4 layers

  // Bring source and target into one view first: a drag that has to scroll the page midway is
  // not what a person does, and Chromium drops it.
  await page.getByTestId("output-stack").scrollIntoViewIfNeeded();
  await page.getByTestId("source-testbed/task_a").getByRole("button").first().waitFor();

  // Layers 0-2 of base: click, shift+click, drag into the output.
  await page.getByTestId("layer-testbed/base-0").click();
  await page.getByTestId("layer-testbed/base-2").click({ modifiers: ["Shift"] });
  await page.getByTestId("layer-testbed/base-1").dragTo(page.getByTestId("output-stack"));
  await expect(page.getByTestId("output-layer-count")).toHaveText("3");

  // Layers 1-3 of task_a, dropped on the first slice: inserted before it.
  await page.getByTestId("layer-testbed/task_a-1").click();
  await page.getByTestId("layer-testbed/task_a-3").click({ modifiers: ["Shift"] });
  await page.getByTestId("layer-testbed/task_a-3").dragTo(page.getByTestId("output-slice-0"));
  await expect(page.getByTestId("output-layer-count")).toHaveText("6");

  await expect.poll(async () => parse(await yamlText(page))).toMatchObject({
    merge_method: "passthrough",
    slices: [
      { sources: [{ model: "testbed/task_a", layer_range: [1, 4] }] },
      { sources: [{ model: "testbed/base", layer_range: [0, 3] }] },
    ],
  });
  expect(parse(await yamlText(page)).models).toBeUndefined();

  // Everything drag does, buttons do too: reorder, duplicate, split.
  await page.getByRole("button", { name: "Move slice 2 up" }).click();
  await page.getByRole("button", { name: "Duplicate slice 1" }).click();
  await expect(page.getByTestId("output-layer-count")).toHaveText("9");
  await page.getByRole("button", { name: "Split slice 3" }).click();
  await expect(page.getByTestId("output-slice-3")).toBeVisible();
  await expect(page.getByTestId("output-figures")).toContainText("9 layers");
  const slices = parse(await yamlText(page)).slices as { sources: { layer_range: number[] }[] }[];
  expect(slices.map((s) => s.sources[0].layer_range)).toEqual([[0, 3], [0, 3], [1, 2], [2, 4]]);
  await page.screenshot({ path: info.outputPath("frankenmerge.png"), fullPage: true });

  // Keyboard only: Enter selects a layer, Shift+ArrowUp extends, the add button appends.
  await page.getByTestId("layer-testbed/base-2").focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Shift+ArrowUp");
  await page.getByRole("button", { name: "Add selected layers (2) →" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("output-layer-count")).toHaveText("11");
});
