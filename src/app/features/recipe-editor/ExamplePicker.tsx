/** Load one of the example recipes shipped in public/examples/ (replaces the recipe; undoable). */
import { useStudio } from "../../state/store.ts";
import { EXAMPLES } from "./example-list.ts";

export function ExamplePicker() {
  const setRecipeText = useStudio((s) => s.setRecipeText);
  const notify = useStudio((s) => s.notify);
  const load = async (file: string) => {
    const res = await fetch(`${import.meta.env.BASE_URL}examples/${file}`);
    if (!res.ok) throw new Error(`could not load the example ${file} (HTTP ${res.status})`);
    setRecipeText(await res.text(), "load");
  };
  return (
    <select aria-label="Load an example recipe" value="" onChange={(e) => {
      const file = e.target.value;
      if (file) load(file).catch((err: Error) => notify("error", err.message));
    }}>
      <option value="">Examples…</option>
      {Object.entries(EXAMPLES).map(([file, label]) => <option key={file} value={file}>{label}</option>)}
    </select>
  );
}
