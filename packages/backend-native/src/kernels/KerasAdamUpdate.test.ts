import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { KERAS_ADAM_UPDATE } from '@keras-ts/backend-kit';
import { available, expectExactly, expectSplits, onNativeWithTwoThreads, seeded, skipReason, splitCountingKernel } from './kernels.test-utils.js';

const f = Math.fround;
const attrs = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** Keras 3's Adam step (no AMSGrad), one float32 rounding per operation (the op chain's arithmetic). */
function reference(w: number[], m: number[], v: number[], g: number[], alpha: number) {
  const momentum = m.map((mi, i) => f(mi + f(f(g[i]! - mi) * f(1 - attrs.beta1))));
  const velocity = v.map((vi, i) => f(vi + f(f(f(g[i]! * g[i]!) - vi) * f(1 - attrs.beta2))));
  const variable = w.map((wi, i) => f(wi - f(f(momentum[i]! * f(alpha)) / f(f(Math.sqrt(velocity[i]!)) + f(attrs.epsilon)))));
  return { w: variable, m: momentum, v: velocity };
}

function slotValues(size: number, seed: number) {
  return {
    w: seeded(size, seed).map(f),
    m: seeded(size, seed + 1, 0.1).map(f),
    v: seeded(size, seed + 2).map((x) => f(Math.abs(x) * 0.01)),
    g: seeded(size, seed + 3, 3).map(f),
  };
}

describe.skipIf(!available)(`${KERAS_ADAM_UPDATE} on 'native' (${skipReason})`, () => {
  it('matches the float32 Adam formula exactly, element by element', () => {
    const shape = [37, 29];
    const { w, m, v, g } = slotValues(37 * 29, 21);
    tf.setBackend('native');
    try {
      const before = tf.memory().numTensors;
      const inputs = {
        variable: tf.tensor(w, shape),
        momentum: tf.tensor(m, shape),
        velocity: tf.tensor(v, shape),
        gradient: tf.tensor(g, shape),
        alpha: tf.scalar(3.16e-4),
      };
      const [newMomentum, newVelocity, newVariable] = tf.engine().runKernel(KERAS_ADAM_UPDATE, inputs, attrs) as tf.Tensor[];
      const expected = reference(w, m, v, g, 3.16e-4);
      expect(newVariable!.shape).toEqual(shape);
      expectExactly(newMomentum!.dataSync(), expected.m);
      expectExactly(newVelocity!.dataSync(), expected.v);
      expectExactly(newVariable!.dataSync(), expected.w);
      tf.dispose([newMomentum!, newVelocity!, newVariable!, ...Object.values(inputs)]);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.setBackend('cpu');
    }
  });

  // 20 KiB: arrays from the buffer pool, updated on the calling thread; 788 KiB: split over two threads.
  it.each([
    [64, 80],
    [401, 503],
  ])('overwrites the variable and slots only when nothing else can see their data (%i × %i)', (rows, columns) => {
    const shape = [rows, columns];
    const size = rows * columns;
    const { w, m, v, g } = slotValues(size, 31);
    const expected = reference(w, m, v, g, 0.01);
    const update = splitCountingKernel(KERAS_ADAM_UPDATE, attrs);
    onNativeWithTwoThreads((backend) => {
      const before = tf.memory().numTensors;
      // `add(…, 0)` makes kernel outputs: pool arrays, stored in one tensor each.
      const fresh = () =>
        tf.tidy(() => ({
          variable: tf.add(tf.tensor(w, shape), 0),
          momentum: tf.add(tf.tensor(m, shape), 0),
          velocity: tf.add(tf.tensor(v, shape), 0),
          gradient: tf.tensor(g, shape),
          alpha: tf.scalar(0.01),
        }));
      const check = (outputs: tf.Tensor[]) => {
        expectExactly(outputs[0]!.dataSync(), expected.m);
        expectExactly(outputs[1]!.dataSync(), expected.v);
        expectExactly(outputs[2]!.dataSync(), expected.w);
      };

      const own = fresh();
      const arrays = [own.momentum, own.velocity, own.variable].map((tensor) => backend.values(tensor));
      const inPlace = update.run(own);
      inPlace.forEach((output, i) => expect(backend.values(output)).toBe(arrays[i]));
      check(inPlace);

      // A clone shares the variable's data and the momentum's values were read out: all keep their values.
      const shared = fresh();
      const clone = tf.clone(shared.variable);
      const readOut = shared.momentum.dataSync();
      const copied = update.run(shared);
      expect(backend.values(copied[2]!)).not.toBe(backend.values(shared.variable));
      expect(backend.values(copied[0]!)).not.toBe(backend.values(shared.momentum));
      expectExactly(clone.dataSync(), w);
      expectExactly(readOut, m);
      check(copied);

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
      const alpha = tf.scalar(0.1);
      const run = (inputs: Record<string, tf.Tensor>) => () => tf.engine().runKernel(KERAS_ADAM_UPDATE, inputs, attrs);
      const base = { variable, momentum: variable, velocity: variable, gradient: variable, alpha };
      expect(run({ ...base, velocity: other })).toThrow(/'velocity' must be a float32 tensor shaped like the variable \[4\], got float32 \[5\]/);
      expect(run({ ...base, alpha: variable })).toThrow(/'alpha' must be a float32 scalar, got float32 \[4\]/);
      tf.dispose([variable, other, alpha]);
    } finally {
      tf.setBackend('cpu');
    }
  });
});
