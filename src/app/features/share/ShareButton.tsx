/** Copies a URL that reproduces the recipe (`#r=` fragment; no tokens, no local paths). */
import { useState } from "react";
import { encodeShareFragment, shareUrl } from "../../../core/recipe/index.ts";
import { useStudio } from "../../state/store.ts";

export function ShareButton() {
  const notify = useStudio((s) => s.notify);
  const [link, setLink] = useState<string | null>(null);
  const share = async () => {
    const { fragment, diagnostics } = encodeShareFragment(useStudio.getState().recipeText);
    if (!fragment) {
      setLink(null);
      notify("error", `Cannot share this recipe: ${diagnostics[0]?.message ?? "it does not parse"}.`);
      return;
    }
    // Keep ?hub= so a link made against a mirror opens against the same mirror.
    const url = shareUrl(window.location.origin + window.location.pathname + window.location.search, fragment);
    setLink(url);
    const warnings = diagnostics.filter((d) => d.severity === "warning").map((d) => d.message);
    const note = warnings.length ? ` Note: ${warnings.join("; ")}.` : "";
    try {
      await navigator.clipboard.writeText(url);
      notify("info", `Share link copied (${url.length} characters).${note}`);
    } catch {
      notify("info", `Copy the share link from the box next to the Share button.${note}`);
    }
  };
  return (
    <span className="share">
      <button type="button" className="primary" onClick={() => void share()}>Share</button>
      {link && <input className="share-link" readOnly value={link} aria-label="Share link" onFocus={(e) => e.target.select()} />}
    </span>
  );
}
