import { describe, expect, it } from "vitest";
import { runTsx } from "./run-tsx.ts";


describe.concurrent("npm run hub", () => {
  it("serves the testbed by default and prints its URL", async () => {
    const r = await runTsx("src/test-hub/cli.ts", ["--port", "0"], /Hub API http:\/\/127\.0\.0\.1:\d+/);
    expect(r.out).toMatch(/testbed\/base {2}@ [0-9a-f]{12}/);
    expect(r.out).toMatch(/Hub API http:\/\/127\.0\.0\.1:\d+ .* 4 repos/);
  });

  it("reports bad options as FILE:LINE:COL: error and exits 1", async () => {
    const r = await runTsx("src/test-hub/cli.ts", ["--repo", "a/b=/does/not/exist"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^src\/test-hub\/cli\.ts:1:1: error: --repo a\/b=\/does\/not\/exist: folder \/does\/not\/exist does not exist/m);
  });
});
