import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Input, type Layer, Model, ShapeError, type SymbolicTensor } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { Embedding } from '../embeddings/embedding.js';
import { GlobalAveragePooling1D } from '../pooling/global-average-pooling1d.js';
import { MaxPooling1D } from '../pooling/max-pooling1d.js';
import { Conv1D } from './conv1d.js';
import { Conv1DTranspose } from './conv1d-transpose.js';
import { Conv2D } from './conv2d.js';
import { Conv2DTranspose } from './conv2d-transpose.js';
import { DepthwiseConv2D } from './depthwise-conv2d.js';
import { SeparableConv1D } from './separable-conv1d.js';
import { SeparableConv2D } from './separable-conv2d.js';

/** The message a kernel-3, stride-1, 'valid' window gives on an input whose spatial axes all have `size`. */
function expectedMessage(owner: string, rank: 1 | 2, size: number, channels: number, batch: number | null = 1): string {
  const repeat = (value: number) => `[${Array.from({ length: rank }, () => value).join(', ')}]`;
  return (
    `${owner}: input size ${repeat(size)} (input shape [${batch}, ${Array.from({ length: rank }, () => size).join(', ')}, ${channels}]) is smaller than the window: ` +
    `kernelSize ${repeat(3)} with dilationRate ${repeat(1)} spans ${repeat(3)} (strides ${repeat(1)}, padding 'valid'), ` +
    `so the output size would be ${repeat(size - 2)}. Use padding: 'same' or a smaller kernelSize.`
  );
}

/** Runs `run` and returns what it threw. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** Checks that `error` is a ShapeError with exactly `message`. */
function expectShapeError(error: unknown, message: string): void {
  expect(error).toBeInstanceOf(ShapeError);
  expect((error as Error).message).toBe(message);
}

const layers: [string, 1 | 2, (config: Record<string, unknown>) => Layer][] = [
  ['Conv1D', 1, (config) => new Conv1D({ filters: 2, kernelSize: 3, ...config })],
  ['Conv2D', 2, (config) => new Conv2D({ filters: 2, kernelSize: 3, ...config })],
  ['SeparableConv1D', 1, (config) => new SeparableConv1D({ filters: 2, kernelSize: 3, ...config })],
  ['SeparableConv2D', 2, (config) => new SeparableConv2D({ filters: 2, kernelSize: 3, ...config })],
  ['DepthwiseConv2D', 2, (config) => new DepthwiseConv2D({ kernelSize: 3, ...config })],
];

