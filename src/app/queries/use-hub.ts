/** React Query hooks over the Hub reads: debounced search, model info and config (cached per ref). */
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { relativePathsFromPicker } from "../../core/model-source/local-model-source.ts";
import { useStudio } from "../state/store.ts";
import { fetchModelConfig, fetchModelInfo, searchModels } from "./hub-reads.ts";
import { hubKeys } from "./keys.ts";

/** config.json at the root of a folder the user opened. */
export async function readLocalConfig(files: File[], name: string): Promise<Record<string, unknown>> {
  const file = relativePathsFromPicker(files).find((f) => f.path === "config.json")?.file;
  if (!file) throw new Error(`The folder ${name} has no config.json; open the model's folder itself.`);
  return JSON.parse(await file.text()) as Record<string, unknown>;
}

const SEARCH_DEBOUNCE_MS = 300;

/** `value`, settled for `ms` milliseconds. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

// The core Hub client already retries transient failures (5xx, 429, network) with backoff;
// a gated or missing repo will not change by retrying.
const retry = false;

export function useModelSearch(query: string) {
  const hubUrl = useStudio((s) => s.hubUrl);
  const token = useStudio((s) => s.token);
  const q = useDebounced(query.trim(), SEARCH_DEBOUNCE_MS);
  return useQuery({
    queryKey: hubKeys.search(hubUrl, q),
    queryFn: ({ signal }) => searchModels(hubUrl, q, token, signal),
    enabled: q.length >= 2,
    retry,
  });
}

export function useModelInfo(ref: string | null) {
  const hubUrl = useStudio((s) => s.hubUrl);
  const token = useStudio((s) => s.token);
  return useQuery({
    queryKey: hubKeys.info(hubUrl, ref ?? "", token !== null),
    queryFn: ({ signal }) => fetchModelInfo(hubUrl, ref!, token, signal),
    enabled: !!ref && ref.includes("/"),
    retry,
  });
}

export function useModelConfig(ref: string | null) {
  const hubUrl = useStudio((s) => s.hubUrl);
  const token = useStudio((s) => s.token);
  const folder = useStudio((s) => (ref ? s.localFolders[ref] : undefined));
  return useQuery({
    queryKey: folder ? ["local", ref, "config"] : hubKeys.config(hubUrl, ref ?? "", token !== null),
    queryFn: ({ signal }) => (folder ? readLocalConfig(folder.files, folder.name) : fetchModelConfig(hubUrl, ref!, token, signal)),
    enabled: !!ref && (!!folder || ref.includes("/")),
    retry,
  });
}
