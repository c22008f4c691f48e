import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Input, Sequential, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { expectLayerGradientsMatch, fixedTensor } from '../testing/gradient-check.test-utils.js';
import { Reshape } from './reshape.js';

describe('Reshape', () => {
  it('reshapes each sample, keeping the batch and the row-major order', () => {
    const x = tf.tensor2d([
      [1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12],
    ]);
    const layer = new Reshape({ targetShape: [3, 2] });
    layer.apply(x);
    const before = tf.memory().numTensors;
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 2]);
    expect(y.arraySync()).toEqual([
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
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('infers one -1 dimension, eagerly and symbolically', () => {
    const x = tf.zeros([4, 2, 6]);
    const y = new Reshape({ targetShape: [-1, 3] }).apply(x) as tf.Tensor;
    expect(y.shape).toEqual([4, 4, 3]);
    expect(new Reshape({ targetShape: [2, -1] }).computeOutputShape([null, 3, 4])).toEqual([null, 2, 6]);
    expect(new Reshape({ targetShape: [-1] }).computeOutputShape([5, 3, 4])).toEqual([5, 12]);
    // Unknown input sizes make the inferred dimension unknown.
    expect(new Reshape({ targetShape: [-1, 2] }).computeOutputShape([null, null, 4])).toEqual([null, null, 2]);
    expect((new Reshape({ targetShape: [3, -1] }).apply(Input({ shape: [12] })) as { shape: unknown }).shape).toEqual([null, 3, 4]);
    tf.dispose([x, y]);
  });

  it('rejects a total size that does not match, naming the layer, both sizes and the fix', () => {
    const layer = new Reshape({ targetShape: [4, 2], name: 'to_grid' });
    expect(() => layer.computeOutputShape([null, 3, 3])).toThrow(
      /Reshape 'to_grid': total size of the new shape \[4, 2\] \(8\) must equal the input's 9 \(input shape \[null, 3, 3\]\). Choose a targetShape whose sizes multiply to 9/,
    );
    expect(() => new Sequential([new Dense({ units: 9, inputShape: [2] }), layer])).toThrow(/Reshape 'to_grid': total size/);
    // Eager calls give the same error, not tfjs's.
    const x = tf.zeros([2, 9]);
    expect(() => layer.apply(x)).toThrow(/Reshape 'to_grid': total size of the new shape \[4, 2\] \(8\) must equal the input's 9/);
    expect(() => new Reshape({ targetShape: [-1, 4] }).apply(x)).toThrow(/cannot reshape input of size 9 into \[-1, 4\]: 9 is not a multiple of 4/);
    x.dispose();
  });

  it('validates targetShape', () => {
    expect(() => new Reshape({ targetShape: [-1, -1] })).toThrow(/only one dimension of `targetShape` may be -1/);
    for (const targetShape of [[0, 2], [2.5], [-2], 'abc', undefined]) {
      expect(() => new Reshape({ targetShape } as never)).toThrow(/Reshape: `targetShape` must be an array of positive integers \(one may be -1\)/);
    }
  });

  it('gradients match central differences and the config round-trips', () => {
    const layer = new Reshape({ targetShape: [2, -1], name: 'r' });
    const x = fixedTensor([2, 6], 3);
    expectLayerGradientsMatch(layer, x);
    x.dispose();
    const config = layer.getConfig();
    expect(config).toMatchObject({ name: 'r', targetShape: [2, -1] });
    expect(deserializeLayer({ className: 'Reshape', config }).getConfig()).toEqual(config);
  });
});
