import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { ExponentialDecay } from '../schedules/exponential-decay.js';
import { PiecewiseConstantDecay } from '../schedules/piecewise-constant-decay.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import type { Optimizer } from './base.js';
import { Ftrl } from './ftrl.js';
import { Lion } from './lion.js';
import { Nadam } from './nadam.js';
import { expectClose, expectNoLeak, gradientSteps, initialWeights, runSteps } from './optimizer.test-utils.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

/** One of each optimizer, configured so that every optional slot and feature is in use. */
function everyOptimizer(): Optimizer[] {
  return [
    new SGD({ momentum: 0.9, nesterov: true, clipnorm: 1 }),
    new RMSprop({ momentum: 0.5, centered: true, globalClipnorm: 1 }),
    new Adam({ amsgrad: true, clipvalue: 0.5, weightDecay: 0.01 }),
    new AdamW({ learningRate: new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 }) }),
    new Adagrad({ decay: 0.01 }),
    new Adadelta(),
    new Adamax(),
    new Nadam(),
    new Lion(),
    new Ftrl({ l1RegularizationStrength: 0.1, l2ShrinkageRegularizationStrength: 0.1 }),
  ];
}

describe('Optimizer (shared behaviour)', () => {
  it('leaks no tensors per step once the slots exist, inside or outside tf.tidy', () => {
    for (const optimizer of everyOptimizer()) {
      const variables = [tf.variable(tf.ones([3, 2])), tf.variable(tf.ones([2]))];
      const gradients = [tf.fill([3, 2], 0.3), tf.tensor1d([0.2, -0.4])];
      const pairs = gradients.map((gradient, index) => [gradient, variables[index]!] as const);
      tf.tidy(() => optimizer.applyGradients(pairs));
      // The update stays on the backend: no host reads while stepping.
      const reads = ['dataSync', 'arraySync', 'data', 'array'] as const;
      const spies = reads.map((method) => vi.spyOn(tf.Tensor.prototype, method));
      expectNoLeak(() => {
        tf.tidy(() => optimizer.applyGradients(pairs));
        optimizer.applyGradients(pairs);
        optimizer.learningRate;
      });
      spies.forEach((spy) => {
        expect(spy).not.toHaveBeenCalled();
        spy.mockRestore();
      });
      expect(optimizer.iterations).toBe(3);
      const weights = optimizer.getWeights();
      const slotCount = weights.length - 1;
      tf.dispose(weights);
      const before = tf.memory().numTensors;
      optimizer.dispose();
      expect(tf.memory().numTensors).toBe(before - slotCount);
      tf.dispose([...variables, ...gradients]);
    }
  });

  it('creates non-trainable slot variables with unique names', () => {
    const variable = tf.variable(tf.ones([2]), true, 'shared/kernel');
    const gradient = tf.ones([2]);
    const first = new Adam();
    const second = new Adam();
    first.applyGradients([[gradient, variable]]);
    second.applyGradients([[gradient, variable]]);
    const slotNames = Object.keys(tf.engine().registeredVariables).filter((name) => name.startsWith('adam/'));
    expect(slotNames.sort()).toEqual([
      'adam/shared/kernel/momentum',
      'adam/shared/kernel/momentum_1',
      'adam/shared/kernel/velocity',
      'adam/shared/kernel/velocity_1',
    ]);
    for (const name of slotNames) expect(tf.engine().registeredVariables[name]!.trainable).toBe(false);
    first.dispose();
    second.dispose();
    tf.dispose([variable, gradient]);
  });

  it('skips variables whose gradient is null or undefined, and throws when none has one', () => {
    const optimizer = new SGD({ learningRate: 0.5 });
    const a = tf.variable(tf.ones([2]), true, 'skip/a');
    const b = tf.variable(tf.ones([2]), true, 'skip/b');
    const gradient = tf.ones([2]);
    optimizer.applyGradients([
      [null, a],
      [gradient, b],
      [undefined, a],
    ]);
    expect(Array.from(a.dataSync())).toEqual([1, 1]);
    expect(Array.from(b.dataSync())).toEqual([0.5, 0.5]);
    expect(() => optimizer.applyGradients([[null, a]])).toThrow(/no gradient was provided for any variable \('skip\/a'\)/);
    expect(optimizer.iterations).toBe(1);
    tf.dispose([a, b, gradient]);
  });

  it('rejects a gradient whose shape differs from its variable before changing anything', () => {
    const optimizer = new Adam();
    const variable = tf.variable(tf.ones([2, 2]), true, 'shape/kernel');
    const gradient = tf.ones([4]);
    expect(() => optimizer.applyGradients([[gradient, variable]])).toThrow(
      /gradient for variable 'shape\/kernel' has shape \[4\] but the variable has shape \[2,2\]/,
    );
    expect(optimizer.iterations).toBe(0);
    expect(optimizer.getWeights().length).toBe(1);
    tf.dispose([variable, gradient]);
  });

  it('applies decoupled weight decay before the update, except to excluded variables', () => {
    const optimizer = new SGD({ learningRate: 0.1, weightDecay: 0.5 });
    const kernel = tf.variable(tf.tensor1d([2, -4]), true, 'decay/kernel');
    const bias = tf.variable(tf.tensor1d([2, -4]), true, 'decay/bias');
    const pinned = tf.variable(tf.tensor1d([2, -4]), true, 'decay/pinned');
    const gradient = tf.tensor1d([1, 1]);
    optimizer.excludeFromWeightDecay(['bias', pinned]);
    optimizer.applyGradients([kernel, bias, pinned].map((variable) => [gradient, variable] as const));
    // kernel: w - w * 0.5 * 0.1 - 0.1 * g; the excluded ones only take the gradient step.
    const expectValues = (variable: tf.Variable, expected: number[]) =>
      Array.from(variable.dataSync()).forEach((value, index) => {
        expect(value).toBeCloseTo(expected[index]!, 6);
      });
    expectValues(kernel, [2 - 2 * 0.05 - 0.1, -4 + 4 * 0.05 - 0.1]);
    expectValues(bias, [1.9, -4.1]);
    expectValues(pinned, [1.9, -4.1]);
    tf.dispose([kernel, bias, pinned, gradient]);
  });

  it('evaluates a schedule at iterations before each step, and the setter replaces rate or schedule', () => {
    const schedule = new PiecewiseConstantDecay({ boundaries: [0, 1], values: [0.5, 0.2, 0.1] });
    const optimizer = new SGD({ learningRate: schedule });
    expect(optimizer.learningRate).toBe(0.5);
    // Steps use rates 0.5 (step 0), 0.2 (step 1), 0.1 (step 2).
    const expected = [0.5, 0.2, 0.1].reduce<number[][]>((rows, rate, step) => {
      const previous = rows[step - 1] ?? initialWeights;
      rows.push(previous.map((w, i) => w - rate * gradientSteps[step]![i]!));
      return rows;
    }, []);
    const probe = new SGD({ learningRate: schedule });
    expectClose(runSteps(probe), expected);

    optimizer.learningRate = 0.05;
    expect(optimizer.learningRate).toBe(0.05);
    expect(optimizer.getConfig()['learningRate']).toBe(0.05);
    optimizer.learningRate = new ExponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 });
    optimizer.iterations = 3;
    expect(optimizer.learningRate).toBeCloseTo(0.125, 12);
    expect(() => {
      optimizer.learningRate = Number.NaN;
    }).toThrow(/SGD: `learningRate` must be a finite number, got NaN/);
  });

  it('reports the legacy-decayed rate as currentLearningRate and keeps learningRate undecayed', () => {
    const optimizer = new SGD({ learningRate: 0.1, decay: 0.5 });
    optimizer.iterations = 2;
    expect(optimizer.learningRate).toBeCloseTo(0.1, 12);
    expect(optimizer.currentLearningRate).toBeCloseTo(0.1 / (1 + 0.5 * 2), 12);
  });
});

