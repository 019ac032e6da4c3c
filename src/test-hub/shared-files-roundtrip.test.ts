// Real files from the shared folder through the safetensors core (needs node:fs, hence here and not in src/core).
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeTensorToF32, encodeF32ToTensor, parseSafetensorsFile, parseSafetensorsHeader, readHeaderLength, serializeSafetensors,
  type SafetensorsHeader,
} from "../core/safetensors/index.ts";
import { startTestHub, type TestHub } from "./hub-server.ts";
import { GOLDEN_DIR, SHARED_DIR, TESTBED_DIR } from "../test-support/shared-dirs.ts";

const BASE = `${TESTBED_DIR}/base/model.safetensors`;
const GOLDEN = `${GOLDEN_DIR}/ties-p01.safetensors`;

function roundTrip(path: string): { file: Uint8Array; header: SafetensorsHeader; rebuilt: Uint8Array } {
  const file = new Uint8Array(readFileSync(path));
  const header = parseSafetensorsFile(file);
  // decode -> encode -> serialize: bit-identical data for F32/BF16 proves the codecs are exact inverses.
  const tensors = header.tensors.map((t) => {
    const bytes = file.subarray(header.dataStart + t.dataOffsets[0], header.dataStart + t.dataOffsets[1]);
    return { name: t.name, dtype: t.dtype, shape: t.shape, data: encodeF32ToTensor(decodeTensorToF32(bytes, t.dtype, t.name), t.dtype) };
  });
  return { file, header, rebuilt: serializeSafetensors(tensors, header.metadata) };
}

describe("shared files", () => {
  it.each([["testbed base", BASE], ["golden case", GOLDEN]])("%s: parses and round-trips bit-exactly", (_l, path) => {
    const { file, header, rebuilt } = roundTrip(path);
    expect(header.tensors.length).toBeGreaterThan(0);
    expect(header.dataStart % 8).toBe(0);
    const again = parseSafetensorsFile(rebuilt);
    expect(again.tensors.map((t) => [t.name, t.dtype, t.shape, t.dataOffsets])).toEqual(header.tensors.map((t) => [t.name, t.dtype, t.shape, t.dataOffsets]));
    expect(Buffer.from(rebuilt.subarray(again.dataStart)).equals(Buffer.from(file.subarray(header.dataStart)))).toBe(true);
  });

  it("testbed base holds the Llama tensors its config describes", () => {
    const cfg = JSON.parse(readFileSync(`${TESTBED_DIR}/base/config.json`, "utf8")) as Record<string, number>;
    const h = parseSafetensorsFile(new Uint8Array(readFileSync(BASE)));
    expect(h.byName.get("model.embed_tokens.weight")?.shape).toEqual([cfg.vocab_size, cfg.hidden_size]);
    expect(h.byName.get(`model.layers.${cfg.num_hidden_layers - 1}.mlp.down_proj.weight`)?.shape).toEqual([cfg.hidden_size, cfg.intermediate_size]);
  });
});

describe("headers over HTTP Range from the test Hub", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ orgs: { testbed: TESTBED_DIR } });
  });
  afterAll(() => hub.close());

  it("parses every testbed model from two small Range reads each", async () => {
    hub.stats.reset();
    for (const repo of hub.repoIds()) {
      const loc = (await fetch(`${hub.url}/${repo}/resolve/main/model.safetensors`, { redirect: "manual" })).headers.get("location")!;
      const first = await fetch(loc, { headers: { Range: "bytes=0-7" } });
      const size = Number(first.headers.get("content-range")!.split("/")[1]);
      const n = readHeaderLength(new Uint8Array(await first.arrayBuffer()), { fileSize: size });
      const json = new Uint8Array(await (await fetch(loc, { headers: { Range: `bytes=8-${7 + n}` } })).arrayBuffer());
      const h = parseSafetensorsHeader(json, { headerLength: n, fileSize: size });
      expect(h.tensors.length).toBe(parseSafetensorsFile(new Uint8Array(readFileSync(`${SHARED_DIR}/${repo}/model.safetensors`))).tensors.length);
      expect(hub.stats.bytesFor(repo)).toBe(8 + n);
    }
  });
});
