/**
 * How every tool in this repo launches Chromium: the Debian package (playwright's own browser
 * download cannot run here), with WebGPU enabled on SwiftShader and no background networking.
 */
import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Path of the system Chromium, or the CHROMIUM_PATH override. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      "No Chromium found. Install it (Debian: `apt-get install -y chromium`) or set CHROMIUM_PATH.",
    );
  }
  return found;
}

/** Flags for WebGPU in headless Chromium without a GPU (SwiftShader Vulkan). */
export const CHROMIUM_ARGS = [
  "--enable-unsafe-webgpu",
  "--enable-features=Vulkan",
  "--use-angle=swiftshader",
  "--use-vulkan=swiftshader",
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/** Launch options for playwright's chromium.launch / launchPersistentContext. */
export function chromiumLaunchOptions(): { executablePath: string; args: string[] } {
  return { executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...(process.env.CHROMIUM_EXTRA_ARGS?.split(" ").filter(Boolean) ?? [])] };
}
