// Architecture knowledge: tensor name -> layer / module, pre/post weights, embeddings, layer counts.
export * from "./types";
export { ARCHITECTURES } from "./architectures";
export * from "./resolve-architecture";
