/**
 * Vocabulary and chat settings of the recipe: tokenizer_source (or the tokenizer block's source
 * and pad_to_multiple_of), chat_template and random_seed. Per-token embedding sources
 * (`tokenizer.tokens`) are edited in the YAML; this form keeps them untouched.
 */
import { BUILTIN_CHAT_TEMPLATES } from "../../../core/tokenizer/chat-template.ts";
import type { RecipeData } from "../../state/recipe-doc.ts";
import { useStudio } from "../../state/store.ts";
import { modelRefString, readModels } from "../../state/recipe-view.ts";

const TEMPLATE_NAMES = [...Object.keys(BUILTIN_CHAT_TEMPLATES), "auto"];
const STARTER_TEMPLATE = "{% for message in messages %}{{ message['role'] + ': ' + message['content'] + '\\n' }}{% endfor %}";

export function TokenizerFields({ data }: { data: RecipeData }) {
  const edit = useStudio((s) => s.editRecipe);
  const block = data.tokenizer && typeof data.tokenizer === "object" ? (data.tokenizer as Record<string, unknown>) : null;
  const source = block ? modelRefString(block.source ?? "union") : data.tokenizer_source === undefined ? "" : modelRefString(data.tokenizer_source);
  const pad = block && typeof block.pad_to_multiple_of === "number" ? String(block.pad_to_multiple_of) : "";
  const refs = [...new Set([modelRefString(data.base_model), ...readModels(data).map((m) => m.model)].filter(Boolean))];
  const template = typeof data.chat_template === "string" ? data.chat_template : "";
  const templateChoice = template === "" ? "" : TEMPLATE_NAMES.includes(template) ? template : "custom";

  const setSource = (value: string) => {
    if (block) edit(value ? ["tokenizer", "source"] : ["tokenizer"], value || undefined);
    else edit(["tokenizer_source"], value || undefined);
  };
  const setPad = (text: string) => {
    const n = text === "" ? undefined : Number(text);
    if (block) return edit(["tokenizer", "pad_to_multiple_of"], n);
    if (n === undefined) return;
    // pad_to_multiple_of lives in the tokenizer block, which replaces tokenizer_source.
    edit(["tokenizer"], { source: source || "union", pad_to_multiple_of: n });
    edit(["tokenizer_source"], undefined);
  };

  return (
    <fieldset className="param-group tokenizer-fields" aria-label="Vocabulary and chat">
      <legend>Vocabulary and chat</legend>
      <label className="form-row">Tokenizer
        <select value={source} data-testid="tokenizer-source" onChange={(e) => setSource(e.target.value)}>
          <option value="">donor's tokenizer (embeddings cropped to the common vocabulary)</option>
          <option value="base">base — the base model's vocabulary</option>
          <option value="union">union — every model's tokens</option>
          {refs.map((r) => <option key={r} value={r}>from {r}</option>)}
          {source && !["base", "union", ...refs].includes(source) && <option value={source}>from {source}</option>}
        </select>
      </label>
      <label className="form-row">Pad vocabulary to a multiple of
        <input type="number" min={1} step={1} value={pad} disabled={!source} data-testid="tokenizer-pad"
          title={source ? "" : "Choose a tokenizer first"} onChange={(e) => setPad(e.target.value)} />
      </label>
      <label className="form-row">Chat template
        <select value={templateChoice} data-testid="chat-template" onChange={(e) => {
          const v = e.target.value;
          edit(["chat_template"], v === "" ? undefined : v === "custom" ? STARTER_TEMPLATE : v);
        }}>
          <option value="">none (keep the donor's)</option>
          {TEMPLATE_NAMES.map((t) => <option key={t} value={t}>{t === "auto" ? "auto — the most common among the models" : t}</option>)}
          <option value="custom">custom Jinja…</option>
        </select>
      </label>
      {templateChoice === "custom" && (
        <textarea className="form-row" rows={4} aria-label="Custom chat template" value={template} onChange={(e) => edit(["chat_template"], e.target.value)} />
      )}
      <label className="form-row">Random seed (DARE / DELLA)
        <input type="number" step={1} value={typeof data.random_seed === "number" ? String(data.random_seed) : ""} data-testid="random-seed"
          onChange={(e) => edit(["random_seed"], e.target.value === "" ? undefined : Math.trunc(Number(e.target.value)))} />
      </label>
      {block?.tokens !== undefined && <p className="hint">Per-token embedding sources (tokenizer.tokens) are edited in the YAML.</p>}
    </fieldset>
  );
}
