import '@tensorflow/tfjs-backend-cpu';
import '@keras-ts/tfjs-gradients';
import * as tf from '@tensorflow/tfjs-core';
import { fusedGRUSequence, fusedGRUSequenceGrad, fusedLSTMSequence, fusedLSTMSequenceGrad } from '@keras-ts/backend-kit';
import { Input, Model, Sequential } from '@keras-ts/core';
import { Bidirectional, Dense, Embedding, GRU, LSTM } from '@keras-ts/layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeStatus } from '../src/index.js';
import { seeded } from '../src/kernels/kernels.test-utils.js';

// @keras-ts/layers' LSTM and GRU run as the whole-sequence kernels on 'native'. Each model is
// trained for a few steps twice on 'native': once with the fused kernels, once with them
// unregistered (the layers' per-step op chain); losses, outputs and trained weights must agree.

const fusedKernels = [fusedLSTMSequence, fusedLSTMSequenceGrad, fusedGRUSequence, fusedGRUSequenceGrad].map((op) => op.kernelName);

/** Counts the calls of the fused kernels while `body` runs, by wrapping their registrations. */
async function withCounts<T>(body: () => Promise<T>): Promise<{ result: T; counts: Record<string, number> }> {
  const counts: Record<string, number> = {};
  const configs = fusedKernels.map((name) => tf.getKernel(name, 'native')!);
  for (const config of configs) {
    tf.unregisterKernel(config.kernelName, 'native');
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        counts[config.kernelName] = (counts[config.kernelName] ?? 0) + 1;
        return config.kernelFunc(args);
      },
    });
  }
  try {
    return { result: await body(), counts };
  } finally {
    for (const config of configs) {
      tf.unregisterKernel(config.kernelName, 'native');
      tf.registerKernel(config);
    }
  }
}

/** Runs `body` with the fused kernels unregistered on 'native', so the layers take their per-step path. */
async function unfused<T>(body: () => Promise<T>): Promise<T> {
  const configs = fusedKernels.map((name) => tf.getKernel(name, 'native')!);
  for (const config of configs) tf.unregisterKernel(config.kernelName, 'native');
  try {
    return await body();
  } finally {
    for (const config of configs) tf.registerKernel(config);
  }
}

/** Host copies of a model's or layer's weights (getWeights returns copies, freed here). */
function weightValues(owner: { getWeights(): tf.Tensor[] }): Float32Array[] {
  const weights = owner.getWeights();
  const values = weights.map((w) => w.dataSync().slice() as Float32Array);
  tf.dispose(weights);
  return values;
}

/** Sets seeded weights of the owner's shapes, drawn from `seed` on. */
function seedWeights(owner: { getWeights(): tf.Tensor[]; setWeights(weights: tf.Tensor[]): void }, seed: number, scale: number): void {
  const shapes = owner.getWeights();
  const initial = shapes.map((w, i) => tf.tensor(seeded(w.size, seed + i, scale), w.shape));
  owner.setWeights(initial);
  tf.dispose([...shapes, ...initial]);
}

interface Trained {
  losses: number[];
  weights: Float32Array[];
  prediction: Float32Array;
}

/** Sets seeded weights, trains `steps` batches and predicts once; frees everything it made. */
async function train(build: () => Model, x: tf.Tensor, y: tf.Tensor, steps = 3): Promise<Trained> {
  const model = build();
  model.compile({ optimizer: 'adam', loss: 'mse' });
  seedWeights(model, 300, 0.4);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = await model.trainOnBatch(x, y);
    losses.push(Array.isArray(loss) ? loss[0]! : loss);
  }
  const predicted = model.predict(x, { batchSize: x.shape[0] }) as tf.Tensor;
  const trained = {
    losses,
    weights: weightValues(model),
    prediction: predicted.dataSync().slice() as Float32Array,
  };
  predicted.dispose();
  model.optimizer?.dispose();
  model.dispose();
  return trained;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  expect(worst, label).toBeLessThanOrEqual(tolerance);
}

