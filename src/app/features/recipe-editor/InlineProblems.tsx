/** The recipe problems at (or under) one YAML path, shown inline next to the form field. */
import type { RecipePath } from "../../state/recipe-doc.ts";
import { selectParsed } from "../../state/selectors.ts";
import { useStudio } from "../../state/store.ts";

const startsWith = (path: RecipePath, prefix: RecipePath) => prefix.length <= path.length && prefix.every((p, i) => path[i] === p);

/**
 * `exact`: only problems at `path` itself. `exclude`: sub-paths another field already shows.
 * An empty `path` with `exact` collects the problems that name no particular field.
 */
export function InlineProblems({ path, exact = false, exclude = [] }: { path: RecipePath; exact?: boolean; exclude?: readonly RecipePath[] }) {
  const problems = useStudio((s) => selectParsed(s).problems);
  const mine = problems.filter((p) =>
    (exact ? p.path.length === path.length && startsWith(p.path, path) : p.path.length > 0 && startsWith(p.path, path)) &&
    !exclude.some((e) => startsWith(p.path, e)));
  if (mine.length === 0) return null;
  return (
    <ul className="inline-problems" role="alert">
      {mine.map((p, i) => <li key={i} className={p.severity}>{p.message} <small>(line {p.line})</small></li>)}
    </ul>
  );
}
