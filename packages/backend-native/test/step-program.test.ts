import * as tf from '@tensorflow/tfjs-core';
import { type Model, Sequential, setRandomSeed } from '@keras-ts/core';
import { BatchNormalization, Conv2D, Dense, Dropout, Embedding, Flatten, LSTM, MaxPooling2D } from '@keras-ts/layers';
import { Adam, RMSprop, SGD } from '@keras-ts/optimizers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nativeStatus } from '../src/index.js';
import { seeded } from './seeded.test-utils.js';

// On 'native' a compiled step's plan is recorded, at its first replay, into a program of addon calls
// over buffers laid out once (src/backend/step-program.ts). Later steps run that program. Each case
// trains a model eagerly and compiled from the same weights and batches and compares losses and
// weights step by step (the eager step is the reference: it never runs a program), then checks that
// the program was recorded and ran, and that no tensor leaked.

function labels(count: number, classes: number, seed: number): number[] {
  return Array.from({ length: count }, (_, i) => (i * 7 + seed) % classes);
}

interface Case {
  name: string;
  build(): Model;
  compile(model: Model, jitCompile: boolean): void;
  data(): [tf.Tensor, tf.Tensor];
  batchSize: number;
  /** Kernels the program runs the plan's way (their wrappers compute in JavaScript). */
  slowKernels?: string[];
}

const cases: Case[] = [
  {
    name: "seed 001's Fashion model, Adam, sparse crossentropy",
    build: () =>
      new Sequential([
        new Flatten({ inputShape: [28, 28] }),
        new Dense({ units: 4, activation: 'relu' }),
        new Dense({ units: 4, activation: 'relu' }),
        new Dense({ units: 10, activation: 'softmax' }),
      ]),
    compile: (model, jitCompile) => model.compile({ optimizer: new Adam(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'], jitCompile }),
    data: () => [tf.tensor3d(seeded(96 * 784, 11), [96, 28, 28]), tf.tensor1d(labels(96, 10, 1), 'int32')],
    batchSize: 32,
  },
  {
    name: 'a Dropout MLP, RMSprop, categorical crossentropy, top-k accuracy (masks fed per step)',
    build: () =>
      new Sequential([
        new Dense({ units: 64, activation: 'relu', inputShape: [40] }),
        new Dropout({ rate: 0.3 }),
        new Dense({ units: 32, activation: 'tanh' }),
        new Dense({ units: 5, activation: 'softmax' }),
      ]),
    compile: (model, jitCompile) =>
      model.compile({
        optimizer: new RMSprop({ learningRate: 0.01 }),
        loss: 'categoricalCrossentropy',
        metrics: ['accuracy', 'topKCategoricalAccuracy'],
        jitCompile,
      }),
    data: () => [tf.tensor2d(seeded(100 * 40, 12), [100, 40]), tf.tidy(() => tf.oneHot(tf.tensor1d(labels(100, 5, 2), 'int32'), 5))],
    batchSize: 16,
  },
  {
    name: 'Embedding + LSTM, SGD with momentum (gather, segment sums into zeroed arrays, whole-sequence kernels)',
    build: () =>
      new Sequential([new Embedding({ inputDim: 30, outputDim: 8, inputLength: 6 }), new LSTM({ units: 12 }), new Dense({ units: 3, activation: 'softmax' })]),
    compile: (model, jitCompile) =>
      model.compile({ optimizer: new SGD({ learningRate: 0.1, momentum: 0.9 }), loss: 'sparseCategoricalCrossentropy', jitCompile }),
    data: () => [
      tf.tensor2d(
        Array.from({ length: 64 * 6 }, (_, i) => (i * 13) % 30),
        [64, 6],
        'int32',
      ),
      tf.tensor1d(labels(64, 3, 3), 'int32'),
    ],
    batchSize: 16,
  },
  {
    name: 'Conv2D + MaxPooling2D + BatchNormalization + Dense, Adam',
    build: () =>
      new Sequential([
        new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [10, 10, 2] }),
        new MaxPooling2D({ poolSize: 2 }),
        new BatchNormalization(),
        new Flatten(),
        new Dense({ units: 3, activation: 'softmax' }),
      ]),
    compile: (model, jitCompile) => model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', jitCompile }),
    data: () => [tf.tensor4d(seeded(40 * 200, 14), [40, 10, 10, 2]), tf.tensor1d(labels(40, 3, 4), 'int32')],
    batchSize: 8,
  },
];

function relativeDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}

interface Trained {
  losses: number[];
  weights: Float32Array[];
  evaluation: number[];
  prediction: Float32Array;
  model: Model;
}

