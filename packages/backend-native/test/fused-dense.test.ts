import '@tensorflow/tfjs-backend-cpu';
import '@keras-ts/tfjs-gradients';
import * as tf from '@tensorflow/tfjs-core';
import { KERAS_DENSE, KERAS_DENSE_ACTIVATION_GRAD, KERAS_DENSE_ACTIVATIONS, totalFallbacks } from '@keras-ts/backend-kit';
import { Sequential } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeStatus } from '../src/index.js';
import { seeded } from '../src/kernels/kernels.test-utils.js';

// @keras-ts/layers' Dense runs as the fused KerasDense kernel on 'native'. Its outputs and
// gradients are checked against float64 explicit loops (and central differences for the
// formulas themselves), and a fused training run against the unfused op chain on 'native'.

const [M, K, N] = [5, 7, 4];
const xValues = seeded(M * K, 1, 1.5);
const kernelValues = seeded(K * N, 2, 0.8);
const biasValues = seeded(N, 3, 0.5);
const weights = seeded(M * N, 4); // the objective is Σ weights ⊙ Dense(x)

type Activation = (typeof KERAS_DENSE_ACTIVATIONS)[number];

/** Dense(x) in float64 by explicit loops. */
function forward(activation: Activation, x: number[], kernel: number[], bias: number[] | undefined): number[] {
  const out: number[] = [];
  for (let i = 0; i < M; i++) {
    const z: number[] = [];
    for (let j = 0; j < N; j++) {
      let sum = bias?.[j] ?? 0;
      for (let k = 0; k < K; k++) sum += x[i * K + k]! * kernel[k * N + j]!;
      z.push(sum);
    }
    if (activation === 'softmax') {
      const max = Math.max(...z);
      const exps = z.map((v) => Math.exp(v - max));
      const total = exps.reduce((a, b) => a + b, 0);
      out.push(...exps.map((e) => e / total));
    } else {
      const f = { linear: (v: number) => v, relu: (v: number) => Math.max(v, 0), sigmoid: (v: number) => 1 / (1 + Math.exp(-v)), tanh: Math.tanh }[activation];
      out.push(...z.map(f));
    }
  }
  return out;
}

const objective = (activation: Activation, x: number[], kernel: number[], bias: number[] | undefined) =>
  forward(activation, x, kernel, bias).reduce((sum, y, i) => sum + weights[i]! * y, 0);

/** Hand-derived gradients of the objective in float64: dz = c ⊙ act'(z); dx = dz·Wᵀ, dW = xᵀ·dz, db = Σ dz. */
function analyticGradients(activation: Activation, bias: number[] | undefined): { x: number[]; kernel: number[]; bias: number[] } {
  const y = forward(activation, xValues, kernelValues, bias);
  const dz = y.map((value, index) => {
    const c = weights[index]!;
    if (activation === 'linear') return c;
    if (activation === 'relu') return value > 0 ? c : 0;
    if (activation === 'sigmoid') return c * value * (1 - value);
    if (activation === 'tanh') return c * (1 - value * value);
    const row = Math.floor(index / N);
    let dot = 0;
    for (let j = 0; j < N; j++) dot += weights[row * N + j]! * y[row * N + j]!;
    return value * (c - dot);
  });
  const dx = new Array<number>(M * K).fill(0);
  const dW = new Array<number>(K * N).fill(0);
  const db = new Array<number>(N).fill(0);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      const g = dz[i * N + j]!;
      db[j]! += g;
      for (let k = 0; k < K; k++) {
        dx[i * K + k]! += g * kernelValues[k * N + j]!;
        dW[k * N + j]! += g * xValues[i * K + k]!;
      }
    }
  return { x: dx, kernel: dW, bias: db };
}

function centralDifference(values: number[], evaluate: (perturbed: number[]) => number): number[] {
  return values.map((value, index) => {
    const h = 1e-5;
    const plus = [...values];
    const minus = [...values];
    plus[index] = value + h;
    minus[index] = value - h;
    return (evaluate(plus) - evaluate(minus)) / (2 * h);
  });
}

function expectClose(actual: ArrayLike<number>, expected: number[], tolerance: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  expected.forEach((value, i) =>
    expect(Math.abs(actual[i]! - value), `${what}[${i}]: ${actual[i]} vs ${value}`).toBeLessThanOrEqual(tolerance * (1 + Math.abs(value))),
  );
}

