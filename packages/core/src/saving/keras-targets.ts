import { platform } from '#platform';
import { type KerasFileKind, kerasFileKind } from './keras3/keras-files.js';

/**
 * A Keras file held in memory: a `File` a user picked, a `Blob`, an `ArrayBuffer` or a
 * `Uint8Array` (any typed array or DataView over the file's bytes).
 */
export type KerasBytes = Blob | ArrayBuffer | ArrayBufferView;

/** True for the in-memory forms of a Keras file ({@link KerasBytes}). */
export function isKerasBytes(value: unknown): value is KerasBytes {
  return (typeof Blob === 'function' && value instanceof Blob) || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

const URL_SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;

/** The kind of a Keras file named by a URL's path (`https://host/dir/model.keras?v=2` → 'keras'). */
function urlKind(target: string, schemes: readonly string[]): KerasFileKind | undefined {
  const scheme = URL_SCHEME.exec(target)?.[1]?.toLowerCase();
  if (scheme === undefined || !schemes.includes(scheme)) return undefined;
  const path = target.slice(scheme.length + 3).replace(/[?#].*$/, '');
  return kerasFileKind(path);
}

/**
 * Whether `loadModel` / `loadWeights` read `source` as a Keras file through the in-memory path
 * (bytes in, h5wasm's in-memory file system, no file access): bytes and Blobs, http(s) URLs of
 * `.keras` / `.weights.h5` files, and, where there is no file system (browsers), paths with those
 * extensions, fetched relative to the page. Node paths keep the file route (keras3/keras-io.ts).
 */
export function isKerasLoadSource(source: unknown): boolean {
  if (isKerasBytes(source)) return true;
  if (typeof source !== 'string') return false;
  if (urlKind(source, ['http', 'https']) !== undefined) return true;
  return platform.files === undefined && kerasFileKind(source) !== undefined;
}

/** The Keras file kind of a `downloads://name.keras` / `downloads://name.weights.h5` save target. */
export function kerasDownloadKind(target: unknown): KerasFileKind | undefined {
  return typeof target === 'string' ? urlKind(target, ['downloads']) : undefined;
}