function expectSameTraining(fused: Trained, reference: Trained): void {
  expectClose(fused.losses, reference.losses, 1e-6, 'losses');
  fused.weights.forEach((weight, i) => expectClose(weight, reference.weights[i]!, 1e-6, `weight ${i}`));
  expectClose(fused.prediction, reference.prediction, 1e-6, 'prediction');
}

const batch = 8;
const time = 6;
const features = 5;

describe.skipIf(!nativeStatus.available)(
  `LSTM and GRU layers on the fused kernels of 'native' (${nativeStatus.available ? 'addon built' : nativeStatus.reason})`,
  () => {
    let x: tf.Tensor;
    let tokens: tf.Tensor;
    beforeAll(async () => {
      await tf.setBackend('native');
      x = tf.tensor3d(seeded(batch * time * features, 200), [batch, time, features]);
      // Token ids with zeros (masked by Embedding's maskZero), a leading zero included.
      tokens = tf.tensor2d(
        seeded(batch * time, 201).map((r, i) => (i % time === 0 && i % 3 === 0 ? 0 : Math.floor(Math.abs(r) * 9) % 9)),
        [batch, time],
        'int32',
      );
    });
    afterAll(async () => {
      tf.dispose([x, tokens]);
      await tf.setBackend('cpu');
    });

    it('stacked LSTMs (returnSequences) train to the weights of the per-step path, one kernel per layer each way', async () => {
      const build = () =>
        new Sequential([
          new LSTM({ units: 7, returnSequences: true, inputShape: [time, features] }),
          new LSTM({ units: 6, returnSequences: true, goBackwards: true }),
          new LSTM({ units: 4 }),
          new Dense({ units: 2 }),
        ]);
      const before = tf.memory().numTensors;
      const y = tf.tensor2d(seeded(batch * 2, 202), [batch, 2]);
      const { result: fused, counts } = await withCounts(() => train(build, x, y));
      // At least one forward kernel per layer for each of three trainOnBatch and one predict, and one
      // backward per layer and step (the compiled-step tracer may run a step's kernels once more).
      expect(counts.KerasLSTMSequence).toBeGreaterThanOrEqual(12);
      expect(counts.KerasLSTMSequenceGrad).toBeGreaterThanOrEqual(9);
      const reference = await unfused(() => train(build, x, y));
      expectSameTraining(fused, reference);
      y.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('GRUs with an Embedding mask, goBackwards and returnSequences train as the per-step path does', async () => {
      const build = () => {
        const input = Input({ shape: [time], dtype: 'int32' });
        const embedded = new Embedding({ inputDim: 9, outputDim: features, maskZero: true }).apply(input);
        const sequence = new GRU({ units: 5, returnSequences: true, goBackwards: true }).apply(embedded);
        const last = new GRU({ units: 3, useBias: false }).apply(sequence);
        return new Model({ inputs: input, outputs: new Dense({ units: 2 }).apply(last) });
      };
      const before = tf.memory().numTensors;
      const y = tf.tensor2d(seeded(batch * 2, 203), [batch, 2]);
      const { result: fused, counts } = await withCounts(() => train(build, tokens, y));
      expect(counts.KerasGRUSequence).toBeGreaterThanOrEqual(8);
      expect(counts.KerasGRUSequenceGrad).toBeGreaterThanOrEqual(6);
      const reference = await unfused(() => train(build, tokens, y));
      expectSameTraining(fused, reference);
      y.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('a masked LSTM with returnState in a Bidirectional, and a stateful LSTM, match the per-step path', async () => {
      const buildMasked = () => {
        const input = Input({ shape: [time], dtype: 'int32' });
        const embedded = new Embedding({ inputDim: 9, outputDim: features, maskZero: true }).apply(input);
        const both = new Bidirectional({ layer: new LSTM({ units: 4, returnSequences: true }) }).apply(embedded);
        const [output, h, c] = new LSTM({ units: 3, returnState: true }).apply(both);
        const merged = new Dense({ units: 2 }).apply(output);
        const fromStates = new Dense({ units: 2 }).apply(new Dense({ units: 3 }).apply(h));
        const fromCarry = new Dense({ units: 2 }).apply(c);
        return new Model({ inputs: input, outputs: [merged, fromStates, fromCarry] });
      };
      const before = tf.memory().numTensors;
      const y = tf.tensor2d(seeded(batch * 2, 204), [batch, 2]);
      const targets = [y, y, y];
      const trainMasked = async () => {
        const model = buildMasked();
        model.compile({ optimizer: 'adam', loss: 'mse' });
        seedWeights(model, 400, 0.4);
        const losses: number[] = [];
        for (let step = 0; step < 3; step++) losses.push(...([await model.trainOnBatch(tokens, targets)].flat() as number[]));
        const weights = weightValues(model);
        model.optimizer?.dispose();
        model.dispose();
        return { losses, weights, prediction: new Float32Array(0) };
      };
      const { result: fused, counts } = await withCounts(trainMasked);
      expect(counts.KerasLSTMSequence).toBeGreaterThanOrEqual(9);
      expectSameTraining(fused, await unfused(trainMasked));

      const buildStateful = () =>
        new Sequential([
          new LSTM({ units: 4, stateful: true, returnSequences: true, batchInputShape: [batch, time, features] }),
          new LSTM({ units: 3, stateful: true }),
          new Dense({ units: 2 }),
        ]);
      const { result: stateful, counts: statefulCounts } = await withCounts(() => train(buildStateful, x, y, 4));
      expect(statefulCounts.KerasLSTMSequence).toBeGreaterThanOrEqual(10);
      expectSameTraining(stateful, await unfused(() => train(buildStateful, x, y, 4)));
      y.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('takes the per-step path for what the kernels do not cover: dropout in training, other activations, resetAfter false', async () => {
      const y = tf.tensor2d(seeded(batch * 2, 205), [batch, 2]);
      const builds = [
        () => new Sequential([new LSTM({ units: 3, recurrentDropout: 0.3, inputShape: [time, features] }), new Dense({ units: 2 })]),
        () => new Sequential([new LSTM({ units: 3, activation: 'relu', inputShape: [time, features] }), new Dense({ units: 2 })]),
        () => new Sequential([new GRU({ units: 3, resetAfter: false, inputShape: [time, features] }), new Dense({ units: 2 })]),
      ];
      for (const build of builds) {
        const { counts } = await withCounts(async () => {
          const model = build();
          model.compile({ optimizer: 'sgd', loss: 'mse' });
          await model.trainOnBatch(x, y);
          model.optimizer?.dispose();
          model.dispose();
        });
        expect(counts).toEqual({});
      }
      // Dropout is inactive at inference: there the kernel runs.
      const { counts } = await withCounts(async () => {
        const model = builds[0]!();
        tf.dispose(model.predict(x) as tf.Tensor);
        model.optimizer?.dispose();
        model.dispose();
      });
      expect(counts).toEqual({ KerasLSTMSequence: 1 });
      y.dispose();
    });

    it('eager calls with initial states give the per-step path’s outputs and states', async () => {
      const h0 = tf.tensor2d(seeded(batch * 4, 206), [batch, 4]);
      const c0 = tf.tensor2d(seeded(batch * 4, 207), [batch, 4]);
      const run = () => {
        const layer = new LSTM({ units: 4, returnSequences: true, returnState: true, goBackwards: true });
        layer.apply(x);
        seedWeights(layer, 500, 0.5);
        const outputs = layer.apply(x, { initialState: [h0, c0] }) as tf.Tensor[];
        const values = outputs.map((t) => t.dataSync().slice() as Float32Array);
        tf.dispose(outputs);
        layer.dispose();
        return values;
      };
      const { result: fused, counts } = await withCounts(async () => run());
      expect(counts).toEqual({ KerasLSTMSequence: 2 });
      const reference = await unfused(async () => run());
      fused.forEach((values, i) => expectClose(values, reference[i]!, 1e-6, `output ${i}`));
      tf.dispose([h0, c0]);
    });
  },
);
