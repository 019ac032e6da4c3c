// One reader interface over the Hub and local folders, and the header reader built on it.
export type { LocalFileLike, ModelSource, ModelSourceInfo } from "./types";
export { openHubModelSource } from "./hub-model-source";
export { createLocalModelSource, LocalSourceError, relativePathsFromPicker } from "./local-model-source";
export { readModelHeaders, ModelLayoutError } from "./read-model-headers";
export type { ModelHeaders, TensorLocation } from "./read-model-headers";