/**
 * Trains `steps` trainOnBatch steps over the batches in turn, then one fit epoch whose last batch is
 * partial, then evaluates and predicts. `readBetween` reads the first weight on the host every few
 * steps (which makes the weight's data visible to user code, so it can no longer be updated in place).
 */
async function train(spec: Case, jitCompile: boolean, steps: number, readBetween = false): Promise<Trained> {
  tf.util.assert(tf.getBackend() === 'native', () => 'the native backend is active');
  setRandomSeed(7);
  const model = spec.build();
  spec.compile(model, jitCompile);
  const current = model.getWeights();
  // Seeded values for the trainable weights; moving statistics keep their initial values.
  const trainable = new Set(model.trainableWeights.map((weight) => weight.name));
  const initial = current.map((weight, i) =>
    trainable.has(model.weights[i]!.name) ? tf.tensor(seeded(weight.size, 50 + i, 0.3), weight.shape) : weight.clone(),
  );
  model.setWeights(initial);
  tf.dispose([...current, ...initial]);
  const [x, y] = spec.data();
  const batches = Math.floor(x.shape[0] / spec.batchSize);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const start = (step % batches) * spec.batchSize;
    const [xb, yb] = [tf.slice(x, start, spec.batchSize), tf.slice(y, start, spec.batchSize)];
    const logs = await model.trainOnBatch(xb, yb);
    losses.push(Array.isArray(logs) ? logs[0]! : logs);
    tf.dispose([xb, yb]);
    if (readBetween && step % 3 === 1) model.weights[0]!.variable.dataSync();
  }
  const fitX = tf.slice(x, 0, x.shape[0] - 3);
  const fitY = tf.slice(y, 0, y.shape[0] - 3);
  const history = await model.fit(fitX, fitY, { epochs: 1, batchSize: spec.batchSize, shuffle: false, verbose: 0 });
  losses.push(history.history.loss![0] as number);
  const evaluated = await model.evaluate(x, y, { batchSize: spec.batchSize, verbose: 0 });
  const evaluation = Array.isArray(evaluated) ? evaluated : [evaluated];
  const predicted = model.predict(x, { batchSize: spec.batchSize }) as tf.Tensor;
  const prediction = predicted.dataSync().slice() as Float32Array;
  const final = model.getWeights();
  const weights = final.map((weight) => weight.dataSync().slice() as Float32Array);
  tf.dispose([x, y, fitX, fitY, predicted, ...final]);
  return { losses, weights, evaluation, prediction, model };
}

/** The first case's model compiled (jitCompile true), its data, and the data's first batch of 32. */
function firstCaseCompiled(): { model: Model; x: tf.Tensor; y: tf.Tensor; xb: tf.Tensor; yb: tf.Tensor } {
  const spec = cases[0]!;
  const model = spec.build();
  spec.compile(model, true);
  const [x, y] = spec.data();
  return { model, x, y, xb: tf.slice(x, 0, 32), yb: tf.slice(y, 0, 32) };
}

