/**
 * The merge worker: a thin comlink entry over src/engine. Builds the model sources (Hub client
 * or local files) and the GPU merger, drives runMergeIter, and maps pause/cancel onto the
 * engine's gate and AbortSignal. Errors leave as plain {name, code, message} objects.
 */
import * as Comlink from "comlink";
import { createHubClient, type HubClient } from "../core/hub/hub-client.ts";
import { openHubModelSource } from "../core/model-source/hub-model-source.ts";
import { createLocalModelSource } from "../core/model-source/local-model-source.ts";
import type { ModelSource } from "../core/model-source/types.ts";
import type { MergePlan } from "../core/plan/types.ts";
import { runMergeIter } from "../engine/run-merge-iter.ts";
import type { MergeEvent } from "../engine/types.ts";
import { getDevice } from "../gpu/device.ts";
import { mergeTensorGpu } from "../gpu/merge-tensor.ts";
import { clearJob, describeJob, listJobIds, openOutputFile } from "../storage/output-store.ts";
import type { MergeCapabilities, MergeDone, MergeWorkerApi, MergeWorkerError, SourceSpec, StartMergeOptions } from "./merge.api.ts";

let abort: AbortController | null = null;
let paused: { promise: Promise<void>; resolve: () => void } | null = null;

function toWorkerError(err: unknown): MergeWorkerError {
  if (err && typeof err === "object") {
    const e = err as { name?: unknown; code?: unknown; message?: unknown };
    if (e.name === "AbortError" || (abort?.signal.aborted && e === abort.signal.reason)) return { name: "MergeCancelled", code: "CANCELLED", message: "The merge was cancelled; start it again to resume." };
    return { name: String(e.name ?? "Error"), code: String(e.code ?? "INTERNAL"), message: String(e.message ?? err) };
  }
  return { name: "Error", code: "INTERNAL", message: String(err) };
}

async function openSources(plan: MergePlan, specs: SourceSpec[], opts: StartMergeOptions, signal: AbortSignal): Promise<ModelSource[]> {
  const clients = new Map<string, HubClient>();
  const clientFor = (hubUrl: string | undefined): HubClient => {
    const key = hubUrl ?? "";
    let c = clients.get(key);
    // The token goes only to the Hub the user gave it for, never to a CLI-local file server.
    const token = hubUrl && hubUrl !== opts.hubUrl ? null : (opts.token ?? null);
    if (!c) clients.set(key, (c = createHubClient({ fetch: (url, init) => fetch(url, init), baseUrl: hubUrl ?? opts.hubUrl, token, signal, maxParallel: opts.fetchConcurrency ?? 6 })));
    return c;
  };
  return Promise.all(
    plan.models.map((m, i) => {
      const spec = specs[i];
      if (!spec) throw { name: "EngineError", code: "PLAN_INVALID", message: `No source given for model #${i} (${m.reference}).` };
      if (spec.kind === "local") {
        return createLocalModelSource(m.reference, m.repo, spec.files.map(({ path, file }) => ({ path, size: file.size, slice: (a: number, b: number) => file.slice(a, b) })));
      }
      // Pin to the sha the plan was built from, so every byte comes from the same commit.
      const repo = spec.repo ?? m.repo;
      const rev = spec.revision ?? m.commitSha;
      return openHubModelSource(clientFor(spec.hubUrl), rev ? `${repo}@${rev}` : repo);
    }),
  );
}

const api: MergeWorkerApi = {
  async start(options, onEvent): Promise<MergeDone> {
    if (abort) throw { name: "EngineError", code: "BUSY", message: "A merge is already running in this worker; cancel it first." } satisfies MergeWorkerError;
    abort = new AbortController();
    const signal = abort.signal;
    try {
      const sources = await openSources(options.plan, options.sources, options, signal);
      const device = await getDevice();
      let done: MergeDone | null = null;
      const iter = runMergeIter(options.plan, {
        sources,
        mergeTensor: (req) => mergeTensorGpu(device, req),
        recipeText: options.recipeText,
        modelName: options.modelName,
        signal,
        gate: () => paused?.promise ?? Promise.resolve(),
        memoryBudgetBytes: options.memoryBudgetBytes,
        fetchConcurrency: options.fetchConcurrency,
      });
      for await (const e of iter as AsyncGenerator<MergeEvent>) {
        onEvent(e);
        if (e.type === "done") done = e;
      }
      if (!done) throw new Error("The merge ended without finishing.");
      return done;
    } catch (err) {
      throw toWorkerError(err);
    } finally {
      abort = null;
    }
  },
  pause() {
    if (paused) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    paused = { promise, resolve };
  },
  resume() {
    paused?.resolve();
    paused = null;
  },
  cancel() {
    abort?.abort();
    api.resume();
  },
  async capabilities(): Promise<MergeCapabilities> {
    const opfs = typeof navigator.storage?.getDirectory === "function";
    const syncAccessHandle = typeof (globalThis as { FileSystemSyncAccessHandle?: unknown }).FileSystemSyncAccessHandle === "function";
    const webgpu = !!(navigator as Navigator & { gpu?: unknown }).gpu && (await getDevice().then(() => true, () => false));
    return { webgpu, opfs, syncAccessHandle };
  },
  async listJobs() {
    try {
      return await Promise.all((await listJobIds()).map((id) => describeJob(id)));
    } catch (err) {
      throw toWorkerError(err);
    }
  },
  async openOutputFile(jobId, name) {
    try {
      return await openOutputFile(jobId, name);
    } catch (err) {
      throw toWorkerError(err);
    }
  },
  async clearJob(jobId) {
    await clearJob(jobId);
  },
};

Comlink.expose(api);
