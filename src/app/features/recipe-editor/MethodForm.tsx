/**
 * The visual recipe editor: method, base model, dtype, the method's global parameters and every
 * model with its per-model parameters. Each control edits the recipe text at one YAML path.
 */
import { getMethod, METHODS } from "../../../core/methods/registry.ts";
import { selectParsed } from "../../state/selectors.ts";
import { useStudio } from "../../state/store.ts";
import { modelRefString, readGlobalParams, readMethod, readModels } from "../../state/recipe-view.ts";
import { InlineProblems } from "./InlineProblems.tsx";
import { ModelList } from "./ModelList.tsx";
import { ParamField } from "./ParamField.tsx";
import { TokenizerFields } from "./TokenizerFields.tsx";

const DTYPES = ["bfloat16", "float16", "float32"];

export function MethodForm() {
  const parsed = useStudio(selectParsed);
  const edit = useStudio((s) => s.editRecipe);
  if (!parsed.data) {
    return <p className="form-blocked" role="status">The YAML has an error (see the marker in the YAML editor); the form is back as soon as it parses.</p>;
  }
  const data = parsed.data;
  const methodName = readMethod(data);
  const method = getMethod(methodName);
  const globals = readGlobalParams(data);
  const models = readModels(data);
  const base = modelRefString(data.base_model);

  return (
    <form className="method-form" aria-label="Recipe form" onSubmit={(e) => e.preventDefault()}>
      <InlineProblems path={[]} exact />
      <div className="form-row">
        <label>Merge method
          <select value={method ? methodName : ""} data-testid="method-select" onChange={(e) => edit(["merge_method"], e.target.value)}>
            {!method && <option value="">{methodName ? `unknown: ${methodName}` : "choose…"}</option>}
            {METHODS.map((m) => <option key={m.name} value={m.name}>{m.name} — {m.pretty}</option>)}
          </select>
        </label>
        <label>dtype
          <select value={typeof data.dtype === "string" ? data.dtype : ""} onChange={(e) => edit(["dtype"], e.target.value || undefined)}>
            <option value="">(default)</option>
            {DTYPES.map((d) => <option key={d}>{d}</option>)}
          </select>
        </label>
      </div>
      <InlineProblems path={["merge_method"]} />
      {method && method.base !== "unused" && (
        <label className="form-row">Base model{method.base === "required" ? " *" : ""}
          <input value={base} placeholder="org/name[@revision]" data-testid="base-model" onChange={(e) => edit(["base_model"], e.target.value || undefined)} />
        </label>
      )}
      <InlineProblems path={["base_model"]} />
      {["dtype", "out_dtype", "slices", "tokenizer", "tokenizer_source", "chat_template", "random_seed"].map((key) => <InlineProblems key={key} path={[key]} />)}
      {method && method.globalParams.length > 0 && (
        <fieldset className="param-group">
          <legend>Method parameters</legend>
          {method.globalParams.map((spec) => (
            <ParamField key={spec.name} spec={spec} owner="global" path={["parameters", spec.name]} value={globals[spec.name]} />
          ))}
          <InlineProblems path={["parameters"]} exclude={method.globalParams.map((p) => ["parameters", p.name])} />
        </fieldset>
      )}
      {method && !Array.isArray(data.slices) && <ModelList method={method} models={models} />}
      {Array.isArray(data.slices) && <p className="hint">This recipe is built from slices: edit them in the layer slicer or the YAML.</p>}
      <TokenizerFields data={data} />
    </form>
  );
}
