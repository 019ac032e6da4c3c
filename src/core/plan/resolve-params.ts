/**
 * Per-tensor parameter resolution, mergekit's ConfigReader.parameter + evaluate_setting
 * (mergekit-semantics §2.3-2.4). Interim: engineer B's src/core/recipe resolver replaces this
 * once it lands; the planner only calls `resolveSetting` and `lookupParameter`.
 */
import type { ParameterSetting, Parameters } from "../recipe/types";

/** A scalar value from a setting at position t in [0, 1]; undefined when no filter matched. */
export function resolveSetting(tensorName: string, setting: ParameterSetting, t: number): number | boolean | undefined {
  if (typeof setting === "number" || typeof setting === "boolean") return setting;
  if (setting.length === 0) return undefined;
  if (typeof setting[0] === "number") {
    const list = setting as number[];
    const s = t * (list.length - 1);
    const i0 = Math.floor(s);
    const i1 = Math.min(list.length - 1, i0 + 1);
    const f = s - i0;
    return (1 - f) * (list[i0] as number) + f * (list[i1] as number);
  }
  for (const c of setting as Exclude<ParameterSetting, number | boolean | number[]>) {
    if (c.filter === undefined || c.filter === "*" || tensorName.includes(c.filter)) {
      return resolveSetting(tensorName, c.value, t);
    }
  }
  return undefined;
}

/** First level (most specific first) whose block has `name` and resolves to a value. */
export function lookupParameter(name: string, levels: readonly (Parameters | undefined)[], tensorName: string, t: number): number | boolean | undefined {
  for (const block of levels) {
    const setting = block?.[name];
    if (setting === undefined) continue;
    const v = resolveSetting(tensorName, setting, t);
    if (v !== undefined) return v;
  }
  return undefined;
}
