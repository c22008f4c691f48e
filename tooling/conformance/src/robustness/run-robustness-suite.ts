import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@keras-ts/tfjs-gradients';
import { type History, type Model, Sequential, ShapeError, setRandomSeed } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { seed003Data, seed003Model } from './seed003-model.js';
import { startWatchdog } from './watchdog.js';

/** Options for {@link runRobustnessSuite}. */
export interface RobustnessSuiteOptions {
  /** Runs once before the tests (e.g. to await the backend's initialisation). */
  setup?: () => Promise<void>;
  /** Backend whose NaN behaviour is the reference. Default 'cpu'. */
  referenceBackend?: string;
  /** Seconds each test may take before it counts as a hang. Default 120 (the reference machine has 2 shared cores). */
  timeoutSeconds?: number;
}

/**
 * Runs `body` under a watchdog: the test fails (its process is killed) if `body` blocks the
 * thread longer than `seconds`, and fails by its own timeout if it never settles.
 */
function bounded(label: string, seconds: number, body: () => Promise<void>): [() => Promise<void>, number] {
  return [
    async () => {
      // The watchdog allows a little more than vitest's timeout, which reports an async hang first.
      const watchdog = startWatchdog(label, seconds + 15);
      try {
        await body();
      } finally {
        watchdog.stop();
      }
    },
    seconds * 1000,
  ];
}

const withoutNaN = (history: History) =>
  Object.fromEntries(
    Object.entries(history.history).map(([key, values]) => [
      key,
      values.map((value) => (Number.isNaN(value) ? 'NaN' : Number.isFinite(value) ? 'finite' : String(value))),
    ]),
  );

function weightsHoldNaN(model: Model): boolean[] {
  const weights = model.getWeights();
  const result = weights.map((w) => Array.from(w.dataSync()).some(Number.isNaN));
  tf.dispose(weights);
  return result;
}

/** The 16.1 case of issue 16: a softmax classifier whose features hold one NaN. */
function classifier(): Sequential {
  setRandomSeed(11);
  const model = new Sequential(
    [new Dense({ units: 4, activation: 'relu', inputShape: [3], name: 'hidden' }), new Dense({ units: 3, activation: 'softmax', name: 'classes' })],
    { name: 'classifier' },
  );
  model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy' });
  return model;
}

