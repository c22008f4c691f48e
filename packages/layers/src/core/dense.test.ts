import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Input, Sequential, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { LSTM } from '../recurrent/lstm.js';
import { L1, l2 } from '../regularizers/regularizers.js';
import { expectClose, expectLayerGradientsMatch, fixedTensor, fixedValues, setFixedWeights } from '../testing/gradient-check.test-utils.js';
import { Dense } from './dense.js';

/** activation(x·W + b) by explicit loops over a [n, in] input. */
function referenceDense(x: number[][], kernel: number[][], bias: number[] | null, activation: (v: number) => number): number[][] {
  return x.map((row) =>
    kernel[0]!.map((_, j) => {
      let sum = bias ? bias[j]! : 0;
      for (let i = 0; i < row.length; i++) sum += row[i]! * kernel[i]![j]!;
      return activation(sum);
    }),
  );
}

/** The layer's kernel and bias as arrays. */
function weightsOf(layer: Dense): { kernel: number[][]; bias: number[] | null } {
  const weights = layer.getWeights();
  const kernel = weights[0]!.arraySync() as number[][];
  const bias = weights[1] ? (weights[1].arraySync() as number[]) : null;
  tf.dispose(weights);
  return { kernel, bias };
}

const ACTIVATIONS: [string, (v: number) => number][] = [
  ['relu', (v) => Math.max(v, 0)], // fused matMul path
  ['linear', (v) => v], // fused matMul path
  ['tanh', Math.tanh], // separate matMul + add + activation
  ['sigmoid', (v) => 1 / (1 + Math.exp(-v))],
];

