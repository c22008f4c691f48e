import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Input, Model, Sequential, deserializeLayer } from '@keras-ts/core';
import { resetNameCounters } from '@keras-ts/core/internal';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { Masking } from '../core/masking.js';
import { Flatten } from '../reshaping/flatten.js';
import { LSTM } from '../recurrent/lstm.js';
import { expectClose, expectGradientsMatch, fitLosses, fixedTensor, setFixedWeights } from '../testing/gradient-check.test-utils.js';
import { Embedding } from './embedding.js';

describe('Embedding', () => {
  it('looks up rows of the table; gradients reach the used rows', () => {
    const layer = new Embedding({ inputDim: 5, outputDim: 3 });
    const indices = tf.tensor2d(
      [
        [0, 4],
        [2, 2],
      ],
      [2, 2],
      'int32',
    );
    layer.apply(indices);
    setFixedWeights(layer);
    const table = layer.getWeights()[0]!.arraySync() as number[][];
    const before = tf.memory().numTensors;
    const out = layer.apply(indices) as tf.Tensor;
    expect(out.shape).toEqual([2, 2, 3]);
    expectClose(out, [table[0]!, table[4]!, table[2]!, table[2]!].flat());
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const probe = fixedTensor([2, 2, 3], 4);
    expectGradientsMatch(() => tf.sum(tf.mul(layer.apply(indices) as tf.Tensor, probe)) as tf.Scalar, [layer.embeddings!.variable]);
    expect(layer.countParams()).toBe(15);
  });

  it('names the layer and the bad index (swapped inputDim/outputDim)', () => {
    resetNameCounters();
    const layer = new Embedding({ inputDim: 64, outputDim: 10000 });
    expect(() => layer.apply(tf.tensor2d([[3, 9876]], [1, 2], 'int32'))).toThrow(
      /Embedding 'embedding' got index 9876 ≥ inputDim 64.*did you swap them\? Write new Embedding\(\{ inputDim: 10000, outputDim: 64 \}\)/,
    );
    expect(() => layer.apply(tf.tensor2d([[-1]], [1, 1], 'int32'))).toThrow(/got index -1 < 0/);
    expect(() => new Embedding({ inputDim: 0, outputDim: 2 })).toThrow(/`inputDim` must be a positive integer, got 0/);
  });

  it('maskZero feeds a mask to an LSTM, which then skips padded steps; inputLength sets the input shape', () => {
    const input = Input({ shape: [4], dtype: 'int32' });
    const embedding = new Embedding({ inputDim: 6, outputDim: 2, maskZero: true });
    const lstm = new LSTM({ units: 3 });
    const model = new Model({ inputs: input, outputs: lstm.apply(embedding.apply(input) as never) as never });
    const padded = tf.tensor2d([[1, 2, 0, 0]], [1, 4], 'int32');
    const trimmed = tf.tensor2d([[1, 2]], [1, 2], 'int32');
    const direct = lstm.apply(embedding.apply(trimmed) as tf.Tensor) as tf.Tensor;
    expectClose(model.predict(padded) as tf.Tensor, direct.dataSync());
    const mask = embedding.computeMask(padded);
    expect(Array.from(mask!.dataSync())).toEqual([1, 1, 0, 0]);
    expect(new Embedding({ inputDim: 3, outputDim: 2 }).computeMask(padded)).toBeNull();
    expect(new Embedding({ inputDim: 3, outputDim: 2, inputLength: 7 }).batchInputShape).toEqual([null, 7]);
  });

  it('Masking zeroes and masks steps whose features all equal maskValue', () => {
    const masking = new Masking({ maskValue: -1 });
    const x = tf.tensor3d([
      [
        [1, 2],
        [-1, -1],
        [-1, 3],
      ],
    ]);
    expectClose(masking.apply(x) as tf.Tensor, [1, 2, 0, 0, -1, 3]);
    expect(Array.from(masking.computeMask(x).dataSync())).toEqual([1, 0, 1]);
    expect(deserializeLayer({ className: 'Masking', config: masking.getConfig() }).getConfig()).toEqual(masking.getConfig());
  });

  it('inputDim is the vocabulary size, not the input size: a first layer takes sequences of any length', () => {
    const model = new Sequential([new Embedding({ inputDim: 1000, outputDim: 8 }), new Flatten(), new Dense({ units: 1 })]);
    const indices = tf.tensor2d(
      [
        [1, 2, 3, 999],
        [4, 5, 6, 0],
      ],
      [2, 4],
      'int32',
    );
    const output = model.predict(indices);
    expect(output.shape).toEqual([2, 1]);
    expect(model.layers[0]?.inputShape).toEqual([null, 4]);
    tf.dispose([indices, output]);
    model.dispose();
  });

  it('round-trips its config and trains', async () => {
    const layer = new Embedding({ inputDim: 8, outputDim: 2, maskZero: true, inputLength: 3 });
    const copy = deserializeLayer({ className: 'Embedding', config: layer.getConfig() });
    expect(copy.getConfig()).toEqual(layer.getConfig());
    const model = new Sequential([new Embedding({ inputDim: 8, outputDim: 2, inputShape: [3] }), new Flatten(), new Dense({ units: 1 })]);
    const x = tf.tensor2d(
      Array.from({ length: 24 }, (_, i) => (i * 5) % 8),
      [8, 3],
      'int32',
    );
    const y = tf.tensor2d(
      Array.from({ length: 8 }, (_, i) => (i % 3) - 1),
      [8, 1],
    );
    const [first, last] = await fitLosses(model, x, y, { epochs: 10 });
    expect(last).toBeLessThan(first);
  });
});
