/**
 * The minimal slice of the Fetch API the Hub client uses. Declared here because core compiles
 * without DOM or Node types; both the browser's and Node's global `fetch` satisfy it.
 */

/** The parts of a fetch Response the client reads. */
export interface FetchResponseLike {
  readonly status: number;
  readonly ok: boolean;
  /** Final URL after redirects ("" for opaque responses). */
  readonly url: string;
  /** "opaqueredirect" in browsers for redirect: "manual". */
  readonly type?: string;
  readonly headers: { get(name: string): string | null };
  /** The body stream: Range reads stream it chunk by chunk; cancel() releases unread bodies. */
  readonly body?: BodyStreamLike | null;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}

/** The slice of a ReadableStream<Uint8Array> the client uses. */
export interface BodyStreamLike {
  cancel(): Promise<void>;
  getReader(): BodyReaderLike;
}

/** A default (not BYOB) stream reader. */
export interface BodyReaderLike {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
}

/** Request options the client sets. */
export interface FetchInitLike {
  method?: string;
  headers?: Record<string, string>;
  redirect?: "follow" | "manual" | "error";
  signal?: AbortSignal;
}

/** A fetch implementation (globalThis.fetch fits). */
export type FetchLike = (url: string, init?: FetchInitLike) => Promise<FetchResponseLike>;
