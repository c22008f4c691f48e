// Compiled steps (core's compile({ jitCompile })) on models made of the real layers: every
// compiled run is checked against the same run with eager steps, which is the reference.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Input, Model, Sequential, setRandomSeed } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { BatchNormalization, Dense, Dropout, Embedding, Flatten, GaussianDropout, GaussianNoise, LSTM, SpatialDropout1D, concatenate } from './index.js';

type AnyModel = Sequential | Model;

function weights(model: AnyModel): number[][] {
  return model.getWeights().map((w) => {
    const values = Array.from(w.dataSync());
    w.dispose();
    return values;
  });
}

function expectClose(actual: number[][], expected: number[][], relative = 1e-6): void {
  expect(actual.map((row) => row.length)).toEqual(expected.map((row) => row.length));
  let worst = 0;
  actual.forEach((row, i) =>
    row.forEach((value, j) => {
      const reference = expected[i]![j]!;
      worst = Math.max(worst, Math.abs(value - reference) / Math.max(1, Math.abs(reference)));
    }),
  );
  expect(worst).toBeLessThanOrEqual(relative);
}

/** Deterministic values in [-1, 1] (no RNG). */
const wave = (shape: number[], phase = 0) =>
  tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.731 * i + phase)),
    shape,
  );
const oneHot = (n: number, classes: number, stride = 7) =>
  tf.oneHot(
    tf.tensor1d(
      Array.from({ length: n }, (_, i) => (i * stride) % classes),
      'int32',
    ),
    classes,
  );

/** Builds and runs `train` twice from the same seed, eagerly and compiled; returns both results. */
async function bothWays<T>(build: (jitCompile: 'auto' | false) => AnyModel, train: (model: AnyModel) => Promise<T>) {
  const runs: { model: AnyModel; result: T; weights: number[][] }[] = [];
  const before = tf.memory().numTensors;
  for (const jitCompile of [false, 'auto'] as const) {
    setRandomSeed(77);
    const model = build(jitCompile);
    const result = await train(model);
    runs.push({ model, result, weights: weights(model) });
  }
  const [eager, compiled] = runs as [(typeof runs)[0], (typeof runs)[0]];
  const plans = compiled.model.compiledStepPlans();
  eager.model.dispose();
  compiled.model.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return { eager, compiled, plans };
}

