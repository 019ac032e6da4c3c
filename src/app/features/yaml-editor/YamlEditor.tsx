/**
 * The Monaco YAML view of the recipe. It writes the store on every edit and follows the store
 * when the form, undo/redo or a shared URL changes the text; problems become Monaco markers.
 */
import { useEffect, useRef } from "react";
import { METHODS } from "../../../core/methods/registry.ts";
import { selectParsed } from "../../state/selectors.ts";
import { useStudio } from "../../state/store.ts";
import { monaco } from "./monaco.ts";
import { registerRecipeLanguage } from "./recipe-language.ts";

let languageRegistered = false;

export function YamlEditor() {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const theme = useStudio((s) => s.theme);
  const text = useStudio((s) => s.recipeText);
  const problems = useStudio((s) => selectParsed(s).problems);

  useEffect(() => {
    if (!host.current) return;
    if (!languageRegistered) {
      registerRecipeLanguage(monaco, METHODS);
      languageRegistered = true;
    }
    const editor = monaco.editor.create(host.current, {
      value: useStudio.getState().recipeText,
      language: "yaml",
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      ariaLabel: "Recipe YAML",
    });
    editorRef.current = editor;
    // One undo history for both views: Monaco's own undo would diverge from the form's edits.
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyZ, () => useStudio.getState().undo());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyZ, () => useStudio.getState().redo());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyY, () => useStudio.getState().redo());
    const sub = editor.onDidChangeModelContent((e) => {
      if (e.isFlush) return;
      const value = editor.getValue();
      if (value !== useStudio.getState().recipeText) useStudio.getState().setRecipeText(value, "yaml");
    });
    return () => {
      sub.dispose();
      editor.getModel()?.dispose();
      editor.dispose();
      editorRef.current = null;
    };
  }, []);

  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || model.getValue() === text) return;
    const selection = editor.getSelection();
    editor.executeEdits("store", [{ range: model.getFullModelRange(), text }]);
    if (selection) editor.setSelection(selection);
  }, [text]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, "recipe", problems.map((p) => ({
      severity: p.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      message: `${p.message} [${p.code}]`,
      startLineNumber: p.line, startColumn: p.column, endLineNumber: p.endLine, endColumn: Math.max(p.endColumn, p.column + 1),
    })));
  }, [problems, text]);

  useEffect(() => monaco.editor.setTheme(theme === "dark" ? "vs-dark" : "vs"), [theme]);

  return <div className="yaml-editor" ref={host} data-testid="yaml-editor" />;
}
