import * as tf from '@tensorflow/tfjs-core';
import { Sequential, setRandomSeed } from '@keras-ts/core';
import { Dense, Dropout, LSTM } from '@keras-ts/layers';
import { describe, expect, it } from 'vitest';

/** Options of {@link runCompiledStepsSuite}. */
export interface CompiledStepsSuiteOptions {
  /** Runs once before the cases (e.g. `tf.ready()`). */
  setup?: () => Promise<void>;
  /** Training steps compared per case. Default: 30. */
  steps?: number;
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
  build(): Sequential;
  optimizer: string;
  data(): [tf.Tensor, tf.Tensor];
}

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
];

/**
 * Compiled training steps (core's `compile({ jitCompile })`) on `backendName` against eager steps
 * on the same backend: the same losses and weights (≤ 1e-6 relative) after `steps` trainOnBatch
 * calls from the same seed, a plan actually replayed, and no tensor or backend buffer gained
 * while replaying.
 */
export function runCompiledStepsSuite(backendName: string, options: CompiledStepsSuiteOptions = {}): void {
  const steps = options.steps ?? 30;
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
            model.compile({ optimizer: compiledCase.optimizer, loss: 'categoricalCrossentropy', jitCompile });
            const losses: number[] = [];
            let counts: [number, number] | undefined;
            for (let step = 0; step < steps; step++) {
              losses.push((await model.trainOnBatch(x, y)) as number);
              if (step === 5) counts = [tf.memory().numTensors, tf.backend().numDataIds()];
            }
            expect([tf.memory().numTensors, tf.backend().numDataIds()]).toEqual(counts);
            if (jitCompile === 'auto') expect(model.compiledStepPlans()).toHaveLength(1);
            runs.push({
              losses,
              weights: model.getWeights().map((weight) => {
                const values = Array.from(weight.dataSync());
                weight.dispose();
                return values;
              }),
            });
            model.dispose();
          }
          const [eager, compiled] = runs as [(typeof runs)[0], (typeof runs)[0]];
          const worst = (a: number[], b: number[]) => Math.max(0, ...a.map((value, i) => Math.abs(value - b[i]!) / Math.max(1, Math.abs(b[i]!))));
          expect(worst(compiled.losses, eager.losses)).toBeLessThanOrEqual(1e-6);
          compiled.weights.forEach((values, i) => expect(worst(values, eager.weights[i]!)).toBeLessThanOrEqual(1e-6));
          tf.dispose([x, y]);
        } finally {
          if (previous !== undefined) await tf.setBackend(previous);
        }
      });
    }
  });
}