function makeVariables(prefix: string): tf.Variable[] {
  return [
    tf.variable(
      tf.tensor2d([
        [1, -2],
        [3, 0.5],
      ]),
      true,
      `${prefix}/kernel`,
    ),
    tf.variable(tf.tensor1d([0.1, -0.3]), true, `${prefix}/bias`),
  ];
}

function step(optimizer: Adam | RMSprop | SGD, variables: tf.Variable[], scale: number): void {
  tf.tidy(() => {
    optimizer.applyGradients(variables.map((variable) => [tf.mul(tf.add(variable, 0.25), scale), variable] as const));
  });
}

describe('getWeights / setWeights', () => {
  it('lists iterations then the slots, and restoring them reproduces the next step exactly', () => {
    const original = new Adam({ learningRate: 0.1, amsgrad: true });
    const variables = makeVariables('round-trip-a');
    step(original, variables, 1);
    step(original, variables, -0.5);
    const state = original.getWeights();
    expect(state.length).toBe(1 + 3 * 2);
    expect(state[0]!.dtype).toBe('int32');
    expect(state[0]!.dataSync()[0]).toBe(2);
    expect(state.slice(1).map((weight) => weight.shape)).toEqual([[2, 2], [2], [2, 2], [2], [2, 2], [2]]);

    const copies = variables.map((variable, index) => tf.variable(tf.clone(variable), true, `round-trip-b/${index}`));
    const restored = new Adam({ learningRate: 0.1, amsgrad: true });
    restored.build(copies);
    restored.setWeights(state);
    expect(restored.iterations).toBe(2);

    step(original, variables, 0.75);
    step(restored, copies, 0.75);
    variables.forEach((variable, index) => {
      expect(Array.from(copies[index]!.dataSync())).toEqual(Array.from(variable.dataSync()));
    });
    tf.dispose([...state, ...variables, ...copies]);
    original.dispose();
    restored.dispose();
  });

  it('restores state given before the first step when the slots are created', () => {
    const original = new RMSprop({ momentum: 0.5, centered: true });
    const variables = makeVariables('deferred-a');
    step(original, variables, 1);
    const state = original.getWeights();
    const copies = variables.map((variable, index) => tf.variable(tf.clone(variable), true, `deferred-b/${index}`));
    const restored = new RMSprop({ momentum: 0.5, centered: true });
    restored.setWeights(state);
    step(original, variables, 2);
    step(restored, copies, 2);
    variables.forEach((variable, index) => {
      expect(Array.from(copies[index]!.dataSync())).toEqual(Array.from(variable.dataSync()));
    });
    tf.dispose([...state, ...variables, ...copies]);
    original.dispose();
    restored.dispose();
  });

  it('rejects a wrong count or shape with a clear message and changes nothing', () => {
    const optimizer = new SGD({ momentum: 0.9 });
    const variables = makeVariables('mismatch');
    step(optimizer, variables, 1);
    const good = optimizer.getWeights();
    expect(() => optimizer.setWeights(good.slice(0, 2))).toThrow(/SGD 'SGD'.setWeights: expected 3 weights \(iterations and 2 slot variables\), got 2/);
    const wrongShape = [tf.scalar(7, 'int32'), tf.zeros([2, 2]), tf.zeros([3])];
    expect(() => optimizer.setWeights(wrongShape)).toThrow(/weight 2 \(slot 'SGD\/mismatch\/bias\/momentum'\) must have shape \[2\], got \[3\]/);
    expect(optimizer.iterations).toBe(1);
    expect(() => optimizer.setWeights([])).toThrow(/expected the first weight to be the iteration count/);
    tf.dispose([...good, ...wrongShape, ...variables]);
    optimizer.dispose();
  });

  it('reports a deferred mismatch on the first step, before any variable changes', () => {
    const optimizer = new Adam();
    const variables = makeVariables('deferred-mismatch');
    const state = [tf.scalar(4, 'int32'), tf.zeros([2, 2])];
    optimizer.setWeights(state);
    const before = variables.map((variable) => Array.from(variable.dataSync()));
    expect(() => step(optimizer, variables, 1)).toThrow(/expected 5 weights \(iterations and 4 slot variables\), got 2/);
    variables.forEach((variable, index) => {
      expect(Array.from(variable.dataSync())).toEqual(before[index]);
    });
    tf.dispose([...state, ...variables]);
    optimizer.dispose();
  });
});
