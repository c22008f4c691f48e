import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { columnSumsRunner } from './column-sums-simd.js';
import { columnSums } from './recurrent-sequence.js';

/** Each column's values added in row order in double, rounded once to float32 (the reference). */
function referenceSums(matrix: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(cols);
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += matrix[i * cols + j]!;
    out[j] = sum;
  }
  return out;
}

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

describe("column sums on 'wasm' (a recurrent kernel's bias gradient)", () => {
  let backend: BackendWasm;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    backend = tf.backend() as BackendWasm;
  });

  it('has a SIMD runner on this runtime', () => {
    expect(columnSumsRunner(backend)).toBeTypeOf('function');
  });

  // Columns: 16- and 8-wide blocks, pairs, an odd last column; rows: none, one, a seed LSTM's B·T, a QA-sized block.
  const shapes: [number, number][] = [
    [0, 8],
    [1, 1],
    [1, 2],
    [5, 3],
    [7, 8],
    [9, 10],
    [33, 17],
    [9, 26],
    [512, 128],
    [6400, 64],
  ];
  it.each(shapes)('sums %i rows × %i columns bit for bit as double sums rounded once, writing only its columns', (rows, cols) => {
    // Magnitudes 1e-3 … 1e3 with cancellation: float32 accumulation would give other bits.
    const values = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 7) - 3));
    const guard = 3;
    const x = tf.tensor1d(values);
    // The output region sits `guard` floats into a larger heap tensor filled with a sentinel.
    const outInfo = tf.fill([cols + 2 * guard], 12345.5);
    const before = tf.memory().numTensors;
    const matrix = backend.typedArrayFromHeap({ dataId: x.dataId, shape: x.shape, dtype: 'float32' }) as Float32Array;
    const out = backend.typedArrayFromHeap({ dataId: outInfo.dataId, shape: outInfo.shape, dtype: 'float32' }) as Float32Array;
    columnSums(backend, matrix, rows, cols, out, guard);
    const written = out.slice(guard, guard + cols);
    expect(bits(written)).toEqual(bits(referenceSums(values, rows, cols)));
    expect([...out.slice(0, guard), ...out.slice(guard + cols)]).toEqual(new Array<number>(2 * guard).fill(12345.5));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, outInfo]);
  });

  it('gives a float32 accumulation different bits on the same data (the test can tell double from float32 sums)', () => {
    const [rows, cols] = [512, 128];
    const values = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7) * 10 ** ((i % 7) - 3));
    const float32Sums = new Float32Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) float32Sums[j] = Math.fround(float32Sums[j]! + values[i * cols + j]!);
    expect(bits(float32Sums)).not.toEqual(bits(referenceSums(values, rows, cols)));
  });

  it('falls back to the JavaScript loop for arrays off the heap, with the same bits', () => {
    const [rows, cols] = [40, 12];
    const values = Float32Array.from({ length: rows * cols }, (_, i) => Math.cos(i * 0.9) * 10 ** ((i % 5) - 2));
    const out = new Float32Array(cols);
    columnSums(backend, values, rows, cols, out);
    expect(bits(out)).toEqual(bits(referenceSums(values, rows, cols)));
  });
});
