import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeTensorToF32, encodeF32ToTensor, parseSafetensorsFile, parseSafetensorsIndex, type SafetensorsHeader } from "../../core/safetensors/index.ts";
import { writeFamily, type FamilyOptions } from "./write-family.ts";

const tmp = mkdtempSync(join(tmpdir(), "synth-family-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SHAPE = { layers: 3, hidden: 64, intermediate: 160, vocab: 96, heads: 4, kvHeads: 2 };
const make = (sub: string, extra: Partial<FamilyOptions> = {}) =>
  writeFamily({ out: join(tmp, sub), fineTunes: 2, dtype: "BF16", shards: 4, ...SHAPE, ...extra });

/** All tensors of a model folder, read back through the index (or the single file). */
function readModel(dir: string): { headers: Map<string, SafetensorsHeader>; files: Map<string, Uint8Array>; shardOf: Map<string, string> } {
  const headers = new Map<string, SafetensorsHeader>();
  const files = new Map<string, Uint8Array>();
  const shardOf = new Map<string, string>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".safetensors"))) {
    const bytes = new Uint8Array(readFileSync(join(dir, f)));
    files.set(f, bytes);
    const h = parseSafetensorsFile(bytes);
    headers.set(f, h);
    for (const t of h.tensors) shardOf.set(t.name, f);
  }
  return { headers, files, shardOf };
}

function tensor(dir: string, name: string): Float32Array {
  const m = readModel(dir);
  const f = m.shardOf.get(name)!;
  const h = m.headers.get(f)!;
  const t = h.byName.get(name)!;
  return decodeTensorToF32(m.files.get(f)!.subarray(h.dataStart + t.dataOffsets[0], h.dataStart + t.dataOffsets[1]), t.dtype);
}