describe.skipIf(!nativeStatus.available)(`compiled step programs on 'native' (${nativeStatus.available ? 'addon built' : nativeStatus.reason})`, () => {
  beforeAll(async () => {
    await tf.setBackend('native');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(cases)('$name: the program runs and matches eager steps', async (spec) => {
    const eager = await train(spec, false, 24);
    eager.model.optimizer!.dispose();
    eager.model.dispose();
    const before = tf.memory().numTensors;
    const compiled = await train(spec, true, 24);
    const plans = compiled.model.compiledStepPlans();
    const train_ = plans.find((plan) => plan.signature.startsWith('train'))!;
    expect(train_.stats.program).toBe('recorded');
    expect(train_.stats.programStats!.calls).toBeGreaterThan(0);
    expect([...train_.stats.programStats!.slowKernels].sort()).toEqual([...(spec.slowKernels ?? [])].sort());
    // 24 trainOnBatch steps: two traced eagerly, one replay recording, the rest run the program
    // (plus the fit epoch's full batches on the same signature).
    expect(train_.stats.programRuns).toBeGreaterThanOrEqual(21);
    for (const plan of plans) expect(plan.stats.program, plan.signature).toBe('recorded');
    compiled.model.optimizer!.dispose();
    compiled.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    compiled.losses.forEach((loss, i) => {
      expect(Math.abs(loss - eager.losses[i]!) / Math.max(1, Math.abs(eager.losses[i]!)), `loss ${i}`).toBeLessThanOrEqual(1e-6);
    });
    compiled.weights.forEach((weight, i) => {
      expect(relativeDifference(weight, eager.weights[i]!), `weight ${i}`).toBeLessThanOrEqual(1e-6);
    });
    compiled.evaluation.forEach((value, i) => {
      expect(Math.abs(value - eager.evaluation[i]!), `evaluation ${i}`).toBeLessThanOrEqual(1e-6);
    });
    expect(relativeDifference(compiled.prediction, eager.prediction)).toBeLessThanOrEqual(1e-6);
  });

  it('declines a run whose variables user code can see, and the plan replays kernel by kernel instead', async () => {
    // A first layer large enough (100 KB) for the buffer pool, so that Adam updates it in place.
    const spec: Case = {
      ...cases[0]!,
      build: () =>
        new Sequential([new Flatten({ inputShape: [28, 28] }), new Dense({ units: 32, activation: 'relu' }), new Dense({ units: 10, activation: 'softmax' })]),
    };
    const eager = await train(spec, false, 24, true);
    eager.model.dispose();
    const compiled = await train(spec, true, 24, true);
    const train_ = compiled.model.compiledStepPlans().find((plan) => plan.signature.startsWith('train'))!;
    // Adam updates the first kernel in place; after each host read of it the next run declines.
    expect(train_.stats.program).toBe('recorded');
    expect(train_.stats.programRuns).toBeGreaterThan(5);
    expect(train_.stats.programRuns).toBeLessThan(21);
    compiled.model.dispose();
    compiled.weights.forEach((weight, i) => {
      expect(relativeDifference(weight, eager.weights[i]!), `weight ${i}`).toBeLessThanOrEqual(1e-6);
    });
    compiled.losses.forEach((loss, i) => {
      expect(Math.abs(loss - eager.losses[i]!), `loss ${i}`).toBeLessThanOrEqual(1e-6);
    });
  });

  it('updates every weight and slot in place, small ones included, and assigns none of them', async () => {
    // Seed 001's model: its biases and the last layers' kernels are below the buffer pool's size.
    const { model, x, y, xb, yb } = firstCaseCompiled();
    for (let step = 0; step < 5; step++) await model.trainOnBatch(xb, yb);
    const weights = model.trainableWeights.map((weight) => weight.variable);
    const optimizer = model.optimizer as Adam;
    const updated = [...weights, ...weights.flatMap((variable) => optimizer.slotsOf(variable) ?? [])];
    expect(updated).toHaveLength(18);
    // Reading them out makes their arrays public: the next step writes new ones, which are private.
    const before = updated.map((variable) => (variable.dataSync() as Float32Array).slice());
    await model.trainOnBatch(xb, yb);
    const ids = updated.map((variable) => variable.dataId);
    const assign = vi.spyOn(tf.Variable.prototype, 'assign');
    try {
      for (let step = 0; step < 3; step++) await model.trainOnBatch(xb, yb);
      // Only the metric trackers' scalars are assigned; the updated arrays are the ones they were.
      const assigned = new Set(assign.mock.contexts);
      for (const variable of updated) expect(assigned.has(variable), variable.name).toBe(false);
    } finally {
      assign.mockRestore();
    }
    updated.forEach((variable, i) => {
      expect(variable.dataId, variable.name).toBe(ids[i]);
      expect(variable.dataSync(), variable.name).not.toEqual(before[i]);
    });
    const train_ = model.compiledStepPlans().find((plan) => plan.signature.startsWith('train'))!;
    expect(train_.stats.programRuns).toBeGreaterThan(0);
    tf.dispose([x, y, xb, yb]);
    model.dispose();
  });

  it('keeps batch inputs untouched and hands out results that later runs do not overwrite', async () => {
    const { model, x, y, xb, yb } = firstCaseCompiled();
    const xBefore = xb.dataSync().slice();
    const first: tf.Tensor[] = [];
    for (let step = 0; step < 6; step++) first.push(model.predictOnBatch(xb) as tf.Tensor);
    const kept = first.map((tensor) => tensor.dataSync().slice());
    const predict = model.compiledStepPlans().find((plan) => plan.signature.startsWith('predict'));
    expect(predict?.stats.programRuns).toBe(3);
    for (let step = 0; step < 6; step++) await model.trainOnBatch(xb, yb);
    const after = model.predictOnBatch(xb) as tf.Tensor;
    // Every earlier prediction still holds what it held; the weights moved, so the new one differs.
    first.forEach((tensor, i) => {
      expect(tensor.dataSync()).toEqual(kept[i]);
    });
    expect(relativeDifference(after.dataSync() as Float32Array, kept[0] as Float32Array)).toBeGreaterThan(0);
    expect(xb.dataSync()).toEqual(xBefore);
    tf.dispose([x, y, xb, yb, after, ...first]);
    model.dispose();
  });
});
