import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeEach, describe, expect, it } from 'vitest';
import { ShapeError } from '../errors/errors.js';
import { Layer } from '../engine/layer.js';
import { resetNameCounters } from '../engine/naming.js';
import type { CallOptions } from '../engine/types.js';
import { Sequential } from '../models/sequential.js';
import { setRandomSeed } from '../random/seed.js';
import { TestDense } from '../testing/layers.test-utils.js';

/** Passes its input through, or throws after ops that save tensors for the backward pass, as a layer refusing its input mid-model does. */
class Refuser extends Layer {
  static override className = 'Refuser';
  refuse: 'never' | 'forward' | 'backward' = 'never';
  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const squashed = tf.sigmoid(tf.mul(x, x));
    if (this.refuse === 'forward') throw new ShapeError(`Refuser '${this.name}' refuses its input.`);
    if (this.refuse === 'backward') return failingGradient(squashed);
    return squashed;
  }
}

const failingGradient = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: tf.clone(x as tf.Tensor),
    gradFunc: () => {
      throw new Error('no gradient here');
    },
  };
}) as (x: tf.Tensor) => tf.Tensor;

function weightValues(model: Sequential): number[][] {
  return model.getWeights().map((w) => {
    const values = Array.from(w.dataSync());
    w.dispose();
    return values;
  });
}

describe('a step that throws frees everything it created, the gradient tape included', () => {
  beforeEach(() => {
    resetNameCounters();
    setRandomSeed(3);
  });

  it('leaks no tensor when the forward pass, the loss or the backward pass throws, and the model trains afterwards', async () => {
    const refuser = new Refuser();
    const model = new Sequential([new TestDense({ units: 4, inputShape: [3], activation: 'relu' }), refuser, new TestDense({ units: 1 })]);
    let lossThrows = false;
    const loss = (yTrue: tf.Tensor, yPred: tf.Tensor) => {
      const error = tf.mean(tf.square(tf.sub(yTrue, yPred)), -1);
      if (lossThrows) throw new Error('loss refuses');
      return error;
    };
    model.compile({ optimizer: 'adam', loss });
    const x = tf.tensor2d([
      [1, 2, 3],
      [0, 1, 0],
      [2, 0, 1],
      [1, 1, 1],
    ]);
    const y = tf.tensor2d([[1], [0], [1], [0]]);
    await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
    const weights = weightValues(model);
    const iterations = model.optimizer!.iterations;
    const before = tf.memory().numTensors;
    for (const failure of ['forward', 'backward', 'loss'] as const) {
      refuser.refuse = failure === 'loss' ? 'never' : failure;
      lossThrows = failure === 'loss';
      await expect(model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 }), failure).rejects.toThrow(/refuses|no gradient/);
      expect(tf.memory().numTensors, `fit, ${failure}`).toBe(before);
      await expect(model.trainOnBatch(x, y), failure).rejects.toThrow(/refuses|no gradient/);
      expect(tf.memory().numTensors, `trainOnBatch, ${failure}`).toBe(before);
      if (failure !== 'backward') {
        await expect(model.evaluate(x, y, { verbose: 0 })).rejects.toThrow(/refuses/);
        expect(tf.memory().numTensors, `evaluate, ${failure}`).toBe(before);
      }
      if (failure === 'forward') {
        expect(() => model.predict(x)).toThrow(/refuses/);
        expect(tf.memory().numTensors, 'predict').toBe(before);
      }
      expect(weightValues(model)).toEqual(weights);
      expect(model.optimizer!.iterations).toBe(iterations);
    }
    // The engine's state is whole again: gradients work, and the model trains.
    refuser.refuse = 'never';
    lossThrows = false;
    expect(tf.engine().state.gradientDepth).toBe(0);
    const history = await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0 });
    expect(history.history.loss!.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });
});
