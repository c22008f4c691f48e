import * as tf from '@tensorflow/tfjs-core';
import { fusedDense, fusedDenseActivationGrad, KERAS_DENSE, KERAS_DENSE_ACTIVATION_GRAD, KERAS_DENSE_ACTIVATIONS } from '@keras-ts/backend-kit';
import { Sequential } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import { BackendError } from '@keras-ts/common';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { simdFormulaRuns, withoutSimdFormulas } from './elementwise-simd.js';
import { countingCalls, withoutKernels } from './registered-kernels.test-utils.js';

const values = (seed: number, n: number, scale: number) => Array.from({ length: n }, (_, i) => Math.sin(seed * 13.7 + i * 0.91) * scale);
const bits = (t: tf.Tensor) => Buffer.from((t.dataSync() as Float32Array).buffer.slice(0));
/** Equal as numbers, NaN where NaN: the chain's relu (a SIMD max) makes −0 into +0 and NaN payloads canonical; these keep both. */
const sameNumbers = (a: tf.Tensor, b: tf.Tensor) => {
  const [x, y] = [a.dataSync(), b.dataSync()];
  return x.length === y.length && x.every((v, i) => v === y[i] || (Number.isNaN(v) && Number.isNaN(y[i]!)));
};

/** The unfused chain on 'wasm' (the kernels a Dense layer ran before), the fused kernels' bit-for-bit reference. */
function chain(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D | undefined, activation: (typeof KERAS_DENSE_ACTIVATIONS)[number]): tf.Tensor {
  return tf.tidy(() => {
    const product = tf.matMul(x, kernel);
    const z = bias === undefined ? product : tf.add(product, bias);
    return { linear: () => z, relu: () => tf.relu(z), sigmoid: () => tf.sigmoid(z), tanh: () => tf.tanh(z), softmax: () => tf.softmax(z) }[activation]();
  });
}

