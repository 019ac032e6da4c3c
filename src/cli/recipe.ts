/**
 * `npm run recipe -- check|fmt|share|open`: the recipe language of src/core/recipe in the
 * terminal, the same code the app runs. Diagnostics are `FILE:LINE:COL: severity: MESSAGE [code]`,
 * a one-line summary comes last, and the exit status is 1 when anything is wrong.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { decodeShareFragment, encodeShareFragment, formatRecipes, parseRecipes, shareUrl } from "../core/recipe/index.ts";
import type { Diagnostic, Recipe } from "../core/recipe/types.ts";
import { countSeverities, formatDiagnostic, formatSummary } from "./diagnostic-format.ts";
import { parseRecipeArgs, type RecipeArgs, USAGE } from "./recipe-args.ts";

const out = (s: string) => process.stdout.write(s + "\n");
const err = (s: string) => process.stderr.write(s + "\n");

function readText(file: string): string | Diagnostic {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    return { severity: "error", code: "unreadable-file", message: `cannot read the file (${reason}); check the path`, line: 1, column: 1, endLine: 1, endColumn: 1, path: [] };
  }
}

function check(args: RecipeArgs): number {
  const results: { file: string; diagnostics: Diagnostic[] }[] = [];
  for (const file of args.files) {
    const text = readText(file);
    const diagnostics = typeof text === "string" ? parseRecipes(text, { fileName: file, ignore: args.ignore }).diagnostics : [text];
    results.push({ file, diagnostics });
  }
  const all = results.flatMap((r) => r.diagnostics);
  const { errors, warnings } = countSeverities(all);
  if (args.format === "json") {
    out(JSON.stringify({ files: results, summary: { files: results.length, errors, warnings } }, null, 2));
  } else {
    for (const r of results) for (const d of r.diagnostics) out(formatDiagnostic(r.file, d));
    out(formatSummary(results.length, errors, warnings));
  }
  return errors > 0 ? 1 : 0;
}

/** The comment block at the top of a file (e.g. a source note), kept by fmt. */
function leadingComments(text: string): string {
  const lines = text.split("\n");
  let n = 0;
  while (n < lines.length && /^\s*(#.*)?$/.test(lines[n] as string) && n < lines.length - 1) n++;
  const head = lines.slice(0, n).join("\n").trimEnd();
  return head.split("\n").some((l) => l.trim().startsWith("#")) ? head + "\n" : "";
}

function fmt(args: RecipeArgs): number {
  let changed = 0;
  let failed = 0;
  for (const file of args.files) {
    const text = readText(file);
    if (typeof text !== "string") { err(formatDiagnostic(file, text)); failed++; continue; }
    const parsed = parseRecipes(text);
    const errors = parsed.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0 || parsed.documents.some((d) => !d.recipe)) {
      for (const d of errors) err(formatDiagnostic(file, d));
      err(`${file}: not formatted: fix the errors first`);
      failed++;
      continue;
    }
    const formatted = leadingComments(text) + formatRecipes(parsed.documents.map((d) => d.recipe as Recipe));
    if (formatted === text) continue;
    changed++;
    if (args.check) out(`${file}: would reformat`);
    else { writeFileSync(file, formatted); out(`${file}: reformatted`); }
  }
  const n = args.files.length;
  out(`${n} file${n === 1 ? "" : "s"}, ${changed} ${args.check ? "would be reformatted" : "reformatted"}${failed ? `, ${failed} with errors` : ""}`);
  return failed > 0 || (args.check && changed > 0) ? 1 : 0;
}

function share(args: RecipeArgs): number {
  const file = args.files[0] as string;
  const text = readText(file);
  if (typeof text !== "string") { err(formatDiagnostic(file, text)); return 1; }
  const parsed = parseRecipes(text);
  if (parsed.documents.length > 1) {
    err(`${file}:1:1: error: a share link holds one recipe; this file has ${parsed.documents.length} documents [share-multi-document]`);
    return 1;
  }
  const enc = encodeShareFragment(text);
  if (!enc.fragment) {
    for (const d of enc.diagnostics) err(formatDiagnostic(file, d));
    err(formatSummary(1, enc.diagnostics.length, 0));
    return 1;
  }
  for (const d of enc.diagnostics) err(formatDiagnostic(file, d));
  out(shareUrl(args.baseUrl, enc.fragment));
  return 0;
}

function open(args: RecipeArgs): number {
  const url = args.files[0] as string;
  const dec = decodeShareFragment(url);
  // A link has no file name; diagnostics point into the YAML the link holds.
  for (const d of dec.diagnostics) err(formatDiagnostic("<share-link>", d));
  if (dec.text !== null) process.stdout.write(dec.text);
  const { errors, warnings } = countSeverities(dec.diagnostics);
  if (errors || warnings) err(formatSummary(1, errors, warnings));
  return dec.recipe ? 0 : 1;
}

function main(argv: readonly string[]): number {
  const args = parseRecipeArgs(argv);
  if (typeof args === "string") { err(`error: ${args}\n${USAGE}`); return 2; }
  if (args.command === "help") { out(USAGE); return 0; }
  return { check, fmt, share, open }[args.command](args);
}

process.exitCode = main(process.argv.slice(2));