describe('Dense', () => {
  it.each(ACTIVATIONS)('computes %s(x·W + b) for rank-2 and rank-3 inputs', (activation, formula) => {
    const layer = new Dense({ units: 3, activation });
    const x2 = fixedTensor([4, 5], 1, 2);
    layer.apply(x2);
    setFixedWeights(layer, 7, 0.8);
    const { kernel, bias } = weightsOf(layer);
    expect(bias!.some((b) => b !== 0)).toBe(true);

    const before = tf.memory().numTensors;
    const y2 = layer.apply(x2) as tf.Tensor;
    expect(y2.shape).toEqual([4, 3]);
    expectClose(y2, referenceDense(x2.arraySync() as number[][], kernel, bias, formula).flat());
    y2.dispose();
    expect(tf.memory().numTensors).toBe(before);

    // Rank 3: the kernel applies to the last axis of every [batch, time] position.
    const x3 = fixedTensor([2, 3, 5], 2, 2);
    const rows = (x3.arraySync() as number[][][]).flat();
    const beforeRank3 = tf.memory().numTensors;
    const y3 = layer.apply(x3) as tf.Tensor;
    expect(y3.shape).toEqual([2, 3, 3]);
    expectClose(y3, referenceDense(rows, kernel, bias, formula).flat());
    y3.dispose();
    expect(tf.memory().numTensors).toBe(beforeRank3);
    tf.dispose([x2, x3]);
    layer.dispose();
  });

  it('without bias computes activation(x·W) and has only a kernel', () => {
    const layer = new Dense({ units: 2, useBias: false, activation: 'tanh' });
    const x = fixedTensor([3, 4], 3, 2);
    layer.apply(x);
    expect(layer.weights.map((w) => w.name)).toEqual([`${layer.name}/kernel`]);
    expect(layer.countParams()).toBe(8);
    setFixedWeights(layer, 5, 0.7);
    const { kernel } = weightsOf(layer);
    const y = layer.apply(x) as tf.Tensor;
    expectClose(y, referenceDense(x.arraySync() as number[][], kernel, null, Math.tanh).flat());
    tf.dispose([x, y]);
  });

  it.each([['relu'], ['tanh'], ['linear']])('gradients (%s) w.r.t. input, kernel and bias match central differences', (activation) => {
    for (const shape of [
      [3, 4],
      [2, 2, 4],
    ]) {
      const layer = new Dense({ units: 3, activation });
      const x = fixedTensor(shape, 4, 1.5);
      layer.apply(x);
      setFixedWeights(layer, 9, 0.6);
      expectLayerGradientsMatch(layer, x);
      x.dispose();
      layer.dispose();
    }
  });

  it('counts parameters (units·inputDim + units) and computes output shapes', () => {
    const layer = new Dense({ units: 5, inputShape: [3] });
    const model = new Sequential([layer]);
    expect(layer.countParams()).toBe(20);
    expect(model.outputs[0]!.shape).toEqual([null, 5]);
    expect(layer.computeOutputShape([null, 7, 3])).toEqual([null, 7, 5]);
    const sequenceOutput = new Dense({ units: 6 }).apply(Input({ shape: [10, 3] }));
    expect((sequenceOutput as { shape: unknown }).shape).toEqual([null, 10, 6]);
    // Keras defaults.
    const config = new Dense({ units: 1 }).getConfig();
    expect(config).toMatchObject({
      activation: 'linear',
      useBias: true,
      kernelInitializer: { className: 'GlorotUniform', config: {} },
      biasInitializer: { className: 'Zeros', config: {} },
      kernelRegularizer: null,
      kernelConstraint: null,
    });
    model.dispose();
  });

  it('getConfig → deserializeLayer gives an equal config and an equal function', () => {
    const layer = new Dense({
      units: 3,
      activation: 'hard_sigmoid',
      useBias: true,
      kernelInitializer: { className: 'VarianceScaling', config: { scale: 2, mode: 'fanOut', distribution: 'uniform', seed: 3 } },
      biasInitializer: { className: 'Constant', config: { value: 0.5 } },
      kernelRegularizer: l2(0.02),
      biasRegularizer: new L1({ l1: 0.03 }),
      activityRegularizer: 'l1_l2',
      kernelConstraint: 'maxNorm',
      biasConstraint: { className: 'NonNeg' },
      inputShape: [4],
      dtype: 'float32',
    });
    const config = layer.getConfig();
    expect(config).toMatchObject({
      units: 3,
      activation: 'hard_sigmoid',
      kernelInitializer: { className: 'VarianceScaling', config: { scale: 2, mode: 'fan_out', distribution: 'uniform', seed: 3 } },
      biasInitializer: { className: 'Constant', config: { value: 0.5 } },
      kernelRegularizer: { className: 'L2', config: { l2: 0.02 } },
      biasRegularizer: { className: 'L1', config: { l1: 0.03 } },
      activityRegularizer: { className: 'L1L2', config: { l1: 0.01, l2: 0.01 } },
      kernelConstraint: { className: 'MaxNorm', config: { maxValue: 2, axis: 0 } },
      biasConstraint: { className: 'NonNeg', config: {} },
      batchInputShape: [null, 4],
    });
    const restored = deserializeLayer({ className: 'Dense', config: JSON.parse(JSON.stringify(config)) }) as Dense;
    expect(restored).toBeInstanceOf(Dense);
    expect(restored.getConfig()).toEqual(config);
    // Seeded initializers and the same maths: identical outputs.
    const x = fixedTensor([2, 4], 6);
    const [a, b] = [layer.apply(x) as tf.Tensor, restored.apply(x) as tf.Tensor];
    expectClose(b, a.dataSync(), 0);
    tf.dispose([x, a, b]);
  });

  it('rejects bad units, naming the argument', () => {
    for (const units of [0, -2, 2.5, Number.NaN, undefined]) {
      expect(() => new Dense({ units } as never)).toThrow(/Dense: `units` must be a positive integer, got /);
    }
    expect(() => new Dense({ units: 2, activation: 'rleu' })).toThrow(/Unknown activation 'rleu'. Valid activations: relu/);
  });

  it('rejects inputs whose last dimension differs from the kernel, naming the layer, the expected size and the fix', () => {
    const layer = new Dense({ units: 2, name: 'classifier' });
    const good = tf.zeros([1, 6]);
    (layer.apply(good) as tf.Tensor).dispose();
    const image = tf.zeros([2, 2, 3]);
    expect(() => layer.apply(image)).toThrow(/Dense 'classifier' expects inputs with last dimension 6, got shape \[2, 2, 3\]. Add a Flatten layer before it./);
    const narrow = tf.zeros([2, 5]);
    expect(() => layer.apply(narrow)).toThrow(/Dense 'classifier' expects inputs with last dimension 6, got shape \[2, 5\]. Give it inputs with 6 features/);
    expect(() => layer.apply(tf.zeros([6]))).toThrow(/Dense 'classifier' expects inputs of rank ≥ 2/);
    // Symbolic inputs are checked the same way.
    expect(() => layer.apply(Input({ shape: [5] }))).toThrow(/Dense 'classifier' expects inputs with last dimension 6, got shape \[null, 5\]/);
    tf.dispose([good, image, narrow]);
  });

  it('adds its activity penalty (on the output, not divided by the batch size) to the evaluated loss', async () => {
    const model = new Sequential([new Dense({ units: 2, inputShape: [3], activation: 'tanh', activityRegularizer: l2(0.1) })]);
    const dense = model.layers[0] as Dense;
    setFixedWeights(dense, 11, 0.9);
    const { kernel, bias } = weightsOf(dense);
    const xs = [0, 1, 2, 3, 4].map((n) => fixedValues(3, 50 + n));
    const ys = [0, 1, 2, 3, 4].map((n) => fixedValues(2, 60 + n));
    const outputs = referenceDense(xs, kernel, bias, Math.tanh);
    const mse = outputs.flat().reduce((a, o, k) => a + (o - ys.flat()[k]!) ** 2, 0) / 10;
    const activity = 0.1 * outputs.flat().reduce((a, o) => a + o * o, 0);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tf.tensor2d(xs);
    const y = tf.tensor2d(ys);
    await model.evaluate(x, y, { verbose: 0 });
    const before = tf.memory().numTensors;
    const loss = (await model.evaluate(x, y, { verbose: 0, batchSize: 8 })) as number;
    expect(tf.memory().numTensors).toBe(before);
    expect(loss).toBeCloseTo(mse + activity, 5);
    // The penalty also reaches training (fit runs without a disposed-tensor error and lowers the total).
    const history = await model.fit(x, y, { epochs: 3, batchSize: 5, verbose: 0 });
    expect(history.history.loss![2]).toBeLessThan(history.history.loss![0]!);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('Sequential compatibility at add', () => {
  it('adding an LSTM after a Dense (rank 2, LSTM needs rank 3) throws naming the layer; the model stays usable', () => {
    const model = new Sequential([new Dense({ units: 4, inputShape: [3], name: 'hidden' })]);
    const lstm = new LSTM({ units: 2, name: 'recurrent' });
    expect(() => model.add(lstm)).toThrow(/LSTM 'recurrent' expects inputs of rank 3.*got shape \(None, 4\)/);
    expect(model.layers.map((layer) => layer.name)).toEqual(['hidden']);
    model.add(new Dense({ units: 1, name: 'head' }));
    expect(model.layers.map((layer) => layer.name)).toEqual(['hidden', 'head']);
    const x = fixedTensor([2, 3], 8);
    const y = model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 1]);
    tf.dispose([x, y]);
    model.dispose();
  });
});