describe("writeFamily", () => {
  const models = make("bf16");

  it("writes base + fine-tunes in Hub layout with the Llama tensor names and shapes", () => {
    expect(models.map((m) => m.name)).toEqual(["base", "ft_1", "ft_2"]);
    const dir = models[0].dir;
    expect(readdirSync(dir).sort()).toEqual([
      "config.json", "generation_config.json", "model-00001-of-00004.safetensors", "model-00002-of-00004.safetensors",
      "model-00003-of-00004.safetensors", "model-00004-of-00004.safetensors", "model.safetensors.index.json",
      "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json",
    ]);
    const cfg = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as Record<string, unknown>;
    expect(cfg).toMatchObject({ model_type: "llama", num_hidden_layers: 3, hidden_size: 64, num_key_value_heads: 2, torch_dtype: "bfloat16", vocab_size: 96 });
    const tok = JSON.parse(readFileSync(join(dir, "tokenizer.json"), "utf8")) as { model: { vocab: Record<string, number> } };
    expect(Object.keys(tok.model.vocab)).toHaveLength(96);
    const { headers, shardOf } = readModel(dir);
    const shape = (n: string) => [...headers.values()].map((h) => h.byName.get(n)?.shape).find(Boolean);
    expect(shape("model.embed_tokens.weight")).toEqual([96, 64]);
    expect(shape("model.layers.2.self_attn.q_proj.weight")).toEqual([64, 64]);
    expect(shape("model.layers.2.self_attn.k_proj.weight")).toEqual([32, 64]); // 2 kv heads x 16
    expect(shape("model.layers.0.mlp.down_proj.weight")).toEqual([64, 160]);
    expect(shape("model.layers.1.post_attention_layernorm.weight")).toEqual([64]);
    expect(shape("lm_head.weight")).toEqual([96, 64]);
    expect(shardOf.size).toBe(2 + 3 * 9 + 1);
    for (const h of headers.values()) expect([...h.tensors.map((t) => t.dtype)].every((d) => d === "BF16")).toBe(true);
  });

  it("writes an index that maps every tensor to the shard holding it, with total_size", () => {
    const dir = models[1].dir;
    const idx = parseSafetensorsIndex(readFileSync(join(dir, "model.safetensors.index.json")));
    const { headers, shardOf } = readModel(dir);
    expect(new Map(idx.weightMap)).toEqual(shardOf);
    expect(idx.shards).toHaveLength(4);
    expect(idx.totalSize).toBe([...headers.values()].reduce((n, h) => n + h.dataLength, 0));
    expect(idx.totalSize).toBe(models[1].totalSize);
  });

  it("derives fine-tunes as small deltas of the base, different per model", () => {
    const name = "model.layers.1.mlp.up_proj.weight";
    const base = tensor(models[0].dir, name);
    const d1 = tensor(models[1].dir, name).map((x, i) => x - base[i]);
    const d2 = tensor(models[2].dir, name).map((x, i) => x - base[i]);
    const meanAbs = (a: Float32Array) => a.reduce((s, x) => s + Math.abs(x), 0) / a.length;
    expect(meanAbs(base)).toBeGreaterThan(0.01);
    expect(meanAbs(d1)).toBeGreaterThan(0);
    expect(meanAbs(d1)).toBeLessThan(meanAbs(base) * 0.2);
    const corr = d1.reduce((s, x, i) => s + x * d2[i], 0) / Math.sqrt(d1.reduce((s, x) => s + x * x, 0) * d2.reduce((s, x) => s + x * x, 0));
    expect(Math.abs(corr)).toBeLessThan(0.2); // independent task vectors
    const norm = tensor(models[0].dir, "model.norm.weight");
    expect(Math.abs(norm.reduce((s, x) => s + x, 0) / norm.length - 1)).toBeLessThan(0.05);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const digest = (dir: string) => createHash("sha256").update(readFileSync(join(dir, "model-00002-of-00004.safetensors"))).digest("hex");
    expect(digest(make("again")[1].dir)).toBe(digest(models[1].dir));
    expect(digest(make("seed7", { seed: 7 })[1].dir)).not.toBe(digest(models[1].dir));
  });

  it("writes one model.safetensors without index for a single shard, in F16 and F32", () => {
    for (const dtype of ["F16", "F32"] as const) {
      const [base] = make(`single-${dtype}`, { dtype, shards: 1, fineTunes: 0, tieEmbeddings: true });
      expect(base.files).toEqual(["model.safetensors"]);
      const h = readModel(base.dir).headers.get("model.safetensors")!;
      expect(h.byName.has("lm_head.weight")).toBe(false);
      expect(h.tensors[0].dtype).toBe(dtype);
    }
  });

  it("splits by maximum shard size", () => {
    const [base] = make("maxsize", { shards: undefined, maxShardBytes: 40_000, fineTunes: 0 });
    const { headers } = readModel(base.dir);
    expect(headers.size).toBeGreaterThan(2);
    for (const h of headers.values()) if (h.tensors.length > 1) expect(h.dataLength).toBeLessThanOrEqual(40_000);
  });

  it("rejects impossible shapes and shard counts with clear messages", () => {
    expect(() => make("bad1", { heads: 3 })).toThrow(/multiple of kvHeads/);
    expect(() => make("bad2", { shards: 1000 })).toThrow(/cannot split/);
  });
});

describe("bf16 fast path", () => {
  it("matches the general codec bit for bit (F32 family re-encoded == BF16 family)", () => {
    const [f32] = make("cmp-f32", { dtype: "F32", shards: 1, fineTunes: 0 });
    const [bf] = make("cmp-bf16", { dtype: "BF16", shards: 1, fineTunes: 0 });
    const name = "model.layers.0.self_attn.o_proj.weight";
    const fromF32 = encodeF32ToTensor(tensor(f32.dir, name), "BF16");
    const direct = encodeF32ToTensor(tensor(bf.dir, name), "BF16");
    expect(Buffer.from(direct).equals(Buffer.from(fromF32))).toBe(true);
  });
});
