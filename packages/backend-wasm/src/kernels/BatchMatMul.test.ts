import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { batchMatMulWithPlan } from './BatchMatMul.js';
import { chooseMatMulPlan } from './matmul-plan.js';
import { productMultiplyAdd } from './product-reference.test-utils.js';

/** C = op(A)·op(B) by explicit loops over row-major arrays, per batch. */
function referenceMatMul(a: Float32Array, b: Float32Array, batch: number, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): number[] {
  const out: number[] = [];
  for (let s = 0; s < batch; s++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let total = 0;
        for (let p = 0; p < k; p++) {
          const left = transposeA ? a[s * m * k + p * m + i]! : a[s * m * k + i * k + p]!;
          const right = transposeB ? b[s * k * n + j * k + p]! : b[s * k * n + p * n + j]!;
          total += left * right;
        }
        out.push(total);
      }
    }
  }
  return out;
}

function ramp(count: number, scale: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => Math.sin(i * 0.7) * scale);
}

describe("BatchMatMul on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  const combinations: [boolean, boolean][] = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];
  for (const [transposeA, transposeB] of combinations) {
    it(`matches explicit loops with transposeA=${transposeA}, transposeB=${transposeB}, batched`, () => {
      const [batch, m, k, n] = [2, 5, 7, 3];
      const aValues = ramp(batch * m * k, 1.5);
      const bValues = ramp(batch * k * n, 0.8);
      const a = tf.tensor3d(aValues, transposeA ? [batch, k, m] : [batch, m, k]);
      const b = tf.tensor3d(bValues, transposeB ? [batch, n, k] : [batch, k, n]);
      const before = tf.memory().numTensors;
      const product = tf.matMul(a, b, transposeA, transposeB);
      expect(product.shape).toEqual([batch, m, n]);
      const expected = referenceMatMul(aValues, bValues, batch, m, k, n, transposeA, transposeB);
      const actual = Array.from(product.dataSync());
      actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));
      product.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([a, b]);
    });
  }

  it('gives the same product with either plan and frees its intermediates', () => {
    const backend = tf.backend() as Parameters<typeof batchMatMulWithPlan>[0];
    const a = tf.tensor2d(ramp(6 * 4, 1), [6, 4]);
    const b = tf.tensor2d(ramp(3 * 6, 2), [3, 6]);
    const expected = referenceMatMul(a.dataSync() as Float32Array, b.dataSync() as Float32Array, 1, 4, 6, 3, true, true);
    const dataIds = backend.numDataIds();
    for (const plan of ['direct', 'swapped'] as const) {
      const info = batchMatMulWithPlan(backend, a, b, true, true, plan);
      expect(info.shape).toEqual([4, 3]);
      Array.from(backend.readSync(info.dataId) as Float32Array).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));
      backend.disposeData(info.dataId);
    }
    expect(backend.numDataIds()).toBe(dataIds);
    tf.dispose([a, b]);
  });

  it('gives every plan the same product, the heap plan bit for bit the float32 sum in order, with broadcast batches', () => {
    const backend = tf.backend() as Parameters<typeof batchMatMulWithPlan>[0];
    const multiplyAdd = productMultiplyAdd(backend);
    for (const [transposeA, transposeB] of combinations) {
      // a batch of 3 against one matrix: 13·7 by 7·10 (10 columns: two 4-column blocks and two single columns).
      const [batch, m, k, n] = [3, 13, 7, 10];
      const aValues = ramp(batch * m * k, 1.3);
      const bValues = ramp(k * n, 0.9);
      const a = tf.tensor3d(aValues, transposeA ? [batch, k, m] : [batch, m, k]);
      const b = tf.tensor2d(bValues, transposeB ? [n, k] : [k, n]);
      const dataIds = backend.numDataIds();
      const heap = batchMatMulWithPlan(backend, a, b, transposeA, transposeB, 'heap');
      expect(heap.shape).toEqual([batch, m, n]);
      const heapValues = backend.readSync(heap.dataId) as Float32Array;
      for (let s = 0; s < batch; s++) {
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let p = 0; p < k; p++) {
              const left = aValues[s * m * k + (transposeA ? p * m + i : i * k + p)]!;
              const right = bValues[transposeB ? j * k + p : p * n + j]!;
              sum = multiplyAdd(sum, left, right);
            }
            expect(heapValues[(s * m + i) * n + j]).toBe(sum);
          }
        }
      }
      const stock = tf.tidy(() =>
        tf.matMul(tf.tensor3d(aValues, a.shape as [number, number, number]), tf.tile(tf.expandDims(b, 0), [batch, 1, 1]), transposeA, transposeB),
      );
      Array.from(stock.dataSync()).forEach((value, i) => expect(heapValues[i]).toBeCloseTo(value, 4));
      backend.disposeData(heap.dataId);
      stock.dispose();
      expect(backend.numDataIds()).toBe(dataIds);
      tf.dispose([a, b]);
    }
  });

  it('pads the rows of a B whose rows are a multiple of 1 KB apart, the product still bit for bit the in-order sum', () => {
    // n = 256 columns (1 KB rows) and 516 rows of C, so that every band of up to four threads is
    // long enough for B to be copied with padded rows, transposed or not; k = 26 leaves edge
    // columns to the transpose's element loop.
    const backend = tf.backend() as Parameters<typeof batchMatMulWithPlan>[0];
    const multiplyAdd = productMultiplyAdd(backend);
    const [m, k, n] = [516, 26, 256];
    const aValues = ramp(m * k, 1.1);
    const bValues = ramp(k * n, 0.7);
    for (const [transposeA, transposeB] of combinations) {
      const a = tf.tensor2d(aValues, transposeA ? [k, m] : [m, k]);
      const b = tf.tensor2d(bValues, transposeB ? [n, k] : [k, n]);
      const dataIds = backend.numDataIds();
      const heap = batchMatMulWithPlan(backend, a, b, transposeA, transposeB, 'heap');
      expect(heap.shape).toEqual([m, n]);
      const heapValues = backend.readSync(heap.dataId) as Float32Array;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let p = 0; p < k; p++) {
            const left = aValues[transposeA ? p * m + i : i * k + p]!;
            const right = bValues[transposeB ? j * k + p : p * n + j]!;
            sum = multiplyAdd(sum, left, right);
          }
          if (heapValues[i * n + j] !== sum) expect(`C[${i}, ${j}] = ${heapValues[i * n + j]}`).toBe(`C[${i}, ${j}] = ${sum}`);
        }
      }
      backend.disposeData(heap.dataId);
      // The padded copy of B is freed with the product's other intermediates.
      expect(backend.numDataIds()).toBe(dataIds);
      tf.dispose([a, b]);
    }
  });

  it('gives the heap plan the output shape tfjs broadcasts to', () => {
    const backend = tf.backend() as Parameters<typeof batchMatMulWithPlan>[0];
    for (const [aShape, bShape, expected] of [
      [
        [4, 3],
        [1, 3, 2],
        [1, 4, 2],
      ],
      [
        [1, 4, 3],
        [3, 2],
        [1, 4, 2],
      ],
      [
        [1, 1, 4, 3],
        [5, 3, 2],
        [1, 5, 4, 2],
      ],
      [
        [2, 4, 3],
        [2, 3, 2],
        [2, 4, 2],
      ],
    ] as const) {
      const a = tf.ones([...aShape]);
      const b = tf.ones([...bShape]);
      const info = batchMatMulWithPlan(backend, a, b, false, false, 'heap');
      const reference = tf.matMul(a, b);
      expect(info.shape).toEqual(reference.shape);
      expect(info.shape).toEqual([...expected]);
      reference.dispose();
      expect(Array.from(backend.readSync(info.dataId) as Float32Array).every((value) => value === 3)).toBe(true);
      backend.disposeData(info.dataId);
      tf.dispose([a, b]);
    }
  });

  it('plans the heap product where XNNPACK would repack a large operand or it has as many threads, and XNNPACK for products it shares over more', () => {
    // dW = xᵀ·dy of the stacked LSTM (16·512·128): no transpose of x, no packing of dy.
    expect(chooseMatMulPlan([512, 16], [512, 128], true, false, { heapProduct: true, threads: 1 })).toBe('heap');
    // The QA model's dW (64 × 6400 × 128) on XNNPACK's 8 threads against the heap product's one:
    // packing dy's 820k elements (≈ 2.9 ms) and an eighth of the arithmetic beat the whole of it.
    expect(chooseMatMulPlan([6400, 64], [6400, 128], true, false, { heapProduct: true, threads: 8 })).toBe('direct');
    // On two threads, and with a helper, it stays on the heap product.
    expect(chooseMatMulPlan([6400, 64], [6400, 128], true, false, { heapProduct: true, threads: 2 })).toBe('heap');
    expect(chooseMatMulPlan([6400, 64], [6400, 128], true, false, { heapProduct: true, threads: 2, heapThreads: 2 })).toBe('heap');
    // The 512-unit MLP's forward product on 8 threads: the arithmetic dominates, XNNPACK shares it.
    expect(chooseMatMulPlan([128, 784], [784, 512], false, false, { heapProduct: true, threads: 8 })).toBe('untransposed');
    expect(chooseMatMulPlan([128, 784], [784, 512], false, false, { heapProduct: true, threads: 2 })).toBe('untransposed');
    // With a helper every large product of its step goes to the heap product (a helper counts as a
    // whole thread): the forward products, the weight gradients xᵀ·dy and dx = dy·Wᵀ (W transposed
    // by the tile transpose) alike.
    expect(chooseMatMulPlan([128, 784], [784, 512], false, false, { heapProduct: true, threads: 2, heapThreads: 2 })).toBe('heap');
    expect(chooseMatMulPlan([128, 784], [128, 512], true, false, { heapProduct: true, threads: 2, heapThreads: 2 })).toBe('heap');
    expect(chooseMatMulPlan([128, 512], [128, 512], true, false, { heapProduct: true, threads: 2, heapThreads: 2 })).toBe('heap');
    expect(chooseMatMulPlan([128, 512], [512, 512], false, true, { heapProduct: true, threads: 2, heapThreads: 2 })).toBe('heap');
    // Without the helper, dx = dy·Wᵀ on XNNPACK's two threads: the swapped plan (dy and the product transposed).
    expect(chooseMatMulPlan([128, 512], [512, 512], false, true, { heapProduct: true, threads: 2 })).toBe('swapped');
    // A heap product that fuses its multiply-adds does the arithmetic in 0.75 of the time: a
    // 200-row product on one thread against XNNPACK's two moves to it.
    expect(chooseMatMulPlan([200, 256], [256, 256], false, false, { heapProduct: true, threads: 2 })).toBe('untransposed');
    expect(chooseMatMulPlan([200, 256], [256, 256], false, false, { heapProduct: true, threads: 2, heapFused: true })).toBe('heap');
    // Without SIMD (or with incompatible batches) the XNNPACK plans as before.
    expect(chooseMatMulPlan([512, 16], [512, 128], true, false, { heapProduct: false, threads: 1 })).toBe('direct');
  });

  it('runs fused matMul with transposed operands, bias and relu', () => {
    const a = tf.tensor2d([
      [1, -2],
      [3, 4],
      [0, 1],
    ]); // used transposed: [2, 3]
    const b = tf.tensor2d([
      [2, 1, 0],
      [-1, 1, 3],
    ]); // used transposed: [3, 2]
    const bias = tf.tensor1d([0.5, -10]);
    const out = tf.fused.matMul({ a, b, bias, activation: 'relu', transposeA: true, transposeB: true });
    // aᵀ = [[1,3,0],[-2,4,1]], bᵀ = [[2,-1],[1,1],[0,3]]: aᵀ·bᵀ = [[5,2],[0,9]]; + bias → [[5.5,-8],[0.5,-1]]
    expect(Array.from(out.dataSync())).toEqual([5.5, 0, 0.5, 0]);
    tf.dispose([a, b, bias, out]);
  });
});
