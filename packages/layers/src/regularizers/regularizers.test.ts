import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Sequential } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { fixedTensor, fixedValues, setFixedWeights } from '../testing/gradient-check.test-utils.js';
import { L1, L1L2, L2, getRegularizer, l1, l1l2, l2 } from './regularizers.js';

const VALUES = [0.5, -1.5, 2, 0, -0.25, 3];
const ABS_SUM = VALUES.reduce((a, v) => a + Math.abs(v), 0); // 7.25
const SQUARE_SUM = VALUES.reduce((a, v) => a + v * v, 0); // 15.8125

function penalty(regularizer: { apply(x: tf.Tensor): tf.Scalar }, values = VALUES): number {
  const x = tf.tensor2d(values, [2, 3]);
  const result = regularizer.apply(x);
  const value = result.dataSync()[0]!;
  tf.dispose([x, result]);
  return value;
}

describe('L1, L2, L1L2', () => {
  it('compute l1·Σ|x| and l2·Σx² (no ½ factor)', () => {
    expect(penalty(new L1({ l1: 0.3 }))).toBeCloseTo(0.3 * ABS_SUM, 5);
    expect(penalty(new L2({ l2: 0.2 }))).toBeCloseTo(0.2 * SQUARE_SUM, 5);
    expect(penalty(new L1L2({ l1: 0.3, l2: 0.2 }))).toBeCloseTo(0.3 * ABS_SUM + 0.2 * SQUARE_SUM, 5);
    expect(penalty(new L1L2())).toBe(0);
  });

  it('have Keras defaults: 0.01 for L1, L2 and the shorthands; 0 for the L1L2 class', () => {
    expect(new L1().getConfig()).toEqual({ l1: 0.01 });
    expect(new L2().getConfig()).toEqual({ l2: 0.01 });
    expect(new L1L2().getConfig()).toEqual({ l1: 0, l2: 0 });
    expect(new L1L2({ l2: 0.1 }).getConfig()).toEqual({ l1: 0, l2: 0.1 });
    expect(l1().getConfig()).toEqual({ l1: 0.01 });
    expect(l2(0.5).getConfig()).toEqual({ l2: 0.5 });
    expect(l1l2().getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    expect(l1l2({ l2: 0.3 }).getConfig()).toEqual({ l1: 0.01, l2: 0.3 });
    expect(penalty(l1l2())).toBeCloseTo(0.01 * ABS_SUM + 0.01 * SQUARE_SUM, 6);
  });

  it('reject negative or non-finite factors, naming the argument', () => {
    expect(() => new L1({ l1: -1 })).toThrow(/Regularizer l1 must be a non-negative number, got -1/);
    expect(() => new L2({ l2: Number.NaN })).toThrow(/Regularizer l2 must be a non-negative number, got NaN/);
    expect(() => new L1L2({ l1: Number.POSITIVE_INFINITY })).toThrow(/l1 must be a non-negative number/);
  });

  it('configs round-trip with their class names', () => {
    for (const regularizer of [new L1({ l1: 0.2 }), new L2({ l2: 0.4 }), new L1L2({ l1: 0.1, l2: 0.3 })]) {
      const restored = getRegularizer({ className: regularizer.className, config: regularizer.getConfig() as Record<string, number> }) as L1L2;
      expect(restored.constructor).toBe(regularizer.constructor);
      expect(restored.getConfig()).toEqual(regularizer.getConfig());
    }
  });

  it('leave no tensors behind', () => {
    const regularizers = [new L1(), new L2(), new L1L2({ l1: 1, l2: 1 })];
    const x = tf.tensor1d(VALUES);
    for (const regularizer of regularizers) regularizer.apply(x).dispose();
    const before = tf.memory().numTensors;
    for (const regularizer of regularizers) regularizer.apply(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('getRegularizer', () => {
  it('resolves names in any case with Keras defaults', () => {
    expect(getRegularizer('l1')).toBeInstanceOf(L1);
    expect(getRegularizer('L2')).toBeInstanceOf(L2);
    const both = getRegularizer('l1_l2') as L1L2;
    expect(both.getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    expect((getRegularizer('l1L2') as L1L2).getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
  });

  it('builds from { className, config } and passes instances through', () => {
    expect((getRegularizer({ className: 'L1L2', config: { l1: 0.2 } }) as L1L2).getConfig()).toEqual({ l1: 0.2, l2: 0 });
    expect((getRegularizer({ className: 'L2' }) as L2).getConfig()).toEqual({ l2: 0.01 });
    const instance = new L1({ l1: 0.7 });
    expect(getRegularizer(instance)).toBe(instance);
  });

  it('rejects unknown names and non-identifiers', () => {
    expect(() => getRegularizer('l3')).toThrow(/Unknown regularizer 'l3'. Valid regularizers: l1, l2, l1_l2/);
    expect(() => getRegularizer({ className: 'Dropout' })).toThrow(/Unknown regularizer 'Dropout'/);
    expect(() => getRegularizer(0.01 as never)).toThrow(/Cannot interpret regularizer 0.01: expected 'l1', 'l2', 'l1_l2'/);
  });
});

describe('regularized Dense in a model', () => {
  it('adds l2·Σw² (kernel) and l1·Σ|b| (bias) to the evaluated loss', async () => {
    const model = new Sequential([new Dense({ units: 2, inputShape: [3], kernelRegularizer: l2(0.05), biasRegularizer: new L1({ l1: 0.1 }) })]);
    const dense = model.layers[0]!;
    setFixedWeights(dense, 3, 0.8);
    const [kernelTensor, biasTensor] = dense.getWeights();
    const kernel = kernelTensor!.arraySync() as number[][];
    const bias = biasTensor!.arraySync() as number[];
    tf.dispose([kernelTensor!, biasTensor!]);
    const xs = [fixedValues(3, 21), fixedValues(3, 22), fixedValues(3, 23), fixedValues(3, 24)];
    const ys = [fixedValues(2, 31), fixedValues(2, 32), fixedValues(2, 33), fixedValues(2, 34)];
    let squaredError = 0;
    for (let n = 0; n < 4; n++) {
      for (let j = 0; j < 2; j++) {
        let prediction = bias[j]!;
        for (let i = 0; i < 3; i++) prediction += xs[n]![i]! * kernel[i]![j]!;
        squaredError += (prediction - ys[n]![j]!) ** 2;
      }
    }
    const mse = squaredError / 8;
    const kernelPenalty = 0.05 * kernel.flat().reduce((a, w) => a + w * w, 0);
    const biasPenalty = 0.1 * bias.reduce((a, b) => a + Math.abs(b), 0);
    expect(kernelPenalty).toBeGreaterThan(0.01);
    expect(biasPenalty).toBeGreaterThan(0.01);

    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.tensor2d(xs);
    const y = tf.tensor2d(ys);
    const loss = (await model.evaluate(x, y, { verbose: 0 })) as number;
    expect(loss).toBeCloseTo(mse + kernelPenalty + biasPenalty, 5);
    // Evaluating again must not change anything (and must not leak).
    const before = tf.memory().numTensors;
    expect((await model.evaluate(x, y, { verbose: 0 })) as number).toBeCloseTo(loss, 6);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('penalizes training: an L2-regularized kernel ends smaller than an unregularized one', async () => {
    const x = fixedTensor([16, 3], 41);
    const y = fixedTensor([16, 1], 42);
    const norms: number[] = [];
    for (const kernelRegularizer of [undefined, l2(1)]) {
      const model = new Sequential([new Dense({ units: 1, inputShape: [3], kernelRegularizer })]);
      setFixedWeights(model.layers[0]!, 5, 1);
      model.compile({ optimizer: 'sgd', loss: 'mse' });
      await model.fit(x, y, { epochs: 5, batchSize: 16, verbose: 0, shuffle: false });
      const weights = model.getWeights();
      norms.push(Array.from(weights[0]!.dataSync()).reduce((a, w) => a + w * w, 0));
      tf.dispose(weights);
      model.dispose();
    }
    expect(norms[1]).toBeLessThan(norms[0]!);
    tf.dispose([x, y]);
  });
});
