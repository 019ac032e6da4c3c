/**
 * Per-tensor state of one GPU merge: the request, its tiles, decoded tile buffers and the output.
 * Methods read inputs tile by tile through `load` (one tile stays resident when the whole tensor
 * fits, so multi-pass methods decode once) and write results through `writeTile`.
 */
import type { MergeTensorRequest } from "../merge-tensor.ts";
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
  readonly output: Uint8Array;
  private resident: LoadedTile | null = null;

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
    this.output = new Uint8Array(this.numel * DTYPE_BYTES[req.outDtype]);
  }

  get singleTile(): boolean {
    return this.tiles.length === 1;
  }

  /** Decode (or reuse) the inputs of `tile`. Call `release` when done with it. */
  load(tile: Tile): LoadedTile {
    if (this.resident && this.resident.tile === tile) return this.resident;
    const { device, req, n } = this;
    const count = tile.count;
    const stack = f32Buffer(device, n * count, "merge-stack");
    req.models.forEach((m, i) => decodeInto(device, slice(m.bytes, m.dtype, tile), m.dtype, count, stack, i * count));
    let base: GPUBuffer | null = null;
    if (req.base && this.options.useBase !== false) {
      base = f32Buffer(device, count, "merge-base");
      decodeInto(device, slice(req.base.bytes, req.base.dtype, tile), req.base.dtype, count, base, 0);
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
    const bytes = await encodeAndRead(this.device, result, offset, tile.count, this.req.outDtype);
    this.output.set(bytes, tile.start * DTYPE_BYTES[this.req.outDtype]);
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

function slice(bytes: Uint8Array, dtype: keyof typeof DTYPE_BYTES, tile: Tile): Uint8Array {
  const size = DTYPE_BYTES[dtype];
  return bytes.subarray(tile.start * size, (tile.start + tile.count) * size);
}