function classifierData(): { x: tf.Tensor; y: tf.Tensor } {
  return { x: tf.tensor2d([1, Number.NaN, 3, 4, 5, 6], [2, 3]), y: tf.tensor2d([0, 1, 0, 0, 0, 1], [2, 3]) };
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

/**
 * Declares vitest tests that train seed 003's three-output model (variable-length posts,
 * `shape: [null]`, convolution and pooling windows) on `backendName`: it must fit batches of
 * length-100 posts, refuse a batch too short for its windows with a ShapeError (and train
 * afterwards), and give NaN losses, NaN weights and `checkNumerics` errors exactly where the
 * reference backend does, for NaN in the targets and (on a classifier) in the features. Each
 * test is bounded: a hang fails it. Call it at the top level of a test file.
 */
export function runRobustnessSuite(backendName: string, options: RobustnessSuiteOptions = {}): void {
  const reference = options.referenceBackend ?? 'cpu';
  const seconds = options.timeoutSeconds ?? 120;
  describe(`seed-003 three-output model, variable length, NaN: '${backendName}' (reference '${reference}')`, () => {
    beforeAll(async () => {
      await options.setup?.();
      await tf.setBackend(backendName);
    });

    it(
      'fits two batches of length-100 posts, leaking nothing',
      ...bounded('fit of length-100 posts', seconds, async () => {
        await tf.setBackend(backendName);
        const model = seed003Model();
        const { x, y } = seed003Data(16, 100);
        const history = await model.fit(x, y, { batchSize: 8, epochs: 1, verbose: 0 });
        // Keras 3's order: log keys sorted.
        expect(Object.keys(history.history)).toEqual(['age_loss', 'gender_loss', 'income_loss', 'loss']);
        for (const values of Object.values(history.history)) expect(values.every(Number.isFinite)).toBe(true);
        const before = tf.memory().numTensors;
        await model.fit(x, y, { batchSize: 8, epochs: 1, verbose: 0 });
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([x, ...y]);
        model.dispose();
      }),
    );

    it(
      'refuses posts too short for its windows with a ShapeError naming the layer, then trains on',
      ...bounded('fit of too-short posts', seconds, async () => {
        await tf.setBackend(backendName);
        const model = seed003Model();
        // 40 words: conv_1 leaves 36, pool_1 7, conv_2 3, and conv_3's window of 5 does not fit.
        const short = seed003Data(8, 40);
        const error = await errorOf(model.fit(short.x, short.y, { batchSize: 8, verbose: 0 }));
        expect(error).toBeInstanceOf(ShapeError);
        expect(error.message).toContain("Conv1D 'conv_3'");
        const long = seed003Data(8, 100);
        const history = await model.fit(long.x, long.y, { batchSize: 8, verbose: 0 });
        expect(history.history.loss!.every(Number.isFinite)).toBe(true);
        tf.dispose([short.x, ...short.y, long.x, ...long.y]);
        model.dispose();
      }),
    );

    it(
      `NaN in the targets or features: losses, weights and checkNumerics errors as on '${reference}'`,
      ...bounded('fits with NaN data', seconds, async () => {
        const results: Record<string, unknown>[] = [];
        for (const backend of [reference, backendName]) {
          await tf.setBackend(backend);
          const result: Record<string, unknown> = {};
          // One NaN age target in the first batch.
          const { x, y } = seed003Data(16, 100);
          const ages = y[0]!.arraySync() as number[][];
          ages[3]![0] = Number.NaN;
          const nanAges = tf.tensor2d(ages);
          const targets = [nanAges, y[1]!, y[2]!];
          let model = seed003Model();
          result.seed003 = withoutNaN(await model.fit(x, targets, { batchSize: 8, epochs: 2, shuffle: false, verbose: 0 }));
          result.seed003Weights = weightsHoldNaN(model);
          model.dispose();
          model = seed003Model();
          result.seed003Check = (await errorOf(model.fit(x, targets, { batchSize: 8, shuffle: false, verbose: 0, checkNumerics: true }))).message;
          result.seed003CheckedWeights = weightsHoldNaN(model);
          model.dispose();
          tf.dispose([x, ...y, nanAges]);
          // A NaN feature in a softmax classifier: wasm once reported a finite 16.1 here.
          const data = classifierData();
          const classes = classifier();
          result.classifier = withoutNaN(await classes.fit(data.x, data.y, { epochs: 2, verbose: 0 }));
          classes.dispose();
          const checked = classifier();
          // The Sequential's input takes a default name (input_layer, input_layer_1, …) that depends on
          // how many models were built before; the two runs compare everything else.
          const message = (await errorOf(checked.fit(data.x, data.y, { verbose: 0, checkNumerics: true }))).message;
          result.classifierCheck = message.replace(/input 'input_layer(?:_\d+)?'/, "input 'input_layer'");
          checked.dispose();
          tf.dispose([data.x, data.y]);
          results.push(result);
        }
        await tf.setBackend(backendName);
        const [expected, actual] = results;
        expect(actual).toEqual(expected);
        // What the reference does, so a reference that stops propagating NaN is noticed too.
        expect(expected!.classifier).toEqual({ loss: ['NaN', 'NaN'] });
        expect(expected!.seed003CheckedWeights).toEqual((expected!.seed003CheckedWeights as boolean[]).map(() => false));
        expect(expected!.seed003Check).toContain(
          "fit(): epoch 1, batch 1: the loss is NaN (checkNumerics). Model 'seed003': the targets of output 'age' hold 1 NaN of its 8 values",
        );
        expect(expected!.classifierCheck).toContain("the first layer whose output is non-finite is 'hidden' (Dense)");
      }),
    );
  });
}
