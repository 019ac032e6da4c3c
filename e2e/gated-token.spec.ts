import { E2E_TOKEN, expect, test } from "./fixtures/studio-fixture.ts";

test("a gated model asks for a token, and the token never shows up in the URL", async ({ studio: page }, info) => {
  await page.getByLabel("Search models").fill("gated");
  await page.getByRole("list", { name: "Search results" }).getByRole("button", { name: /gated-org\/llama-gated/ }).click();
  const card = page.getByTestId("model-card");
  await expect(card.getByRole("alert").filter({ hasText: "gated" })).toBeVisible();
  await page.screenshot({ path: info.outputPath("gated-asks-token.png"), fullPage: true });

  await card.getByLabel("Hugging Face token").fill(E2E_TOKEN);
  await card.getByRole("button", { name: "Use token" }).click();
  await expect(card.getByRole("alert").filter({ hasText: "gated" })).toHaveCount(0);
  await expect(card).toContainText("LlamaForCausalLM");
  expect(page.url()).not.toContain(E2E_TOKEN);
  // Not remembered unless asked: a reload forgets it.
  await page.reload();
  await page.getByLabel("Search models").fill("gated");
  await page.getByRole("list", { name: "Search results" }).getByRole("button", { name: /gated-org\/llama-gated/ }).click();
  await expect(page.getByTestId("model-card").getByRole("alert").filter({ hasText: "gated" })).toBeVisible();
});

test("a token the user asks to remember survives a reload (IndexedDB), and can be forgotten", async ({ studio: page }) => {
  const openGated = async () => {
    await page.getByLabel("Search models").fill("gated");
    await page.getByRole("list", { name: "Search results" }).getByRole("button", { name: /gated-org\/llama-gated/ }).click();
  };
  await openGated();
  const card = page.getByTestId("model-card");
  await card.getByLabel("Hugging Face token").fill(E2E_TOKEN);
  await card.getByLabel("remember on this device").check();
  await card.getByRole("button", { name: "Use token" }).click();
  await expect(card).toContainText("LlamaForCausalLM");
  // The IndexedDB write is done once the studio says so; only then may the tab go away.
  await expect(page.getByText("Token saved on this device.")).toBeVisible();
  await page.reload();
  await openGated();
  await expect(page.getByTestId("model-card")).toContainText("LlamaForCausalLM");
  await expect(page.getByTestId("model-card").getByRole("alert")).toHaveCount(0);
  expect(page.url()).not.toContain(E2E_TOKEN);

  await page.locator("summary", { hasText: "Hugging Face token" }).click();
  await page.getByRole("button", { name: "Forget token" }).click();
  await expect(page.getByText("Token forgotten on this device.")).toBeVisible();
  await page.reload();
  await openGated();
  await expect(page.getByTestId("model-card").getByRole("alert").filter({ hasText: "gated" })).toBeVisible();
});
