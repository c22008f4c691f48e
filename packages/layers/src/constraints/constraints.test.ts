import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Sequential } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { RandomNormal } from '../initializers/random-initializers.js';
import { expectClose, fixedTensor } from '../testing/gradient-check.test-utils.js';
import { MaxNorm, MinMaxNorm, NonNeg, UnitNorm, getConstraint } from './constraints.js';

const EPSILON = 1e-7;
/** A [3, 3] weight (row-major) whose columns have L2 norms 5, 13 and 0.3. */
const W = [
  [3, 5, 0.1],
  [4, 0, -0.2],
  [0, -12, 0.2],
];

/** L2 norm of each column (the norm over axis 0). */
const columnNorms = (w: number[][]) => w[0]!.map((_, j) => Math.sqrt(w.reduce((a, row) => a + row[j]! ** 2, 0)));
/** Scales column j of w by factor(norm_j). */
const scaleColumns = (w: number[][], factor: (norm: number) => number) => {
  const norms = columnNorms(w);
  return w.flatMap((row) => row.map((v, j) => v * factor(norms[j]!)));
};

function project(constraint: { apply(w: tf.Tensor): tf.Tensor }, w: number[][] = W): Float32Array {
  const tensor = tf.tensor2d(w);
  const result = constraint.apply(tensor);
  const values = result.dataSync() as Float32Array;
  tf.dispose([tensor, result]);
  return values;
}

describe('constraints along axis 0', () => {
  it('MaxNorm rescales columns whose norm exceeds maxValue (default 2) and leaves the rest', () => {
    expect(columnNorms(W)).toEqual([5, 13, expect.closeTo(0.3, 10)]);
    expectClose(
      project(new MaxNorm()),
      scaleColumns(W, (n) => Math.min(n, 2) / (n + EPSILON)),
      1e-6,
    );
    expectClose(
      project(new MaxNorm({ maxValue: 6 })),
      scaleColumns(W, (n) => Math.min(n, 6) / (n + EPSILON)),
      1e-6,
    );
    // The rescaled columns have exactly the maximum norm; the small one is untouched.
    const projected = [...project(new MaxNorm())];
    expectClose(columnNorms([projected.slice(0, 3), projected.slice(3, 6), projected.slice(6)]), [2, 2, 0.3], 1e-5);
  });

  it('UnitNorm divides each column by its norm', () => {
    expectClose(
      project(new UnitNorm()),
      scaleColumns(W, (n) => 1 / (n + EPSILON)),
      1e-6,
    );
  });

  it('NonNeg zeroes negative weights', () => {
    expectClose(
      project(new NonNeg()),
      W.flat().map((v) => Math.fround(Math.max(v, 0))),
      0,
    );
  });

  it('MinMaxNorm clips column norms into [minValue, maxValue], moving a rate fraction of the way', () => {
    const clip = (n: number, low: number, high: number) => Math.min(Math.max(n, low), high);
    expectClose(
      project(new MinMaxNorm({ minValue: 1, maxValue: 6 })),
      scaleColumns(W, (n) => clip(n, 1, 6) / (n + EPSILON)),
      1e-6,
    );
    expectClose(
      project(new MinMaxNorm({ minValue: 1, maxValue: 6, rate: 0.25 })),
      scaleColumns(W, (n) => (0.25 * clip(n, 1, 6) + 0.75 * n) / (n + EPSILON)),
      1e-6,
    );
    // Keras defaults: minValue 0, maxValue 1, rate 1, axis 0.
    expect(new MinMaxNorm().getConfig()).toEqual({ minValue: 0, maxValue: 1, rate: 1, axis: 0 });
    expectClose(
      project(new MinMaxNorm()),
      scaleColumns(W, (n) => clip(n, 0, 1) / (n + EPSILON)),
      1e-6,
    );
  });

  it('honour another axis (rows for axis 1)', () => {
    const transposed = W[0]!.map((_, j) => W.map((row) => row[j]!));
    const expected = scaleColumns(transposed, (n) => Math.min(n, 2) / (n + EPSILON));
    const rows = project(new MaxNorm({ axis: 1 }));
    // Row i of the result is column i of the transposed reference.
    expectClose(
      Array.from({ length: 9 }, (_, k) => rows[(k % 3) * 3 + Math.floor(k / 3)]!),
      expected,
      1e-6,
    );
  });

  it('configs round-trip through getConstraint with Keras defaults', () => {
    expect(new MaxNorm().getConfig()).toEqual({ maxValue: 2, axis: 0 });
    expect(new UnitNorm().getConfig()).toEqual({ axis: 0 });
    expect(new NonNeg().getConfig()).toEqual({});
    for (const constraint of [
      new MaxNorm({ maxValue: 3, axis: [0, 1] }),
      new UnitNorm({ axis: 1 }),
      new NonNeg(),
      new MinMaxNorm({ minValue: 0.5, maxValue: 2, rate: 0.5 }),
    ]) {
      const restored = getConstraint({ className: constraint.className, config: constraint.getConfig() });
      expect(restored.constructor).toBe(constraint.constructor);
      expect((restored as MaxNorm).getConfig()).toEqual(constraint.getConfig());
    }
  });

  it('leave no tensors behind', () => {
    const constraints = [new MaxNorm(), new UnitNorm(), new NonNeg(), new MinMaxNorm()];
    const w = tf.tensor2d(W);
    for (const constraint of constraints) constraint.apply(w).dispose();
    const before = tf.memory().numTensors;
    for (const constraint of constraints) constraint.apply(w).dispose();
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });
});

describe('getConstraint', () => {
  it('resolves camelCase, snake_case and class names', () => {
    const cases: [string, string, string, unknown][] = [
      ['maxNorm', 'max_norm', 'MaxNorm', MaxNorm],
      ['unitNorm', 'unit_norm', 'UnitNorm', UnitNorm],
      ['nonNeg', 'non_neg', 'NonNeg', NonNeg],
      ['minMaxNorm', 'min_max_norm', 'MinMaxNorm', MinMaxNorm],
    ];
    for (const [camel, snake, className, cls] of cases) {
      for (const name of [camel, snake, className]) expect(getConstraint(name)).toBeInstanceOf(cls as typeof MaxNorm);
    }
    const instance = new NonNeg();
    expect(getConstraint(instance)).toBe(instance);
  });

  it('rejects unknown names and non-identifiers', () => {
    expect(() => getConstraint('positive')).toThrow(/Unknown constraint 'positive'. Valid constraints: max_norm, unit_norm, non_neg, min_max_norm/);
    expect(() => getConstraint({ className: 'Clip' })).toThrow(/Unknown constraint 'Clip'/);
    expect(() => getConstraint(2 as never)).toThrow(/Cannot interpret constraint 2: expected a name such as 'maxNorm'/);
  });
});

describe('constrained Dense in a model', () => {
  it('a NonNeg kernel has no negative weights after a fit step', async () => {
    const model = new Sequential([
      new Dense({ units: 4, inputShape: [3], kernelInitializer: new RandomNormal({ stddev: 1, seed: 3 }), kernelConstraint: 'nonNeg' }),
    ]);
    const [initial] = model.getWeights();
    // The constraint applies after updates, not at initialization: the start has negatives.
    expect(Math.min(...initial!.dataSync())).toBeLessThan(0);
    initial!.dispose();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = fixedTensor([8, 3], 1);
    const y = fixedTensor([8, 4], 2);
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    const weights = model.getWeights();
    const kernel = weights[0]!.dataSync();
    expect(Math.min(...kernel)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...kernel)).toBeGreaterThan(0);
    tf.dispose([x, y, ...weights]);
    model.dispose();
  });
});
