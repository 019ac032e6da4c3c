/** Types of shared/golden/manifest.json (see shared/golden/README.md). */

/** Tolerance of an exact case: |out - exp| <= max_abs + rel*|exp| for every element. */
export interface GoldenTolerance {
  max_abs: number;
  rel: number;
}

/** Facts a random (DARE/DELLA) case's output must satisfy. */
export interface GoldenStatistical {
  sparsifier: "bernoulli" | "della_magprune";
  consensus: boolean;
  normalize: boolean;
  rescale: boolean;
  lambda: number;
  models: { weight: number; density: number; epsilon?: number }[];
  z_max: number;
  scale_rtol: number;
  trend_test: boolean;
}

/** One case of the manifest. */
export interface GoldenCase {
  id: string;
  method: string;
  kind: "exact" | "statistical";
  file: string;
  shape: number[];
  inputs: { models: string[]; base: string | null };
  config: Record<string, unknown>;
  resolved_params: { global: Record<string, number | boolean>; models: Record<string, number | null>[] };
  input_dtype: "F32" | "BF16";
  compute_dtype: string;
  expected_dtype?: "F32" | "BF16";
  output_dtype?: "F32" | "BF16";
  tolerance?: GoldenTolerance;
  statistical?: GoldenStatistical;
  tags?: string[];
}

/** The manifest's top level. */
export interface GoldenManifest {
  format: string;
  format_version: number;
  set: string;
  conventions: { weight_name: string };
  cases: GoldenCase[];
}

/** Parse manifest.json text, with a clear error when it is not a golden manifest. */
export function parseGoldenManifest(text: string, where = "manifest.json"): GoldenManifest {
  const m = JSON.parse(text) as GoldenManifest;
  if (m.format !== "golden-merge-vectors" || !Array.isArray(m.cases)) {
    throw new Error(`${where}: not a golden manifest (format "${String(m.format)}"); expected format "golden-merge-vectors" with a cases array.`);
  }
  return m;
}

/** The dtype the case's output is compared in (BF16 outputs are rounded to bf16 first). */
export function outputDtypeOf(c: GoldenCase): "F32" | "BF16" {
  return c.expected_dtype ?? c.output_dtype ?? "F32";
}
