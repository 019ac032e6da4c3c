/** Share links: round trip, size, refusals, tampering and truncation, and the frozen v1 format. */
import { deflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import { decodeShareFragment, encodeShareFragment, formatRecipe, parseRecipe } from "./index.ts";
import { toBase64Url } from "./base64url.ts";

const TIES3 = `merge_method: ties
base_model: mistralai/Mistral-7B-v0.1
models:
  - model: teknium/OpenHermes-2.5-Mistral-7B
    parameters: {density: 0.5, weight: 0.4}
  - model: HuggingFaceH4/zephyr-7b-beta
    parameters: {density: 0.5, weight: 0.3}
  - model: NousResearch/Hermes-2-Pro-Mistral-7B
    parameters: {density: [1, 0.7, 0.1], weight: [0, 0.3, 0.7, 1]}
parameters:
  normalize: true
  int8_mask: true
dtype: bfloat16
random_seed: 1234
`;

describe("share fragments", () => {
  it("round-trips a typical 3-model TIES recipe and stays under 2,000 characters", () => {
    const recipe = parseRecipe(TIES3).recipe!;
    const enc = encodeShareFragment(TIES3);
    expect(enc.diagnostics.map((d) => `${d.severity}:${d.code}`)).toEqual(["warning:share-unpinned-revision"]);
    const url = `https://merge.studio/${enc.fragment}`;
    expect(url.length).toBeLessThan(2000);
    expect(enc.fragment).toMatch(/^#r=1\.[A-Za-z0-9_-]+$/);
    const dec = decodeShareFragment(url);
    expect(dec.diagnostics).toEqual([]);
    expect(dec.recipe).toEqual(recipe);
    expect(dec.text).toBe(formatRecipe(recipe));
  });
  it("keeps decoding a frozen v1 link (made by the first release; never regenerate it)", () => {
    const frozen = "#r=1.lZBBTsMwEEX3PsUcACdp1FLkFWKBskEcAKFogj-ORexE9hQUTo8ppV13VqOn_-ZLE5Ac-gAZZ2vIckIvHlkNnAueLSZDwWdJPLGvn_42vX_Qn021uQ_sozqmslFEmk6G4CP6Q6ifF8QOKSDrttrpi17CRAsnLs1IR_l3LGL2shpqqt0JfcG7Uf7JuaE7OOeje-Q3dNv6G8u4Jr0f9ADh64-_NFV7U_jdq7KyLjA0vE8zy-ZWJY52Dn0Gyn-2rfoB";
    const dec = decodeShareFragment(frozen);
    expect(dec.diagnostics).toEqual([]);
    expect(dec.recipe).toEqual({
      merge_method: "dare_ties",
      base_model: { model: { path: "mistralai/Mistral-7B-v0.1", revision: "main" } },
      models: [
        { model: { model: { path: "teknium/OpenHermes-2.5-Mistral-7B" } }, parameters: { density: 0.5, weight: 0.5 } },
        { model: { model: { path: "HuggingFaceH4/zephyr-7b-beta" } }, parameters: { density: 0.5, weight: [0.2, 0.8] } },
      ],
      dtype: "bfloat16",
      random_seed: 42,
    });
  });
  it("refuses local paths and tokens", () => {
    const local = encodeShareFragment(TIES3.replace("HuggingFaceH4/zephyr-7b-beta", "./models/zephyr"));
    expect(local.fragment).toBeNull();
    expect(local.diagnostics.map((d) => d.code)).toEqual(["local-path-in-share"]);
    for (const p of ["/home/me/m", "../m", "file:///m", "C:\\models\\m", "~/m"]) {
      expect(encodeShareFragment(TIES3.replace("org/none", "x").replace("HuggingFaceH4/zephyr-7b-beta", JSON.stringify(p))).fragment, p).toBeNull();
    }
    const token = encodeShareFragment(TIES3 + "chat_template: '{{ hf_abcdefghijklmnopqrstuvwxyz012345 }} and more text'\n");
    expect(token.fragment).toBeNull();
    expect(token.diagnostics.map((d) => d.code)).toEqual(["token-in-share"]);
  });
  it("warns (but still encodes) when the link would not reproduce the merge", () => {
    const dare = "merge_method: dare_ties\nbase_model: org/base@0123abc\nmodels:\n  - model: org/a@v1\n    parameters: {weight: 1, density: 0.5}\n";
    const noSeed = encodeShareFragment(dare);
    expect(noSeed.fragment).not.toBeNull();
    expect(noSeed.diagnostics.map((d) => d.code)).toEqual(["share-no-seed"]);
    expect(encodeShareFragment(dare + "random_seed: 7\n").diagnostics).toEqual([]);
    const unpinned = encodeShareFragment(dare.replace("org/a@v1", "org/a") + "random_seed: 7\n").diagnostics;
    expect(unpinned.map((d) => d.code)).toEqual(["share-unpinned-revision"]);
    expect(unpinned[0]?.message).toContain("org/a ");
  });
  it("refuses to share an invalid recipe", () => {
    const enc = encodeShareFragment("merge_method: tie\nmodels:\n  - model: a\n");
    expect(enc.fragment).toBeNull();
    expect(enc.diagnostics[0]?.code).toBe("unknown-merge-method");
  });
  it("gives clear errors for missing, truncated, tampered and future links", () => {
    const frag = encodeShareFragment(TIES3).fragment!;
    expect(decodeShareFragment("https://merge.studio/").diagnostics[0]?.code).toBe("share-missing");
    expect(decodeShareFragment(frag.slice(0, frag.length - 40)).diagnostics[0]?.code).toBe("share-truncated");
    expect(decodeShareFragment(frag.slice(0, 20) + "$%" + frag.slice(22)).diagnostics[0]?.code).toBe("share-corrupt");
    expect(decodeShareFragment("#r=2." + frag.slice(5)).diagnostics[0]?.code).toBe("share-unsupported-version");
    expect(decodeShareFragment("#r=" + frag.slice(5)).diagnostics[0]?.code).toBe("share-corrupt");
    for (const bad of [frag.slice(0, 30), frag.slice(0, frag.length - 1)]) {
      const d = decodeShareFragment(bad);
      expect(d.recipe).toBeNull();
      expect(d.diagnostics.length).toBeGreaterThan(0);
    }
  });
  it("validates decoded content like any input, including local paths smuggled in by hand", () => {
    const hand = (yaml: string) => "#r=1." + toBase64Url(deflateSync(new TextEncoder().encode(yaml)));
    const d = decodeShareFragment(hand("merge_method: linear\nmodels:\n  - model: /etc/m\n    parameters: {weight: 1}\n"));
    expect(d.recipe).toBeNull();
    expect(d.diagnostics.map((x) => x.code)).toContain("local-path-in-share");
    const bad = decodeShareFragment(hand("merge_method: linear\nmodels: 3\n"));
    expect(bad.recipe).toBeNull();
    expect(bad.diagnostics.map((x) => x.code)).toContain("wrong-type");
  });
  it("bounds decompression (a deflate bomb is refused)", () => {
    const bomb = "#r=1." + toBase64Url(deflateSync(new Uint8Array(8 * 1024 * 1024).fill(32)));
    expect(decodeShareFragment(bomb).diagnostics[0]?.code).toBe("share-too-large");
  });
});
