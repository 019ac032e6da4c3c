/** 1-D work -> 2-D dispatch so huge tensors stay under maxComputeWorkgroupsPerDimension. */
export interface Dispatch {
  x: number;
  y: number;
  /** Invocations per row of the grid: shaders compute the flat index as gid.x + gid.y * rowStride. */
  rowStride: number;
}

export function planDispatch(invocations: number, workgroupSize: number, maxPerDim = 65535): Dispatch {
  const groups = Math.max(1, Math.ceil(invocations / workgroupSize));
  if (groups <= maxPerDim) return { x: groups, y: 1, rowStride: groups * workgroupSize };
  const y = Math.ceil(groups / maxPerDim);
  const x = Math.ceil(groups / y);
  return { x, y, rowStride: x * workgroupSize };
}
