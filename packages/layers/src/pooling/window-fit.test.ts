import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Input, type Layer, ShapeError, type SymbolicTensor } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { AveragePooling1D } from './average-pooling1d.js';
import { AveragePooling2D } from './average-pooling2d.js';
import { MaxPooling1D } from './max-pooling1d.js';
import { MaxPooling2D } from './max-pooling2d.js';

/** What `run` threw. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function expectShapeError(error: unknown, message: string): void {
  expect(error).toBeInstanceOf(ShapeError);
  expect((error as Error).message).toBe(message);
}

const layers: [string, 1 | 2, (config: Record<string, unknown>) => Layer][] = [
  ['MaxPooling1D', 1, (config) => new MaxPooling1D({ poolSize: 3, ...config })],
  ['MaxPooling2D', 2, (config) => new MaxPooling2D({ poolSize: 3, ...config })],
  ['AveragePooling1D', 1, (config) => new AveragePooling1D({ poolSize: 3, ...config })],
  ['AveragePooling2D', 2, (config) => new AveragePooling2D({ poolSize: 3, ...config })],
];

describe('pooling windows larger than their input', () => {
  for (const [className, rank, make] of layers) {
    const repeat = (value: number | null) => Array.from({ length: rank }, () => value);
    const text = (values: (number | null)[]) => `[${values.map((v) => v ?? 'null').join(', ')}]`;
    // poolSize 3 with its default stride 3: ⌊(size − 3 + 1 + 2) / 3⌋ is 0 for sizes 2 and 1.
    const message = (name: string, size: number, batch: number | null) =>
      `${className} '${name}': input size ${text(repeat(size))} (input shape ${text([batch, ...repeat(size), 2])}) is smaller than the window: ` +
      `poolSize ${text(repeat(3))} (strides ${text(repeat(3))}, padding 'valid'), so the output size would be ${text(repeat(0))}. ` +
      "Use padding: 'same' or a smaller poolSize.";

    it(`${className} refuses 2- and 1-long inputs with a pool of 3, symbolically and eagerly`, () => {
      for (const size of [2, 1]) {
        expectShapeError(
          thrown(() => make({ name: 'symbolic' }).apply(Input({ shape: [...repeat(size), 2] }))),
          message('symbolic', size, null),
        );
        const x = tf.ones([1, ...(repeat(size) as number[]), 2]);
        const before = tf.memory().numTensors;
        expectShapeError(
          thrown(() => make({ name: 'eager' }).apply(x)),
          message('eager', size, 1),
        );
        expect(tf.memory().numTensors).toBe(before);
        x.dispose();
      }
    });

    it(`${className} pools inputs the window fits, and small inputs with 'same' padding`, () => {
      expect((make({}).apply(Input({ shape: [...repeat(3), 2] })) as SymbolicTensor).shape).toEqual([null, ...repeat(1), 2]);
      expect((make({}).apply(Input({ shape: [...repeat(null), 2] })) as SymbolicTensor).shape).toEqual([null, ...repeat(null), 2]);
      const fits = make({}).apply(tf.ones([1, ...(repeat(4) as number[]), 2])) as tf.Tensor;
      expect(fits.shape).toEqual([1, ...repeat(1), 2]);
      const same = make({ padding: 'same' }).apply(tf.ones([1, ...(repeat(1) as number[]), 2])) as tf.Tensor;
      expect(same.shape).toEqual([1, ...repeat(1), 2]);
      tf.dispose([fits, same]);
    });
  }

  it('reads channelsFirst inputs and a custom stride', () => {
    const layer = new MaxPooling2D({ poolSize: [1, 3], strides: 1, dataFormat: 'channelsFirst', name: 'first' });
    expectShapeError(
      thrown(() => layer.apply(Input({ shape: [5, 4, 2] }))),
      "MaxPooling2D 'first': input size [4, 2] (input shape [null, 5, 4, 2]) is smaller than the window: poolSize [1, 3] (strides [1, 1], padding 'valid'), so the output size would be [4, 0]. Use padding: 'same' or a smaller poolSize.",
    );
    expect(new MaxPooling2D({ poolSize: [1, 3], strides: 1, dataFormat: 'channelsFirst' }).computeOutputShape([null, 5, 4, 3])).toEqual([null, 5, 4, 1]);
  });
});
