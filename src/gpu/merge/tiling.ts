/**
 * How a tensor is cut into tiles: runs of whole rows (last axis) so per-row passes see complete
 * rows (tiles may start at odd elements: outputs are copied back byte-wise), and at most
 * `tileElements` elements so GPU memory is bounded by the tile budget, not the tensor size.
 */
import { GpuError } from "../errors.ts";

export interface Tile {
  /** First element (flat, row-major) of the tile. */
  start: number;
  /** Elements in the tile. */
  count: number;
}

/** Default GPU memory for one tile's working set (all models + scratch), in bytes. */
export const DEFAULT_TILE_BUDGET_BYTES = 256 * 1024 * 1024;

let tileElementsOverride: number | null = null;

/** Test hook: force tiny tiles so small tensors exercise the multi-tile path. `null` restores. */
export function setTileElementsForTesting(elements: number | null): void {
  tileElementsOverride = elements;
}

/**
 * Elements per tile for `buffersPerElement` f32 buffers of tile size (models, base, scratch),
 * limited by both the budget and the device's largest storage binding.
 */
export function tileElementsFor(buffersPerElement: number, maxBindingBytes: number, budgetBytes: number = DEFAULT_TILE_BUDGET_BYTES): number {
  if (tileElementsOverride !== null) return tileElementsOverride;
  const byBudget = Math.floor(budgetBytes / (4 * buffersPerElement));
  // The model stack is one binding of n * tile elements; keep it under the binding limit too.
  const byBinding = Math.floor(maxBindingBytes / (4 * Math.max(1, buffersPerElement - 2)));
  return Math.max(2, Math.min(byBudget, byBinding));
}

/** Split `numel` elements into tiles of whole rows of `rowLength` (1 = any cut). */
export function planTiles(numel: number, rowLength: number, maxElements: number, tensorName: string): Tile[] {
  if (rowLength > maxElements) {
    throw new GpuError(
      "GPU_LIMIT",
      `Tensor ${tensorName}: one row has ${rowLength} elements, more than a GPU tile holds (${maxElements}). Use a device with larger storage buffers or a smaller model family.`,
    );
  }
  const per = Math.floor(maxElements / rowLength) * rowLength;
  const tiles: Tile[] = [];
  for (let start = 0; start < numel; start += per) tiles.push({ start, count: Math.min(per, numel - start) });
  if (tiles.length === 0) tiles.push({ start: 0, count: 0 });
  return tiles;
}
