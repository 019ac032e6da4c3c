import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { sendFile } from "./send-file.ts";

it("waits for a slow reader without leaving a listener behind per chunk", async () => {
  const dir = mkdtempSync(join(tmpdir(), "send-file-"));
  const data = randomBytes(16 << 20);
  writeFileSync(join(dir, "f.bin"), data);
  const after: { drains: number; closeListeners: number; drainListeners: number; errorListeners: number }[] = [];
  const server = createServer((req, res) => {
    let drains = 0;
    res.on("drain", () => drains++);
    const closeBefore = res.listenerCount("close");
    const errorBefore = res.listenerCount("error");
    void sendFile(req, res, { absPath: join(dir, "f.bin"), size: data.length, etag: '"x"', contentType: "application/octet-stream", headers: {}, onBytes: () => undefined }).then(() =>
      after.push({
        drains,
        closeListeners: res.listenerCount("close") - closeBefore,
        drainListeners: res.listenerCount("drain") - 1,
        errorListeners: res.listenerCount("error") - errorBefore,
      }),
    );
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/f.bin`);
    const reader = res.body!.getReader();
    let got = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      got += value.byteLength;
      await new Promise((r) => setTimeout(r, 2)); // slow reader: the server must wait for 'drain'
    }
    expect(got).toBe(data.length);
    await expect.poll(() => after.length).toBe(1);
    expect(after[0].drains).toBeGreaterThan(10); // enough waits that one leaked listener each would show
    expect(after[0]).toMatchObject({ closeListeners: 0, drainListeners: 0, errorListeners: 0 });
  } finally {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
    rmSync(dir, { recursive: true, force: true });
  }
});
