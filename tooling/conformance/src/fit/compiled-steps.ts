import * as tf from '@tensorflow/tfjs-core';
import { Input, Model, Sequential, setRandomSeed } from '@keras-ts/core';
import { Conv2D, concatenate, Dense, Dropout, Embedding, Flatten, GRU, LSTM, MaxPooling2D } from '@keras-ts/layers';
import { SGD } from '@keras-ts/optimizers';
import { describe, expect, it } from 'vitest';

/** Options of {@link runCompiledStepsSuite}. */
export interface CompiledStepsSuiteOptions {
  /** Runs once before the cases (e.g. `tf.ready()`). */
  setup?: () => Promise<void>;
  /** Training steps compared per case. Default: 50. */
  steps?: number;
  /**
   * The backend records plans into programs of its own (see `KernelProgram` in @keras-ts/common):
   * every case must then have run its compiled steps as a program.
   */
  expectPrograms?: boolean;
}

const wave = (shape: number[], phase = 0) =>
  tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.731 * i + phase)),
    shape,
  );
const oneHot = (n: number, classes: number) =>
  tf.oneHot(
    tf.tensor1d(
      Array.from({ length: n }, (_, i) => (i * 7) % classes),
      'int32',
    ),
    classes,
  );

interface CompiledCase {
  name: string;
  build(): Model;
  /** An optimizer name, or a factory for one configured as the seed configures it. */
  optimizer: string | (() => SGD);
  loss?: string;
  data(): [tf.Tensor | tf.Tensor[], tf.Tensor];
}

const indices = (shape: number[], vocabulary: number, phase: number) =>
  tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => 1 + ((i * 7 + phase) % (vocabulary - 1))),
    shape,
    'int32',
  );

const cases: CompiledCase[] = [
  {
    name: 'Dense + Dropout, RMSprop',
    build: () =>
      new Sequential([
        new Dense({ units: 32, activation: 'relu', inputShape: [20] }),
        new Dropout({ rate: 0.3 }),
        new Dense({ units: 5, activation: 'softmax' }),
      ]),
    optimizer: 'rmsprop',
    data: () => [wave([32, 20]), oneHot(32, 5)],
  },
  {
    name: 'Dense + Dropout, Adam',
    build: () =>
      new Sequential([
        new Dense({ units: 32, activation: 'relu', inputShape: [20] }),
        new Dropout({ rate: 0.3 }),
        new Dense({ units: 5, activation: 'softmax' }),
      ]),
    optimizer: 'adam',
    data: () => [wave([32, 20]), oneHot(32, 5)],
  },
  {
    name: 'LSTM, Adam',
    build: () => new Sequential([new LSTM({ units: 16, inputShape: [8, 4] }), new Dense({ units: 3, activation: 'softmax' })]),
    optimizer: 'adam',
    data: () => [wave([16, 8, 4]), oneHot(16, 3)],
  },
  {
    name: 'GRU (sequences) into GRU, Adam',
    build: () =>
      new Sequential([
        new GRU({ units: 10, returnSequences: true, inputShape: [7, 4] }),
        new GRU({ units: 6 }),
        new Dense({ units: 3, activation: 'softmax' }),
      ]),
    optimizer: 'adam',
    data: () => [wave([16, 7, 4], 2), oneHot(16, 3)],
  },
  // Every seed model, as its tutorial builds it (smaller widths and inputs where the seed's would be slow).
  {
    name: "seed 001's Fashion classifier (Flatten-4-4-10), Adam, sparse labels",
    build: () =>
      new Sequential([
        new Flatten({ inputShape: [12, 12] }),
        new Dense({ units: 4, activation: 'relu' }),
        new Dense({ units: 4, activation: 'relu' }),
        new Dense({ units: 10, activation: 'softmax' }),
      ]),
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    data: () => [
      wave([32, 12, 12]),
      tf.tensor1d(
        Array.from({ length: 32 }, (_, i) => (i * 3) % 10),
        'int32',
      ),
    ],
  },
  {
    name: "seed 002's tanh MLP, SGD with momentum",
    build: () =>
      new Sequential([
        new Dense({ units: 50, activation: 'tanh', inputShape: [64] }),
        new Dense({ units: 50, activation: 'tanh' }),
        new Dense({ units: 10, activation: 'softmax' }),
      ]),
    optimizer: () => new SGD({ learningRate: 0.01, momentum: 0.9 }),
    data: () => [wave([32, 64], 0.5), oneHot(32, 10)],
  },
  {
    name: "seed 004's stacked LSTM (3 × LSTM, sequences), RMSprop",
    build: () =>
      new Sequential([
        new LSTM({ units: 12, returnSequences: true, inputShape: [6, 5] }),
        new LSTM({ units: 12, returnSequences: true }),
        new LSTM({ units: 12 }),
        new Dense({ units: 4, activation: 'softmax' }),
      ]),
    optimizer: 'rmsprop',
    data: () => [wave([16, 6, 5]), oneHot(16, 4)],
  },
  {
    name: "seed 003's two-input QA model (Embedding + LSTM per input, concatenated), RMSprop",
    build: () => {
      const text = Input({ shape: [null], dtype: 'int32', name: 'text' });
      const question = Input({ shape: [null], dtype: 'int32', name: 'question' });
      const encodedText = new LSTM({ units: 8 }).apply(new Embedding({ inputDim: 50, outputDim: 6 }).apply(text));
      const encodedQuestion = new LSTM({ units: 4 }).apply(new Embedding({ inputDim: 50, outputDim: 6 }).apply(question));
      const answer = new Dense({ units: 20, activation: 'softmax' }).apply(concatenate([encodedText, encodedQuestion], { axis: -1 }));
      return new Model({ inputs: [text, question], outputs: answer });
    },
    optimizer: 'rmsprop',
    data: () => [[indices([16, 10], 50, 0), indices([16, 5], 50, 3)], oneHot(16, 20)],
  },
  {
    name: 'the MNIST convnet (Conv2D → MaxPooling2D → Dense), RMSprop',
    build: () =>
      new Sequential([
        new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [10, 10, 1] }),
        new MaxPooling2D({ poolSize: 2 }),
        new Flatten(),
        new Dense({ units: 10, activation: 'softmax' }),
      ]),
    optimizer: 'rmsprop',
    data: () => [wave([16, 10, 10, 1], 1), oneHot(16, 10)],
  },
];

