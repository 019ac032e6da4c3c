/**
 * Incremental SHA-256 on hash-wasm (WebAssembly, ~6x faster than the plain-JS version it
 * replaced; the merge hashes every output byte). WebCrypto's digest() needs the whole input in
 * memory, and output shards are multi-GB, so shards are hashed as they are written. The running
 * state can be saved and restored, so a resumed merge continues a shard's hash where the
 * journal left it instead of reading the shard back.
 */
import { createSHA256, type IHasher } from "hash-wasm";

/** A running SHA-256: update() any number of times, then hex() once. */
export class Sha256 {
  private constructor(private readonly hasher: IHasher) {}

  /** A fresh hasher, or one continuing from a state returned by save(). */
  static async create(state?: string): Promise<Sha256> {
    const hasher = await createSHA256();
    hasher.init();
    if (state !== undefined) hasher.load(fromBase64(state));
    return new Sha256(hasher);
  }

  /** Feed more bytes. */
  update(data: Uint8Array): this {
    this.hasher.update(data);
    return this;
  }

  /** The state after everything fed so far (base64, ~160 chars), for create(state). */
  save(): string {
    return toBase64(this.hasher.save());
  }

  /** Finish and return the digest as lowercase hex. The object must not be reused. */
  hex(): string {
    return this.hasher.digest("hex");
  }
}

/** SHA-256 of one in-memory buffer, as hex. */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  return (await Sha256.create()).update(data).hex();
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
