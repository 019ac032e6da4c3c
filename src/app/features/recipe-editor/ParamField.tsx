/**
 * One parameter of the recipe at a YAML path: a number (or checkbox), a per-layer gradient, or
 * filter rows (`- filter: self_attn / value: ...`, first matching substring wins, as mergekit).
 */
import type { ParamSpec } from "../../../core/methods/types.ts";
import { GradientEditor } from "../../components/GradientEditor.tsx";
import type { RecipePath } from "../../state/recipe-doc.ts";
import { useStudio } from "../../state/store.ts";
import { InlineProblems } from "./InlineProblems.tsx";

interface Props {
  spec: ParamSpec;
  path: RecipePath;
  value: unknown;
  /** Label prefix for accessibility, e.g. "model 2". */
  owner: string;
}

type Row = { filter?: string; value: number | number[] };
const FILTER_PRESETS = ["self_attn", "mlp", "embed_tokens", "lm_head", "norm"];

function mode(value: unknown): "unset" | "scalar" | "gradient" | "filters" {
  if (value === undefined || value === null) return "unset";
  if (Array.isArray(value)) return value.every((v) => typeof v === "number") ? "gradient" : "filters";
  return "scalar";
}

function scalarOf(value: unknown, spec: ParamSpec): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (Array.isArray(value) && typeof value[0] === "number") return value[0];
  return typeof spec.default === "number" ? spec.default : (spec.min ?? 0) <= 1 && (spec.max ?? 1) >= 1 ? 1 : spec.min ?? 0;
}

export function ParamField({ spec, path, value, owner }: Props) {
  const edit = useStudio((s) => s.editRecipe);
  const m = mode(value);
  const label = `${owner} ${spec.name}`;
  const min = spec.min ?? 0;
  const max = spec.max ?? Math.max(1, scalarOf(value, spec));

  if (spec.kind === "bool") {
    const checked = value === undefined ? spec.default === true : Boolean(value);
    return (
      <label className="param-field param-bool" title={spec.doc}>
        <input type="checkbox" checked={checked} aria-label={label} onChange={(e) => edit(path, e.target.checked)} />
        {spec.name}
        <InlineProblems path={path} />
      </label>
    );
  }

  return (
    <div className="param-field" title={spec.doc}>
      <div className="param-head">
        <span className="param-name">{spec.name}{spec.required ? " *" : ""}</span>
        <select aria-label={`${label} mode`} value={m} onChange={(e) => {
          const v = scalarOf(value, spec);
          const next = e.target.value;
          if (next === "unset") edit(path, undefined);
          else if (next === "scalar") edit(path, v);
          else if (next === "gradient") edit(path, [v, v]);
          else edit(path, [{ filter: "self_attn", value: v }, { filter: "mlp", value: v }, { value: v }]);
        }}>
          {!spec.required && <option value="unset">default{spec.default !== undefined ? ` (${String(spec.default)})` : ""}</option>}
          {spec.required && m === "unset" && <option value="unset">— required —</option>}
          <option value="scalar">value</option>
          <option value="gradient">per-layer curve</option>
          <option value="filters">by module</option>
        </select>
        {m === "scalar" && (
          <input type="number" step={spec.kind === "int" ? 1 : 0.05} value={scalarOf(value, spec)} aria-label={label}
            onChange={(e) => e.target.value !== "" && edit(path, Number(e.target.value))} />
        )}
      </div>
      {m === "gradient" && (
        <GradientEditor label={label} values={value as number[]} min={Math.min(min, ...(value as number[]))} max={Math.max(max, ...(value as number[]))}
          onChange={(v) => edit(path, v)} />
      )}
      {m === "filters" && <FilterRows label={label} rows={value as Row[]} path={path} />}
      <InlineProblems path={path} />
    </div>
  );
}

function FilterRows({ label, rows, path }: { label: string; rows: Row[]; path: RecipePath }) {
  const edit = useStudio((s) => s.editRecipe);
  return (
    <div className="filter-rows">
      {rows.map((row, i) => (
        <div className="filter-row" key={i}>
          <input list="filter-presets" placeholder="(all other tensors)" value={row.filter ?? ""} aria-label={`${label} filter ${i + 1}`}
            onChange={(e) => edit([...path, i, "filter"], e.target.value || undefined)} />
          <input type="number" step={0.05} value={typeof row.value === "number" ? row.value : Number(row.value?.[0] ?? 0)} aria-label={`${label} filter ${i + 1} value`}
            onChange={(e) => e.target.value !== "" && edit([...path, i, "value"], Number(e.target.value))} />
          <button type="button" aria-label={`Remove ${label} filter ${i + 1}`} onClick={() => edit([...path, i], undefined)}>×</button>
        </div>
      ))}
      <button type="button" onClick={() => edit([...path, rows.length], { filter: "mlp", value: 0.5 })}>Add filter row</button>
      <datalist id="filter-presets">{FILTER_PRESETS.map((f) => <option key={f} value={f} />)}</datalist>
    </div>
  );
}
