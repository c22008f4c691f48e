import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from '../testing/numeric.test-utils.js';
import { CategoricalCrossentropy, categoricalCrossentropy } from './categorical-crossentropy.js';

const eps = 1e-7;
const yTrue = [
  [0, 1, 0],
  [0, 0, 1],
];
const probabilities = [
  [0.05, 0.95, 0],
  [0.1, 0.8, 0.1],
];
const logits = [
  [1, 2, 0.5],
  [-1, 0.3, 2],
];

function referenceFromProbabilities(t: number[][], p: number[][], smoothing = 0): number[] {
  return t.map((row, i) => {
    const pRow = p[i] as number[];
    const total = pRow.reduce((a, b) => a + b, 0);
    return -row.reduce((sum, value, j) => {
      const target = value * (1 - smoothing) + smoothing / row.length;
      const probability = Math.min(Math.max((pRow[j] as number) / total, eps), 1 - eps);
      return sum + target * Math.log(probability);
    }, 0);
  });
}

function referenceFromLogits(t: number[][], z: number[][], smoothing = 0): number[] {
  return t.map((row, i) => {
    const zRow = z[i] as number[];
    const logSum = Math.log(zRow.reduce((a, b) => a + Math.exp(b), 0));
    return -row.reduce((sum, value, j) => sum + (value * (1 - smoothing) + smoothing / row.length) * ((zRow[j] as number) - logSum), 0);
  });
}

describe('categoricalCrossentropy', () => {
  it('matches -sum(t log p) with clipping (Keras docstring example gives [0.0513, 2.303] = -log(0.1))', () => {
    const result = take(categoricalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(probabilities)));
    expectAllClose(result, referenceFromProbabilities(yTrue, probabilities));
    expectAllClose(result, [0.0513, Math.LN10], 1e-3);
  });

  it('renormalizes probabilities that do not sum to one', () => {
    const p = [[0.2, 0.2, 0.4]];
    expectAllClose(take(categoricalCrossentropy(tf.tensor2d([[0, 0, 1]]), tf.tensor2d(p))), [-Math.log(0.5)]);
  });

  it('supports fromLogits and labelSmoothing', () => {
    const fromLogits = take(categoricalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(logits), { fromLogits: true }));
    expectAllClose(fromLogits, referenceFromLogits(yTrue, logits));
    const smoothed = take(categoricalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(logits), { fromLogits: true, labelSmoothing: 0.1 }));
    expectAllClose(smoothed, referenceFromLogits(yTrue, logits, 0.1));
    const smoothedProbabilities = take(categoricalCrossentropy(tf.tensor2d(yTrue), tf.tensor2d(probabilities), { labelSmoothing: 0.2 }));
    expectAllClose(smoothedProbabilities, referenceFromProbabilities(yTrue, probabilities, 0.2));
  });

  it('reduces over axis 1 of a rank-3 tensor when asked', () => {
    const t = tf.tensor3d([
      [
        [1, 0],
        [0, 1],
      ],
    ]); // classes on axis 1
    const p = tf.tensor3d([
      [
        [0.6, 0.3],
        [0.4, 0.7],
      ],
    ]);
    const expected = [-Math.log(0.6), -Math.log(0.7)];
    expectAllClose(take(categoricalCrossentropy(t, p, { axis: 1 })), expected);
    tf.dispose([t, p]);
  });

  it('has gradients matching central differences, from probabilities and from logits', () => {
    const t = tf.tensor2d([
      [0, 1, 0],
      [0.2, 0.3, 0.5],
    ]);
    expectGradientMatchesNumeric(
      (x) => weightedSum(categoricalCrossentropy(t, x)),
      tf.tensor2d([
        [0.2, 0.5, 0.3],
        [0.3, 0.3, 0.4],
      ]),
    );
    expectGradientMatchesNumeric((x) => weightedSum(categoricalCrossentropy(t, x, { fromLogits: true, labelSmoothing: 0.1 })), tf.tensor2d(logits));
    t.dispose();
  });

  it('rejects mismatched shapes and bad options', () => {
    expect(() => categoricalCrossentropy(tf.tensor2d([[1, 0]]), tf.tensor2d([[0.5, 0.3, 0.2]]))).toThrow(
      /categoricalCrossentropy: yTrue and yPred must have the same shape, got yTrue \[1, 2\] and yPred \[1, 3\]/,
    );
    expect(() => categoricalCrossentropy(tf.tensor2d([[1, 0]]), tf.tensor2d([[1, 0]]), { labelSmoothing: 2 })).toThrow(
      /labelSmoothing must be a number in \[0, 1\], got 2/,
    );
  });

  it('leaks no tensors', () => {
    const t = tf.tensor2d(yTrue);
    const p = tf.tensor2d(probabilities);
    expectNoLeak(() => {
      categoricalCrossentropy(t, p, { labelSmoothing: 0.1 }).dispose();
      new CategoricalCrossentropy({ fromLogits: true }).compute(t, p).dispose();
    });
    tf.dispose([t, p]);
  });
});

