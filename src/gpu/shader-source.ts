/** WGSL sources by path; a kernel is its common/ includes followed by its own file. */
const files = import.meta.glob("../../shaders/**/*.wgsl", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

/** Source of shaders/<path> (e.g. "ops/cast.wgsl"). */
export function shaderFile(path: string): string {
  const src = files[`../../shaders/${path}`];
  if (src === undefined) throw new Error(`Unknown shader file shaders/${path}`);
  return src;
}

/** Concatenate includes and the main file into one module. */
export function shaderModuleSource(main: string, includes: readonly string[]): string {
  return [...includes.map(shaderFile), shaderFile(main)].join("\n");
}