describe('compiled steps agree with eager steps (cpu)', () => {
  for (const [name, optimizer] of [
    ['RMSprop', 'rmsprop'],
    ['Adam', 'adam'],
  ] as const) {
    it(`MLP with Dropout and ${name}: 50 steps of fit, the same losses, weights and masks`, async () => {
      const x = wave([160, 20]);
      const y = oneHot(160, 5);
      const { eager, compiled, plans } = await bothWays(
        (jitCompile) => {
          const model = new Sequential([
            new Dense({ units: 32, activation: 'relu', inputShape: [20] }),
            new Dropout({ rate: 0.3 }),
            new Dense({ units: 5, activation: 'softmax' }),
          ]);
          model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'], jitCompile });
          return model;
        },
        async (model) => (await model.fit(x, y, { epochs: 10, batchSize: 32, verbose: 0 })).history,
      );
      expectClose([compiled.result.loss!, compiled.result.accuracy!], [eager.result.loss!, eager.result.accuracy!]);
      expectClose(compiled.weights, eager.weights);
      expect(plans.length).toBe(1);
      tf.dispose([x, y]);
    });
  }

  it('a small LSTM model: 50 trainOnBatch steps, then evaluate and predict', async () => {
    const x = wave([16, 8, 4]);
    const y = oneHot(16, 3);
    const { eager, compiled, plans } = await bothWays(
      (jitCompile) => {
        const model = new Sequential([new LSTM({ units: 16, inputShape: [8, 4] }), new Dense({ units: 3, activation: 'softmax' })]);
        model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', jitCompile });
        return model;
      },
      async (model) => {
        const losses: number[] = [];
        for (let step = 0; step < 50; step++) losses.push((await model.trainOnBatch(x, y)) as number);
        const scores: number[] = [];
        for (let run = 0; run < 3; run++) scores.push((await model.evaluate(x, y, { batchSize: 8, verbose: 0 })) as number);
        const predictions: number[] = [];
        for (let run = 0; run < 3; run++) {
          const predicted = model.predict(x, { batchSize: 8 }) as tf.Tensor;
          predictions.push(...predicted.dataSync());
          predicted.dispose();
        }
        return { losses, scores, predictions };
      },
    );
    expectClose(
      [compiled.result.losses, compiled.result.scores, compiled.result.predictions],
      [eager.result.losses, eager.result.scores, eager.result.predictions],
    );
    expectClose(compiled.weights, eager.weights);
    expect(plans.map((plan) => plan.signature.split('|')[0]).sort()).toEqual(['predict', 'test', 'train']);
    tf.dispose([x, y]);
  });

  it('random layers (recurrent dropout, SpatialDropout1D, GaussianNoise, GaussianDropout) draw the same noise compiled', async () => {
    const x = wave([8, 5, 3]);
    const y = oneHot(8, 2);
    const { eager, compiled, plans } = await bothWays(
      (jitCompile) => {
        const model = new Sequential([
          new SpatialDropout1D({ rate: 0.2, inputShape: [5, 3] }),
          new LSTM({ units: 8, dropout: 0.2, recurrentDropout: 0.2 }),
          new GaussianNoise({ stddev: 0.1 }),
          new GaussianDropout({ rate: 0.2 }),
          new Dense({ units: 2, activation: 'softmax' }),
        ]);
        model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', jitCompile });
        return model;
      },
      async (model) => {
        const losses: number[] = [];
        for (let step = 0; step < 20; step++) losses.push((await model.trainOnBatch(x, y)) as number);
        return losses;
      },
    );
    expectClose([compiled.result], [eager.result]);
    expectClose(compiled.weights, eager.weights);
    expect(plans.length).toBe(1);
    tf.dispose([x, y]);
  });

  it("Embedding checks each batch's indices on the host before a replay; a bad index throws with nothing changed", async () => {
    const tokens = tf.tensor2d(
      Array.from({ length: 8 * 6 }, (_, i) => (i * 5) % 20),
      [8, 6],
      'int32',
    );
    const y = oneHot(8, 2);
    const build = (jitCompile: 'auto' | boolean) => {
      const model = new Sequential([
        new Embedding({ inputDim: 20, outputDim: 4, inputShape: [6] }),
        new LSTM({ units: 4 }),
        new Dense({ units: 2, activation: 'softmax' }),
      ]);
      model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', jitCompile });
      return model;
    };
    const { eager, compiled, plans } = await bothWays(build, async (model) => {
      const losses: number[] = [];
      for (let step = 0; step < 10; step++) losses.push((await model.trainOnBatch(tokens, y)) as number);
      return losses;
    });
    expectClose([compiled.result], [eager.result]);
    expect(plans).toHaveLength(1);
    const model = build(true);
    for (let step = 0; step < 4; step++) await model.trainOnBatch(tokens, y);
    expect(model.compiledStepPlans()).toHaveLength(1);
    const before = weights(model);
    const bad = tf.tensor2d(
      Array.from({ length: 8 * 6 }, (_, i) => (i === 7 ? 25 : 1)),
      [8, 6],
      'int32',
    );
    const tensors = tf.memory().numTensors;
    await expect(model.trainOnBatch(bad, y)).rejects.toThrow(/index 25 ≥ inputDim 20/);
    expect(tf.memory().numTensors).toBe(tensors);
    expectClose(weights(model), before, 0);
    expect(model.optimizer!.iterations).toBe(4);
    model.dispose();
    tf.dispose([tokens, y, bad]);
  });

  it('BatchNormalization: moving statistics (variables) advance in replayed steps; inference uses them', async () => {
    const x = wave([16, 6]);
    const y = oneHot(16, 3);
    const { eager, compiled, plans } = await bothWays(
      (jitCompile) => {
        const model = new Sequential([new Dense({ units: 8, inputShape: [6] }), new BatchNormalization({}), new Dense({ units: 3, activation: 'softmax' })]);
        model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', jitCompile });
        return model;
      },
      async (model) => {
        const losses: number[] = [];
        for (let step = 0; step < 20; step++) losses.push((await model.trainOnBatch(x, y)) as number);
        for (let run = 0; run < 3; run++) losses.push((await model.evaluate(x, y, { batchSize: 8, verbose: 0 })) as number);
        return losses;
      },
    );
    expectClose([compiled.result], [eager.result]);
    expectClose(compiled.weights, eager.weights);
    expect(plans.map((plan) => plan.signature.split('|')[0]).sort()).toEqual(['test', 'train']);
    tf.dispose([x, y]);
  });

  it('a stateful LSTM: its carried states (variables) advance with every replayed step', async () => {
    const x = wave([4, 5, 3]);
    const y = oneHot(4, 2);
    const { eager, compiled, plans } = await bothWays(
      (jitCompile) => {
        const model = new Sequential([new LSTM({ units: 8, stateful: true, batchInputShape: [4, 5, 3] }), new Dense({ units: 2, activation: 'softmax' })]);
        model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', jitCompile });
        return model;
      },
      async (model) => {
        const losses: number[] = [];
        for (let step = 0; step < 20; step++) losses.push((await model.trainOnBatch(x, y)) as number);
        const predicted = model.predict(x, { batchSize: 4 }) as tf.Tensor;
        const predictions = Array.from(predicted.dataSync());
        predicted.dispose();
        return { losses, predictions };
      },
    );
    expectClose([compiled.result.losses, compiled.result.predictions], [eager.result.losses, eager.result.predictions]);
    expectClose(compiled.weights, eager.weights);
    expect(plans.length).toBe(1);
    tf.dispose([x, y]);
  });

  it('a two-input, two-output functional model with a shared layer, lossWeights and sampleWeight', async () => {
    const a = wave([48, 6]);
    const b = wave([48, 6], 1.3);
    const labels = oneHot(48, 3);
    const target = wave([48, 1], 2.1);
    const sampleWeight = tf.tensor1d(Array.from({ length: 48 }, (_, i) => 0.5 + (i % 4) / 4));
    const { eager, compiled, plans } = await bothWays(
      (jitCompile) => {
        const left = Input({ shape: [6], name: 'left' });
        const right = Input({ shape: [6], name: 'right' });
        const shared = new Dense({ units: 8, activation: 'tanh', name: 'shared' });
        const merged = concatenate([shared.apply(left), shared.apply(right)]);
        const cls = new Dense({ units: 3, activation: 'softmax', name: 'cls' }).apply(merged);
        const reg = new Dense({ units: 1, name: 'reg' }).apply(shared.apply(right));
        const model = new Model({ inputs: [left, right], outputs: [cls, reg] });
        model.compile({
          optimizer: 'adam',
          loss: { cls: 'categoricalCrossentropy', reg: 'mse' },
          lossWeights: { cls: 1, reg: 0.5 },
          metrics: { cls: ['accuracy'] },
          jitCompile,
        });
        return model;
      },
      async (model) =>
        (
          await model.fit(
            { left: a, right: b },
            { cls: labels, reg: target },
            { epochs: 17, batchSize: 16, verbose: 0, sampleWeight: { cls: sampleWeight, reg: sampleWeight } },
          )
        ).history,
    );
    for (const key of Object.keys(eager.result)) expectClose([compiled.result[key]!], [eager.result[key]!]);
    expectClose(compiled.weights, eager.weights);
    expect(plans.length).toBe(1);
    tf.dispose([a, b, labels, target, sampleWeight]);
  });

  it('classWeight, with a last partial batch that gets its own plan', async () => {
    const x = wave([40, 6]);
    const y = oneHot(40, 3);
    const { eager, compiled, plans } = await bothWays(
      (jitCompile) => {
        const model = new Sequential([new Dense({ units: 8, activation: 'relu', inputShape: [6] }), new Dense({ units: 3, activation: 'softmax' })]);
        model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'], jitCompile });
        return model;
      },
      async (model) => (await model.fit(x, y, { epochs: 12, batchSize: 16, verbose: 0, classWeight: { 0: 1, 1: 2, 2: 0.5 } })).history,
    );
    expectClose([compiled.result.loss!], [eager.result.loss!]);
    expectClose(compiled.weights, eager.weights);
    expect(plans.length).toBe(2);
    tf.dispose([x, y]);
  });
});

