import { setConfigValue } from "../arch/resolve-architecture";
import type { ArchitectureDef } from "../arch/types";
import type { ProblemList } from "./problems";
import type { JsonObject, PlanFile, PlannedCopy } from "./types";

/** Tokenizer and generation files mergekit copies from the donor model (§4.3). */
export const COPIED_FILES = [
  "tokenizer_config.json", "special_tokens_map.json", "tokenizer.json", "tokenizer.model", "added_tokens.json",
  "merges.txt", "chat_template.jinja", "generation_config.json", "chat_template.json", "video_preprocessor_config.json",
];

/** Inputs of planOutputFiles. */
export interface OutputFilesInput {
  donorConfig: JsonObject;
  donorIndex: number;
  donorFiles: readonly PlanFile[];
  arch: ArchitectureDef;
  /** Output layer count when the recipe used slices (config is rewritten), else null. */
  layers: number | null;
  /** torch_dtype to write, or null to keep the donor's. */
  torchDtype: string | null;
}

/**
 * The output config.json (donor config with the layer count and torch_dtype edits of
 * mergekit's _model_out_config) and the tokenizer files to copy from the donor.
 */
export function planOutputFiles(input: OutputFilesInput, problems: ProblemList): { config: JsonObject; copies: PlannedCopy[] } {
  const config = JSON.parse(JSON.stringify(input.donorConfig)) as JsonObject;
  if (input.layers !== null) {
    if (input.arch.numLayersKey) setConfigValue(config, input.arch.numLayersKey, input.layers);
    else problems.add("warning", "layer-count-not-updated", `the architecture is not known, so config.json's layer count is not updated to ${input.layers}`, "edit num_hidden_layers in the output config.json by hand");
  }
  if (input.torchDtype) config["torch_dtype"] = input.torchDtype;
  const have = new Map(input.donorFiles.map((f) => [f.path, f.size]));
  const copies: PlannedCopy[] = [];
  if (have.has("tokenizer_config.json") && (have.has("tokenizer.json") || have.has("tokenizer.model"))) {
    for (const path of COPIED_FILES) {
      const size = have.get(path);
      if (size !== undefined) copies.push({ path, modelIndex: input.donorIndex, size });
    }
  } else {
    problems.add("warning", "no-tokenizer", "the donor model (base_model, else the first model) has no tokenizer_config.json with tokenizer.json/tokenizer.model; the output will have no tokenizer", "copy the tokenizer files into the output by hand, or use a base model that ships them", { modelIndex: input.donorIndex });
  }
  return { config, copies };
}
