import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFunctionModule, heapRunner, localGet as get, localSet as set, uleb } from './heap-module.js';

// GatherV2's copies inside the heap: for each index k, `memory.copy` of one slice (`rowBytes`)
// from `input + indices[k]·rowBytes` to `out + k·rowBytes`. A JavaScript `set(subarray(…))` per
// slice costs a typed-array object each (≈ 50 ns): an Embedding's forward gathers one 64-float
// row per token, 6,400 per seed-003 QA input. The indices are checked in JavaScript first.

/** `run(input, indices, count, rowBytes, out)`: byte offsets of the source slices, the int32 indices and the output. */
export type GatherRowsRunner = (input: number, indices: number, count: number, rowBytes: number, out: number) => void;

const [INPUT, INDICES, COUNT, ROW_BYTES, OUT, K] = [0, 1, 2, 3, 4, 5] as const;

function body(): number[] {
  const code = [
    ...[0x02, 0x40, 0x03, 0x40], // block, loop over indices
    ...[...get(K), ...get(COUNT), 0x4f, 0x0d, 1], // k >= count → leave
    ...[...get(OUT), ...get(K), ...get(ROW_BYTES), 0x6c, 0x6a], // destination: out + k·rowBytes
    ...[...get(INDICES), ...get(K), 0x41, 2, 0x74, 0x6a, 0x28, 2, 0], // indices[k]
    ...[...get(ROW_BYTES), 0x6c, ...get(INPUT), 0x6a], // source: input + indices[k]·rowBytes
    ...get(ROW_BYTES),
    ...[0xfc, ...uleb(10), 0, 0], // memory.copy
    ...[...get(K), 0x41, 1, 0x6a, ...set(K)],
    ...[0x0c, 0, 0x0b, 0x0b], // continue; end loop, block
    0x0b,
  ];
  const locals = [1, 1, 0x7f];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The bytes of the module (the heap memory imported, shared when `shared`) exporting `run` ({@link GatherRowsRunner}). */
export function gatherRowsModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return heapFunctionModule(new Array<number>(5).fill(0x7f), body(), shared);
}

/** The module kind, for {@link heapRunner} (and `withoutHeapRunner` in tests). */
export const GATHER_ROWS = 'gather-rows';

/** The runner over the backend's heap, or `undefined` where the runtime lacks bulk memory operations. */
export function gatherRowsRunner(backend: BackendWasm): GatherRowsRunner | undefined {
  return heapRunner<GatherRowsRunner>(backend, GATHER_ROWS, gatherRowsModuleBytes);
}
