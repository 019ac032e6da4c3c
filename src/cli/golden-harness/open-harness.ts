/**
 * Node side: serve the golden harness page with vite and open it in headless Chromium (the
 * repo's launch options). Used by `npm run golden` and `npm run bench:kernels`.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright";
import { createServer } from "vite";
import { chromiumLaunchOptions } from "../../../scripts/chromium.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const HARNESS = "/src/cli/golden-harness/index.html";

export interface OpenHarness {
  page: Page;
  close(): Promise<void>;
}

/** The harness page, ready (window.goldenHarness set). Page errors go to stderr. */
export async function openGoldenHarness(): Promise<OpenHarness> {
  const vite = await createServer({ root: ROOT, configFile: false, logLevel: "error", clearScreen: false, server: { host: "127.0.0.1", port: 0, hmr: false, watch: null }, optimizeDeps: { entries: [HARNESS.slice(1)] } });
  await vite.listen();
  const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: true });
  const close = async () => {
    await browser.close();
    await vite.close();
  };
  try {
    const page = await browser.newPage();
    page.on("pageerror", (e) => console.error(`harness page error: ${e.message}`));
    const base = vite.resolvedUrls?.local[0]?.replace(/\/$/, "");
    if (!base) throw new Error("the harness dev server has no URL");
    await page.goto(`${base}${HARNESS}`);
    await page.waitForFunction(() => window.goldenHarness?.ready === true, undefined, { timeout: 120_000 });
    return { page, close };
  } catch (e) {
    await close();
    throw e;
  }
}
