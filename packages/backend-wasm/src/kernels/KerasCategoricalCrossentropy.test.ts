import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { fusedCategoricalCrossentropy, KERAS_CATEGORICAL_CROSSENTROPY, KERAS_CATEGORICAL_CROSSENTROPY_GRAD } from '@keras-ts/backend-kit';
import { BackendError, ShapeError } from '@keras-ts/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../index.js';

// Rows of unnormalized probabilities: row 1 holds an entry the 1e-7 clip raises, row 2 one
// dominating entry whose normalized value (1 − 2e-9) the 1 − 1e-7 clip lowers; targets soft.
const CLASSES = 4;
const predictions = [0.2, 0.5, 0.1, 0.3, 0.6, 1e-9, 0.9, 0.05, 1, 1e-9, 1e-9, 0, 0.25, 0.25, 0.25, 0.25, 3, 1, 0.5, 0.01];
const targets = [0, 1, 0, 0, 0.5, 0.25, 0.25, 0, 1, 0, 0, 0, 0.1, 0.2, 0.3, 0.4, 0, 0, 0, 1];
const upstream = [1, -0.5, 2, 0.25, 1.5];
const ROWS = upstream.length;

/** The loss by explicit loops in float64. */
function lossByLoops(): number[] {
  return Array.from({ length: ROWS }, (_, i) => {
    const row = predictions.slice(i * CLASSES, (i + 1) * CLASSES);
    const total = row.reduce((a, b) => a + b, 0);
    let loss = 0;
    for (let j = 0; j < CLASSES; j++) loss -= targets[i * CLASSES + j]! * Math.log(Math.min(Math.max(row[j]! / total, 1e-7), 1 - 1e-7));
    return loss;
  });
}

/** The unfused op chain and tfjs-core's autodiff of Σ upstream · loss, on the cpu backend. */
function unfusedOnCpu(): number[][] {
  const backend = tf.getBackend();
  tf.setBackend('cpu');
  try {
    return tf.tidy(() => {
      const chain = (t: tf.Tensor, p: tf.Tensor) => tf.neg(tf.sum(tf.mul(t, tf.log(tf.clipByValue(tf.div(p, tf.sum(p, -1, true)), 1e-7, 1 - 1e-7))), -1));
      const [t, p] = [tf.tensor2d(targets, [ROWS, CLASSES]), tf.tensor2d(predictions, [ROWS, CLASSES])];
      const [dTrue, dPred] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.mul(chain(a, b), tf.tensor1d(upstream)))([t, p]);
      return [chain(t, p), dTrue!, dPred!].map((x) => Array.from(x.dataSync()));
    });
  } finally {
    tf.setBackend(backend);
  }
}

function expectNear(actual: ArrayLike<number>, expected: readonly number[], relative: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected[i]!)));
}

describe("KerasCategoricalCrossentropy on 'wasm'", () => {
  let before = 0;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    before = tf.memory().numTensors;
  });
  afterAll(() => expect(tf.memory().numTensors).toBe(before));

  it('is what the fused loss op runs on this backend', () => {
    const [t, p] = [tf.tensor2d(targets, [ROWS, CLASSES]), tf.tensor2d(predictions, [ROWS, CLASSES])];
    expect(fusedCategoricalCrossentropy.usesKernel({ yTrue: t, yPred: p }, {})).toBe(true);
    tf.dispose([t, p]);
  });

  it('gives the loss of explicit loops and the unfused chain, and that chain’s gradients (clipped entries included)', () => {
    const [expectedLoss, expectedTrue, expectedPred] = unfusedOnCpu();
    const [t, p, dy] = [tf.tensor2d(targets, [ROWS, CLASSES]), tf.tensor2d(predictions, [ROWS, CLASSES]), tf.tensor1d(upstream)];
    const loss = tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue: t, yPred: p }) as tf.Tensor;
    const [dTrue, dPred] = tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY_GRAD, { dy, yTrue: t, yPred: p }) as tf.Tensor[];
    expect(loss.shape).toEqual([ROWS]);
    expectNear(loss.dataSync(), lossByLoops(), 1e-6);
    expectNear(loss.dataSync(), expectedLoss!, 1e-6);
    expect(dTrue!.shape).toEqual([ROWS, CLASSES]);
    expectNear(dTrue!.dataSync(), expectedTrue!, 1e-6);
    expectNear(dPred!.dataSync(), expectedPred!, 1e-6);
    // The clipped entries pass gradient only through the renormalization: row 1's 1e-9 gets exactly
    // −Σ g·p / s², what every unclipped entry of its row gets besides its own g / s.
    const row1 = Array.from(dPred!.dataSync().slice(CLASSES, 2 * CLASSES));
    expect(row1[1]).not.toBe(0);
    tf.dispose([t, p, dy, loss, dTrue!, dPred!]);
  });

  it('treats every axis but the last as rows and sums zero classes to −0', () => {
    const [t, p] = [tf.tensor3d(targets, [1, ROWS, CLASSES]), tf.tensor3d(predictions, [1, ROWS, CLASSES])];
    const loss = tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue: t, yPred: p }) as tf.Tensor;
    expect(loss.shape).toEqual([1, ROWS]);
    expectNear(loss.dataSync(), lossByLoops(), 1e-6);
    const [none, noneTrue] = [tf.zeros([3, 0]), tf.zeros([3, 0])];
    const empty = tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue: noneTrue, yPred: none }) as tf.Tensor;
    expect(Array.from(empty.dataSync())).toEqual([-0, -0, -0]);
    tf.dispose([t, p, loss, none, noneTrue, empty]);
  });

  it('keeps NaN: an infinite probability whose target is 0 makes its row NaN (∞ / ∞), as the op chain does', () => {
    const [t, p] = [tf.tensor2d([0, 1, 0, 1, 0, 0], [2, 3]), tf.tensor2d([Number.POSITIVE_INFINITY, 0.5, 0.5, 0.2, 0.3, 0.5], [2, 3])];
    const loss = tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue: t, yPred: p }) as tf.Tensor;
    const values = loss.dataSync();
    expect(Number.isNaN(values[0])).toBe(true);
    expect(values[1]).toBeCloseTo(-Math.log(0.2), 6);
    tf.dispose([t, p, loss]);
  });

  it('refuses a scalar, a non-float32 target and a wrong upstream shape, naming the input, and leaks nothing', () => {
    const [t, p] = [tf.tensor2d(targets, [ROWS, CLASSES]), tf.tensor2d(predictions, [ROWS, CLASSES])];
    const [scalar, intTargets, wrongDy] = [tf.scalar(0.5), tf.cast(t, 'int32'), tf.ones([ROWS + 1])];
    const count = tf.memory().numTensors;
    expect(() => tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue: scalar, yPred: scalar })).toThrow(ShapeError);
    expect(() => tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY, { yTrue: intTargets, yPred: p })).toThrow(
      /input 'yTrue' must be a float32 tensor of shape \[5,4\], got int32 \[5,4\]/,
    );
    expect(() => tf.engine().runKernel(KERAS_CATEGORICAL_CROSSENTROPY_GRAD, { dy: wrongDy, yTrue: t, yPred: p })).toThrow(BackendError);
    expect(tf.memory().numTensors).toBe(count);
    tf.dispose([t, p, scalar, intTargets, wrongDy]);
  });
});
