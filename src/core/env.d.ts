// The few platform globals that exist in every runtime core targets (Node >= 20 and browsers).
// Declared here because tsconfig.core.json deliberately loads neither DOM nor Node types.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
/** Minimal AbortSignal shape shared by Node and browsers. */
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}
declare const console: { log(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void };
/** Minimal AbortController (Node >= 15 and browsers): the Hub client aborts stalled requests. */
declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
