import { BackendError } from '@keras-ts/common';

/**
 * The 'wasm' backend could not load its WebAssembly binary: every location tried was missing,
 * unreachable or not a `.wasm` file. Thrown by the backend factory, so `setBackend('wasm')` fails
 * with it instead of training on another backend. A {@link BackendError} from `@keras-ts/common`.
 */
export class WasmLoadError extends BackendError {
  /** Every location tried, in order (URLs or file paths). */
  readonly urls: readonly string[];

  /** `failures` pairs each location tried with why it failed. */
  constructor(fileName: string, failures: readonly { url: string; reason: string }[], fix: string) {
    const tried = failures.map((failure) => `  ${failure.url} (${failure.reason})`).join('\n');
    super(`The 'wasm' backend could not load ${fileName}. Tried:\n${tried}\n${fix}`);
    this.name = 'WasmLoadError';
    this.urls = failures.map((failure) => failure.url);
  }
}
