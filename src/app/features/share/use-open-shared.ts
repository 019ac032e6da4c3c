/**
 * Opens a shared recipe from the page's `#r=…` fragment (on load and when the hash changes),
 * then removes the fragment so later edits are not confused with the shared version.
 */
import { useEffect } from "react";
import { decodeShareFragment } from "../../../core/recipe/index.ts";
import { useStudio } from "../../state/store.ts";

/** Load the recipe a share link holds; returns false (with a notice) when the link is unusable. */
export function openSharedLink(link: string): boolean {
  const s = useStudio.getState();
  const result = decodeShareFragment(link);
  if (result.text === null) {
    s.notify("error", `This share link cannot be opened: ${result.diagnostics[0]?.message ?? "unknown problem"}.`);
    return false;
  }
  s.setRecipeText(result.text, "load");
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  s.notify(errors.length ? "error" : "info", errors.length ? `Opened the shared recipe; it has ${errors.length} problem(s): ${errors[0].message}` : "Opened the shared recipe.");
  return true;
}

export function useOpenShared(): void {
  useEffect(() => {
    const open = () => {
      if (!/^#r=/.test(window.location.hash)) return;
      openSharedLink(window.location.hash);
      history.replaceState(null, "", window.location.pathname + window.location.search);
    };
    open();
    window.addEventListener("hashchange", open);
    return () => window.removeEventListener("hashchange", open);
  }, []);
}
