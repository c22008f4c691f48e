import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Constant, Identity, Ones, Zeros } from './constant-initializers.js';

describe('constant initializers', () => {
  it('Zeros, Ones and Constant fill exactly, in the requested dtype', () => {
    const zeros = new Zeros().apply([2, 3]);
    expect(zeros.shape).toEqual([2, 3]);
    expect(Array.from(zeros.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    const ones = new Ones().apply([4], 'int32');
    expect(ones.dtype).toBe('int32');
    expect(Array.from(ones.dataSync())).toEqual([1, 1, 1, 1]);
    const constant = new Constant({ value: 2.5 }).apply([3]);
    expect(Array.from(constant.dataSync())).toEqual([2.5, 2.5, 2.5]);
    // Keras 3's default value is 0.
    const defaulted = new Constant().apply([2]);
    expect(Array.from(defaulted.dataSync())).toEqual([0, 0]);
    tf.dispose([zeros, ones, constant, defaulted]);
  });

  it('Identity is gain × eye, zero-padded when not square', () => {
    const square = new Identity().apply([3, 3]);
    expect(Array.from(square.dataSync())).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const wide = new Identity({ gain: 2 }).apply([2, 3]);
    expect(Array.from(wide.dataSync())).toEqual([2, 0, 0, 0, 2, 0]);
    const tall = new Identity({ gain: -1 }).apply([3, 2]);
    expect(Array.from(tall.dataSync(), (v) => v + 0)).toEqual([-1, 0, 0, -1, 0, 0]); // + 0 turns -0 into 0
    tf.dispose([square, wide, tall]);
  });

  it('Identity rejects shapes that are not 2-D, naming the shape', () => {
    expect(() => new Identity().apply([2, 2, 2])).toThrow(/Identity initializer needs a 2-D shape, got \[2, 2, 2\]/);
    expect(() => new Identity().apply([4])).toThrow(/got \[4\]/);
  });

  it('configs round-trip through their constructors', () => {
    expect(new Constant({ value: 3 }).getConfig()).toEqual({ value: 3 });
    expect(new Constant(new Constant({ value: -1.5 }).getConfig() as { value: number }).value).toBe(-1.5);
    expect(new Identity(new Identity({ gain: 0.5 }).getConfig() as { gain: number }).gain).toBe(0.5);
    expect(new Zeros().getConfig()).toEqual({});
    expect(new Ones().className).toBe('Ones');
    expect(new Identity().className).toBe('Identity');
  });

  it('leave no tensors behind', () => {
    const initializers = [new Zeros(), new Ones(), new Constant({ value: 4 }), new Identity({ gain: 3 })];
    for (const initializer of initializers) initializer.apply([2, 2]).dispose();
    const before = tf.memory().numTensors;
    for (const initializer of initializers) initializer.apply([2, 2], 'float32').dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
