/**
 * Per-tensor state of one GPU merge: the request, its tiles, decoded tile buffers and the output.
 * Methods read inputs tile by tile through `load` (one tile stays resident when the whole tensor
 * fits, so multi-pass methods decode once) and write results through `writeTile`. Inputs are
 * whole byte arrays or tile readers; the output is one array or a sink fed tile by tile.
 */
import { GpuError } from "../errors.ts";
import type { GpuTensorInput, MergeTensorRequest } from "../merge-tensor.ts";
import { DTYPE_BYTES, decodeInto, encodeAndRead, f32Buffer } from "../ops/codec.ts";
import { subtractBase } from "../ops/delta.ts";
import { planTiles, tileElementsFor, type Tile } from "./tiling.ts";

/** Decoded inputs of one tile. */
export interface LoadedTile {
  tile: Tile;
  /** f32 stack of all models: model i at [i*count, (i+1)*count); deltas (x - base) when asked. */
  stack: GPUBuffer;
  /** f32 base tile, or null. */
  base: GPUBuffer | null;
}

export interface ContextOptions {
  /** Replace each model by its task vector x - base right after decoding. */
  delta: boolean;
  /** Extra tile-sized f32 buffers the method allocates per tile (for the tile budget). */
  scratchPerModel: number;
  scratch: number;
  /** false: the method ignores a given base (linear, passthrough), so it is never decoded. */
  useBase?: boolean;
}

export class MergeContext {
  readonly n: number;
  readonly numel: number;
  /** Length of the last axis (the whole tensor for 1-D and scalars). */
  readonly rowLength: number;
  readonly rows: number;
  readonly tiles: Tile[];
  /** The whole output, or an empty array when the request streams it to `writeOut`. */
  readonly output: Uint8Array;
  private resident: LoadedTile | null = null;
  /** Output bytes handed to the sink so far. */
  private streamed = 0;
  /** Resolves when the GPU has run what was submitted before the previous tile was loaded. */
  private queueDrained: Promise<unknown> = Promise.resolve();

  constructor(
    readonly device: GPUDevice,
    readonly req: MergeTensorRequest,
    readonly options: ContextOptions,
  ) {
    this.n = req.models.length;
    this.numel = req.shape.reduce((a, b) => a * b, 1);
    this.rowLength = req.shape.length > 0 ? Math.max(1, req.shape[req.shape.length - 1]) : 1;
    this.rows = this.numel === 0 ? 0 : this.numel / this.rowLength;
    const buffers = this.n * (1 + options.scratchPerModel) + 1 + options.scratch;
    const maxElements = tileElementsFor(buffers, device.limits.maxStorageBufferBindingSize, req.tileBudgetBytes);
    this.tiles = planTiles(this.numel, this.rowLength, maxElements, req.tensorName);
    this.output = new Uint8Array(req.writeOut ? 0 : this.numel * DTYPE_BYTES[req.outDtype]);
  }

  get singleTile(): boolean {
    return this.tiles.length === 1;
  }

  /** Decode (or reuse) the inputs of `tile`. Call `release` when done with it. */
  async load(tile: Tile): Promise<LoadedTile> {
    if (this.resident && this.resident.tile === tile) return this.resident;
    const { device, req, n } = this;
    // Backpressure: a released tile's buffers live until the queue has run its work, and passes
    // that only submit (histograms, reductions) would queue every tile of a big tensor at once.
    // Keep at most the previous tile in flight, so GPU memory follows the tile, not the tensor.
    if (!this.singleTile) {
      await this.queueDrained;
      this.queueDrained = device.queue.onSubmittedWorkDone();
    }
    const count = tile.count;
    const useBase = req.base !== null && this.options.useBase !== false;
    // Read every input's tile before allocating GPU buffers, so a failed read leaks nothing.
    const raw = await Promise.all([...req.models, ...(useBase ? [req.base!] : [])].map((m, i) => this.tileBytes(m, tile, i < n ? `model ${i}` : "base model")));
    const stack = f32Buffer(device, n * count, "merge-stack");
    req.models.forEach((m, i) => decodeInto(device, raw[i], m.dtype, count, stack, i * count));
    let base: GPUBuffer | null = null;
    if (useBase) {
      base = f32Buffer(device, count, "merge-base");
      decodeInto(device, raw[n], req.base!.dtype, count, base, 0);
      if (this.options.delta) subtractBase(device, stack, base, n, count);
    }
    const loaded = { tile, stack, base };
    if (this.singleTile) this.resident = loaded;
    return loaded;
  }

  /** Free a tile's buffers unless it is the resident single tile. */
  release(loaded: LoadedTile): void {
    if (loaded === this.resident) return;
    loaded.stack.destroy();
    loaded.base?.destroy();
  }

  /** Encode result[offset .. offset+tile.count) of an f32 buffer into the output bytes. */
  async writeTile(tile: Tile, result: GPUBuffer, offset = 0): Promise<void> {
    await this.writeRawTile(tile, await encodeAndRead(this.device, result, offset, tile.count, this.req.outDtype));
  }

  /** Raw input bytes of `tile` of model `i` (or the base when `i` is n), for fused fast paths. */
  rawTile(tile: Tile, i: number): Promise<Uint8Array> {
    const input = i < this.n ? this.req.models[i] : this.req.base;
    if (!input) throw new GpuError("GPU_VALIDATION", `${this.where}: no input #${i}.`);
    return this.tileBytes(input, tile, i < this.n ? `model ${i}` : "base model");
  }

  /** Output bytes of `tile`, already in the output dtype. */
  async writeRawTile(tile: Tile, bytes: Uint8Array): Promise<void> {
    const at = tile.start * DTYPE_BYTES[this.req.outDtype];
    const sink = this.req.writeOut;
    if (!sink) {
      this.output.set(bytes, at);
      return;
    }
    // The sink's contract is one ordered, gap-free stream; a method that revisits tiles breaks it.
    if (at !== this.streamed) throw new GpuError("GPU_VALIDATION", `${this.where}: output tile at byte ${at} written out of order (expected byte ${this.streamed}); a streamed output takes each tile once, in order.`);
    this.streamed += bytes.length;
    await sink(at, bytes);
  }

  /** After the method ran: a streamed output must have received every byte. */
  checkComplete(): void {
    const want = this.numel * DTYPE_BYTES[this.req.outDtype];
    if (this.req.writeOut && this.streamed !== want) throw new GpuError("GPU_VALIDATION", `${this.where}: the method streamed ${this.streamed} of ${want} output bytes.`);
  }

  private get where(): string {
    return `tensor ${this.req.tensorName} (${this.req.method})`;
  }

  /** Raw bytes of `tile` of one input: a view of its array, or one read checked for length. */
  private async tileBytes(input: GpuTensorInput, tile: Tile, label: string): Promise<Uint8Array> {
    const size = DTYPE_BYTES[input.dtype];
    if ("bytes" in input) return input.bytes.subarray(tile.start * size, (tile.start + tile.count) * size);
    const got = await input.read(tile.start, tile.count);
    if (got.byteLength !== tile.count * size) {
      throw new GpuError("GPU_VALIDATION", `${this.where}: ${label} read of elements [${tile.start}, ${tile.start + tile.count}) returned ${got.byteLength} bytes instead of ${tile.count * size}.`);
    }
    // The upload copies whole 4-byte words; an odd view gets its own buffer.
    return got.byteOffset % 4 === 0 ? got : got.slice();
  }

  /** Free everything still held. */
  dispose(): void {
    if (this.resident) {
      this.resident.stack.destroy();
      this.resident.base?.destroy();
      this.resident = null;
    }
  }
}
