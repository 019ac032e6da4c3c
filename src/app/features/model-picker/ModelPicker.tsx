/** Find models: Hub search, `org/name@revision` entry, or a local folder; plus the token. */
import { useState } from "react";
import { useModelSearch } from "../../queries/use-hub.ts";
import { useStudio } from "../../state/store.ts";
import { ModelCard } from "./ModelCard.tsx";
import { TokenField } from "./TokenField.tsx";

const REF_RE = /^[\w.-]+\/[\w.-]+(@[\w./-]+)?$/;

export function ModelPicker() {
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const [direct, setDirect] = useState("");
  const search = useModelSearch(query);
  const addLocalFolder = useStudio((s) => s.addLocalFolder);
  const notify = useStudio((s) => s.notify);
  const directValid = REF_RE.test(direct.trim());

  return (
    <div className="model-picker">
      <label className="stack">Search the Hub
        <input type="search" value={query} placeholder="e.g. mistral 7b" aria-label="Search models" onChange={(e) => setQuery(e.target.value)} />
      </label>
      {search.isFetching && <p className="hint">Searching…</p>}
      {search.error && <p className="error-text" role="alert">{search.error.message}</p>}
      {search.data && (
        <ul className="search-results" aria-label="Search results">
          {search.data.length === 0 && <li className="hint">No models match “{query}”.</li>}
          {search.data.map((m) => (
            <li key={m.id}>
              <button type="button" className={selected === m.id ? "selected" : ""} onClick={() => setSelected(m.id)}>
                {m.id}{m.gated ? " 🔒" : ""}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="stack" onSubmit={(e) => { e.preventDefault(); if (directValid) setSelected(direct.trim()); }}>
        <label className="stack">Model id
          <input value={direct} placeholder="org/name@revision" aria-label="Model id" onChange={(e) => setDirect(e.target.value)} />
        </label>
        {direct && !directValid && <span className="error-text">Use org/name or org/name@revision.</span>}
        <button type="submit" disabled={!directValid}>Look up</button>
      </form>
      <label className="stack">Local folder
        <input type="file" aria-label="Open a local model folder" {...{ webkitdirectory: "", directory: "" }} onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          if (files.length === 0) return;
          // A local path reference, as mergekit recipes name local folders (never put in share links).
          const name = `./${files[0].webkitRelativePath.split("/")[0] || files[0].name}`;
          if (!files.some((f) => f.name === "config.json")) { notify("error", `The folder ${name} has no config.json; pick the model's own folder.`); return; }
          addLocalFolder({ name, files });
          setSelected(name);
        }} />
      </label>
      {selected && <ModelCard key={selected} modelRef={selected} />}
      <details className="token-box"><summary>Hugging Face token</summary><TokenField /></details>
    </div>
  );
}
