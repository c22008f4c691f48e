import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { KERAS_ADAM_UPDATE, KERAS_RMSPROP_UPDATE, KERAS_SGD_MOMENTUM_UPDATE } from '@keras-ts/backend-kit';
import { formulaModuleBytes, runFormulaOnHeap, simd } from './elementwise-simd.js';
import { ADAM_FORMULA, RMSPROP_FORMULA, sgdMomentumFormula } from './optimizer-simd.js';

const f = Math.fround;
/** The slots' flush (Keras 3 on JAX/TensorFlow): a subnormal float32 becomes a zero of its sign. */
const flush = (x: number) => (x !== 0 && Math.abs(x) < 2 ** -126 ? (x < 0 ? -0 : 0) : x);

// The updates written out element by element in JavaScript, each operation rounded to float32:
// the independent reference the SIMD modules must match bit for bit.
function rmspropReference([w, v, g]: Float32Array[], rho: number, epsilon: number, lr: number): Float32Array[] {
  const [newV, newW] = [new Float32Array(w!.length), new Float32Array(w!.length)];
  for (let i = 0; i < w!.length; i++) {
    newV[i] = flush(f(f(v![i]! * f(rho)) + f(f(g![i]! * g![i]!) * f(1 - rho))));
    newW[i] = f(w![i]! - f(f(g![i]! * f(lr)) / f(Math.sqrt(f(newV[i]! + f(epsilon))))));
  }
  return [newV, newW];
}

function adamReference([w, m, v, g]: Float32Array[], beta1: number, beta2: number, epsilon: number, alpha: number): Float32Array[] {
  const [newM, newV, newW] = [0, 1, 2].map(() => new Float32Array(w!.length)) as [Float32Array, Float32Array, Float32Array];
  for (let i = 0; i < w!.length; i++) {
    newM[i] = flush(f(m![i]! + f(f(g![i]! - m![i]!) * f(1 - beta1))));
    newV[i] = flush(f(v![i]! + f(f(f(g![i]! * g![i]!) - v![i]!) * f(1 - beta2))));
    newW[i] = f(w![i]! - f(f(newM[i]! * f(alpha)) / f(f(Math.sqrt(newV[i]!)) + f(epsilon))));
  }
  return [newM, newV, newW];
}

function sgdReference([w, v, g]: Float32Array[], momentum: number, lr: number, nesterov: boolean): Float32Array[] {
  const [newV, newW] = [new Float32Array(w!.length), new Float32Array(w!.length)];
  for (let i = 0; i < w!.length; i++) {
    const scaled = f(g![i]! * f(lr));
    newV[i] = flush(f(f(v![i]! * f(momentum)) - scaled));
    newW[i] = f(w![i]! + (nesterov ? f(f(newV[i]! * f(momentum)) - scaled) : newV[i]!));
  }
  return [newV, newW];
}

function filled(n: number, seed: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 7.3 + i * 1.37) * scale);
}

/**
 * Inputs with edge values planted: a zero gradient, a huge one, a zero velocity, a subnormal-sized
 * one; at 5 and 6 (in the scalar tail with 7 elements, in the SIMD loop with more) slots that decay
 * below 2^-126 with a zero gradient: the smallest normal (of both signs for m) and a subnormal.
 */
function inputsFor(n: number, names: string[]): Float32Array[] {
  return names.map((name, k) => {
    const values = filled(n, k + 1, name === 'g' ? 0.5 : 3);
    if (name === 'v') values.forEach((value, i) => (values[i] = Math.abs(value)));
    if (name === 'g') values[0] = 0;
    if (n > 4 && name === 'g') [values[1], values[3]] = [1e30, -1e-20];
    if (n > 4 && name === 'v') values[2] = 0;
    if (n > 6 && name === 'g') [values[5], values[6]] = [0, 0];
    if (n > 6 && name === 'v') [values[5], values[6]] = [2 ** -126, 3 * 2 ** -149];
    if (n > 6 && name === 'm') [values[5], values[6]] = [-(2 ** -126), 5 * 2 ** -149];
    return values;
  });
}

