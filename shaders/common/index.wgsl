// Flat indices for 1-D work laid out on a 2-D dispatch grid (src/gpu/run-kernel.ts gridFor):
// group g = wid.x + wid.y * nwg.x, invocation = g * WG + lid.x.

fn flat_group(wid: vec3<u32>, nwg: vec3<u32>) -> u32 { return wid.x + wid.y * nwg.x; }
