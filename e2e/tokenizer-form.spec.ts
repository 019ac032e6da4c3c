import { parse } from "yaml";
import { expect, test, typeYaml, yamlText } from "./fixtures/studio-fixture.ts";

test("tokenizer and chat-template settings round-trip between the form and the YAML", async ({ studio: page }, info) => {
  await typeYaml(page, ["merge_method: linear", "models:", "  - model: testbed/task_a", "    parameters:", "      weight: 1", "  - model: testbed/task_b", "    parameters:", "      weight: 1", ""].join("\n"));

  // Form -> YAML: tokenizer_source, then padding (which needs the tokenizer block), chat template, seed.
  await page.getByTestId("tokenizer-source").selectOption("union");
  await expect.poll(async () => parse(await yamlText(page)).tokenizer_source).toBe("union");
  await page.getByTestId("tokenizer-pad").fill("64");
  await expect.poll(async () => parse(await yamlText(page))).toMatchObject({ tokenizer: { source: "union", pad_to_multiple_of: 64 } });
  expect(parse(await yamlText(page)).tokenizer_source).toBeUndefined();
  await page.getByTestId("chat-template").selectOption("chatml");
  await page.getByTestId("random-seed").fill("7");
  await expect.poll(async () => parse(await yamlText(page))).toMatchObject({ chat_template: "chatml", random_seed: 7 });
  await page.getByTestId("tokenizer-source").selectOption("testbed/task_b");
  await expect.poll(async () => parse(await yamlText(page)).tokenizer.source).toBe("testbed/task_b");
  await page.screenshot({ path: info.outputPath("tokenizer-form.png"), fullPage: true });

  // YAML -> form: a tokenizer block with per-token sources, and a custom template.
  await typeYaml(page, [
    "merge_method: linear",
    "models:",
    "  - model: testbed/task_a",
    "    parameters:",
    "      weight: 1",
    "tokenizer:",
    "  source: base",
    "  pad_to_multiple_of: 8",
    "  tokens:",
    "    <|im_start|>:",
    "      source: testbed/task_a",
    "chat_template: \"{% for m in messages %}{{ m['content'] }}{% endfor %}\"",
    "",
  ].join("\n"));
  await expect(page.getByTestId("tokenizer-source")).toHaveValue("base");
  await expect(page.getByTestId("tokenizer-pad")).toHaveValue("8");
  await expect(page.getByTestId("chat-template")).toHaveValue("custom");
  await expect(page.getByLabel("Custom chat template")).toHaveValue("{% for m in messages %}{{ m['content'] }}{% endfor %}");
  await expect(page.getByText("Per-token embedding sources (tokenizer.tokens) are edited in the YAML.")).toBeVisible();

  // Clearing the source in the form drops the whole tokenizer block.
  await page.getByTestId("tokenizer-source").selectOption("");
  await expect.poll(async () => parse(await yamlText(page)).tokenizer).toBeUndefined();
});
