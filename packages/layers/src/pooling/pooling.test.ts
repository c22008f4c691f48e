import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { type Layer, Sequential, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { Flatten } from '../reshaping/flatten.js';
import { expectClose, expectLayerGradientsMatch, fitLosses, fixedTensor } from '../testing/gradient-check.test-utils.js';
import { AveragePooling1D } from './average-pooling1d.js';
import { AveragePooling2D } from './average-pooling2d.js';
import { GlobalAveragePooling1D } from './global-average-pooling1d.js';
import { GlobalAveragePooling2D } from './global-average-pooling2d.js';
import { GlobalMaxPooling1D } from './global-max-pooling1d.js';
import { GlobalMaxPooling2D } from './global-max-pooling2d.js';
import { MaxPooling1D } from './max-pooling1d.js';
import { MaxPooling2D } from './max-pooling2d.js';

describe('pooling', () => {
  it('MaxPooling2D and AveragePooling2D match window loops', () => {
    const x = fixedTensor([1, 4, 5, 2], 1);
    const image = (x.arraySync() as number[][][][])[0]!;
    const reference = (reduce: (values: number[]) => number, rows: number, cols: number, padding: 'valid' | 'same') => {
      const out: number[] = [];
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++)
          for (let c = 0; c < 2; c++) {
            const values: number[] = [];
            for (let a = 0; a < 2; a++)
              for (let b = 0; b < 2; b++) {
                // 'same' with window 2, stride 2: no padding before; windows past the edge hold fewer values.
                const r = i * 2 + a;
                const s = j * 2 + b;
                if (r < 4 && s < 5) values.push(image[r]![s]![c]!);
              }
            out.push(reduce(values));
            void padding;
          }
      return out;
    };
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expectClose(
      new MaxPooling2D().apply(x) as tf.Tensor,
      reference((v) => Math.max(...v), 2, 2, 'valid'),
    );
    expectClose(new AveragePooling2D({ padding: 'same' }).apply(x) as tf.Tensor, reference(mean, 2, 3, 'same'));
    expect(new MaxPooling2D({ poolSize: 3, strides: 1 }).computeOutputShape([null, 4, 5, 2])).toEqual([null, 2, 3, 2]);
  });

  it('1-D pooling, global pooling, keepdims and channelsFirst', () => {
    const x = tf.tensor3d([
      [
        [1, -1],
        [3, 2],
        [2, 5],
        [0, 4],
      ],
    ]);
    expectClose(new MaxPooling1D().apply(x) as tf.Tensor, [3, 2, 2, 5]);
    expectClose(new AveragePooling1D({ poolSize: 3, strides: 1 }).apply(x) as tf.Tensor, [2, 2, 5 / 3, 11 / 3]);
    expectClose(new GlobalMaxPooling1D().apply(x) as tf.Tensor, [3, 5]);
    expectClose(new GlobalAveragePooling1D().apply(x) as tf.Tensor, [1.5, 2.5]);
    expect((new GlobalAveragePooling1D({ keepdims: true }).apply(x) as tf.Tensor).shape).toEqual([1, 1, 2]);
    const images = fixedTensor([2, 3, 3, 2], 2);
    expectClose(new GlobalMaxPooling2D().apply(images) as tf.Tensor, tf.max(images, [1, 2]).dataSync());
    expectClose(new GlobalAveragePooling2D({ dataFormat: 'channelsFirst' }).apply(images) as tf.Tensor, tf.mean(images, [2, 3]).dataSync());
    const first = new MaxPooling2D({ dataFormat: 'channelsFirst' }).apply(tf.transpose(images, [0, 3, 1, 2])) as tf.Tensor;
    expectClose(first, tf.transpose(new MaxPooling2D().apply(images) as tf.Tensor, [0, 3, 1, 2]).dataSync());
  });

  it('gradients, configs and training for every pooling layer', async () => {
    const layers: [() => Layer, number[]][] = [
      [() => new MaxPooling1D(), [8, 2]],
      [() => new AveragePooling1D({ padding: 'same' }), [5, 2]],
      [() => new MaxPooling2D(), [4, 4, 1]],
      [() => new AveragePooling2D(), [4, 4, 1]],
      [() => new GlobalMaxPooling1D(), [4, 2]],
      [() => new GlobalAveragePooling1D(), [4, 2]],
      [() => new GlobalMaxPooling2D(), [3, 3, 2]],
      [() => new GlobalAveragePooling2D(), [3, 3, 2]],
    ];
    for (const [make, shape] of layers) {
      const layer = make();
      expect(deserializeLayer({ className: layer.className, config: layer.getConfig() }).getConfig()).toEqual(layer.getConfig());
      // Distinct values 0.1 apart, so a ±0.01 probe never changes which entry a max picks.
      const size = shape.reduce((a, b) => a * b, 1);
      const distinct = tf.tensor(
        Array.from({ length: size }, (_, i) => ((i * 7) % size) * 0.1),
        [1, ...shape],
      );
      expectLayerGradientsMatch(layer, distinct);
      const model = new Sequential([new Dense({ units: 2, inputShape: shape }), make(), new Flatten(), new Dense({ units: 1 })]);
      const x = fixedTensor([8, ...shape], 4);
      const [firstLoss, lastLoss] = await fitLosses(
        model,
        x,
        tf.reshape(
          tf.mean(
            x,
            shape.map((_, i) => i + 1),
          ),
          [8, 1],
        ),
        { epochs: 4 },
      );
      expect(lastLoss, layer.className).toBeLessThan(firstLoss);
    }
  });
});
