/** The part of a fetch `Response` the downloader uses. */
export interface FetchResponseLike {
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** The HTTP status code. */
  readonly status: number;
  /** The HTTP status text. */
  readonly statusText?: string;
  /** Response headers; `content-length` drives the progress bar. */
  readonly headers?: { get(name: string): string | null };
  /** The body as a stream of chunks; when absent, `arrayBuffer()` is used. */
  readonly body?: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null;
  /** The whole body at once. */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A `fetch`-compatible function: the global `fetch` satisfies it, and so can a test double. */
export type FetchLike = (url: string) => Promise<FetchResponseLike>;

let installed: FetchLike | undefined;

/**
 * Replaces the function used to download dataset files (for tests, proxies or mirrors).
 * Pass `undefined` to go back to the global `fetch`. A `fetch` passed to `loadData` wins over this.
 */
export function setFetch(fetch: FetchLike | undefined): void {
  installed = fetch;
}

/** The download function in effect: the one given, else the one set with {@link setFetch}, else global `fetch`. */
export function resolveFetch(explicit?: FetchLike): FetchLike {
  if (explicit) return explicit;
  if (installed) return installed;
  return (url: string) => globalThis.fetch(url) as Promise<FetchResponseLike>;
}