describe('CategoricalCrossentropy', () => {
  it('averages per-sample losses and round-trips its config', () => {
    const loss = new CategoricalCrossentropy({ labelSmoothing: 0.1 });
    const expected = referenceFromProbabilities(yTrue, probabilities, 0.1);
    expectAllClose(take(loss.compute(tf.tensor2d(yTrue), tf.tensor2d(probabilities))), [((expected[0] as number) + (expected[1] as number)) / 2]);
    expect(loss.getConfig()).toEqual({
      name: 'categorical_crossentropy',
      reduction: 'sum_over_batch_size',
      fromLogits: false,
      labelSmoothing: 0.1,
      axis: -1,
    });
    expect(new CategoricalCrossentropy(loss.getConfig()).getConfig()).toEqual(loss.getConfig());
  });
});

describe('categoricalCrossentropy with a backend that registers the fused kernels', () => {
  // Stand-in kernels on 'cpu' with recognizable outputs: the forward returns 10·row + 1, the
  // gradient kernel returns dy·2 for yTrue and dy·3 for yPred, so the test sees which path ran.
  const forward: tf.KernelConfig = {
    kernelName: 'KerasCategoricalCrossentropy',
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend }) => {
      const yPred = inputs.yPred as tf.TensorInfo;
      const rows = yPred.shape[0] ?? 0;
      const values = Float32Array.from({ length: rows }, (_, i) => 10 * i + 1);
      return (backend as unknown as { makeTensorInfo(s: number[], d: tf.DataType, v: Float32Array): tf.TensorInfo }).makeTensorInfo([rows], 'float32', values);
    },
  };
  const gradient: tf.KernelConfig = {
    kernelName: 'KerasCategoricalCrossentropyGrad',
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend }) => {
      const yPred = inputs.yPred as tf.TensorInfo;
      const dy = (backend as unknown as { readSync(id: tf.DataId): Float32Array }).readSync((inputs.dy as tf.TensorInfo).dataId);
      const classes = yPred.shape[1] ?? 0;
      const make = (scale: number) =>
        (backend as unknown as { makeTensorInfo(s: number[], d: tf.DataType, v: Float32Array): tf.TensorInfo }).makeTensorInfo(
          yPred.shape,
          'float32',
          Float32Array.from({ length: dy.length * classes }, (_, k) => dy[Math.floor(k / classes)]! * scale),
        );
      return [make(2), make(3)];
    },
  };

  it('dispatches probabilities on the last axis to them, with their gradient, and leaks nothing', () => {
    tf.registerKernel(forward);
    tf.registerKernel(gradient);
    try {
      const t = tf.tensor2d(yTrue);
      const p = tf.tensor2d(probabilities);
      const before = tf.memory().numTensors;
      const value = categoricalCrossentropy(t, p);
      expect(Array.from(value.dataSync())).toEqual([1, 11]);
      const [gTrue, gPred] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.mul(categoricalCrossentropy(a, b), tf.tensor1d([1, -2])))([t, p]);
      expect(gTrue!.arraySync()).toEqual([
        [2, 2, 2],
        [-4, -4, -4],
      ]);
      expect(gPred!.arraySync()).toEqual([
        [3, 3, 3],
        [-6, -6, -6],
      ]);
      // fromLogits and labelSmoothing keep the op chain.
      const smoothed = categoricalCrossentropy(t, p, { labelSmoothing: 0.1 });
      expect(smoothed.dataSync()[0]).not.toBe(1);
      tf.dispose([value, gTrue!, gPred!, smoothed]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([t, p]);
    } finally {
      tf.unregisterKernel('KerasCategoricalCrossentropy', 'cpu');
      tf.unregisterKernel('KerasCategoricalCrossentropyGrad', 'cpu');
    }
  });
});
