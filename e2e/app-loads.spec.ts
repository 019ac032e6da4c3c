import { expect, test } from "@playwright/test";

test("the studio opens on a working page with an example recipe", async ({ page }, info) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Merge Studio" })).toBeVisible();
  await expect(page.getByTestId("yaml-editor")).toContainText("merge_method: ties");
  await expect(page.getByTestId("method-select")).toHaveValue("ties");
  await page.screenshot({ path: info.outputPath("studio-light.png"), fullPage: true });
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.screenshot({ path: info.outputPath("studio-dark.png"), fullPage: true });
  expect(errors).toEqual([]);
});
