import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { DistributedError, ValueError } from '@keras-ts/common';
import { SGD } from '@keras-ts/optimizers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetNameCounters } from '../engine/naming.js';
import { Sequential } from '../models/sequential.js';
import { setRandomSeed } from '../random/seed.js';
import { TestDense } from '../testing/layers.test-utils.js';
import { allReduceSum } from './all-reduce-sum.js';
import { allReduceTensors } from './data-parallel.js';
import { type Distribution, setDistribution } from './distribution.js';

/**
 * Rank 0 of a world of 2 whose other rank always holds what this one does: every sum is twice
 * the local vector. `hostCalls` counts the host all-reduces (the kernel's), `tensorCalls` the
 * tensor ones.
 */
function twins(options: { host: boolean }): Distribution & { hostCalls: number; tensorCalls: number } {
  const distribution = {
    rank: 0,
    worldSize: 2,
    hostCalls: 0,
    tensorCalls: 0,
    allReduceSum: (values: tf.Tensor1D) => {
      distribution.tensorCalls++;
      return tf.mul(values, 2) as tf.Tensor1D;
    },
    broadcast: (values: tf.Tensor1D) => tf.clone(values),
    allGather: (values: tf.Tensor1D) => tf.concat([values, values]) as tf.Tensor1D,
    ...(options.host
      ? {
          allReduceSumValues: (values: Float32Array) => {
            distribution.hostCalls++;
            return values.map((value) => value * 2);
          },
        }
      : {}),
  };
  return distribution;
}

describe('allReduceSum (the KerasAllReduceSum kernel)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => setDistribution(undefined));

  it("sums through the active distribution's host all-reduce, leaving its input and no tensor behind", () => {
    const distribution = twins({ host: true });
    setDistribution(distribution);
    const x = tf.tensor1d([1, -2.5, 3e-8]);
    const before = tf.memory().numTensors;
    const sum = allReduceSum(x);
    expect(Array.from(sum.dataSync())).toEqual(Array.from(Float32Array.of(2, -5, 6e-8)));
    expect(Array.from(x.dataSync())).toEqual(Array.from(Float32Array.of(1, -2.5, 3e-8)));
    expect(sum.shape).toEqual([3]);
    expect(distribution.hostCalls).toBe(1);
    sum.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('gives allReduceTensors the same values as the tensor all-reduce, bit for bit', () => {
    const tensors = () => [tf.tensor2d([0.1, 0.2, 0.3, 0.7], [2, 2]), tf.tensor1d([5, -3], 'int32'), tf.scalar(1 / 3)];
    const reduce = (distribution: Distribution) => {
      setDistribution(distribution);
      const inputs = tensors();
      const before = tf.memory().numTensors;
      const reduced = tf.tidy(() => allReduceTensors(distribution, inputs, 1 / 7));
      const result = reduced.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));
      tf.dispose(reduced);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(inputs);
      return result;
    };
    const host = twins({ host: true });
    const viaKernel = reduce(host);
    const viaTensors = reduce(twins({ host: false }));
    expect(host.hostCalls).toBe(1);
    expect(host.tensorCalls).toBe(0);
    expect(viaKernel).toEqual(viaTensors);
    expect(viaKernel.map((t) => t.dtype)).toEqual(['float32', 'int32', 'float32']);
  });

  it('refuses to run without a distribution that has a host all-reduce, and refuses other than float32 vectors', () => {
    const x = tf.tensor1d([1, 2]);
    expect(() => allReduceSum(x)).toThrow(DistributedError);
    expect(() => allReduceSum(x)).toThrow(/needs an active distribution over more than one process that implements allReduceSumValues, found none/);
    setDistribution({ ...twins({ host: true }), worldSize: 1 });
    // A world of one is no distribution.
    expect(() => allReduceSum(x)).toThrow(/found none/);
    setDistribution(twins({ host: false }));
    expect(() => allReduceSum(x)).toThrow(/found one without it/);
    setDistribution(twins({ host: true }));
    const ints = tf.tensor1d([1, 2], 'int32');
    expect(() => allReduceSum(ints as tf.Tensor1D)).toThrow(ValueError);
    expect(() => allReduceSum(ints as tf.Tensor1D)).toThrow(
      'KerasAllReduceSum sums a float32 vector, got a int32 tensor of shape [2]. Cast and flatten it first.',
    );
    tf.dispose([x, ints]);
  });
});

describe('compiled data-parallel steps', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(() => setDistribution(undefined));

  async function train(jitCompile: boolean, distribution: ReturnType<typeof twins>) {
    setDistribution(distribution);
    setRandomSeed(3);
    resetNameCounters();
    const model = new Sequential([new TestDense({ units: 8, inputShape: [6], activation: 'relu' }), new TestDense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1, momentum: 0.9 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'], jitCompile });
    // 40 rows in batches of 16: two full batches and a last one of 8 (4 rows per rank).
    const x = tf.tensor2d(
      Array.from({ length: 40 * 6 }, (_, i) => Math.sin(0.37 * i + 0.1)),
      [40, 6],
    );
    const y = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: 40 }, (_, i) => (i * 7) % 3),
        'int32',
      ),
      3,
    );
    await model.fit(x, y, { batchSize: 16, epochs: 2, verbose: 0, shuffle: false });
    const tensorsBefore = tf.memory().numTensors;
    const history = await model.fit(x, y, { batchSize: 16, epochs: 6, verbose: 0, shuffle: false, validationData: [x, y] });
    const evaluation = await model.evaluate(x, y, { batchSize: 20, verbose: 0 });
    const leaked = tf.memory().numTensors - tensorsBefore;
    const weights = model.getWeights().map((w) => {
      const values = Array.from(w.dataSync());
      w.dispose();
      return values;
    });
    const plans = model.compiledStepPlans();
    tf.dispose([x, y]);
    model.dispose();
    return { weights, history: history.history, evaluation, leaked, plans };
  }

  it('replays the all-reduce kernel every step and trains exactly as the eager steps', async () => {
    const eagerWorld = twins({ host: true });
    const eager = await train(false, eagerWorld);
    const compiledWorld = twins({ host: true });
    const compiled = await train(true, compiledWorld);
    expect(compiled.weights).toEqual(eager.weights);
    expect(compiled.history).toEqual(eager.history);
    expect(compiled.evaluation).toEqual(eager.evaluation);
    // One all-reduce per train and test step, replayed or not (plus none of the tensor kind).
    expect(compiledWorld.hostCalls).toBe(eagerWorld.hostCalls);
    expect(compiledWorld.tensorCalls).toBe(0);
    // Train steps of 16 and 8 rows, test steps of 16, 8 and 20 rows, all compiled, each with one all-reduce.
    expect(compiled.plans.length).toBeGreaterThanOrEqual(4);
    for (const { signature, stats } of compiled.plans) {
      expect(signature).toContain('|0/2|');
      expect(stats.replayedByName.KerasAllReduceSum, signature).toBe(1);
    }
    expect(eager.leaked).toBe(0);
    expect(compiled.leaked).toBe(0);
  });

  it('keeps the steps of a distribution without a host all-reduce correct: its tensor ops are traced like any others', async () => {
    const eager = await train(false, twins({ host: false }));
    const compiled = await train(true, twins({ host: false }));
    expect(compiled.weights).toEqual(eager.weights);
    expect(compiled.history).toEqual(eager.history);
    expect(compiled.leaked).toBe(0);
  });
});
