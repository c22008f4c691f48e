import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { type Layer, Sequential, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { expectClose, expectLayerGradientsMatch, fitLosses, fixedTensor } from '../testing/gradient-check.test-utils.js';
import { Cropping1D } from './cropping1d.js';
import { Cropping2D } from './cropping2d.js';
import { Flatten } from './flatten.js';
import { Permute } from './permute.js';
import { RepeatVector } from './repeat-vector.js';
import { UpSampling1D } from './up-sampling1d.js';
import { UpSampling2D } from './up-sampling2d.js';
import { ZeroPadding1D } from './zero-padding1d.js';
import { ZeroPadding2D } from './zero-padding2d.js';

describe('reshaping layers', () => {
  it('compute the documented values', () => {
    const seq = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ]);
    expectClose(new UpSampling1D().apply(seq) as tf.Tensor, [1, 2, 1, 2, 3, 4, 3, 4, 5, 6, 5, 6]);
    expectClose(new ZeroPadding1D({ padding: [1, 2] }).apply(seq) as tf.Tensor, [0, 0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0]);
    expectClose(new Cropping1D({ cropping: [1, 1] }).apply(seq) as tf.Tensor, [3, 4]);
    expectClose(new RepeatVector({ n: 2 }).apply(tf.tensor2d([[1, 2]])) as tf.Tensor, [1, 2, 1, 2]);
    const permuted = new Permute({ dims: [2, 1] }).apply(seq) as tf.Tensor;
    expect(permuted.shape).toEqual([1, 2, 3]);
    expectClose(permuted, [1, 3, 5, 2, 4, 6]);
    const image = tf.tensor4d([
      [
        [[1], [2]],
        [[3], [4]],
      ],
    ]);
    expectClose(new UpSampling2D({ size: [1, 2] }).apply(image) as tf.Tensor, [1, 1, 2, 2, 3, 3, 4, 4]);
    // Bilinear with half-pixel centres: output column 0 of row 0 maps to input x = -0.25 → clamped to 1.
    const bilinear = new UpSampling2D({ size: [1, 2], interpolation: 'bilinear' }).apply(image) as tf.Tensor;
    expectClose(bilinear, [1, 1.25, 1.75, 2, 3, 3.25, 3.75, 4]);
    expectClose(
      new ZeroPadding2D({
        padding: [
          [1, 0],
          [0, 1],
        ],
      }).apply(image) as tf.Tensor,
      [0, 0, 0, 1, 2, 0, 3, 4, 0],
    );
    expectClose(
      new Cropping2D({
        cropping: [
          [1, 0],
          [0, 1],
        ],
      }).apply(image) as tf.Tensor,
      [3],
    );
    expect(new ZeroPadding2D({ padding: 2, dataFormat: 'channelsFirst' }).computeOutputShape([null, 3, 4, 5])).toEqual([null, 3, 8, 9]);
  });

  it('check arguments', () => {
    expect(() => new Permute({ dims: [1, 3] })).toThrow(/permutation of 1..n/);
    expect(() => new RepeatVector({ n: 0 })).toThrow(/`n` must be a positive integer/);
    expect(() => new Cropping1D({ cropping: 2 }).computeOutputShape([null, 4, 1])).toThrow(/removes all 4 steps/);
    expect(() => new ZeroPadding2D({ padding: [1, 2, 3] as never })).toThrow(/`padding` must be/);
  });

  it('gradients, configs and training for every reshaping layer', async () => {
    const cases: [() => Layer, number[]][] = [
      [() => new UpSampling1D({ size: 3 }), [3, 2]],
      [() => new UpSampling2D(), [2, 2, 1]],
      [() => new UpSampling2D({ interpolation: 'bilinear' }), [2, 3, 1]],
      [() => new ZeroPadding1D(), [3, 2]],
      [() => new ZeroPadding2D(), [2, 2, 1]],
      [() => new Cropping1D(), [4, 2]],
      [() => new Cropping2D({ cropping: 1 }), [4, 4, 1]],
      [() => new Permute({ dims: [2, 1] }), [3, 2]],
    ];
    for (const [make, shape] of cases) {
      const layer = make();
      expect(deserializeLayer({ className: layer.className, config: layer.getConfig() }).getConfig()).toEqual(layer.getConfig());
      expectLayerGradientsMatch(layer, fixedTensor([1, ...shape], 3));
      const model = new Sequential([new Dense({ units: 2, inputShape: shape }), make(), new Flatten(), new Dense({ units: 1 })]);
      const x = fixedTensor([8, ...shape], 4);
      const [first, last] = await fitLosses(
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
      expect(last, layer.className).toBeLessThan(first);
    }
    const repeat = new Sequential([new Dense({ units: 2, inputShape: [3] }), new RepeatVector({ n: 2 }), new Flatten(), new Dense({ units: 1 })]);
    const x = fixedTensor([8, 3], 5);
    const [first, last] = await fitLosses(repeat, x, tf.reshape(tf.sum(x, 1), [8, 1]), { epochs: 4 });
    expect(last).toBeLessThan(first);
  });
});
