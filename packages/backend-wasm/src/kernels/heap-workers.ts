import type { GemmRunner } from './gemm-simd.js';

// Threads for the heap modules. XNNPACK's pool lives inside the tfjs module and runs only the
// module's own functions, so the heap product (gemm-simd.ts) and the recurrent step modules
// (lstm-step-simd.ts) bring their own helpers: workers that instantiate the same modules over the
// same shared heap and each compute a band of rows. Only the Node loader starts them
// (backend/node/heap-workers.ts); elsewhere there are none and every heap module runs on the
// calling thread.

/** Helpers that run heap modules' `run` (the product's, the recurrent steps') on bands of rows, on other threads. */
export interface HeapWorkers {
  /** How many helper threads there are (the calling thread computes a band too). */
  readonly count: number;
  /**
   * Runs `parts` (argument lists of {@link GemmRunner}, at most {@link count}) on the helpers while
   * `local` runs on the calling thread, and returns when all are done. Throws when a helper failed.
   */
  runGemm(parts: readonly Parameters<GemmRunner>[], local: () => void): void;
  /**
   * Runs the `run` export of `module` (a heap module, instantiated by each helper over the heap the
   * first time it is asked for) on the helpers, one {@link HeapCalls} per helper (at most
   * {@link count}), while `local` runs on the calling thread; returns when all are done. `work`
   * (multiply-adds or similar, of the largest part) only sizes how long a silent helper is waited
   * for. Throws when a helper failed.
   */
  runCalls(module: WebAssembly.Module, parts: readonly HeapCalls[], local: () => void, work: number): void;
  /** Stops the helpers (the backend that started them is gone). */
  close(): void;
}

/**
 * `calls` calls of a heap module's `run`, one after another: call c gets `args[i] + c·steps[i]`
 * (byte offsets moving by a fixed stride per call, as a recurrent kernel's time steps do). Each
 * argument travels as a float64: integers (byte offsets, counts) and float32 scalars arrive exact.
 */
export interface HeapCalls {
  readonly args: readonly number[];
  readonly steps: readonly number[];
  readonly calls: number;
}

/** The most arguments a {@link HeapCalls}' `run` may take. */
export const MAX_HEAP_CALL_ARGUMENTS = 24;

let installed: HeapWorkers | undefined;

/** Makes `workers` the helpers of every later heap product and step band (`undefined`: none), stopping the previous ones. */
export function setHeapWorkers(workers: HeapWorkers | undefined): void {
  if (installed !== workers) installed?.close();
  installed = workers;
}

/** The helpers, when the loader started any. */
export function heapWorkers(): HeapWorkers | undefined {
  return installed;
}

/**
 * Splits rows [0, rows) into `bands` bands of whole 4-row blocks (the product's register block), as
 * even as that allows; bands may be empty at the end. Returns each band's first row and row count.
 */
export function rowBands(rows: number, bands: number): { first: number; count: number }[] {
  const blocks = Math.ceil(rows / 4);
  const result: { first: number; count: number }[] = [];
  let first = 0;
  for (let band = 0; band < bands; band++) {
    const blocksHere = Math.floor(blocks / bands) + (band < blocks % bands ? 1 : 0);
    const count = Math.min(rows - first, 4 * blocksHere);
    result.push({ first, count });
    first += count;
  }
  return result;
}
