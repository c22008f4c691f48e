import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapFunctionModule, heapRunner, localGet as get, localSet as set, uleb } from './heap-module.js';

// Embedding's gradient on the heap, four floats at a time: for each row i of `values`,
// `result[ids[i]] += values[i]` (rows of `rowBytes`, a multiple of 16), ids outside
// [0, segments) skipped. Rows are added in order with one f32x4 add per four elements: the same
// float32 additions, in the same order, as the JavaScript loop, so the same bits.

/** `run(values, ids, result, count, rowBytes, segments)`: byte offsets of the float32 rows, the int32 ids and the float32 result. */
export type SegmentSumRunner = (values: number, ids: number, result: number, count: number, rowBytes: number, segments: number) => void;

const SIMD = 0xfd;
const [VALUES, IDS, RESULT, COUNT, ROW_BYTES, SEGMENTS, I, ID, TARGET, SOURCE, B] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

function body(): number[] {
  const code = [
    ...[0x02, 0x40, 0x03, 0x40], // block, loop over rows
    ...[...get(I), ...get(COUNT), 0x4f, 0x0d, 1], // i >= count → leave
    ...[...get(IDS), ...get(I), 0x41, 2, 0x74, 0x6a, 0x28, 2, 0, ...set(ID)], // id = i32.load(ids + (i << 2))
    ...[...get(ID), ...get(SEGMENTS), 0x49, 0x04, 0x40], // if (id <u segments): negative ids fail too
    ...[...get(RESULT), ...get(ID), ...get(ROW_BYTES), 0x6c, 0x6a, ...set(TARGET)],
    ...[...get(VALUES), ...get(I), ...get(ROW_BYTES), 0x6c, 0x6a, ...set(SOURCE)],
    ...[0x41, 0, ...set(B)],
    ...[0x02, 0x40, 0x03, 0x40], // block, loop over the row
    ...[...get(B), ...get(ROW_BYTES), 0x4f, 0x0d, 1],
    ...[...get(TARGET), ...get(B), 0x6a], // address of the store
    ...[...get(TARGET), ...get(B), 0x6a, SIMD, 0x00, 2, 0], // v128.load result
    ...[...get(SOURCE), ...get(B), 0x6a, SIMD, 0x00, 2, 0], // v128.load values
    ...[SIMD, ...uleb(0xe4)], // f32x4.add
    ...[SIMD, 0x0b, 2, 0], // v128.store
    ...[...get(B), 0x41, 16, 0x6a, ...set(B)],
    ...[0x0c, 0, 0x0b, 0x0b], // continue; end loop, block
    0x0b, // end if
    ...[...get(I), 0x41, 1, 0x6a, ...set(I)],
    ...[0x0c, 0, 0x0b, 0x0b],
    0x0b,
  ];
  const locals = [1, 5, 0x7f];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

/** The bytes of the module (the heap memory imported, shared when `shared`) exporting `run` ({@link SegmentSumRunner}). */
export function segmentSumModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return heapFunctionModule(new Array<number>(6).fill(0x7f), body(), shared);
}

/** The runner over the backend's heap, or `undefined` where the runtime has no WebAssembly SIMD. */
export function segmentSumRunner(backend: BackendWasm): SegmentSumRunner | undefined {
  return heapRunner<SegmentSumRunner>(backend, 'segment-sum', segmentSumModuleBytes);
}