describe('convolution windows larger than their input', () => {
  for (const [className, rank, make] of layers) {
    it(`${className} refuses 2- and 1-long inputs with a kernel of 3, symbolically and eagerly`, () => {
      for (const size of [2, 1]) {
        const spatial = Array.from({ length: rank }, () => size);
        const symbolic = make({ name: `symbolic_${size}` });
        expectShapeError(
          thrown(() => symbolic.apply(Input({ batchShape: [1, ...spatial, 2] }))),
          expectedMessage(`${className} 'symbolic_${size}'`, rank, size, 2),
        );
        expect(symbolic.built, 'a refused input builds no weights').toBe(false);

        // Eagerly, an unbuilt layer refuses at build time (batch unknown there), a built one at call time.
        const eager = make({ name: `eager_${size}` });
        const x = tf.ones([1, ...spatial, 2]);
        const before = tf.memory().numTensors;
        expectShapeError(
          thrown(() => eager.apply(x)),
          expectedMessage(`${className} 'eager_${size}'`, rank, size, 2, null),
        );
        expect(eager.built).toBe(false);
        expect(tf.memory().numTensors).toBe(before);
        const built = make({ name: `built_${size}` });
        built.apply(Input({ shape: [...spatial.map(() => null), 2] }));
        const weights = tf.memory().numTensors;
        expectShapeError(
          thrown(() => built.apply(x)),
          expectedMessage(`${className} 'built_${size}'`, rank, size, 2),
        );
        expect(tf.memory().numTensors).toBe(weights);
        x.dispose();
      }
    });

    it(`${className} still runs inputs the window fits, and 'same' padding on small ones`, () => {
      const fits = Array.from({ length: rank }, () => 3);
      const output = make({}).apply(Input({ shape: [...fits, 2] })) as SymbolicTensor;
      expect(output.shape.slice(1, -1)).toEqual(Array.from({ length: rank }, () => 1));
      const eager = make({}).apply(tf.ones([1, ...fits, 2])) as tf.Tensor;
      expect(eager.shape.slice(1, -1)).toEqual(Array.from({ length: rank }, () => 1));
      const small = Array.from({ length: rank }, () => 1);
      const same = make({ padding: 'same' }).apply(tf.ones([1, ...small, 2])) as tf.Tensor;
      expect(same.shape.slice(1, -1)).toEqual(small);
      tf.dispose([eager, same]);
    });
  }

  it('counts dilation in the window and reads channelsFirst inputs', () => {
    const dilated = new Conv1D({ filters: 1, kernelSize: 3, dilationRate: 2, name: 'dilated' });
    expect(() => dilated.apply(Input({ shape: [4, 1] }))).toThrow(
      "Conv1D 'dilated': input size [4] (input shape [null, 4, 1]) is smaller than the window: kernelSize [3] with dilationRate [2] spans [5] (strides [1], padding 'valid'), so the output size would be [0]. Use padding: 'same' or a smaller kernelSize.",
    );
    expect((new Conv1D({ filters: 1, kernelSize: 3, dilationRate: 2 }).apply(Input({ shape: [5, 1] })) as SymbolicTensor).shape).toEqual([null, 1, 1]);
    const first = new Conv2D({ filters: 1, kernelSize: [1, 3], dataFormat: 'channelsFirst', name: 'first' });
    expect(() => first.apply(Input({ shape: [3, 4, 2] }))).toThrow(/input size \[4, 2\] \(input shape \[null, 3, 4, 2\]\).*output size would be \[4, 0\]/);
    // Strides do not change whether a window fits: 3 steps, kernel 3, stride 2 → one output.
    expect(new Conv1D({ filters: 1, kernelSize: 3, strides: 2 }).computeOutputShape([null, 3, 1])).toEqual([null, 1, 1]);
  });

  it("causal padding pads the window's span, so any non-empty sequence fits", () => {
    const causal = new Conv1D({ filters: 1, kernelSize: 3, padding: 'causal' });
    const output = causal.apply(tf.ones([1, 1, 1])) as tf.Tensor;
    expect(output.shape).toEqual([1, 1, 1]);
    output.dispose();
  });

  it('transposed convolutions grow their input; the one empty case is refused', () => {
    for (const make of [() => new Conv1DTranspose({ filters: 1, kernelSize: 3 }), () => new Conv2DTranspose({ filters: 1, kernelSize: 3 })]) {
      const layer = make();
      const rank = layer instanceof Conv1DTranspose ? 1 : 2;
      const output = layer.apply(tf.ones([1, ...Array.from({ length: rank }, () => 1), 1])) as tf.Tensor;
      expect(output.shape.slice(1, -1)).toEqual(Array.from({ length: rank }, () => 3));
      output.dispose();
    }
    const even = new Conv1DTranspose({ filters: 1, kernelSize: 2, padding: 'same', outputPadding: 0, name: 'even' });
    expectShapeError(
      thrown(() => even.apply(Input({ shape: [1, 1] }))),
      "Conv1DTranspose 'even': input size [1] (input shape [null, 1, 1]) with kernelSize [2], strides [1], padding 'same' and outputPadding [0] gives output size [0]. Use padding: 'valid' or an odd kernelSize.",
    );
  });
});

