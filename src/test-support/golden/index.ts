// Golden-vector support shared by the node tests (TS reference) and the browser tests (WGSL).
// Browser-safe: nothing here imports node:*; read-golden-dir.ts is the node-only file reader.
export * from "./manifest.ts";
export * from "./case-inputs.ts";
export * from "./check-exact.ts";
export * from "./check-statistical.ts";
export * from "./check-case.ts";
