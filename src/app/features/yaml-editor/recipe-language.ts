/**
 * Completion and hover docs for recipe YAML in Monaco: merge_method values, recipe keys and
 * every parameter of the method in use, all from the method registry.
 */
import type { MethodSpec } from "../../../core/methods/types.ts";
import type { monaco as Monaco } from "./monaco.ts";
import { describeMethod, describeParam, keyContext, methodParams, RECIPE_KEYS } from "./recipe-schema.ts";

type M = typeof Monaco;

function currentMethod(text: string, methods: readonly MethodSpec[]): MethodSpec | undefined {
  const name = /^merge_method:\s*([\w-]+)/m.exec(text)?.[1];
  return methods.find((m) => m.name === name);
}

/** Register the providers once; returns a disposer. */
export function registerRecipeLanguage(monaco: M, methods: readonly MethodSpec[]): { dispose(): void } {
  const completion = monaco.languages.registerCompletionItemProvider("yaml", {
    triggerCharacters: [" ", ":"],
    provideCompletionItems(model, position) {
      const lineText = model.getLineContent(position.lineNumber);
      const before = lineText.slice(0, position.column - 1);
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const Kind = monaco.languages.CompletionItemKind;
      if (/^\s*merge_method:\s*[\w-]*$/.test(before)) {
        return {
          suggestions: methods.map((m) => ({
            label: m.name, kind: Kind.EnumMember, insertText: m.name, range,
            detail: m.pretty, documentation: { value: describeMethod(m) },
          })),
        };
      }
      const keyMatch = /^(\s*)(-\s+)?[\w]*$/.exec(before);
      if (!keyMatch) return { suggestions: [] };
      const indent = keyMatch[1].length + (keyMatch[2]?.length ?? 0);
      const ctx = keyContext(model.getLinesContent(), position.lineNumber - 1, indent);
      if (ctx === "parameters") {
        const method = currentMethod(model.getValue(), methods);
        if (!method) return { suggestions: [] };
        return {
          suggestions: methodParams(method).map(({ spec, scope }) => ({
            label: spec.name, kind: Kind.Property, insertText: `${spec.name}: `, range,
            detail: `${method.name} ${scope} ${spec.kind}`, documentation: { value: describeParam(spec, scope) },
          })),
        };
      }
      if (ctx === "other") return { suggestions: [] };
      return {
        suggestions: Object.entries(RECIPE_KEYS[ctx]).map(([key, doc]) => ({
          label: key, kind: Kind.Field, insertText: `${key}: `, range, documentation: { value: doc },
        })),
      };
    },
  });
  const hover = monaco.languages.registerHoverProvider("yaml", {
    provideHover(model, position) {
      const word = model.getWordAtPosition(position);
      if (!word) return null;
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const text = model.getValue();
      const asMethod = methods.find((m) => m.name === word.word);
      if (asMethod) return { range, contents: [{ value: describeMethod(asMethod) }] };
      const method = currentMethod(text, methods);
      const param = method && methodParams(method).find((p) => p.spec.name === word.word);
      if (param) return { range, contents: [{ value: describeParam(param.spec, param.scope) }] };
      for (const group of Object.values(RECIPE_KEYS)) {
        if (group[word.word]) return { range, contents: [{ value: `**${word.word}**  \n${group[word.word]}` }] };
      }
      return null;
    },
  });
  return { dispose: () => { completion.dispose(); hover.dispose(); } };
}
