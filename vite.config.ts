/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { playwright } from "@vitest/browser-playwright";
import { chromiumLaunchOptions } from "./scripts/chromium.ts";

export default defineConfig({
  plugins: [react()],
  worker: { format: "es" },
  // The gpu tests read the shared golden vectors (../shared/golden) through the dev server.
  server: { fs: { allow: [".", "../shared"] } },
  build: { target: "es2022", chunkSizeWarningLimit: 8000 },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["src/**/*.browser.test.ts", "node_modules/**"],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "gpu",
          include: ["src/**/*.browser.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: chromiumLaunchOptions() }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
    ],
  },
});