/** Counts the calls of each kernel run by `body` on 'native', by wrapping the registered kernels. */
function countKernels(names: string[], body: () => void): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  const configs = names.map((name) => {
    const config = tf.getKernel(name, 'native');
    if (config === undefined) throw new Error(`${name} is not registered on 'native'`);
    tf.unregisterKernel(name, 'native');
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        counts[name]!++;
        return config.kernelFunc(args);
      },
    });
    return config;
  });
  try {
    body();
  } finally {
    for (const config of configs) {
      tf.unregisterKernel(config.kernelName, 'native');
      tf.registerKernel(config);
    }
  }
  return counts;
}

describe.skipIf(!nativeStatus.available)(`fused Dense on 'native' (${nativeStatus.available ? 'addon built' : nativeStatus.reason})`, () => {
  beforeAll(async () => {
    await tf.setBackend('native');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const activation of KERAS_DENSE_ACTIVATIONS)
    for (const useBias of [true, false])
      it(`matches explicit loops forward and backward (${activation}, ${useBias ? 'with' : 'no'} bias)`, () => {
        const bias = useBias ? biasValues : undefined;
        const layer = new Dense({ units: N, activation, useBias });
        const x = tf.tensor2d(xValues, [M, K]);
        layer.apply(x); // builds the layer
        layer.setWeights(useBias ? [tf.tensor2d(kernelValues, [K, N]), tf.tensor1d(biasValues)] : [tf.tensor2d(kernelValues, [K, N])]);
        const before = tf.memory().numTensors;
        const c = tf.tensor2d(weights, [M, N]);
        const counts = countKernels([KERAS_DENSE, KERAS_DENSE_ACTIVATION_GRAD, 'BatchMatMul'], () => {
          const output = layer.apply(x) as tf.Tensor;
          expectClose(output.dataSync(), forward(activation, xValues, kernelValues, bias), 1e-5, 'output');
          output.dispose();
          const variables = layer.trainableWeights.map((w) => w.variable);
          const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, c)), variables);
          const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, c)))(x);
          const expected = analyticGradients(activation, bias);
          expectClose(grads[variables[0]!.name]!.dataSync(), expected.kernel, 1e-5, 'kernel gradient');
          if (useBias) expectClose(grads[variables[1]!.name]!.dataSync(), expected.bias, 1e-5, 'bias gradient');
          expectClose(dx.dataSync(), expected.x, 1e-5, 'input gradient');
          tf.dispose([value, ...Object.values(grads), dx]);
        });
        // Forward three times; backward: the activation's derivative unless linear, and one product
        // per input on the path (kernel only for variableGrads; x only for tf.grad).
        expect(counts[KERAS_DENSE]).toBe(3);
        expect(counts[KERAS_DENSE_ACTIVATION_GRAD]).toBe(activation === 'linear' ? 0 : 2);
        expect(counts.BatchMatMul).toBe(2);
        c.dispose();
        expect(tf.memory().numTensors).toBe(before);
        x.dispose();
        layer.dispose();
      });

  it('uses hand-derived gradients that agree with central differences', () => {
    for (const activation of ['tanh', 'softmax', 'sigmoid'] as const) {
      const expected = analyticGradients(activation, biasValues);
      const numericKernel = centralDifference(kernelValues, (k) => objective(activation, xValues, k, biasValues));
      const numericBias = centralDifference(biasValues, (b) => objective(activation, xValues, kernelValues, b));
      const numericX = centralDifference(xValues, (x) => objective(activation, x, kernelValues, biasValues));
      expectClose(expected.kernel, numericKernel, 1e-6, `${activation} kernel`);
      expectClose(expected.bias, numericBias, 1e-6, `${activation} bias`);
      expectClose(expected.x, numericX, 1e-6, `${activation} x`);
    }
  });

  it('trains to exactly the weights the unfused ops reach on the same backend', async () => {
    const run = async (): Promise<Float32Array[]> => {
      const model = new Sequential([
        new Dense({ units: 16, activation: 'relu', inputShape: [12] }),
        new Dense({ units: 8, activation: 'tanh' }),
        new Dense({ units: 8, activation: 'sigmoid', useBias: false }),
        new Dense({ units: 8 }),
        new Dense({ units: 3, activation: 'softmax' }),
      ]);
      model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const initial = model.getWeights().map((w, i) => tf.tensor(seeded(w.size, 70 + i, 0.5), w.shape));
      model.setWeights(initial);
      tf.dispose(initial);
      const x = tf.tensor2d(seeded(32 * 12, 80), [32, 12]);
      const y = tf
        .oneHot(
          tf.tensor1d(
            Array.from({ length: 32 }, (_, i) => i % 3),
            'int32',
          ),
          3,
        )
        .cast('float32');
      for (let step = 0; step < 4; step++) await model.trainOnBatch(x, y);
      const result = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
      tf.dispose([x, y]);
      model.dispose();
      return result;
    };
    const fallbacks = totalFallbacks('native');
    const fused = await run();
    const configs = [KERAS_DENSE, KERAS_DENSE_ACTIVATION_GRAD].map((name) => tf.getKernel(name, 'native')!);
    for (const config of configs) tf.unregisterKernel(config.kernelName, 'native');
    let unfused: Float32Array[];
    try {
      unfused = await run();
    } finally {
      for (const config of configs) tf.registerKernel(config);
    }
    expect(totalFallbacks('native')).toBe(fallbacks);
    fused.forEach((values, w) => expect(Array.from(values), `weight ${w}`).toEqual(Array.from(unfused[w]!)));
  });

  it('takes second-order gradients through the unfused ops', () => {
    // d²/dx² of Σ relu(x·w)² for a 1-unit Dense without bias: 2w² where x·w > 0, else 0.
    const w = 0.7;
    const xs = [-1.2, 0.3, 0.9];
    const layer = new Dense({ units: 1, activation: 'relu', useBias: false });
    const x = tf.tensor2d(xs, [3, 1]);
    layer.apply(x);
    layer.setWeights([tf.tensor2d([w], [1, 1])]);
    const counts = countKernels([KERAS_DENSE_ACTIVATION_GRAD], () => {
      const second = tf.grad(tf.grad((input: tf.Tensor) => tf.sum(tf.square(layer.apply(input) as tf.Tensor))))(x);
      expectClose(
        second.dataSync(),
        xs.map((v) => (v * w > 0 ? 2 * w * w : 0)),
        1e-6,
        'second derivative',
      );
      second.dispose();
    });
    expect(counts[KERAS_DENSE_ACTIVATION_GRAD]).toBe(0);
    tf.dispose(x);
    layer.dispose();
  });

  it('falls back to the unfused ops for other activations and dtypes', () => {
    const layer = new Dense({ units: 3, activation: 'elu' });
    const x = tf.tensor2d(seeded(2 * 4, 9), [2, 4]);
    const counts = countKernels([KERAS_DENSE], () => tf.dispose(layer.apply(x) as tf.Tensor));
    expect(counts[KERAS_DENSE]).toBe(0);
    tf.dispose(x);
    layer.dispose();
  });

  it('rejects bad inputs with the expected and actual shapes and dtypes', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const kernel = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const wrongBias = tf.tensor1d([1, 2]);
    const intX = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
    const run =
      (inputs: tf.NamedTensorMap, activation = 'relu') =>
      () =>
        tf.engine().runKernel(KERAS_DENSE, inputs, { activation, withBias: 'bias' in inputs });
    expect(run({ x, kernel, bias: wrongBias })).toThrow(/KerasDense: input 'bias' must be a float32 tensor of shape \[3\], got float32 \[2\]/);
    expect(run({ x: intX, kernel })).toThrow(/input 'x' must be a float32 tensor of shape \[2,2\], got int32 \[2,2\]/);
    expect(run({ x, kernel }, 'elu')).toThrow(/activation must be one of linear, relu, sigmoid, tanh, softmax; got 'elu'/);
    const y = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(() => tf.engine().runKernel(KERAS_DENSE_ACTIVATION_GRAD, { dy: x, y }, { activation: 'relu', withBias: true })).toThrow(
      /KerasDenseActivationGrad: input 'dy' must be a float32 tensor of shape \[2,3\], got float32 \[2,2\]/,
    );
    tf.dispose([x, kernel, wrongBias, intX, y]);
  });
});