describe('variable-length sequences too short for the windows', () => {
  function sequenceModel(): Model {
    const tokens = Input({ shape: [null], dtype: 'int32' });
    const embedded = new Embedding({ inputDim: 20, outputDim: 4 }).apply(tokens) as SymbolicTensor;
    const convolved = new Conv1D({ filters: 3, kernelSize: 5, activation: 'relu', name: 'conv' }).apply(embedded) as SymbolicTensor;
    const pooled = new MaxPooling1D({ poolSize: 5, name: 'pool' }).apply(convolved) as SymbolicTensor;
    const output = new Dense({ units: 1 }).apply(new GlobalAveragePooling1D().apply(pooled) as SymbolicTensor) as SymbolicTensor;
    return new Model({ inputs: tokens, outputs: output });
  }

  const sequences = (count: number, length: number) =>
    tf.tensor2d(
      Array.from({ length: count * length }, (_, i) => (i * 7) % 20),
      [count, length],
      'int32',
    );
  const shortMessage =
    "Conv1D 'conv': input size [2] (input shape [4, 2, 4]) is smaller than the window: kernelSize [5] with dilationRate [1] spans [5] (strides [1], padding 'valid'), so the output size would be [-2]. Use padding: 'same' or a smaller kernelSize.";

  it('predict and fit on length-2 sequences throw the ShapeError, leak nothing and leave the model usable', async () => {
    const model = sequenceModel();
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const short = sequences(4, 2);
    const shortTargets = tf.zeros([4, 1]);
    const weightsBefore = model.getWeights().map((w) => w.dataSync().slice());
    const before = tf.memory().numTensors;
    expectShapeError(
      thrown(() => model.predict(short)),
      shortMessage,
    );
    expect(tf.memory().numTensors).toBe(before);
    expectShapeError(await model.fit(short, shortTargets, { epochs: 1, batchSize: 4, verbose: 0 }).catch((error: unknown) => error), shortMessage);
    model.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(weightsBefore[i]!)));

    // Long enough for both windows: 100 → conv 96 → pool 19.
    const long = sequences(8, 100);
    const targets = tf.ones([8, 1]);
    const history = await model.fit(long, targets, { epochs: 2, batchSize: 4, verbose: 0 });
    expect(history.history.loss).toHaveLength(2);
    expect(history.history.loss!.every((loss) => Number.isFinite(loss))).toBe(true);
    const prediction = model.predict(long) as tf.Tensor;
    expect(prediction.shape).toEqual([8, 1]);
    tf.dispose([short, shortTargets, long, targets, prediction]);
  });

  // tfjs-core's engine.gradients keeps (tf.keep) a clone of each tensor a kernel saves for the
  // backward pass and frees them only after a pass that completes; here Embedding's gather saves two
  // before Conv1D throws. Core's train step frees the abandoned tape's saved tensors when a step throws.
  it('a failed fit leaks no tensors (the gradient tape included)', async () => {
    const model = sequenceModel();
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const short = sequences(4, 2);
    const shortTargets = tf.zeros([4, 1]);
    // A first failed fit creates the optimizer's and trackers' lasting state.
    await model.fit(short, shortTargets, { epochs: 1, batchSize: 4, verbose: 0 }).catch(() => undefined);
    const before = tf.memory().numTensors;
    await model.fit(short, shortTargets, { epochs: 1, batchSize: 4, verbose: 0 }).catch(() => undefined);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('MaxPooling1D refuses sequences shorter than its pool after a same-padded convolution', () => {
    const tokens = Input({ shape: [null], dtype: 'int32' });
    const embedded = new Embedding({ inputDim: 20, outputDim: 4 }).apply(tokens) as SymbolicTensor;
    const convolved = new Conv1D({ filters: 3, kernelSize: 5, padding: 'same' }).apply(embedded) as SymbolicTensor;
    const model = new Model({ inputs: tokens, outputs: new MaxPooling1D({ poolSize: 5, name: 'pool' }).apply(convolved) as SymbolicTensor });
    const short = sequences(2, 3);
    const before = tf.memory().numTensors;
    expectShapeError(
      thrown(() => model.predict(short)),
      "MaxPooling1D 'pool': input size [3] (input shape [2, 3, 3]) is smaller than the window: poolSize [5] (strides [5], padding 'valid'), so the output size would be [0]. Use padding: 'same' or a smaller poolSize.",
    );
    expect(tf.memory().numTensors).toBe(before);
    short.dispose();
  });
});
