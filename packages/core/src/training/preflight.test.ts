import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Layer } from '../engine/layer.js';
import { Input } from '../engine/input-layer.js';
import type { CallOptions, Shape } from '../engine/types.js';
import { BackendError, MissingKernelError, ShapeError, ValueError } from '../errors/errors.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { TestDense } from '../testing/layers.test-utils.js';
import { preflight, probeLength } from './preflight.js';

/**
 * A 'valid' window of `window` steps, stride `window`, over axis 1 (a max pool written with
 * slices), which refuses inputs shorter than the window with a ShapeError as the real pooling
 * layers do, and records the lengths it was called with.
 */
class TestWindow extends Layer {
  static override className = 'TestWindow';
  readonly lengths: number[] = [];
  constructor(
    readonly window: number,
    name: string,
  ) {
    super({ name });
  }
  private outputLength(length: number | null): number | null {
    if (length === null) return null;
    const steps = Math.floor(length / this.window);
    if (steps < 1) throw new ShapeError(`TestWindow '${this.name}': input length ${length} is shorter than the window ${this.window}.`);
    return steps;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    this.lengths.push(x.shape[1]!);
    const steps = this.outputLength(x.shape[1]!)!;
    return tf.max(tf.reshape(tf.slice(x, [0, 0, 0], [-1, steps * this.window, -1]), [x.shape[0]!, steps, this.window, x.shape[2]!]), 2);
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    return [shape[0] ?? null, this.outputLength(shape[1] ?? null), shape[2] ?? null];
  }
}

/** Max over axis 1, then a TestDense head: what ends a variable-length model. */
class TestGlobalMax extends Layer {
  static override className = 'TestGlobalMax';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.max(Array.isArray(inputs) ? inputs[0]! : inputs, 1);
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    return [shape[0] ?? null, shape[2] ?? null];
  }
}

/** Throws `error` from its call, after recording that it ran. */
class TestThrowing extends Layer {
  static override className = 'TestThrowing';
  constructor(private readonly error: () => Error) {
    super({ name: 'throwing' });
  }
  override call(): tf.Tensor {
    throw this.error();
  }
}

function windowModel(windows: number[]): { model: Model; layers: TestWindow[] } {
  const input = Input({ shape: [null, 2], name: 'sequence' });
  const layers = windows.map((window, i) => new TestWindow(window, `window_${i}`));
  let x = input;
  for (const layer of layers) x = layer.apply(x) as typeof input;
  const output = new TestDense({ units: 1, name: 'head' }).apply(new TestGlobalMax({ name: 'global' }).apply(x) as typeof input);
  return { model: new Model({ inputs: input, outputs: output }), layers };
}

describe('preflight', () => {
  beforeAll(() => {
    // A backend with every cpu kernel except Sigmoid.
    tf.registerBackend('nosigmoid', () => new MathBackendCPU());
    for (const config of tf.getKernelsForBackend('cpu')) {
      if (config.kernelName !== 'Sigmoid') tf.registerKernel({ ...config, backendName: 'nosigmoid' });
    }
  });
  afterAll(() => tf.setBackend('cpu'));

  it('fails fit before any step, naming the kernel and the layer, and leaves the weights alone', async () => {
    await tf.setBackend('nosigmoid');
    const model = new Sequential([
      new TestDense({ units: 3, inputShape: [2], activation: 'relu', name: 'hidden' }),
      new TestDense({ units: 1, activation: 'sigmoid', name: 'gate' }),
    ]);
    model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const x = tf.ones([4, 2]);
    const y = tf.ones([4, 1]);
    const attempt = model.fit(x, y, { verbose: 0 });
    await expect(attempt).rejects.toThrow(MissingKernelError);
    await expect(model.fit(x, y, { verbose: 0 })).rejects.toThrow(
      "Layer 'gate' (TestDense) needs the kernel 'Sigmoid', which backend 'nosigmoid' does not provide",
    );
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    expect(model.optimizer!.iterations).toBe(0);
    await tf.setBackend('cpu');
    const history = await model.fit(x, y, { verbose: 0 });
    expect(history.history.loss).toHaveLength(1);
    tf.dispose([x, y]);
  });

  it('probes unknown lengths at the shortest length every window fits, and each layer at the length it receives', () => {
    // Windows 5 then 3: the input needs 15 steps; the second window sees 15 / 5 = 3.
    const { model, layers } = windowModel([5, 3]);
    expect(probeLength(model)).toBe(15);
    preflight(model);
    expect(layers.map((layer) => layer.lengths)).toEqual([[15], [3]]);
    expect(probeLength(windowModel([]).model)).toBe(2);
  });

  it('passes over a layer that refuses the probe when no length fits, and the first real batch checks it', async () => {
    // A window of 5000 steps: longer than the longest probe (4096), so the probe length 2 is refused.
    const { model, layers } = windowModel([5000]);
    expect(probeLength(model)).toBeUndefined();
    expect(() => preflight(model)).not.toThrow();
    expect(layers[0]!.lengths).toEqual([2]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const [x, y] = [tf.ones([2, 5000, 2]), tf.ones([2, 1])];
    const history = await model.fit(x, y, { verbose: 0, batchSize: 2 });
    expect(history.history.loss).toHaveLength(1);
    const [short, shortY] = [tf.ones([2, 40, 2]), tf.ones([2, 1])];
    await expect(model.fit(short, shortY, { verbose: 0 })).rejects.toThrow(ShapeError);
    tf.dispose([x, y, short, shortY]);
  });

  it('reports any other failure as a BackendError naming the layer and the probe shape, and trains nothing', async () => {
    const input = Input({ shape: [2] });
    const dense = new TestDense({ units: 1, name: 'dense' });
    const output = new TestThrowing(() => new Error('memory access out of bounds')).apply(dense.apply(input) as typeof input);
    const model = new Model({ inputs: input, outputs: output });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const [x, y] = [tf.ones([2, 2]), tf.ones([2, 1])];
    const attempt = model.fit(x, y, { verbose: 0 });
    await expect(attempt).rejects.toThrow(BackendError);
    await expect(model.fit(x, y, { verbose: 0 })).rejects.toThrow(
      "Layer 'throwing' (TestThrowing) failed its preflight run on backend 'cpu' (zero input float32[1, 1], forward and backward): memory access out of bounds Nothing was trained.",
    );
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    tf.dispose([x, y]);
  });

  it('passes over a layer that refuses the zero probe with a ValueError', () => {
    const input = Input({ shape: [3] });
    const model = new Model({ inputs: input, outputs: new TestThrowing(() => new ValueError('zeros are not valid ids here')).apply(input) as typeof input });
    expect(() => preflight(model)).not.toThrow();
  });
});