describe("fused Dense kernels on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  // 8 columns run the SIMD pass, 7 the JavaScript one; the bias holds NaN, −0 and large negatives.
  for (const [m, k, n] of [
    [6, 5, 8],
    [5, 9, 7],
  ] as const) {
    for (const activation of KERAS_DENSE_ACTIVATIONS) {
      for (const withBias of [true, false]) {
        it(`forward ${activation}${withBias ? '' : ' without bias'}, ${m}×${k}·${k}×${n}: the unfused chain's values, nothing leaked`, () => {
          const x = tf.tensor2d(values(1, m * k, 2), [m, k]);
          const kernel = tf.tensor2d(values(2, k * n, 1), [k, n]);
          const biasValues = values(3, n, 3);
          biasValues[1] = Number.NaN;
          biasValues[2] = -0;
          biasValues[3] = -50;
          const bias = withBias ? tf.tensor1d(biasValues) : undefined;
          const before = tf.memory().numTensors;
          const runsBefore = simdFormulaRuns();
          const fused = fusedDense.run({ x, kernel, bias }, { activation, withBias });
          const simdRan = simdFormulaRuns() > runsBefore;
          const expected = chain(x, kernel, bias, activation);
          expect(sameNumbers(fused, expected)).toBe(true);
          expect(fused.dataSync().some(Number.isNaN)).toBe(withBias);
          // The bias-and-relu pass runs as SIMD where the rows are whole vectors and there is one to do.
          expect(simdRan).toBe(n % 4 === 0 && (withBias || activation === 'relu'));
          tf.dispose([fused, expected]);
          expect(tf.memory().numTensors).toBe(before);
          tf.dispose([x, kernel, bias]);
        });
      }
    }
  }

  for (const [m, n] of [
    [6, 8],
    [5, 7],
  ] as const) {
    for (const activation of KERAS_DENSE_ACTIVATIONS) {
      it(`activation gradient ${activation}, ${m}×${n}: dz as tfjs's gradient, bit for bit, and db its column sums; SIMD and JavaScript agree`, () => {
        const dyValues = values(4, m * n, 2);
        const yBase = values(5, m * n, 1);
        const yValues =
          activation === 'sigmoid' || activation === 'softmax' ? yBase.map((v) => (v + 1) / 2) : activation === 'tanh' ? yBase.map((v) => v * 0.99) : yBase;
        // NaN, −0, +0, +∞ and −∞ in y, and NaN, ∞ in dy.
        Object.assign(yValues, { 0: Number.NaN, 1: -0, 2: 0, 3: Number.POSITIVE_INFINITY, 4: Number.NEGATIVE_INFINITY });
        Object.assign(dyValues, { 5: Number.NaN, 6: Number.POSITIVE_INFINITY });
        const dy = tf.tensor2d(dyValues, [m, n]);
        const y = tf.tensor2d(yValues, [m, n]);
        const before = tf.memory().numTensors;
        const [dz, db] = fusedDenseActivationGrad.run({ dy, y }, { activation, withBias: true });
        const [dzJs, dbJs] = withoutSimdFormulas(() => fusedDenseActivationGrad.run({ dy, y }, { activation, withBias: true }));
        const [dzOnly, ...rest] = fusedDenseActivationGrad.run({ dy, y }, { activation, withBias: false });
        expect(rest).toEqual([]);
        // backend-kit's reference: tfjs-core's gradient of the activation, in ops, here on 'wasm'.
        const [expected] = fusedDenseActivationGrad.reference({ dy, y }, { activation, withBias: false }) as [tf.Tensor];
        if (activation !== 'softmax') expect(bits(dz!).equals(bits(expected!))).toBe(true);
        else {
          // Softmax's row sum is added in float32 here, by tfjs's Sum kernel there: close, and non-finite in the same places.
          const [got, want] = [dz!.dataSync(), expected!.dataSync()];
          want.forEach((e, i) => {
            if (Number.isFinite(e)) expect(Math.abs(got[i]! - e)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(e)));
            else expect(got[i]).toBe(e);
          });
        }
        expect(bits(dzJs!).equals(bits(dz!))).toBe(true);
        expect(bits(dbJs!).equals(bits(db!))).toBe(true);
        expect(bits(dzOnly!).equals(bits(dz!))).toBe(true);
        // db: the column sums of dz, added row after row in float32.
        const dzArray = dz!.dataSync();
        const sums = new Float32Array(n);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) sums[j] = Math.fround(sums[j]! + dzArray[i * n + j]!);
        expect(Buffer.from(sums.buffer).equals(bits(db!))).toBe(true);
        tf.dispose([dz, db, dzJs, dbJs, dzOnly, expected]);
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([dy, y]);
      });
    }
  }

  it('trains to the weights the unfused ops reach on wasm, to 1e-6', async () => {
    const run = async (softmax: boolean): Promise<Float32Array[]> => {
      const model = new Sequential([
        new Dense({ units: 16, activation: 'relu', inputShape: [12] }),
        new Dense({ units: 7, activation: 'relu' }),
        new Dense({ units: 8, activation: 'tanh' }),
        new Dense({ units: 8, activation: 'sigmoid', useBias: false }),
        new Dense({ units: 8 }),
        new Dense({ units: 3, activation: softmax ? 'softmax' : 'linear' }),
      ]);
      model.compile({ optimizer: 'rmsprop', loss: softmax ? 'categoricalCrossentropy' : 'meanSquaredError' });
      const initial = model.getWeights().map((w, i) => tf.tensor(values(70 + i, w.size, 0.5), w.shape));
      model.setWeights(initial);
      tf.dispose(initial);
      const x = tf.tensor2d(values(80, 32 * 12, 1), [32, 12]);
      const labels = tf.tensor1d(
        Array.from({ length: 32 }, (_, i) => i % 3),
        'int32',
      );
      const y = tf.tidy(() => tf.cast(tf.oneHot(labels, 3), 'float32'));
      labels.dispose();
      for (let step = 0; step < 4; step++) await model.trainOnBatch(x, y);
      const result = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
      tf.dispose([x, y]);
      model.dispose();
      return result;
    };
    const names = [KERAS_DENSE, KERAS_DENSE_ACTIVATION_GRAD];
    const { result: fused, calls } = await countingCalls(names, async () => [await run(false), await run(true)]);
    const unfused = await withoutKernels(names, async () => [await run(false), await run(true)]);
    // Six layers forward per step, twice; the backward kernel for the layers with an activation.
    expect(calls[KERAS_DENSE]!).toBeGreaterThanOrEqual(2 * 6 * 4);
    expect(calls[KERAS_DENSE_ACTIVATION_GRAD]!).toBeGreaterThanOrEqual(2 * 4 * 4);
    // Not bit for bit: without these kernels tfjs-core runs some forward passes through XNNPACK's
    // fused matMul, which adds the bias inside its sums, and sums softmax's rows in another order.
    for (const [model, weights] of fused.entries()) {
      weights.forEach((values, w) =>
        values.forEach((v, i) => {
          const expected = unfused[model]![w]![i]!;
          expect(Math.abs(v - expected), `model ${model}, weight ${w}[${i}]`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
        }),
      );
    }
  });

  it('refuses a non-float32 input with a BackendError naming it, leaking nothing', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
    const kernel = tf.tensor2d([1, 0, 0, 1], [2, 2]);
    const before = tf.memory().numTensors;
    expect(() => tf.engine().runKernel('KerasDense', { x, kernel }, { activation: 'relu', withBias: false })).toThrow(BackendError);
    expect(() => tf.engine().runKernel('KerasDense', { x, kernel }, { activation: 'relu', withBias: false })).toThrow(
      "KerasDense: input 'x' must be a float32 tensor of shape [2,2], got int32 [2,2].",
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, kernel]);
  });
});
