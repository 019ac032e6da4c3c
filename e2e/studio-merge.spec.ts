import { readFileSync } from "node:fs";
import { expect, test, typeYaml } from "./fixtures/studio-fixture.ts";

const RECIPE = [
  "merge_method: ties",
  "base_model: testbed/base",
  "models:",
  "  - model: testbed/task_a",
  "    parameters: {weight: 0.6, density: 0.5}",
  "  - model: testbed/task_b",
  "    parameters: {weight: 0.4, density: 0.5}",
  "dtype: bfloat16",
  "",
].join("\n");

test("check a recipe, merge it in the tab to the end and download the result", async ({ studio: page }, info) => {
  test.setTimeout(240_000);
  await typeYaml(page, RECIPE);
  await expect(page.getByTestId("method-select")).toHaveValue("ties");

  await page.getByRole("button", { name: "Check recipe" }).click();
  const preflight = page.getByTestId("preflight");
  await expect(preflight.getByTestId("preflight-verdict")).toHaveText("Ready to merge.", { timeout: 30_000 });
  await expect(preflight).toContainText("4 output layers");

  await page.getByRole("button", { name: "Merge", exact: true }).click();
  const status = page.getByTestId("run-status");
  await expect(status).toContainText("done", { timeout: 180_000 });
  await expect(page.getByTestId("merge-progress")).toHaveAttribute("value", "1");
  await expect(page.getByTestId("merge-log")).toContainText("done in");
  await page.screenshot({ path: info.outputPath("merge-done.png"), fullPage: true });

  const outputs = page.getByTestId("outputs");
  await expect(outputs).toContainText("model.safetensors");
  await expect(outputs).toContainText("config.json");
  const downloads: { name: string; path: string }[] = [];
  page.on("download", async (d) => downloads.push({ name: d.suggestedFilename(), path: await d.path() }));
  await outputs.getByRole("button", { name: "Download" }).click();
  await expect.poll(() => downloads.map((d) => d.name).sort(), { timeout: 60_000 }).toEqual(expect.arrayContaining(["config.json", "model.safetensors", "mergekit_config.yml"]));
  await expect.poll(() => downloads.every((d) => !!d.path)).toBe(true);

  // The downloaded weights are a real safetensors file with the Llama tensors of the testbed.
  const weights = readFileSync(downloads.find((d) => d.name === "model.safetensors")!.path);
  const headerLength = Number(weights.readBigUInt64LE(0));
  const header = JSON.parse(weights.subarray(8, 8 + headerLength).toString("utf8")) as Record<string, { dtype: string; shape: number[] }>;
  expect(header["model.layers.3.mlp.down_proj.weight"]).toMatchObject({ dtype: "BF16", shape: [128, 384] });
  expect(readFileSync(downloads.find((d) => d.name === "mergekit_config.yml")!.path, "utf8")).toContain("merge_method: ties");
});
