import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Input, ShapeError, type SymbolicTensor } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../testing/gradient-check.test-utils.js';
import { Cropping1D } from './cropping1d.js';
import { Cropping2D } from './cropping2d.js';
import { Reshape } from './reshape.js';

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

describe('cropping and reshaping inputs too small for them', () => {
  it('Cropping1D refuses crops that remove every step, symbolically and on real variable-length input', () => {
    const message = (steps: number, shape: string) =>
      `Cropping1D 'crop': cropping [1, 2] removes all ${steps} steps of an input of shape ${shape}; crop less (start + end must be below ${steps}) or feed longer sequences.`;
    for (const steps of [2, 1]) {
      expectShapeError(
        thrown(() => new Cropping1D({ cropping: [1, 2], name: 'crop' }).apply(Input({ shape: [steps, 2] }))),
        message(steps, `[null, ${steps}, 2]`),
      );
    }
    // Variable length: the symbolic shape passes, the real tensor is checked. Before, tfjs's slice
    // read the size -1 as "to the end" and silently returned the wrong steps.
    const layer = new Cropping1D({ cropping: [1, 2], name: 'crop' });
    expect((layer.apply(Input({ shape: [null, 2] })) as SymbolicTensor).shape).toEqual([null, null, 2]);
    const x = tf.ones([1, 2, 2]);
    const before = tf.memory().numTensors;
    expectShapeError(
      thrown(() => layer.apply(x)),
      message(2, '[1, 2, 2]'),
    );
    expect(tf.memory().numTensors).toBe(before);
    const fits = layer.apply(tf.tensor3d([[[1], [2], [3], [4]]])) as tf.Tensor;
    expectClose(fits, [2]);
    tf.dispose([x, fits]);
  });

  it('Cropping2D refuses crops that remove every row or column, symbolically and eagerly', () => {
    const message = (shape: string) =>
      `Cropping2D 'crop': cropping [[1, 1], [1, 1]] removes every row or column of an input of shape ${shape}; crop less (each pair must sum to less than its axis) or feed larger images.`;
    for (const size of [2, 1]) {
      expectShapeError(
        thrown(() => new Cropping2D({ cropping: 1, name: 'crop' }).apply(Input({ shape: [size, size, 1] }))),
        message(`[null, ${size}, ${size}, 1]`),
      );
      const layer = new Cropping2D({ cropping: 1, name: 'crop' });
      layer.apply(Input({ shape: [null, null, 1] }));
      const x = tf.ones([1, size, size, 1]);
      const before = tf.memory().numTensors;
      expectShapeError(
        thrown(() => layer.apply(x)),
        message(`[1, ${size}, ${size}, 1]`),
      );
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    }
    const fits = new Cropping2D({ cropping: 1 }).apply(tf.ones([1, 3, 3, 1])) as tf.Tensor;
    expect(fits.shape).toEqual([1, 1, 1, 1]);
    fits.dispose();
  });

  it('Reshape refuses real inputs whose size the target cannot hold', () => {
    const layer = new Reshape({ targetShape: [2, 3], name: 'reshape' });
    expect((layer.apply(Input({ shape: [null] })) as SymbolicTensor).shape).toEqual([null, 2, 3]);
    const x = tf.ones([2, 4]);
    const before = tf.memory().numTensors;
    expectShapeError(
      thrown(() => layer.apply(x)),
      "Reshape 'reshape': total size of the new shape [2, 3] (6) must equal the input's 4 (input shape [null, 4]). Choose a targetShape whose sizes multiply to 4, or use -1 for one dimension.",
    );
    expect(tf.memory().numTensors).toBe(before);
    const inferred = new Reshape({ targetShape: [-1, 3], name: 'inferred' });
    expectShapeError(
      thrown(() => inferred.apply(x)),
      "Reshape 'inferred': cannot reshape input of size 4 into [-1, 3]: 4 is not a multiple of 3.",
    );
    x.dispose();
  });
});
