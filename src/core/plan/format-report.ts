import type { MergePlan } from "./types";

/** "1.23 GB" style sizes (decimal units, like the Hub). */
export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(2)} ${units[u] ?? ""}`;
}

/**
 * The pre-flight report as plain text (the CLI prints it): models, output tensors and size,
 * shards, the layer map, bytes to fetch, the time estimate, then every problem with its fix.
 */
export function formatPreflightReport(plan: MergePlan, opts: { maxTensors?: number } = {}): string {
  const lines: string[] = [];
  const name = (i: number): string => plan.models[i]?.reference ?? `#${i}`;
  lines.push(`method: ${plan.method}`);
  lines.push("models:");
  plan.models.forEach((m, i) => {
    const pin = m.commitSha ? `@${m.commitSha.slice(0, 12)}` : " (local)";
    lines.push(`  [${i}] ${m.reference} -> ${m.repo}${pin}${plan.baseModelIndex === i ? " (base)" : ""}`);
  });
  const max = opts.maxTensors ?? 20;
  lines.push(`output tensors: ${plan.totals.tensorCount} (${formatBytes(plan.totals.outputBytes)})`);
  for (const t of plan.tensors.slice(0, max)) {
    lines.push(`  ${t.name} [${t.shape.join(", ")}] ${t.dtype} <- ${t.sources.map((s) => `${name(s.modelIndex)}${s.role === "base" ? "*" : ""}`).join(", ")}`);
  }
  if (plan.tensors.length > max) lines.push(`  ... ${plan.tensors.length - max} more`);
  lines.push(`shards: ${plan.shards.length}`);
  for (const s of plan.shards) lines.push(`  ${s.fileName}: ${s.tensors.length} tensors, ${formatBytes(s.byteSize + (s.headerBytes ?? 0))}`);
  lines.push(`layer map: ${plan.report.layerMap.length} output layers`);
  for (const l of plan.report.layerMap) {
    lines.push(`  ${l.outputLayer} <- ${l.sources.map((s) => `${name(s.modelIndex)}:${s.inputLayer}${s.role === "base" ? "*" : ""}`).join(", ")}`);
  }
  if (plan.copies.length > 0) lines.push(`files copied from ${name(plan.donorModelIndex)}: ${plan.copies.map((c) => c.path).join(", ")}`);
  const e = plan.report.estimate;
  lines.push(`bytes to fetch: ${formatBytes(plan.totals.bytesToFetch)}`);
  lines.push(`estimated time: ~${e.seconds} s (assuming ${formatBytes(e.downloadBytesPerSecond)}/s download, ${formatBytes(e.mergeBytesPerSecond)}/s merge)`);
  const problems = plan.report.problems;
  lines.push(`problems: ${problems.length === 0 ? "none" : problems.length}`);
  for (const p of problems) lines.push(`  ${p.severity}: ${p.message} [${p.code}]\n    fix: ${p.fix}`);
  return lines.join("\n");
}
