/** The GPU side of a merge method: one module per method, listed in registry.ts. */
import type { MethodName } from "../../core/methods/types.ts";
import type { ContextOptions, MergeContext } from "../merge/context.ts";
import type { MergeTensorRequest } from "../merge-tensor.ts";

export interface GpuMethod {
  name: MethodName;
  /**
   * The shaders/ files its passes run, besides the decode/encode/delta passes every method uses
   * (the method's own kernel first; shared ops after).
   */
  kernels: readonly string[];
  /** How inputs are prepared (task vectors or raw) and how many scratch buffers a tile needs. */
  contextOptions(req: MergeTensorRequest): ContextOptions;
  /** Run every pass over the context's tiles and write the output through ctx.writeTile. */
  run(ctx: MergeContext): Promise<void>;
}
