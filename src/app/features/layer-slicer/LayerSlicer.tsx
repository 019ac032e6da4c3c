/**
 * Frankenmerge builder: each model as a stack of its layers; select a range (click, shift+click)
 * and drag it (or press "Add selected layers") into the output stack; reorder, split, duplicate,
 * remove. Writes `slices:` with one source each; counts and size update live.
 */
import { useState } from "react";
import { useQueries } from "@tanstack/react-query";
import { selectParsed } from "../../state/selectors.ts";
import { useStudio } from "../../state/store.ts";
import { hasMultiSourceSlices, readAllModelRefs, readSlices } from "../../state/recipe-view.ts";
import { fetchModelConfig } from "../../queries/hub-reads.ts";
import { hubKeys } from "../../queries/keys.ts";
import { readLocalConfig } from "../../queries/use-hub.ts";
import { layerCount, moveSlice, outputFigures, splitSlice, toRecipeSlices, type OutputSlice } from "./layer-math.ts";
import { OutputStack } from "./OutputStack.tsx";
import { SourceStack } from "./SourceStack.tsx";



/** A selected range of one model's layers, [start, end). */
export interface LayerSelection { model: string; start: number; end: number }

export function LayerSlicer() {
  const data = useStudio((s) => selectParsed(s).data);
  const picked = useStudio((s) => s.pickedModels);
  const hubUrl = useStudio((s) => s.hubUrl);
  const token = useStudio((s) => s.token);
  const folders = useStudio((s) => s.localFolders);
  const edit = useStudio((s) => s.editRecipe);
  const notify = useStudio((s) => s.notify);
  const [selection, setSelection] = useState<LayerSelection | null>(null);

  const refs = [...new Set([...readAllModelRefs(data), ...picked])];
  const configs = useQueries({
    queries: refs.map((ref) => ({
      queryKey: folders[ref] ? ["local", ref, "config"] : hubKeys.config(hubUrl, ref, token !== null),
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        const folder = folders[ref];
        return folder ? readLocalConfig(folder.files, folder.name) : fetchModelConfig(hubUrl, ref, token, signal);
      },
      retry: false,
    })),
  });
  const configByRef: Record<string, Record<string, unknown> | undefined> = {};
  refs.forEach((r, i) => { configByRef[r] = configs[i].data; });

  const slices: OutputSlice[] = readSlices(data).map((s) => ({ model: s.model, start: s.layerRange[0], end: s.layerRange[1] }));
  const dtype = typeof data?.out_dtype === "string" ? data.out_dtype : typeof data?.dtype === "string" ? data.dtype : undefined;
  const figures = outputFigures(slices, configByRef, dtype);

  // Rewriting slices that merge several sources would drop all but the first: edit those in YAML.
  const readOnly = hasMultiSourceSlices(data);
  const write = (next: OutputSlice[]) => {
    if (readOnly) {
      notify("error", "This recipe's slices merge several sources each; the layer slicer edits single-source slices only. Edit these slices in the YAML.");
      return;
    }
    try {
      if (data && Array.isArray(data.models)) {
        edit(["models"], undefined);
        notify("info", "The recipe now uses slices (a frankenmerge) with merge_method passthrough.");
      }
      if (data && data.merge_method !== "passthrough" && Array.isArray(data.models)) edit(["merge_method"], "passthrough");
      edit(["slices"], toRecipeSlices(next));
    } catch (e) {
      notify("error", (e as Error).message);
    }
  };
  const insert = (sel: LayerSelection, at = slices.length) => write([...slices.slice(0, at), { ...sel }, ...slices.slice(at)]);

  return (
    <div className="layer-slicer">
      {readOnly && <p className="hint" role="status">These slices merge several sources each: shown by their first source, editable in the YAML only.</p>}
      <div className="slicer-sources" aria-label="Model layers">
        {refs.length === 0 && <p className="hint">Pick models in the model picker to see their layers.</p>}
        {refs.map((ref, i) => (
          <SourceStack key={ref} model={ref} layers={configs[i].data ? layerCount(configs[i].data) : undefined}
            error={configs[i].error?.message} loading={configs[i].isLoading} selection={selection} onSelect={setSelection} />
        ))}
      </div>
      <div className="slicer-actions">
        <button type="button" className="primary" disabled={!selection} onClick={() => selection && insert(selection)}>
          Add selected layers{selection ? ` (${selection.end - selection.start})` : ""} →
        </button>
      </div>
      <OutputStack slices={slices} figures={figures}
        onDropRange={(sel, at) => insert(sel, at)}
        onMove={(from, to) => write(moveSlice(slices, from, to))}
        onSplit={(i) => { const s = slices[i]; try { write(splitSlice(slices, i, s.start + Math.floor((s.end - s.start) / 2))); } catch (e) { notify("error", (e as Error).message); } }}
        onDuplicate={(i) => write([...slices.slice(0, i + 1), slices[i], ...slices.slice(i + 1)])}
        onRemove={(i) => write(slices.filter((_, j) => j !== i))} />
    </div>
  );
}
