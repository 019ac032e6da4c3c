import { describe, expect, it } from "vitest";
import { SafetensorsError } from "../safetensors/errors.ts";
import { asLocalFiles, buildTestModel } from "../plan/testing/build-test-model";
import { createLocalModelSource, LocalSourceError, relativePathsFromPicker } from "./local-model-source";
import { ModelLayoutError, readModelHeaders } from "./read-model-headers";

const source = (files: Map<string, Uint8Array>, counter = { reads: 0, bytes: 0 }) => createLocalModelSource("m", "m", asLocalFiles(files, counter));

describe("readModelHeaders", () => {
  it("reads a sharded model with one read per shard when the speculative read covers the header", async () => {
    const counter = { reads: 0, bytes: 0 };
    const h = await readModelHeaders(source(buildTestModel({ layers: 4, shards: 4 }), counter), 64 * 1024);
    expect(h.weightFiles).toEqual([1, 2, 3, 4].map((i) => `model-0000${i}-of-00004.safetensors`));
    expect(h.tensors.size).toBe(1 + 4 * 4 + 2);
    expect(counter.reads).toBe(2 + 4); // config, index, one per shard
    const loc = h.tensors.get("model.layers.2.mlp.down_proj.weight");
    expect(loc?.info.shape).toEqual([16, 32]);
    expect(loc && loc.dataStart).toBe(h.headers.get(loc?.file ?? "")?.dataStart);
  });

  it("needs exactly two reads per shard when the header is longer than the speculative read", async () => {
    const counter = { reads: 0, bytes: 0 };
    const h = await readModelHeaders(source(buildTestModel({ layers: 6, shards: 2 }), counter), 64);
    expect(h.tensors.size).toBe(1 + 6 * 4 + 2);
    expect(counter.reads).toBe(2 + 2 * 2);
  });

  it("explains a folder without config.json, without weights, or with a stale index", async () => {
    const files = buildTestModel({ layers: 1 });
    files.delete("config.json");
    await expect(readModelHeaders(source(files))).rejects.toThrow(/no config\.json/);
    const noWeights = buildTestModel({ layers: 1 });
    noWeights.delete("model.safetensors");
    await expect(readModelHeaders(source(noWeights))).rejects.toMatchObject({ code: "NO_WEIGHTS" });
    const stale = buildTestModel({ layers: 2, shards: 2 });
    stale.delete("model-00002-of-00002.safetensors");
    const err = await readModelHeaders(source(stale)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLayoutError);
    expect((err as ModelLayoutError).message).toContain("model-00002-of-00002.safetensors");
  });

  it("names the file in a corrupt-header error", async () => {
    const files = buildTestModel({ layers: 1 });
    const bad = files.get("model.safetensors")?.slice() ?? new Uint8Array();
    bad[10] = 0x7b; // break the JSON
    bad[11] = 0x7b;
    files.set("model.safetensors", bad);
    const err = await readModelHeaders(source(files)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SafetensorsError);
    expect((err as Error).message).toMatch(/^m\/model\.safetensors: /);
  });
});

describe("local model source", () => {
  it("reads ranges and rejects reads outside the file or of missing files", async () => {
    const s = source(new Map([["a.bin", new Uint8Array([1, 2, 3, 4])]]));
    expect([...(await s.readRange("a.bin", 1, 3))]).toEqual([2, 3]);
    await expect(s.readRange("a.bin", 2, 9)).rejects.toBeInstanceOf(LocalSourceError);
    await expect(s.readFile("b.bin")).rejects.toThrow(/'b\.bin' not found in local folder 'm'/);
    expect(s.describe()).toMatchObject({ kind: "local", commitSha: null });
  });

  it("returns each range in a buffer of exactly its size at byteOffset 0 and reports its bytes", async () => {
    const data = Uint8Array.from({ length: 100 }, (_, i) => i);
    const progress: number[] = [];
    const bytes = await source(new Map([["w.bin", data]])).readRange("w.bin", 13, 77, { onProgress: (n) => progress.push(n) });
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(64);
    expect([...bytes]).toEqual([...data.subarray(13, 77)]);
    expect(progress).toEqual([64]);
  });

  it("strips the picked folder's name from webkitRelativePath", () => {
    const picked = relativePathsFromPicker([
      { name: "config.json", webkitRelativePath: "my-model/config.json" },
      { name: "x.safetensors", webkitRelativePath: "my-model/sub/x.safetensors" },
    ]);
    expect(picked.map((p) => p.path)).toEqual(["config.json", "sub/x.safetensors"]);
  });
});
