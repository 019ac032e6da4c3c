import { expect, test } from "@playwright/test";

test("the studio opens on a working page with an example recipe", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Merge Studio" })).toBeVisible();
  await expect(page.getByTestId("recipe-yaml")).toContainText("merge_method: ties");
  expect(errors).toEqual([]);
});
