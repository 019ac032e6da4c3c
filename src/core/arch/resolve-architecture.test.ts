import { describe, expect, it } from "vitest";
import { architectureForConfig, classifyTensor, countLayers, getConfigValue, inferArchitecture, setConfigValue } from "./resolve-architecture";

describe("architectureForConfig", () => {
  it.each([
    ["LlamaForCausalLM", "llama"], ["MistralForCausalLM", "mistral"], ["Qwen2ForCausalLM", "qwen2"], ["Qwen3ForCausalLM", "qwen3"],
    ["Gemma2ForCausalLM", "gemma2"], ["Gemma3ForCausalLM", "gemma3"], ["Phi3ForCausalLM", "phi3"], ["GPTNeoXForCausalLM", "gpt-neox"],
    ["StableLmForCausalLM", "stablelm"], ["MixtralForCausalLM", "mixtral"], ["GPT2LMHeadModel", "gpt2"],
  ])("%s -> %s", (cls, id) => {
    expect(architectureForConfig({ architectures: [cls] })?.id).toBe(id);
  });

  it("returns null for unknown or ambiguous architectures", () => {
    expect(architectureForConfig({ architectures: ["FancyNewForCausalLM"] })).toBeNull();
    expect(architectureForConfig({ architectures: ["LlamaForCausalLM", "MistralForCausalLM"] })).toBeNull();
    expect(architectureForConfig({})).toBeNull();
  });
});

describe("classifyTensor", () => {
  const llama = architectureForConfig({ architectures: ["LlamaForCausalLM"] });
  const neox = architectureForConfig({ architectures: ["GPTNeoXForCausalLM"] });
  if (!llama || !neox) throw new Error("tables missing");

  it("places Llama tensors and flags embeddings", () => {
    expect(classifyTensor("model.embed_tokens.weight", llama)).toEqual({ layerIndex: null, kind: "pre", module: "model.embed_tokens.weight", isEmbed: true });
    expect(classifyTensor("model.layers.12.self_attn.q_proj.weight", llama)).toEqual({ layerIndex: 12, kind: "layer", module: "self_attn.q_proj.weight", isEmbed: false });
    expect(classifyTensor("model.norm.weight", llama)?.kind).toBe("post");
    expect(classifyTensor("lm_head.weight", llama)).toMatchObject({ kind: "post", isEmbed: true });
    expect(llama.tied["lm_head.weight"]).toBe("model.embed_tokens.weight");
  });

  it("places Mixtral expert tensors in their layer", () => {
    const mixtral = architectureForConfig({ architectures: ["MixtralForCausalLM"] });
    expect(mixtral && classifyTensor("model.layers.3.block_sparse_moe.experts.7.w1.weight", mixtral)).toMatchObject({ layerIndex: 3, module: "block_sparse_moe.experts.7.w1.weight" });
  });

  it("places GPT-NeoX tensors", () => {
    expect(classifyTensor("gpt_neox.embed_in.weight", neox)).toMatchObject({ kind: "pre", isEmbed: true });
    expect(classifyTensor("gpt_neox.layers.0.attention.query_key_value.weight", neox)).toMatchObject({ kind: "layer", layerIndex: 0 });
    expect(classifyTensor("embed_out.weight", neox)).toMatchObject({ kind: "post", isEmbed: true });
  });

  it("drops buffers and tensors the architecture does not list, as mergekit does", () => {
    expect(classifyTensor("model.layers.0.self_attn.rotary_emb.inv_freq", llama)).toBeNull();
    expect(classifyTensor("model.something_else.weight", llama)).toBeNull();
  });
});

describe("inferArchitecture (mergekit's automatic fallback)", () => {
  it("finds the layer stack from `.{i}.` names; everything else is a pre-weight", () => {
    const names = ["backbone.embeddings.weight", "backbone.blocks.0.mixer.weight", "backbone.blocks.1.mixer.weight", "backbone.norm_f.weight", "head.weight"];
    const arch = inferArchitecture(names);
    expect(arch.layerPrefix).toBe("backbone.blocks.");
    expect(arch.numLayersKey).toBeNull();
    expect(arch.preWeights).toEqual(["backbone.embeddings.weight", "backbone.norm_f.weight", "head.weight"]);
    expect(arch.embedWeights).toEqual(["backbone.embeddings.weight"]);
    expect(classifyTensor("backbone.blocks.1.mixer.weight", arch)).toMatchObject({ layerIndex: 1, module: "mixer.weight" });
    expect(countLayers({}, arch, names)).toEqual({ fromConfig: null, fromTensors: 2 });
  });
});

describe("config values", () => {
  it("reads and writes dotted keys", () => {
    const config = { text_config: { num_hidden_layers: 4 }, n_layer: 2 };
    expect(getConfigValue(config, "text_config.num_hidden_layers")).toBe(4);
    setConfigValue(config, "text_config.num_hidden_layers", 8);
    expect(config.text_config.num_hidden_layers).toBe(8);
    expect(getConfigValue(config, "missing.key")).toBeUndefined();
  });
});
