/** Parameter resolution against hand-worked examples of mergekit's ConfigReader + evaluate_setting. */
import { describe, expect, it } from "vitest";
import { getMethod } from "../methods/registry.ts";
import { evaluateSetting, layerT, parseRecipe, resolveTensorParams, type Recipe } from "./index.ts";

const recipe = (text: string): Recipe => {
  const p = parseRecipe(text);
  if (!p.recipe) throw new Error(JSON.stringify(p.diagnostics));
  return p.recipe;
};

describe("evaluateSetting", () => {
  it("interpolates a gradient per layer: 40 layers, [0, 0.5, 0.3, 0.7, 1], layer 10 -> 0.4949", () => {
    // t = 10/39 = 0.25641; s = 4t = 1.02564; i0 = 1, frac = 0.02564; 0.5*(1-f) + 0.3*f = 0.49487
    expect(evaluateSetting("x", [0, 0.5, 0.3, 0.7, 1], layerT(10, 40))).toBeCloseTo(0.49487, 5);
  });
  it("hits the knots exactly and ends on the last value", () => {
    expect(evaluateSetting("x", [0, 0.5, 0.3, 0.7, 1], 0)).toBe(0);
    expect(evaluateSetting("x", [0, 0.5, 0.3, 0.7, 1], 0.5)).toBe(0.3);
    expect(evaluateSetting("x", [0, 0.5, 0.3, 0.7, 1], 1)).toBe(1);
  });
  it("gives t = 1 to a one-layer slice (mergekit plan_slice)", () => {
    expect(layerT(0, 1)).toBe(1);
    expect(evaluateSetting("x", [0.2, 0.8], layerT(0, 1))).toBe(0.8);
  });
  it("matches filters as substrings, first match wins, no match -> undefined", () => {
    const s = [{ filter: "self_attn", value: 0.1 }, { filter: "attn", value: 0.2 }, { filter: "mlp", value: [0, 1] }];
    expect(evaluateSetting("model.layers.3.self_attn.q_proj.weight", s, 0)).toBe(0.1);
    expect(evaluateSetting("model.layers.3.cross_attn.q_proj.weight", s, 0)).toBe(0.2);
    expect(evaluateSetting("model.layers.3.mlp.up_proj.weight", s, 0.25)).toBe(0.25);
    expect(evaluateSetting("model.norm.weight", s, 0)).toBeUndefined();
    expect(evaluateSetting("anything", [{ filter: "*", value: 7 }], 0)).toBe(7);
  });
});

describe("resolveTensorParams", () => {
  const ties = getMethod("ties")!;
  const r = recipe(`merge_method: ties
base_model: org/base
models:
  - model: org/a
    parameters:
      weight: [0, 1]
      density: 0.5
  - model: org/b
    parameters:
      weight:
        - filter: mlp
          value: 0.9
parameters:
  weight: 0.3
  lambda: [1, 2]
  normalize: false
`);
  it("looks up source -> top level -> default, and falls through when no filter matches", () => {
    const q = { recipe: r, method: ties, position: { kind: "layer", sliceIndex: 0, layerIndexInSlice: 1, sliceLayerCount: 3 } as const };
    const attn = resolveTensorParams({ ...q, outputTensorName: "model.layers.1.self_attn.q_proj.weight" });
    expect(attn.perModel.get("org/a")).toEqual({ weight: 0.5, density: 0.5 });
    // org/b's filter does not match an attention tensor: mergekit falls through to the top level.
    expect(attn.perModel.get("org/b")).toEqual({ weight: 0.3, density: 1 });
    expect(attn.global).toEqual({ int8_mask: false, normalize: false, rescale: false, lambda: 1.5 });
    const mlp = resolveTensorParams({ ...q, outputTensorName: "model.layers.1.mlp.down_proj.weight" });
    expect(mlp.perModel.get("org/b")?.weight).toBe(0.9);
    // The base model was appended as a source, with no weight needed.
    expect(mlp.perModel.get("org/base")).toEqual({ weight: 0.3, density: 1 });
    expect(mlp.missing).toEqual([]);
  });
  it("uses t = 0 for pre and post weights", () => {
    const pre = resolveTensorParams({ recipe: r, method: ties, position: { kind: "pre" }, outputTensorName: "model.embed_tokens.weight" });
    expect(pre.perModel.get("org/a")?.weight).toBe(0);
    expect(pre.global.lambda).toBe(1);
  });
  it("restarts t in every output slice and reads slice-level parameters before the top level", () => {
    const s = recipe(`merge_method: slerp
base_model: org/a
slices:
  - sources:
      - {model: org/a, layer_range: [0, 5]}
      - {model: org/b, layer_range: [0, 5]}
  - sources:
      - {model: org/a, layer_range: [5, 10]}
      - {model: org/b, layer_range: [5, 10]}
    parameters:
      t: [1, 0]
parameters:
  t: [0, 1]
`);
    const slerp = getMethod("slerp")!;
    const at = (sliceIndex: number, layer: number) => resolveTensorParams({ recipe: s, method: slerp, position: { kind: "layer", sliceIndex, layerIndexInSlice: layer, sliceLayerCount: 5 }, outputTensorName: "model.layers.x.mlp.up_proj.weight" }).global.t;
    expect([at(0, 0), at(0, 2), at(0, 4)]).toEqual([0, 0.5, 1]);
    expect([at(1, 0), at(1, 2), at(1, 4)]).toEqual([1, 0.5, 0]);
  });
  it("matches per-model filters against the model's input tensor name", () => {
    const p = recipe(`merge_method: linear
models:
  - model: org/a
    parameters:
      weight: [{filter: layers.7., value: 2}, {value: 1}]
  - model: org/b
    parameters: {weight: 1}
`);
    const res = resolveTensorParams({ recipe: p, method: getMethod("linear")!, position: { kind: "layer", sliceIndex: 0, layerIndexInSlice: 3, sliceLayerCount: 8 }, outputTensorName: "model.layers.3.mlp.weight", inputTensorNameByModel: new Map([["org/a", "model.layers.7.mlp.weight"]]) });
    expect(res.perModel.get("org/a")?.weight).toBe(2);
  });
  it("reports a required parameter that no level sets", () => {
    const p = recipe("merge_method: linear\nmodels:\n  - model: org/a\n    parameters:\n      weight: [{filter: mlp, value: 1}]\n");
    const res = resolveTensorParams({ recipe: p, method: getMethod("linear")!, position: { kind: "post" }, outputTensorName: "lm_head.weight" });
    expect(res.missing).toEqual(["Missing required parameter weight for org/a.lm_head.weight"]);
  });
  it("reads module-level parameters between the slice and the top level (modules: recipes)", () => {
    const m = recipe(`merge_method: linear
modules:
  text_decoder:
    models:
      - model: org/a
      - model: org/b
        parameters: {weight: 3}
    parameters:
      weight: 2
  vision_tower:
    models:
      - model: org/a
      - model: org/b
parameters:
  weight: 1
`);
    const at = (moduleName: string) => resolveTensorParams({ recipe: m, method: getMethod("linear")!, moduleName, position: { kind: "pre" }, outputTensorName: "w" }).perModel;
    expect(at("text_decoder").get("org/a")?.weight).toBe(2);
    expect(at("text_decoder").get("org/b")?.weight).toBe(3);
    expect(at("vision_tower").get("org/a")?.weight).toBe(1);
  });
});
