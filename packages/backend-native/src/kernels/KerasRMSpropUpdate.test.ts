import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { KERAS_RMSPROP_UPDATE } from '@keras-ts/backend-kit';
import { available, expectExactly, expectSplits, onNativeWithTwoThreads, seeded, skipReason, splitCountingKernel } from './kernels.test-utils.js';

const f = Math.fround;

/** Keras 3's plain RMSprop step, one float32 rounding per operation (the op chain's arithmetic). */
function reference(w: number[], v: number[], g: number[], rho: number, epsilon: number, lr: number): { w: number[]; v: number[] } {
  const velocity = v.map((vi, i) => f(f(vi * f(rho)) + f(f(g[i]! * g[i]!) * f(1 - rho))));
  const variable = w.map((wi, i) => f(wi - f(f(g[i]! * f(lr)) / f(Math.sqrt(f(velocity[i]! + f(epsilon)))))));
  return { w: variable, v: velocity };
}

describe.skipIf(!available)(`${KERAS_RMSPROP_UPDATE} on 'native' (${skipReason})`, () => {
  it('matches the float32 RMSprop formula exactly, element by element', () => {
    const shape = [37, 29];
    const size = 37 * 29;
    const w = seeded(size, 11).map(f);
    const v = seeded(size, 12).map((x) => f(Math.abs(x)));
    const g = seeded(size, 13, 3).map(f);
    const attrs = { rho: 0.9, epsilon: 1e-7, learningRate: 0.001 };
    tf.setBackend('native');
    try {
      const before = tf.memory().numTensors;
      const inputs = { variable: tf.tensor(w, shape), velocity: tf.tensor(v, shape), gradient: tf.tensor(g, shape) };
      const [newVelocity, newVariable] = tf.engine().runKernel(KERAS_RMSPROP_UPDATE, inputs, attrs) as tf.Tensor[];
      const expected = reference(w, v, g, attrs.rho, attrs.epsilon, attrs.learningRate);
      expect(newVelocity!.shape).toEqual(shape);
      expectExactly(newVelocity!.dataSync(), expected.v);
      expectExactly(newVariable!.dataSync(), expected.w);
      tf.dispose([newVelocity!, newVariable!, ...Object.values(inputs)]);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.setBackend('cpu');
    }
  });

  // 20 KiB: arrays from the buffer pool, updated on the calling thread; 788 KiB: split over two threads.
  it.each([
    [64, 80],
    [401, 503],
  ])('overwrites the variable and velocity only when nothing else can see their data (%i × %i)', (rows, columns) => {
    const shape = [rows, columns];
    const size = rows * columns;
    const w = seeded(size, 14).map(f);
    const v = seeded(size, 15).map((x) => f(Math.abs(x)));
    const g = seeded(size, 16, 3).map(f);
    const attrs = { rho: 0.9, epsilon: 1e-7, learningRate: 0.01 };
    const expected = reference(w, v, g, attrs.rho, attrs.epsilon, attrs.learningRate);
    const update = splitCountingKernel(KERAS_RMSPROP_UPDATE, attrs);
    onNativeWithTwoThreads((backend) => {
      const before = tf.memory().numTensors;
      // `add(…, 0)` makes kernel outputs: pool arrays, stored in one tensor each.
      const fresh = () =>
        tf.tidy(() => ({ variable: tf.add(tf.tensor(w, shape), 0), velocity: tf.add(tf.tensor(v, shape), 0), gradient: tf.tensor(g, shape) }));

      // Nothing else refers to the data: updated in place, the outputs share the arrays.
      const own = fresh();
      const [velocityArray, variableArray] = [backend.values(own.velocity), backend.values(own.variable)];
      const [v1, w1] = update.run(own);
      expect(backend.values(v1!)).toBe(velocityArray);
      expect(backend.values(w1!)).toBe(variableArray);
      expectExactly(w1!.dataSync(), expected.w);
      expectExactly(v1!.dataSync(), expected.v);

      // A clone shares the variable's data, and the velocity's values were read out: both keep their values.
      const shared = fresh();
      const clone = tf.clone(shared.variable);
      const readOut = shared.velocity.dataSync();
      const [v2, w2] = update.run(shared);
      expect(backend.values(w2!)).not.toBe(backend.values(shared.variable));
      expect(backend.values(v2!)).not.toBe(backend.values(shared.velocity));
      expectExactly(clone.dataSync(), w);
      expectExactly(readOut, v);
      expectExactly(w2!.dataSync(), expected.w);
      expectExactly(v2!.dataSync(), expected.v);

      tf.dispose([v1!, w1!, v2!, w2!, clone, ...Object.values(own), ...Object.values(shared)]);
      expect(tf.memory().numTensors).toBe(before);
    });
    expectSplits(update.splits, size >= 65_536 ? 2 : 0);
  });

  it('rejects inputs of another dtype or shape, naming the input', () => {
    tf.setBackend('native');
    try {
      const variable = tf.zeros([4]);
      const velocity = tf.zeros([5]);
      const gradient = tf.zeros([4], 'int32');
      const run = (inputs: Record<string, tf.Tensor>) => () =>
        tf.engine().runKernel(KERAS_RMSPROP_UPDATE, inputs, { rho: 0.9, epsilon: 1e-7, learningRate: 0.1 });
      expect(run({ variable, velocity, gradient: variable })).toThrow(/'velocity' must be a float32 tensor shaped like the variable \[4\], got float32 \[5\]/);
      expect(run({ variable, velocity: variable, gradient })).toThrow(/'gradient' .* got int32 \[4\]/);
      tf.dispose([variable, velocity, gradient]);
    } finally {
      tf.setBackend('cpu');
    }
  });
});
