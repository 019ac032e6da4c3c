/**
 * Monaco, bundled (no CDN): the core editor API, the contributions the recipe editor uses
 * (hover, suggest, find, folding, markers) and YAML highlighting. The editor worker is bundled by
 * Vite through `?worker`; language services run in the main thread (YAML has no worker).
 */
import * as monaco from "monaco-editor/editor/editor.api";
import "monaco-editor/editor/contrib/hover/browser/hoverContribution";
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/editor/contrib/find/browser/findController";
import "monaco-editor/editor/contrib/folding/browser/folding";
import "monaco-editor/editor/contrib/gotoError/browser/gotoError";
import "monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching";
import "monaco-editor/editor/contrib/comment/browser/comment";
import "monaco-editor/editor/contrib/linesOperations/browser/linesOperations";
import "monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter";
import "monaco-editor/editor/contrib/contextmenu/browser/contextmenu";
import "monaco-editor/editor/contrib/clipboard/browser/clipboard";
import "monaco-editor/languages/definitions/yaml/register";
// Monaco's own text-model worker, not an app worker: the layer rule targets merge workers.
// eslint-disable-next-line no-restricted-imports
import EditorWorker from "monaco-editor/editor/editor.worker?worker";

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
