import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { KERAS_SGD_MOMENTUM_UPDATE } from '@keras-ts/backend-kit';
import { available, expectExactly, expectSplits, onNativeWithTwoThreads, seeded, skipReason, splitCountingKernel } from './kernels.test-utils.js';

const f = Math.fround;

/** Keras 3's SGD momentum step, one float32 rounding per operation (the op chain's arithmetic). */
function reference(w: number[], v: number[], g: number[], momentum: number, nesterov: boolean, lr: number) {
  const scaled = g.map((gi) => f(gi * f(lr)));
  const velocity = v.map((vi, i) => f(f(vi * f(momentum)) - scaled[i]!));
  const variable = w.map((wi, i) => f(wi + (nesterov ? f(f(velocity[i]! * f(momentum)) - scaled[i]!) : velocity[i]!)));
  return { w: variable, v: velocity };
}

describe.skipIf(!available)(`${KERAS_SGD_MOMENTUM_UPDATE} on 'native' (${skipReason})`, () => {
  // 20 KiB: arrays from the buffer pool, updated on the calling thread; 788 KiB: split over two threads.
  it.each([
    [false, 64, 80],
    [true, 64, 80],
    [false, 401, 503],
    [true, 401, 503],
  ])('matches the float32 formula exactly (nesterov %s, %i × %i), in place and not', (nesterov, rows, columns) => {
    const shape = [rows, columns];
    const size = rows * columns;
    const [w, v, g] = [seeded(size, 41).map(f), seeded(size, 42, 0.1).map(f), seeded(size, 43, 3).map(f)];
    const attrs = { momentum: 0.9, nesterov };
    const expected = reference(w, v, g, attrs.momentum, nesterov, 0.01);
    const update = splitCountingKernel(KERAS_SGD_MOMENTUM_UPDATE, attrs);
    onNativeWithTwoThreads((backend) => {
      const before = tf.memory().numTensors;
      // `add(…, 0)` makes kernel outputs: pool arrays, stored in one tensor each.
      const fresh = () =>
        tf.tidy(() => ({
          variable: tf.add(tf.tensor(w, shape), 0),
          velocity: tf.add(tf.tensor(v, shape), 0),
          gradient: tf.tensor(g, shape),
          learningRate: tf.scalar(0.01),
        }));
      const own = fresh();
      const arrays = [backend.values(own.velocity), backend.values(own.variable)];
      const inPlace = update.run(own);
      inPlace.forEach((output, i) => expect(backend.values(output)).toBe(arrays[i]));
      const shared = fresh();
      const clone = tf.clone(shared.variable);
      const copied = update.run(shared);
      expect(backend.values(copied[1]!)).not.toBe(backend.values(shared.variable));
      expectExactly(clone.dataSync(), w);
      for (const [newVelocity, newVariable] of [inPlace, copied]) {
        expectExactly(newVelocity!.dataSync(), expected.v);
        expectExactly(newVariable!.dataSync(), expected.w);
      }
      tf.dispose([...inPlace, ...copied, clone, ...Object.values(own), ...Object.values(shared)]);
      expect(tf.memory().numTensors).toBe(before);
    });
    expectSplits(update.splits, size >= 65_536 ? 2 : 0);
  });

  it('rejects inputs of another dtype or shape, naming the input', () => {
    tf.setBackend('native');
    try {
      const variable = tf.zeros([4]);
      const other = tf.zeros([5]);
      const learningRate = tf.scalar(0.1);
      const run = (inputs: Record<string, tf.Tensor>) => () => tf.engine().runKernel(KERAS_SGD_MOMENTUM_UPDATE, inputs, { momentum: 0.9, nesterov: false });
      const base = { variable, velocity: variable, gradient: variable, learningRate };
      expect(run({ ...base, velocity: other })).toThrow(/'velocity' must be a float32 tensor shaped like the variable \[4\], got float32 \[5\]/);
      expect(run({ ...base, learningRate: variable })).toThrow(/'learningRate' must be a float32 scalar, got float32 \[4\]/);
      tf.dispose([variable, other, learningRate]);
    } finally {
      tf.setBackend('cpu');
    }
  });
});
