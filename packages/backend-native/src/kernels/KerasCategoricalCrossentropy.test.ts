import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { KERAS_CATEGORICAL_CROSSENTROPY, KERAS_CATEGORICAL_CROSSENTROPY_GRAD } from '@keras-ts/backend-kit';
import { available, seeded, skipReason } from './kernels.test-utils.js';

const ROWS = 6;
const CLASSES = 5;
const shape = [ROWS, CLASSES];

// Probabilities (positive, not normalized, one tiny entry that the 1e-7 clip catches) and soft targets.
const prediction = seeded(ROWS * CLASSES, 21).map((x, i) => (i === 7 ? 1e-9 : Math.abs(x) + 0.05));
const target = seeded(ROWS * CLASSES, 22).map((x) => Math.abs(x));
const upstream = seeded(ROWS, 23, 2);

/** Keras's formula by explicit loops in float64: −Σ t · log(clip(p / Σp, 1e-7, 1 − 1e-7)). */
function referenceLoss(): number[] {
  return Array.from({ length: ROWS }, (_, i) => {
    const row = prediction.slice(i * CLASSES, (i + 1) * CLASSES);
    const sum = row.reduce((a, b) => a + b, 0);
    return -row.reduce((acc, p, j) => acc + target[i * CLASSES + j]! * Math.log(Math.min(Math.max(p / sum, 1e-7), 1 - 1e-7)), 0);
  });
}

/** Central-difference gradient of Σ upstream · loss, in float64. */
function numericGradient(which: 'target' | 'prediction'): number[] {
  const objective = (t: number[], p: number[]) =>
    Array.from({ length: ROWS }, (_, i) => {
      const row = p.slice(i * CLASSES, (i + 1) * CLASSES);
      const sum = row.reduce((a, b) => a + b, 0);
      const loss = -row.reduce((acc, pj, j) => acc + t[i * CLASSES + j]! * Math.log(Math.min(Math.max(pj / sum, 1e-7), 1 - 1e-7)), 0);
      return upstream[i]! * loss;
    }).reduce((a, b) => a + b, 0);
  const base = which === 'target' ? target : prediction;
  return base.map((value, k) => {
    const h = 1e-6 * Math.max(1e-3, Math.abs(value));
    const plus = [...base];
    const minus = [...base];
    plus[k] = value + h;
    minus[k] = value - h;
    const [tp, pp] = which === 'target' ? [plus, prediction] : [target, plus];
    const [tm, pm] = which === 'target' ? [minus, prediction] : [target, minus];
    return (objective(tp, pp) - objective(tm, pm)) / (2 * h);
  });
}

function expectClose(actual: ArrayLike<number>, expected: number[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(Math.abs(actual[i]! - value)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(value))));
}

describe.skipIf(!available)(`${KERAS_CATEGORICAL_CROSSENTROPY} on 'native' (${skipReason})`, () => {
  it('computes the clipped, renormalized crossentropy per row and its gradients', () => {
    tf.setBackend('native');
    try {
      const yTrue = tf.tensor(target, shape);
      const yPred = tf.tensor(prediction, shape);
      const dy = tf.tensor(upstream, [ROWS]);
      const before = tf.memory().numTensors;
      const loss = tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue, yPred }) as tf.Tensor;
      const [dTrue, dPred] = tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY_GRAD, { dy, yTrue, yPred }) as tf.Tensor[];
      expect(loss.shape).toEqual([ROWS]);
      expectClose(loss.dataSync(), referenceLoss(), 1e-6);
      expect(dTrue!.shape).toEqual(shape);
      expectClose(dTrue!.dataSync(), numericGradient('target'), 1e-4);
      // The clipped entry (index 7) gets gradient only through the renormalization, as autodiff gives.
      expectClose(dPred!.dataSync(), numericGradient('prediction'), 1e-3);
      tf.dispose([loss, dTrue!, dPred!]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([yTrue, yPred, dy]);
    } finally {
      tf.setBackend('cpu');
    }
  });

  it('matches the unfused op chain and its autodiff gradient on the cpu backend', () => {
    const unfused = (t: tf.Tensor, p: tf.Tensor) => tf.neg(tf.sum(tf.mul(t, tf.log(tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), 1e-7, 1 - 1e-7))), -1));
    tf.setBackend('cpu');
    const [expectedLoss, expectedTrue, expectedPred] = tf.tidy(() => {
      const yTrue = tf.tensor(target, shape);
      const yPred = tf.tensor(prediction, shape);
      const [gTrue, gPred] = tf.grads((t: tf.Tensor, p: tf.Tensor) => tf.mul(unfused(t, p), tf.tensor(upstream)))([yTrue, yPred]);
      return [unfused(yTrue, yPred), gTrue!, gPred!].map((x) => Array.from(x.dataSync()));
    });
    tf.setBackend('native');
    try {
      const [loss, dTrue, dPred] = tf.tidy(() => {
        const yTrue = tf.tensor(target, shape);
        const yPred = tf.tensor(prediction, shape);
        const dy = tf.tensor(upstream, [ROWS]);
        const value = tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue, yPred }) as tf.Tensor;
        const grads = tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY_GRAD, { dy, yTrue, yPred }) as tf.Tensor[];
        return [value, ...grads].map((x) => Array.from(x.dataSync()));
      });
      expectClose(loss!, expectedLoss!, 1e-6);
      expectClose(dTrue!, expectedTrue!, 1e-6);
      expectClose(dPred!, expectedPred!, 1e-6);
    } finally {
      tf.setBackend('cpu');
    }
  });

  it('treats every axis but the last as rows (rank 3) and gives -0 rows for zero classes', () => {
    tf.setBackend('native');
    try {
      const [values, empty] = tf.tidy(() => {
        const loss = tf
          .engine()
          .runKernel(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue: tf.tensor(target, [2, 3, CLASSES]), yPred: tf.tensor(prediction, [2, 3, CLASSES]) }) as tf.Tensor;
        expect(loss.shape).toEqual([2, 3]);
        const none = tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue: tf.zeros([4, 0]), yPred: tf.zeros([4, 0]) }) as tf.Tensor;
        expect(none.shape).toEqual([4]);
        return [Array.from(loss.dataSync()), Array.from(none.dataSync())];
      });
      expectClose(values!, referenceLoss(), 1e-6);
      expect(empty).toEqual([-0, -0, -0, -0]);
    } finally {
      tf.setBackend('cpu');
    }
  });

  it('rejects inputs of another dtype or shape, naming the input', () => {
    tf.setBackend('native');
    try {
      const yPred = tf.ones([2, 3]);
      const wrongShape = tf.ones([2, 4]);
      const wrongDtype = tf.ones([2, 3], 'int32');
      const dy = tf.ones([3]);
      const forward = (inputs: Record<string, tf.Tensor>) => () => tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY, inputs);
      expect(forward({ yTrue: wrongShape, yPred })).toThrow(/'yTrue' must be a float32 tensor of shape \[2,3\], got float32 \[2,4\]/);
      expect(forward({ yTrue: wrongDtype, yPred })).toThrow(/'yTrue' .* got int32 \[2,3\]/);
      expect(() => tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY_GRAD, { dy, yTrue: yPred, yPred })).toThrow(
        /'dy' must be a float32 tensor of shape \[2\], got float32 \[3\]/,
      );
      tf.dispose([yPred, wrongShape, wrongDtype, dy]);
    } finally {
      tf.setBackend('cpu');
    }
  });
});