describe('kernels per training step, traced eager step against the replayed plan', () => {
  const counts = async (model: AnyModel, x: tf.Tensor, y: tf.Tensor) => {
    for (let step = 0; step < 4; step++) await model.trainOnBatch(x, y);
    const dataIds = tf.backend().numDataIds();
    const tensors = tf.memory().numTensors;
    for (let step = 0; step < 20; step++) await model.trainOnBatch(x, y);
    expect(tf.backend().numDataIds()).toBe(dataIds);
    expect(tf.memory().numTensors).toBe(tensors);
    const [plan] = model.compiledStepPlans();
    return plan!.stats;
  };

  it('seed 001 (Flatten-Dense(4)-Dense(4)-Dense(10) softmax, Adam, batch 32)', async () => {
    const model = new Sequential([
      new Flatten({ inputShape: [28, 28] }),
      new Dense({ units: 4, activation: 'relu' }),
      new Dense({ units: 4, activation: 'relu' }),
      new Dense({ units: 10, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const x = wave([32, 28, 28]);
    const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 10));
    const stats = await counts(model, x, y);
    console.log(`seed 001 kernels per step: ${JSON.stringify(stats)}`);
    expect(stats.replayedKernels).toBeLessThan(stats.tracedKernels);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('stacked LSTM 3×32 on 8×16 (Adam, batch 64)', async () => {
    const model = new Sequential([
      new LSTM({ units: 32, returnSequences: true, inputShape: [8, 16] }),
      new LSTM({ units: 32, returnSequences: true }),
      new LSTM({ units: 32 }),
      new Dense({ units: 10, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const x = wave([64, 8, 16]);
    const y = oneHot(64, 10);
    const stats = await counts(model, x, y);
    console.log(`stacked LSTM kernels per step: ${JSON.stringify(stats)}`);
    expect(stats.replayedKernels).toBeLessThan(stats.tracedKernels);
    model.dispose();
    tf.dispose([x, y]);
  });
});
