/** The `models:` list: each model's reference and its per-model parameters (weight, density...). */
import type { MethodSpec } from "../../../core/methods/types.ts";
import type { ModelEntry } from "../../state/recipe-view.ts";
import { useStudio } from "../../state/store.ts";
import { InlineProblems } from "./InlineProblems.tsx";
import { ParamField } from "./ParamField.tsx";

export function ModelList({ method, models }: { method: MethodSpec; models: ModelEntry[] }) {
  const edit = useStudio((s) => s.editRecipe);
  return (
    <fieldset className="model-list" data-testid="model-list">
      <legend>Models ({models.length})</legend>
      {models.length === 0 && <p className="hint">Add models with the model picker.</p>}
      {models.map((m, i) => (
        <div className="model-row" key={i} data-testid={`model-row-${i}`}>
          <div className="model-row-head">
            <input value={m.model} aria-label={`model ${i + 1} reference`} onChange={(e) => edit(["models", i, "model"], e.target.value)} />
            <button type="button" aria-label={`Remove model ${i + 1}`} onClick={() => edit(["models", i], undefined)}>Remove</button>
          </div>
          {method.perModelParams.map((spec) => (
            <ParamField key={spec.name} spec={spec} owner={`model ${i + 1}`} path={["models", i, "parameters", spec.name]} value={m.parameters[spec.name]} />
          ))}
          <InlineProblems path={["models", i]} exclude={method.perModelParams.map((p) => ["models", i, "parameters", p.name])} />
        </div>
      ))}
    </fieldset>
  );
}
