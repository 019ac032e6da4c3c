/** The recipe problems at (or under) one YAML path, shown inline next to the form field. */
import type { RecipePath } from "../../state/recipe-doc.ts";
import { selectParsed } from "../../state/selectors.ts";
import { useStudio } from "../../state/store.ts";

const startsWith = (path: RecipePath, prefix: RecipePath) => prefix.length <= path.length && prefix.every((p, i) => path[i] === p);

export function InlineProblems({ path, exact = false }: { path: RecipePath; exact?: boolean }) {
  const problems = useStudio((s) => selectParsed(s).problems);
  const mine = problems.filter((p) => p.path.length > 0 && (exact ? p.path.length === path.length && startsWith(p.path, path) : startsWith(p.path, path)));
  if (mine.length === 0) return null;
  return (
    <ul className="inline-problems" role="alert">
      {mine.map((p, i) => <li key={i} className={p.severity}>{p.message} <small>(line {p.line})</small></li>)}
    </ul>
  );
}
