import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { stockKernel } from '../backend/stock-kernels.js';
import { directBinaryKernelConfigs } from './direct-binary.js';

const values = (length: number, seed: number, dtype: tf.DataType) =>
  Array.from({ length }, (_, i) => {
    const x = Math.sin(i * 1.7 + seed) * 7;
    return dtype === 'bool' ? Number(x > 0) : dtype === 'int32' ? Math.round(x) || 3 : x;
  });

/** Runs `config`'s kernel function on a and b, returning the output's values and shape (the output is disposed). */
function run(config: tf.KernelConfig, a: tf.Tensor, b: tf.Tensor): { shape: number[]; dtype: tf.DataType; values: number[] } {
  const backend = tf.backend() as BackendWasm;
  const out = config.kernelFunc({ inputs: { a, b }, backend, attrs: {} }) as tf.TensorInfo;
  const result = { shape: out.shape, dtype: out.dtype, values: Array.from(backend.readSync(out.dataId) as ArrayLike<number>) };
  backend.disposeData(out.dataId);
  return result;
}

describe("binary kernels calling tfjs-backend-wasm's exports directly", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('are the registered kernels', () => {
    for (const config of directBinaryKernelConfigs) expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBeDefined();
    expect(directBinaryKernelConfigs.map((config) => config.kernelName)).toContain('Add');
  });

  it("give the stock kernels' values, shape and dtype, with broadcasting, for every kernel and dtype", () => {
    const shapes: [number[], number[]][] = [
      [
        [6, 5],
        [6, 5],
      ],
      [[6, 5], [5]],
      [
        [3, 1, 4],
        [2, 1],
      ],
      [[], [7]],
      [
        [2, 3, 1, 2, 2],
        [3, 4, 1, 1],
      ],
    ];
    const before = tf.memory().numTensors;
    let compared = 0;
    for (const config of directBinaryKernelConfigs) {
      const logical = config.kernelName.startsWith('Logical');
      const dtypes: tf.DataType[] = logical ? ['bool'] : config.kernelName === 'BitwiseAnd' ? ['int32'] : ['float32', 'int32'];
      for (const dtype of dtypes) {
        for (const [aShape, bShape] of shapes) {
          const a = tf.tensor(values(tf.util.sizeFromShape(aShape), 1, dtype), aShape, dtype);
          const b = tf.tensor(values(tf.util.sizeFromShape(bShape), 2, dtype), bShape, dtype);
          const expected = run(stockKernel(config.kernelName), a, b);
          const actual = run(config, a, b);
          expect(actual, `${config.kernelName} ${dtype} ${aShape} ${bShape}`).toEqual(expected);
          compared++;
          tf.dispose([a, b]);
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('write the shapes where the heap is after it grows, and give empty outputs as the stock kernels do', () => {
    const add = directBinaryKernelConfigs.find((config) => config.kernelName === 'Add')!;
    const backend = tf.backend() as BackendWasm;
    const a = tf.tensor2d(values(12, 3, 'float32'), [3, 4]);
    const b = tf.tensor1d(values(4, 4, 'float32'));
    const first = run(add, a, b);
    // Grow the heap (a new buffer) between two calls.
    const bytesBefore = (backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer.byteLength;
    const big = tf.zeros([bytesBefore / 4 + 1024]);
    expect((backend.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer.byteLength).toBeGreaterThan(bytesBefore);
    expect(run(add, a, b)).toEqual(first);
    // Other shapes after the growth: read from where the shapes are written now.
    const [c, d] = [tf.tensor3d(values(24, 5, 'float32'), [2, 3, 4]), tf.tensor2d(values(4, 6, 'float32'), [1, 4])];
    expect(run(add, c, d)).toEqual(run(stockKernel('Add'), c, d));
    tf.dispose([big, c, d]);
    const empty = [tf.zeros([0, 4]), tf.zeros([4])];
    expect(run(add, empty[0]!, empty[1]!)).toEqual(run(stockKernel('Add'), empty[0]!, empty[1]!));
    tf.dispose(empty);
  });

  it('run operands of more than 6 dimensions on cpu (the stock kernels answer them with uninitialised memory)', async () => {
    const shapes: [number[], number[]][] = [
      [[2, 1, 1, 1, 1, 1, 3], [3]],
      [
        [1, 2, 1, 2, 1, 2, 2],
        [2, 1, 1, 2, 1, 1, 1, 2],
      ],
    ];
    const before = tf.memory().numTensors;
    for (const name of ['Add', 'Multiply', 'Sub', 'RealDiv', 'Pow', 'Less', 'Equal']) {
      const config = directBinaryKernelConfigs.find((candidate) => candidate.kernelName === name)!;
      for (const [aShape, bShape] of shapes) {
        const aValues = values(tf.util.sizeFromShape(aShape), 5, 'float32');
        const bValues = values(tf.util.sizeFromShape(bShape), 6, 'float32');
        const a = tf.tensor(aValues, aShape);
        const b = tf.tensor(bValues, bShape);
        const actual = run(config, a, b);
        await tf.setBackend('cpu');
        const [ca, cb] = [tf.tensor(aValues, aShape), tf.tensor(bValues, bShape)];
        const expected = tf.engine().runKernel(name, { a: ca, b: cb }, {}) as tf.Tensor;
        const reference = { shape: expected.shape, dtype: expected.dtype, values: Array.from(expected.dataSync()) };
        tf.dispose([ca, cb, expected]);
        await tf.setBackend('wasm');
        expect(actual, `${name} ${aShape} ${bShape}`).toEqual(reference);
        tf.dispose([a, b]);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
