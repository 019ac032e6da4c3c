/** Header controls: undo/redo (both views), theme, Hub base URL, new recipe. */
import { useEffect, useState } from "react";
import { useStudio } from "../../state/store.ts";
import { ExamplePicker } from "./ExamplePicker.tsx";

/** What "New" starts from: a method and dtype; models come from the picker. */
const NEW_RECIPE = "merge_method: linear\ndtype: bfloat16\n";

export function Toolbar({ children }: { children?: React.ReactNode }) {
  const { undo, redo, theme, setTheme, hubUrl, setHubUrl, notify, setRecipeText } = useStudio();
  const canUndo = useStudio((s) => s.past.length > 0);
  const canRedo = useStudio((s) => s.future.length > 0);
  const [hubDraft, setHubDraft] = useState(hubUrl);
  useEffect(() => setHubDraft(hubUrl), [hubUrl]);

  useEffect(() => {
    // Undo/redo outside Monaco (Monaco binds its own keys to the same store actions).
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest(".yaml-editor") || target?.tagName === "INPUT") return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z") { e.preventDefault(); if (e.shiftKey) redo(); else undo(); }
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "y") { e.preventDefault(); redo(); }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo]);

  return (
    <div className="toolbar">
      <button type="button" onClick={() => setRecipeText(NEW_RECIPE, "load")} title="Start an empty recipe">New</button>
      <ExamplePicker />
      <button type="button" onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">Undo</button>
      <button type="button" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">Redo</button>
      <form className="hub-url" onSubmit={(e) => {
        e.preventDefault();
        try { setHubUrl(hubDraft); notify("info", `Hub set to ${hubDraft}`); } catch (err) { notify("error", (err as Error).message); }
      }}>
        <label>Hub <input value={hubDraft} onChange={(e) => setHubDraft(e.target.value)} aria-label="Hub base URL" size={22} /></label>
      </form>
      <button type="button" onClick={() => setTheme(theme === "dark" ? "light" : "dark")} aria-label="Toggle dark mode">
        {theme === "dark" ? "Light" : "Dark"}
      </button>
      {children}
    </div>
  );
}
