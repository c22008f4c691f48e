import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Input, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { expectLayerGradientsMatch, fixedTensor } from '../testing/gradient-check.test-utils.js';
import { Flatten } from './flatten.js';

describe('Flatten', () => {
  it('flattens every axis but the batch, in row-major order', () => {
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [
        [7, 8],
        [9, 10],
        [11, 12],
      ],
    ]);
    const y = new Flatten().apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 6]);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    tf.dispose([x, y]);
  });

  it('with channelsFirst moves channels last before flattening (matches a channelsLast layout)', () => {
    // [batch 1, channels 2, height 2, width 3]: value = 100·c + 10·h + w.
    const values: number[] = [];
    for (let c = 0; c < 2; c++) for (let h = 0; h < 2; h++) for (let w = 0; w < 3; w++) values.push(100 * c + 10 * h + w);
    const x = tf.tensor4d(values, [1, 2, 2, 3]);
    const layer = new Flatten({ dataFormat: 'channelsFirst' });
    layer.apply(x);
    const before = tf.memory().numTensors;
    const y = layer.apply(x) as tf.Tensor;
    const expected: number[] = [];
    for (let h = 0; h < 2; h++) for (let w = 0; w < 3; w++) for (let c = 0; c < 2; c++) expected.push(100 * c + 10 * h + w);
    expect(Array.from(y.dataSync())).toEqual(expected);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('turns [batch] into [batch, 1] and [batch, n] into itself', () => {
    const vector = tf.tensor1d([1, 2, 3]);
    const flatVector = new Flatten().apply(vector) as tf.Tensor;
    expect(flatVector.shape).toEqual([3, 1]);
    const matrix = tf.zeros([2, 5]);
    const flatMatrix = new Flatten({ dataFormat: 'channelsFirst' }).apply(matrix) as tf.Tensor;
    expect(flatMatrix.shape).toEqual([2, 5]);
    tf.dispose([vector, flatVector, matrix, flatMatrix]);
  });

  it('computes output shapes, with null when a dimension is unknown', () => {
    const flatten = new Flatten();
    expect(flatten.computeOutputShape([null, 28, 28, 1])).toEqual([null, 784]);
    expect(flatten.computeOutputShape([8, 3, 4])).toEqual([8, 12]);
    expect(flatten.computeOutputShape([null, null, 4])).toEqual([null, null]);
    expect((new Flatten().apply(Input({ shape: [4, 5] })) as { shape: unknown }).shape).toEqual([null, 20]);
  });

  it('gradients match central differences (both data formats)', () => {
    for (const dataFormat of ['channelsLast', 'channelsFirst'] as const) {
      const x = fixedTensor([2, 2, 3], 4);
      expectLayerGradientsMatch(new Flatten({ dataFormat }), x);
      x.dispose();
    }
  });

  it('round-trips its config and rejects an unknown dataFormat', () => {
    const layer = new Flatten({ dataFormat: 'channelsFirst', name: 'flat' });
    const config = layer.getConfig();
    expect(config).toMatchObject({ name: 'flat', dataFormat: 'channelsFirst' });
    expect(deserializeLayer({ className: 'Flatten', config }).getConfig()).toEqual(config);
    expect(() => new Flatten({ dataFormat: 'nhwc' as never })).toThrow(/Flatten: dataFormat must be 'channelsLast' or 'channelsFirst', got 'nhwc'/);
  });
});
