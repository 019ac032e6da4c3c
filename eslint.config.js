// Lint = the layer boundaries of DESIGN.md, enforced by tooling rather than review.
import tseslint from "typescript-eslint";

const banned = (patterns, message) => ({ group: patterns, message });

/** One zone per layer: what files in it must not import. */
const layers = [
  {
    files: ["src/core/**/*.ts"],
    // Tests run in Node and may read fixtures from disk; the code under test may not.
    ignores: ["src/core/**/*.test.ts"],
    patterns: [
      banned(["**/gpu/**", "**/storage/**", "**/engine/**", "**/workers/**", "**/app/**", "**/cli/**"], "src/core imports only src/core (see DESIGN.md layers)."),
      banned(["react", "react-dom", "react-dom/*", "comlink", "zustand", "zustand/*", "monaco-editor", "monaco-editor/*", "idb-keyval", "@tanstack/*"], "src/core is pure TypeScript: no UI or worker libraries."),
      banned(["node:*", "fs", "path", "os", "child_process"], "src/core runs in browsers too: no Node built-ins."),
    ],
  },
  {
    files: ["src/gpu/**/*.ts"],
    patterns: [banned(["**/storage/**", "**/engine/**", "**/workers/**", "**/app/**", "**/cli/**", "react", "comlink"], "src/gpu imports only core and shaders.")],
  },
  {
    files: ["src/storage/**/*.ts"],
    patterns: [banned(["**/gpu/**", "**/engine/**", "**/workers/**", "**/app/**", "**/cli/**", "react", "comlink"], "src/storage imports only core.")],
  },
  {
    files: ["src/engine/**/*.ts"],
    patterns: [banned(["**/workers/**", "**/app/**", "**/cli/**", "react", "comlink"], "src/engine imports core, gpu and storage only.")],
  },
  {
    files: ["src/workers/**/*.ts"],
    patterns: [banned(["**/app/**", "react"], "workers never import the app.")],
  },
  {
    files: ["src/app/**/*.ts", "src/app/**/*.tsx"],
    ignores: ["src/app/clients/**"],
    patterns: [
      banned(["**/gpu/**", "**/engine/**", "**/storage/**", "**/*.worker", "**/*.worker.ts", "**/*.worker?worker"], "The app reaches workers only through src/app/clients/."),
      banned(["comlink"], "comlink belongs in src/app/clients/ and src/workers/ only."),
    ],
  },
  {
    files: ["src/app/clients/**/*.ts"],
    patterns: [banned(["**/gpu/**", "**/engine/**", "**/storage/**"], "Clients talk to workers, not to engine internals.")],
  },
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "test-results/**", "playwright-report/**", "public/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      curly: ["error", "multi-line"],
    },
  },
  ...layers.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { "no-restricted-imports": ["error", { patterns }] },
  })),
  {
    // app/ may see a worker's contract, but only as types.
    files: ["src/app/**/*.ts", "src/app/**/*.tsx"],
    rules: { "@typescript-eslint/no-import-type-side-effects": "error" },
  },
);
