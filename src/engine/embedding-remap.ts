/**
 * Embedding remap in the engine (mergekit PermutedEmbeddings, §2.7): when the plan builds a
 * tokenizer, each source's embed_tokens / lm_head matrix is rebuilt on the output vocabulary
 * before the merge method runs. Whole tensors for now: every source matrix is decoded to f32 and
 * one remapped [rows, hidden] f32 copy per source is held at once (memory ~ 2 x models x rows x
 * hidden x 4 bytes; ~4 GB for three 128k x 4096 vocabularies), so these units are never cut.
 */
import type { MergePlan, PlannedSource, PlannedTensor } from "../core/plan/types.ts";
import { decodeBf16 } from "../core/numeric/bf16.ts";
import { decodeF16 } from "../core/numeric/f16.ts";
import { applyEmbeddingRemap, remapFromPlan } from "../core/tokenizer/index.ts";
import { EngineError } from "./errors.ts";
import type { UnitInputs } from "./fetch-unit.ts";
import type { SourceReader, TensorInput } from "./types.ts";
import type { WorkUnit } from "./work-units.ts";

/** True when `t` is an embedding the plan's tokenizer remaps (read and merged whole). */
export function remapsEmbedding(plan: MergePlan, t: PlannedTensor): boolean {
  return plan.tokenizer !== undefined && t.isEmbed === true && !t.crop;
}

/** Fetch every source of the unit's (whole) tensor and return the remapped f32 inputs. */
export async function fetchRemappedUnit(unit: WorkUnit, sources: readonly SourceReader[], plan: MergePlan): Promise<UnitInputs> {
  const t = unit.tensor;
  const tok = plan.tokenizer;
  if (!tok) throw new EngineError("PLAN_INVALID", `Tensor "${t.name}" is to be remapped but the plan has no tokenizer.`);
  if (unit.rowStart !== 0 || unit.rowEnd !== t.shape[0]) {
    throw new EngineError("PLAN_INVALID", `Embedding "${t.name}" must be merged whole to remap its vocabulary, but the work unit covers rows ${unit.rowStart}-${unit.rowEnd}.`);
  }
  const hidden = t.shape[1] ?? 0;
  if (t.shape.length !== 2 || t.shape[0] !== tok.rows) {
    throw new EngineError("PLAN_INVALID", `Embedding "${t.name}" is planned as [${t.shape.join(", ")}] but the tokenizer has ${tok.rows} rows; plan the merge again.`);
  }
  let bytesRead = 0;
  const decoded = await Promise.all(t.sources.map(async (src) => {
    const m = await readMatrix(src, sources, t, hidden);
    bytesRead += src.byteRange[1] - src.byteRange[0];
    return m;
  }));
  const matrices: Float32Array[] = plan.models.map(() => new Float32Array(0));
  t.sources.forEach((src, i) => { matrices[src.modelIndex] = decoded[i] as Float32Array; });
  for (const d of tok.defaults) {
    const refs = d.kind === "row" ? [d.from] : d.kind === "mean" ? d.from : [];
    for (const r of refs) {
      if (!t.sources.some((s) => s.modelIndex === r.model)) {
        throw new EngineError("PLAN_INVALID", `Embedding "${t.name}" needs row ${r.row} of model #${r.model} (a token's default row), but that model is not a source of this tensor; include the model in the merge or set the token's source under tokenizer.tokens.`);
      }
    }
  }
  const remap = remapFromPlan(tok, plan.models.length);
  const inputs = t.sources.map((src) => {
    const out = applyEmbeddingRemap(remap, src.modelIndex, matrices, hidden);
    const input: TensorInput = { dtype: "F32", bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength) };
    return { role: src.role, input };
  });
  return {
    models: inputs.filter((r) => r.role === "model").map((r) => r.input),
    base: inputs.find((r) => r.role === "base")?.input ?? null,
    bytesRead,
  };
}

async function readMatrix(src: PlannedSource, sources: readonly SourceReader[], t: PlannedTensor, hidden: number): Promise<Float32Array> {
  const reader = sources[src.modelIndex];
  if (!reader) throw new EngineError("PLAN_INVALID", `Tensor "${t.name}" reads model #${src.modelIndex}, but only ${sources.length} sources were given.`);
  if (src.shape.length !== 2 || src.shape[1] !== hidden) {
    throw new EngineError("PLAN_INVALID", `Embedding "${src.tensorName}" of model #${src.modelIndex} has shape [${src.shape.join(", ")}]; remapping needs [rows, ${hidden}].`);
  }
  const [start, end] = src.byteRange;
  const bytes = await reader.readRange(src.file, start, end);
  if (bytes.length !== end - start) {
    throw new EngineError("SOURCE_SHORT_READ", `Reading "${src.tensorName}" from ${src.file} of model #${src.modelIndex} returned ${bytes.length} bytes instead of ${end - start}; the file changed or the server ignored the Range header.`);
  }
  const own = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  if (src.dtype === "F32") return new Float32Array(own.slice().buffer);
  if (src.dtype === "BF16") return decodeBf16(new Uint16Array(own.buffer, own.byteOffset, own.byteLength / 2));
  if (src.dtype === "F16") return decodeF16(new Uint16Array(own.buffer, own.byteOffset, own.byteLength / 2));
  throw new EngineError("UNSUPPORTED_DTYPE", `Embedding "${src.tensorName}" of model #${src.modelIndex} is stored as ${src.dtype}; only F32, BF16 and F16 inputs can be merged.`);
}
