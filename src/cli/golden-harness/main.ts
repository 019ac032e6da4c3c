/**
 * Browser side of `npm run golden` (runs one golden case through the real WebGPU kernels,
 * mergeTensorGpu, and hands the raw output bytes back to Node as base64) and of
 * `npm run bench:kernels` (bench.ts).
 */
import { getDevice } from "../../gpu/device.ts";
import { caseRequest } from "../../gpu/golden/golden-case.ts";
import { mergeTensorGpu } from "../../gpu/merge-tensor.ts";
import type { GoldenCase } from "../../test-support/golden/manifest.ts";
import { runBench, type BenchOptions, type BenchRow } from "./bench.ts";

/** What one case run returns to Node. */
export interface GoldenRunResult {
  dtype: "F32" | "BF16" | "F16";
  base64: string;
  ms: number;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function runCase(c: GoldenCase, url: string): Promise<GoldenRunResult> {
  const device = await getDevice();
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${c.file}: HTTP ${res.status} from the case server`);
  const req = caseRequest(c, new Uint8Array(await res.arrayBuffer()));
  const t0 = performance.now();
  const out = await mergeTensorGpu(device, req);
  return { dtype: req.outDtype, base64: toBase64(out), ms: performance.now() - t0 };
}

declare global {
  interface Window {
    goldenHarness: { ready: true; runCase: typeof runCase; bench: typeof bench };
    /** Set by the Node side (page.exposeFunction) to receive benchmark rows as they finish. */
    benchProgress?: (row: BenchRow) => void;
  }
}

function bench(o: BenchOptions) {
  return runBench(o, (row) => window.benchProgress?.(row));
}

window.goldenHarness = { ready: true, runCase, bench };
