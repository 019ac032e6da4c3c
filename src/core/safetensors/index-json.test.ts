import { describe, expect, it } from "vitest";
import { buildSafetensorsIndex, parseSafetensorsIndex } from "./index-json.ts";
import { SafetensorsError } from "./errors.ts";
import { parseShardFilename, shardFilename } from "./shard-filename.ts";

describe("shard file names", () => {
  it("formats and parses the transformers/mergekit convention", () => {
    expect(shardFilename(1, 4)).toBe("model-00001-of-00004.safetensors");
    expect(parseShardFilename("model-00003-of-00004.safetensors")).toEqual({ prefix: "model", index: 3, count: 4 });
    expect(parseShardFilename("model_000003-of-000010.safetensors")).toEqual({ prefix: "model", index: 3, count: 10 });
    expect(parseShardFilename("model.safetensors")).toBeUndefined();
    expect(parseShardFilename("model-00005-of-00004.safetensors")).toBeUndefined();
    expect(() => shardFilename(0, 4)).toThrow(/index must be/);
  });
});

describe("model.safetensors.index.json", () => {
  it("round-trips build -> parse, listing shards in order", () => {
    const text = buildSafetensorsIndex(
      [["a", shardFilename(1, 2)], ["b", shardFilename(2, 2)], ["c", shardFilename(1, 2)]],
      1234,
      { mergekit_version: "0.1.4" },
    );
    const idx = parseSafetensorsIndex(text);
    expect(idx.totalSize).toBe(1234);
    expect(idx.metadata.mergekit_version).toBe("0.1.4");
    expect(idx.shards).toEqual([shardFilename(1, 2), shardFilename(2, 2)]);
    expect(idx.weightMap.get("c")).toBe(shardFilename(1, 2));
  });

  it.each([
    ["not json", "{", /not valid JSON/],
    ["array", "[]", /must be a JSON object/],
    ["no weight_map", '{"metadata": {}}', /weight_map/],
    ["empty weight_map", '{"weight_map": {}}', /empty/],
    ["path escape", '{"weight_map": {"a": "../x.safetensors"}}', /relative \.safetensors path/],
    ["absolute path", '{"weight_map": {"a": "/x.safetensors"}}', /relative/],
    ["not safetensors", '{"weight_map": {"a": "x.bin"}}', /relative/],
    ["bad total_size", '{"metadata": {"total_size": -1}, "weight_map": {"a": "x.safetensors"}}', /total_size/],
  ])("rejects %s", (_l, text, re) => {
    expect(() => parseSafetensorsIndex(text, "repo/model.safetensors.index.json")).toThrow(re);
  });

  it("accepts a string total_size, as some writers produce", () => {
    expect(parseSafetensorsIndex('{"metadata": {"total_size": "42"}, "weight_map": {"a": "x.safetensors"}}').totalSize).toBe(42);
  });
});

describe("index fuzz", () => {
  it("parses or throws SafetensorsError for 2000 mutated index files", () => {
    const base = buildSafetensorsIndex([["a.weight", shardFilename(1, 2)], ["b.weight", shardFilename(2, 2)]], 99);
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const pieces = ['"', "{", "}", "[", "]", ",", ":", "null", "-1", '"../x.safetensors"', '"total_size"', "1e400", "\\"];
    for (let i = 0; i < 2000; i++) {
      let text = base;
      for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) {
        const at = Math.floor(rnd() * text.length);
        const cut = Math.floor(rnd() * 4);
        text = text.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + text.slice(at + cut);
      }
      try {
        const idx = parseSafetensorsIndex(text);
        for (const f of idx.weightMap.values()) expect(f.endsWith(".safetensors") && !f.includes("..")).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(SafetensorsError);
      }
    }
  });
});