const bits = (array: Float32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** Runs `kernel` on 'wasm' with `arrays` as its inputs (`alpha` and `learningRate` as scalars), hands its outputs to `check`, and frees everything. */
function withKernelOutputs(kernel: string, names: string[], arrays: Float32Array[], attrs: Record<string, unknown>, check: (outputs: tf.Tensor[]) => void) {
  const scalarInputs = new Set(['alpha', 'learningRate']);
  const inputs = Object.fromEntries(names.map((name, k) => [name, scalarInputs.has(name) ? tf.scalar(arrays[k]![0]!) : tf.tensor(arrays[k]!)]));
  const outputs = tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor[];
  try {
    check(outputs);
  } finally {
    tf.dispose([...outputs, ...Object.values(inputs)]);
  }
}

/** Runs `kernel` on 'wasm' and checks every output bit for bit against `expected`, with no tensor left behind. */
function expectKernelBits(kernel: string, names: string[], arrays: Float32Array[], attrs: Record<string, unknown>, expected: Float32Array[]) {
  const before = tf.memory().numTensors;
  withKernelOutputs(kernel, names, arrays, attrs, (outputs) => {
    expect(outputs).toHaveLength(expected.length);
    outputs.forEach((output, k) => expect(bits(output.dataSync() as Float32Array).equals(bits(expected[k]!))).toBe(true));
  });
  expect(tf.memory().numTensors).toBe(before);
}

describe('SIMD optimizer modules', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each([
    ['RMSprop', RMSPROP_FORMULA],
    ['Adam', ADAM_FORMULA],
    ['SGD momentum', sgdMomentumFormula(false)],
    ['SGD Nesterov', sgdMomentumFormula(true)],
  ])('%s validates as WebAssembly in both memory variants', (_, formula) => {
    expect(WebAssembly.validate(formulaModuleBytes(formula, false))).toBe(true);
    expect(WebAssembly.validate(formulaModuleBytes(formula, true))).toBe(true);
  });

  it('runs on the Node wasm backend (not only the JavaScript tail)', () => {
    const backend = tf.backend() as BackendWasm;
    const source = tf.tensor(filled(10, 1, 1));
    const target = tf.zeros([10]);
    const [x, y] = [source, target].map((tensor) => backend.typedArrayFromHeap(tensor) as Float32Array);
    const formula = { arrays: 2, scalars: 1, statements: [{ store: 1, value: simd.mul(simd.array(0), simd.scalar(0)) }] };
    expect(runFormulaOnHeap(backend, formula, [x!, y!], [2])).toBe(8);
    expect(Array.from(target.dataSync()).slice(0, 8)).toEqual(Array.from(filled(8, 1, 1), (value) => f(value * 2)));
    expect(target.dataSync()[8]).toBe(0);
    tf.dispose([source, target]);
  });

  it('rejects a formula that uses a value before defining it', () => {
    const formula = { arrays: 1, scalars: 0, statements: [{ store: 0, value: simd.value('later') }] };
    expect(() => formulaModuleBytes(formula, false)).toThrow(/'later' is used before it is defined/);
  });

  it.each([7, 1026])('stores a slot that decays below 2^-126 as a zero of its sign and leaves the weight as IEEE arithmetic does (%i elements)', (n) => {
    // With a zero gradient: RMSprop v' = 0.9·v, Adam m' = 0.9·m and v' = 0.999·v, SGD v' = 0.9·v —
    // subnormal for both planted slots, so stored as zeros; w' = w − 0 = w in every case.
    const expectFlushed = (kernel: string, names: string[], arrays: Float32Array[], attrs: Record<string, unknown>, slots: number[]) =>
      withKernelOutputs(kernel, names, arrays, attrs, (outputs) => {
        for (const slot of slots) {
          const stored = outputs[slot]!.dataSync();
          const decayed = arrays[slot + 1]!;
          for (const i of [5, 6]) expect(Object.is(stored[i], decayed[i]! < 0 ? -0 : 0), `${kernel} output ${slot}[${i}]`).toBe(true);
        }
        const weight = outputs.at(-1)!.dataSync();
        for (const i of [5, 6]) expect(weight[i]).toBe(arrays[0]![i]);
      });
    expectFlushed(
      KERAS_RMSPROP_UPDATE,
      ['variable', 'velocity', 'gradient'],
      inputsFor(n, ['variable', 'v', 'g']),
      { rho: 0.9, epsilon: 1e-7, learningRate: 0.003 },
      [0],
    );
    const adam = inputsFor(n, ['variable', 'm', 'v', 'g']);
    expectFlushed(
      KERAS_ADAM_UPDATE,
      ['variable', 'momentum', 'velocity', 'gradient', 'alpha'],
      [...adam, Float32Array.of(0.0031)],
      { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      [0, 1],
    );
    const sgd = inputsFor(n, ['variable', 'm', 'g']);
    expectFlushed(
      KERAS_SGD_MOMENTUM_UPDATE,
      ['variable', 'velocity', 'gradient', 'learningRate'],
      [...sgd, Float32Array.of(0.013)],
      { momentum: 0.9, nesterov: false },
      [0],
    );
  });

  it.each([1, 4, 7, 1026, 4099])('RMSprop matches the float32 formula bit for bit with %i elements', (n) => {
    const arrays = inputsFor(n, ['variable', 'v', 'g']);
    const expected = rmspropReference(arrays, 0.9, 1e-7, 0.003);
    expectKernelBits(KERAS_RMSPROP_UPDATE, ['variable', 'velocity', 'gradient'], arrays, { rho: 0.9, epsilon: 1e-7, learningRate: 0.003 }, expected);
  });

  it.each([1, 4, 7, 1026, 4099])('Adam matches the float32 formula bit for bit with %i elements', (n) => {
    const arrays = inputsFor(n, ['variable', 'm', 'v', 'g']);
    const alpha = 0.0031;
    const expected = adamReference(arrays, 0.9, 0.999, 1e-7, alpha);
    const names = ['variable', 'momentum', 'velocity', 'gradient', 'alpha'];
    expectKernelBits(KERAS_ADAM_UPDATE, names, [...arrays, Float32Array.of(alpha)], { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, expected);
  });

  it.each([
    [1, false],
    [7, false],
    [4099, false],
    [7, true],
    [4099, true],
  ])('SGD momentum matches the float32 formula bit for bit with %i elements (Nesterov %s)', (n, nesterov) => {
    const arrays = inputsFor(n, ['variable', 'v', 'g']);
    const expected = sgdReference(arrays, 0.9, 0.013, nesterov);
    const names = ['variable', 'velocity', 'gradient', 'learningRate'];
    const rate = tf.scalar(0.013).dataSync() as Float32Array;
    expectKernelBits(KERAS_SGD_MOMENTUM_UPDATE, names, [...arrays, rate], { momentum: 0.9, nesterov }, expected);
  });
});
