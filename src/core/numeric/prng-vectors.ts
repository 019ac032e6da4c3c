/**
 * Known-answer vectors for prng.ts, shared with the WGSL port's browser test. None of these
 * were produced by prng.ts: the Philox block vectors are Random123's published known answers
 * (kat_vectors, philox4x32_10), and the per-element vectors come from an independent Python
 * implementation (arbitrary-precision ints) of the algorithm in prng.ts's header.
 */

/** Philox4x32-10 block known answers: counter (4 u32), key (2 u32) -> output (4 u32). */
export const PHILOX_KAT: readonly { counter: number[]; key: number[]; out: number[] }[] = [
  { counter: [0, 0, 0, 0], key: [0, 0], out: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  {
    counter: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    key: [0xffffffff, 0xffffffff],
    out: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  },
  {
    counter: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    key: [0xa4093822, 0x299f31d0],
    out: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  },
];

/** (seed, tensor name, stream, element index) -> FNV-1a name hash and the element's random u32. */
export const ELEMENT_VECTORS: readonly {
  seed: number;
  name: string;
  nameHash: number;
  stream: number;
  index: number;
  u32: number;
}[] = [
  { seed: 0, name: "", nameHash: 0x811c9dc5, stream: 0, index: 0, u32: 0x0e3c9221 },
  { seed: 42, name: "model.layers.0.mlp.down_proj.weight", nameHash: 0xca7d69f5, stream: 0, index: 0, u32: 0x74134b9a },
  { seed: 42, name: "model.layers.0.mlp.down_proj.weight", nameHash: 0xca7d69f5, stream: 1, index: 0, u32: 0xcda6cd83 },
  { seed: 42, name: "model.layers.0.mlp.down_proj.weight", nameHash: 0xca7d69f5, stream: 0, index: 8191, u32: 0xce853fd8 },
  { seed: 1234567, name: "lm_head.weight", nameHash: 0xae5ab6ed, stream: 2, index: 4294967295, u32: 0x7fd7f8c8 },
  { seed: 4294967295, name: "model.embed_tokens.weight", nameHash: 0x403ade76, stream: 0, index: 123456789, u32: 0x8c0da2d3 },
  { seed: 7, name: "héllo·wörld", nameHash: 0x07796ca1, stream: 3, index: 1000, u32: 0xe2c97cf6 },
];
