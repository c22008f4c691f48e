import * as tf from '@tensorflow/tfjs-core';
import { Sequential } from '@keras-ts/core';
import { Dense, Embedding, Flatten } from '@keras-ts/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { keepsElementOrder } from '@keras-ts/backend-kit';
import { withoutHeapRunner } from './heap-module.js';
import { transposeLastTwo } from './transpose.js';

/** Plain nested-loop transpose of a row-major array (the reference). */
function referenceTranspose(values: number[], shape: number[], perm: number[]): number[] {
  const outShape = perm.map((axis) => shape[axis]!);
  const inStrides = [...tf.util.computeStrides(shape), 1];
  const out: number[] = [];
  const visit = (axis: number, offset: number) => {
    if (axis === outShape.length) {
      out.push(values[offset]!);
      return;
    }
    for (let i = 0; i < outShape[axis]!; i++) visit(axis + 1, offset + i * inStrides[perm[axis]!]!);
  };
  visit(0, 0);
  return out;
}

const valuesOf = (size: number) => Array.from({ length: size }, (_, i) => ((i * 7919) % 101) / 10 - 5);

describe("Transpose on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  const cases: [number[], number[]][] = [
    [
      [4, 5],
      [0, 1],
    ], // identity: shared
    [
      [5, 1, 3],
      [1, 0, 2],
    ], // only a size-1 axis moves: shared
    [
      [1, 6, 1],
      [2, 1, 0],
    ], // shared
    [
      [4, 5],
      [1, 0],
    ], // a real transpose: copied
    [
      [2, 3, 4],
      [2, 0, 1],
    ],
    [
      [2, 1, 3],
      [2, 1, 0],
    ],
    // Swaps of the last two axes: the heap's 4 × 4 tiles, with the rows and columns past them.
    [
      [4, 4],
      [1, 0],
    ], // one whole tile
    [
      [7, 9],
      [1, 0],
    ], // tiles, three rows and one column past them
    [
      [3, 5, 8],
      [0, 2, 1],
    ], // three matrices, one row past the tiles
    [
      [2, 8, 12],
      [0, 2, 1],
    ], // whole tiles only, two matrices
    [
      [2, 3, 6],
      [0, 2, 1],
    ], // fewer than four rows: no tile
    [
      [13, 17],
      [1, 0],
    ],
  ];
  it.each(cases)('gives the reference values for %j by %j, sharing the data exactly when the order is kept', (shape, perm) => {
    const values = valuesOf(tf.util.sizeFromShape(shape));
    for (const dtype of ['float32', 'int32'] as const) {
      const input = dtype === 'int32' ? values.map((value) => Math.round(value) + 0) : values;
      const x = tf.tensor(input, shape, dtype);
      const before = tf.memory();
      const y = tf.transpose(x, perm);
      expect(y.shape).toEqual(perm.map((axis) => shape[axis]!));
      expect(y.dtype).toBe(dtype);
      const shared = keepsElementOrder(shape, perm);
      expect(y.dataId === x.dataId).toBe(shared);
      // A shared output holds no buffer of its own.
      expect(tf.memory().numDataBuffers - before.numDataBuffers).toBe(shared ? 0 : 1);
      const expected = referenceTranspose(input, shape, perm);
      x.dispose();
      // The input's data lives on while the output refers to it.
      expect(Array.from(y.dataSync())).toEqual(dtype === 'float32' ? expected.map(Math.fround) : expected);
      y.dispose();
      expect(tf.memory().numTensors).toBe(before.numTensors - 1);
      expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers - 1);
    }
  });

  it('keeps every bit (NaN payloads, signed zeros, infinities) through the tile transpose, with or without the module', () => {
    const [rows, columns] = [6, 9];
    const bits = new Uint32Array(rows * columns);
    const special = [0x7fc00001, 0xffa00000, 0x80000000, 0x7f800000, 0xff800000, 0x00000001];
    for (let i = 0; i < bits.length; i++) bits[i] = i % 5 === 0 ? special[(i / 5) % special.length]! : (0x3f800000 + i * 4099) >>> 0;
    const x = tf.tensor(new Float32Array(bits.buffer), [rows, columns]);
    const expected = new Uint32Array(rows * columns);
    for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) expected[j * rows + i] = bits[i * columns + j]!;
    const viaModule = tf.transpose(x);
    const viaLoop = withoutHeapRunner('transpose-tiles', () => tf.transpose(x));
    for (const y of [viaModule, viaLoop]) {
      expect(y.shape).toEqual([columns, rows]);
      expect(Array.from(new Uint32Array((y.dataSync() as Float32Array).slice().buffer))).toEqual(Array.from(expected));
    }
    tf.dispose([x, viaModule, viaLoop]);
  });

  it('pads each transposed row when asked, every element in place and the padding left unwritten', () => {
    const backend = tf.backend() as Parameters<typeof transposeLastTwo>[0];
    // 2 matrices of 7 × 9: a 4 × 8 tile region and edge rows and columns done one element at a time.
    const [count, rows, columns, padding] = [2, 7, 9, 3];
    const values = Float32Array.from({ length: count * rows * columns }, (_, i) => i + 0.5);
    const x = tf.tensor3d(values, [count, rows, columns]);
    const dataIds = backend.numDataIds();
    const padded = transposeLastTwo(backend, x, padding);
    expect(padded.shape).toEqual([count, columns, rows + padding]);
    const out = backend.readSync(padded.dataId) as Float32Array;
    for (let s = 0; s < count; s++) {
      for (let j = 0; j < columns; j++) {
        for (let i = 0; i < rows; i++) expect(out[(s * columns + j) * (rows + padding) + i]).toBe(values[(s * rows + i) * columns + j]);
      }
    }
    backend.disposeData(padded.dataId);
    expect(backend.numDataIds()).toBe(dataIds);
    x.dispose();
  });

  it("lets a compiled step drop the identity transposes of an Embedding's gradient, with the eager step's weights", async () => {
    const train = async (jitCompile: boolean) => {
      const model = new Sequential([
        new Embedding({ inputDim: 20, outputDim: 8, inputShape: [5] }),
        new Flatten(),
        new Dense({ units: 3, activation: 'softmax' }),
      ]);
      model.compile({ optimizer: 'rmsprop', loss: 'sparseCategoricalCrossentropy', jitCompile });
      model.setWeights(model.getWeights().map((weight, i) => tf.div(tf.tensor(valuesOf(weight.size + i).slice(i), weight.shape), 10)));
      const x = tf.tensor2d(
        Array.from({ length: 6 * 5 }, (_, i) => (i * 13) % 20),
        [6, 5],
        'int32',
      );
      const y = tf.tensor1d([0, 1, 2, 1, 0, 2], 'int32');
      await model.trainOnBatch(x, y); // creates the optimizer's slots
      const before = tf.memory().numTensors;
      for (let step = 1; step < 5; step++) await model.trainOnBatch(x, y);
      expect(tf.memory().numTensors).toBe(before);
      const stats = model.compiledStepPlans().find((plan) => plan.signature.startsWith('train|'))?.stats;
      const weights = model.getWeights().map((weight) => weight.dataSync().slice());
      tf.dispose([x, y]);
      model.dispose();
      return { stats, weights };
    };
    const compiled = await train(true);
    const eager = await train(false);
    expect(compiled.stats?.tracedByName.Transpose).toBeGreaterThanOrEqual(2);
    expect(compiled.stats?.replayedByName.Transpose ?? 0).toBe(0);
    expect(compiled.weights.length).toBe(eager.weights.length);
    compiled.weights.forEach((weight, i) => expect(Buffer.from(weight.buffer).equals(Buffer.from(eager.weights[i]!.buffer))).toBe(true));
  });
});
