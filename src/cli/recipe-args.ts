/** Argument parsing of the recipe command (no dependency: four subcommands, a few flags). */

/** Parsed command line of `recipe`. */
export interface RecipeArgs {
  command: "check" | "fmt" | "share" | "open" | "help";
  files: string[];
  format: "text" | "json";
  ignore: string[];
  check: boolean;
  baseUrl: string;
}

/** Where the app is served by default (vite's dev server); `--base-url` sets the real one. */
export const DEFAULT_BASE_URL = "http://localhost:5173/";

export const USAGE = `usage: npm run recipe -- <command> [options] FILE...

commands:
  check FILE...            report every error and warning as FILE:LINE:COL: severity: message [code]
      --format json        the same as JSON
      --ignore CODE        silence a warning code (repeatable; comma lists work too)
  fmt FILE...              rewrite files as canonical YAML (leading comment block kept)
      --check              only list files that would change; exit 1 if any
  share FILE               print the share URL of a recipe
      --base-url URL       app URL to put before the #r= fragment (default ${DEFAULT_BASE_URL})
  open URL                 print the recipe YAML a share URL holds (validated like the app does)

exit status: 0 ok, 1 errors found (or files to reformat with fmt --check), 2 bad usage`;

/** Parses argv (without node and script); returns an error message for bad usage. */
export function parseRecipeArgs(argv: readonly string[]): RecipeArgs | string {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === "help" || cmd === "--help" || cmd === "-h") return { command: "help", files: [], format: "text", ignore: [], check: false, baseUrl: DEFAULT_BASE_URL };
  if (cmd !== "check" && cmd !== "fmt" && cmd !== "share" && cmd !== "open") return `unknown command '${cmd}'; use check, fmt, share or open`;
  const out: RecipeArgs = { command: cmd, files: [], format: "text", ignore: [], check: false, baseUrl: DEFAULT_BASE_URL };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    const value = (): string | null => {
      const eq = a.indexOf("=");
      if (eq > 0) return a.slice(eq + 1);
      const v = rest[++i];
      return v === undefined ? null : v;
    };
    const flag = a.split("=")[0];
    if (flag === "--format" && cmd === "check") {
      const v = value();
      if (v !== "json" && v !== "text") return `--format takes json or text, got ${v ?? "nothing"}`;
      out.format = v;
    } else if (flag === "--ignore" && cmd === "check") {
      const v = value();
      if (!v) return "--ignore needs a warning code, e.g. --ignore unknown-parameter";
      out.ignore.push(...v.split(",").map((s) => s.trim()).filter(Boolean));
    } else if (a === "--check" && cmd === "fmt") out.check = true;
    else if (flag === "--base-url" && cmd === "share") {
      const v = value();
      if (!v || !/^https?:\/\//.test(v)) return `--base-url needs an http(s) URL, got ${v ?? "nothing"}`;
      out.baseUrl = v;
    } else if (a.startsWith("--")) return `unknown option '${a}' for ${cmd}`;
    else out.files.push(a);
  }
  if (out.files.length === 0) return `${cmd} needs ${cmd === "open" ? "a share URL" : "at least one recipe file"}`;
  if ((cmd === "share" || cmd === "open") && out.files.length > 1) return `${cmd} takes exactly one ${cmd === "open" ? "URL" : "file"}`;
  return out;
}
