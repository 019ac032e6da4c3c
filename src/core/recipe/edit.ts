/**
 * One visual edit applied to the recipe text, keeping the user's comments and formatting:
 * replacing a scalar (or a flow list of numbers) splices only that token's characters; other
 * edits (adding, removing, replacing blocks) go through yaml's Document, which keeps comments,
 * blank lines, quoting and flow/block styles of everything it does not touch.
 */
import { Document, isNode, isScalar, isSeq, parseDocument, visit, type Node } from "yaml";
import type { RecipePath } from "./types.ts";
import { tooLarge, YAML_OPTIONS } from "./parse.ts";

/** Thrown when the text cannot be edited structurally (YAML syntax errors, path through a scalar). */
export class RecipeEditError extends Error {
  override name = "RecipeEditError";
}

const isPlainScalar = (v: unknown): v is string | number | boolean | null =>
  v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";

function flowNumbers(node: Node): void {
  visit(node, {
    Seq(_, seq) {
      if (seq.items.length > 0 && seq.items.every((i) => isScalar(i) && typeof i.value === "number")) seq.flow = true;
    },
  });
}

/**
 * Returns `text` with the value at `path` set to `value` (plain YAML data), or removed when
 * `value` is undefined. Missing parent mappings are created. Throws RecipeEditError when the
 * text has YAML syntax errors (fix those in the text editor first).
 */
export function editRecipeText(text: string, path: RecipePath, value: unknown): string {
  const refused = tooLarge(text);
  if (refused) throw new RecipeEditError(`cannot apply the edit: ${refused.message}`);
  const doc = parseDocument(text, { ...YAML_OPTIONS });
  if (doc.errors.length > 0) {
    throw new RecipeEditError(`cannot apply the edit: the recipe has a YAML syntax error (${doc.errors[0]?.message.split("\n")[0]}); fix the text first`);
  }
  const current = path.length ? doc.getIn(path, true) : doc.contents;
  if (value !== undefined && isNode(current) && current.range) {
    const [a, b] = current.range;
    let replacement: string | null = null;
    if (isScalar(current) && isPlainScalar(value)) {
      // yaml quotes the new scalar only when it must (YAML 1.1 like PyYAML: "yes", "on", "1e3", ": ").
      replacement = new Document(value, { version: "1.1" }).toString({ lineWidth: 0 }).trimEnd();
    } else if (isSeq(current) && current.flow && Array.isArray(value) && value.every((v) => typeof v === "number")) {
      replacement = `[${value.join(", ")}]`;
    }
    if (replacement !== null && !replacement.includes("\n")) return text.slice(0, a) + replacement + text.slice(b);
  }
  try {
    if (value === undefined) {
      if (current === undefined) return text;
      doc.deleteIn(path);
    } else {
      const node = doc.createNode(value);
      flowNumbers(node);
      if (path.length === 0) throw new RecipeEditError("an edit needs a path; to replace the whole recipe use formatRecipe");
      // Create missing parents from plain data: yaml's own parent creation builds JS Maps,
      // which the YAML 1.1 schema writes as `!!omap` lists that mergekit does not read as mappings.
      for (let depth = 1; depth < path.length; depth++) {
        const parent = path.slice(0, depth);
        if (doc.getIn(parent, true) === undefined) doc.setIn(parent, doc.createNode(typeof path[depth] === "number" ? [] : {}));
      }
      doc.setIn(path, node);
    }
  } catch (e) {
    if (e instanceof RecipeEditError) throw e;
    throw new RecipeEditError(`cannot set ${path.join(".")}: ${(e as Error).message}`);
  }
  // Follow the file's own list style: "key:\n- item" (PyYAML's) or "key:\n  - item".
  const indentSeq = !/^[^\s#][^\n]*:[ \t]*\n-[ \t]/m.test(text);
  return doc.toString({ lineWidth: 0, indentSeq, flowCollectionPadding: false });
}
