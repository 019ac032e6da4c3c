import { dtypeByteSize, type Dtype } from "../../core/safetensors/index.ts";
import type { LayoutTensor } from "./llama-layout.ts";

/** Split tensors (in order) into contiguous shards: `count` balanced shards, or greedy under `maxBytes`. */
export function planShards(tensors: LayoutTensor[], dtype: Dtype, by: { count: number } | { maxBytes: number }): LayoutTensor[][] {
  const bytes = (t: LayoutTensor) => t.shape.reduce((a, b) => a * b, dtypeByteSize(dtype));
  const shards: LayoutTensor[][] = [];
  if ("count" in by) {
    if (!Number.isInteger(by.count) || by.count < 1) throw new Error(`shard count must be a positive integer, got ${by.count}`);
    if (by.count > tensors.length) throw new Error(`cannot split ${tensors.length} tensors into ${by.count} shards; use at most ${tensors.length}`);
    const total = tensors.reduce((n, t) => n + bytes(t), 0);
    let acc = 0;
    let cur: LayoutTensor[] = [];
    tensors.forEach((t, i) => {
      cur.push(t);
      acc += bytes(t);
      const left = tensors.length - i - 1;
      const shardsLeft = by.count - shards.length - 1;
      // Close this shard when it reached its share, or when the rest is just enough for one tensor per shard.
      if (shardsLeft > 0 && (acc >= (total * (shards.length + 1)) / by.count || left === shardsLeft)) {
        shards.push(cur);
        cur = [];
      }
    });
    shards.push(cur);
    return shards;
  }
  if (!(by.maxBytes > 0)) throw new Error(`max shard size must be positive, got ${by.maxBytes}`);
  let cur: LayoutTensor[] = [];
  let acc = 0;
  for (const t of tensors) {
    if (cur.length > 0 && acc + bytes(t) > by.maxBytes) {
      shards.push(cur);
      cur = [];
      acc = 0;
    }
    cur.push(t);
    acc += bytes(t);
  }
  shards.push(cur);
  return shards;
}