/**
 * Compiled training steps (core's `compile({ jitCompile })`) on `backendName` against eager steps
 * on the same backend: the same losses and weights (≤ 1e-6 relative) after `steps` trainOnBatch
 * calls from the same seed, a plan actually replayed, and no tensor or backend buffer gained
 * while replaying.
 */
export function runCompiledStepsSuite(backendName: string, options: CompiledStepsSuiteOptions = {}): void {
  const steps = options.steps ?? 50;
  describe(`compiled steps on '${backendName}' agree with eager steps`, () => {
    for (const compiledCase of cases) {
      it(compiledCase.name, async () => {
        await options.setup?.();
        // Undefined before any backend was initialized: then nothing to go back to.
        const previous = tf.getBackend() as string | undefined;
        await tf.setBackend(backendName);
        try {
          const [x, y] = compiledCase.data();
          const runs: { losses: number[]; weights: number[][] }[] = [];
          for (const jitCompile of [false, 'auto'] as const) {
            setRandomSeed(3);
            const model = compiledCase.build();
            const optimizer = typeof compiledCase.optimizer === 'string' ? compiledCase.optimizer : compiledCase.optimizer();
            model.compile({ optimizer, loss: compiledCase.loss ?? 'categoricalCrossentropy', jitCompile });
            const losses: number[] = [];
            let counts: [number, number] | undefined;
            for (let step = 0; step < steps; step++) {
              losses.push((await model.trainOnBatch(x, y)) as number);
              if (step === 5) counts = [tf.memory().numTensors, tf.backend().numDataIds()];
            }
            expect([tf.memory().numTensors, tf.backend().numDataIds()]).toEqual(counts);
            if (jitCompile === 'auto') {
              const plans = model.compiledStepPlans();
              expect(plans).toHaveLength(1);
              if (options.expectPrograms) {
                expect(plans[0]!.stats.program).toBe('recorded');
                expect(plans[0]!.stats.programRuns).toBeGreaterThanOrEqual(steps - 4);
              }
            }
            runs.push({
              losses,
              weights: model.getWeights().map((weight) => {
                const values = Array.from(weight.dataSync());
                weight.dispose();
                return values;
              }),
            });
            model.dispose();
            if (typeof optimizer !== 'string') optimizer.dispose();
          }
          const [eager, compiled] = runs as [(typeof runs)[0], (typeof runs)[0]];
          const worst = (a: number[], b: number[]) => Math.max(0, ...a.map((value, i) => Math.abs(value - b[i]!) / Math.max(1, Math.abs(b[i]!))));
          expect(worst(compiled.losses, eager.losses)).toBeLessThanOrEqual(1e-6);
          compiled.weights.forEach((values, i) => expect(worst(values, eager.weights[i]!)).toBeLessThanOrEqual(1e-6));
          tf.dispose([x, y] as tf.TensorContainer);
        } finally {
          if (previous !== undefined) await tf.setBackend(previous);
        }
      });
    }
  });
}
