import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { available, onNative, seeded, skipReason } from '../kernels/kernels.test-utils.js';
import { BufferPool } from './buffer-pool.js';

const LARGE = 64 * 1024; // elements: above the pool's minimum size

describe('BufferPool', () => {
  it('recycles an adopted array once its tensor is released, zero-filled on request', () => {
    const pool = new BufferPool();
    const first = pool.take<Float32Array>(Float32Array, LARGE, true);
    pool.adopt(first);
    first.fill(7);
    pool.release(first);
    expect(pool.bytes).toBe(LARGE * 4);
    const again = pool.take<Float32Array>(Float32Array, LARGE, true);
    expect(again).toBe(first);
    expect(again.every((v) => v === 0)).toBe(true);
    expect(pool.bytes).toBe(0);
  });

  it('lets a free array be claimed for good: never handed out again, no longer counted', () => {
    const pool = new BufferPool();
    const array = pool.take<Float32Array>(Float32Array, LARGE, false);
    expect(pool.claim(array)).toBe(false);
    pool.adopt(array);
    pool.release(array);
    expect(pool.bytes).toBe(array.byteLength);
    expect(pool.claim(array)).toBe(true);
    expect(pool.bytes).toBe(0);
    expect(pool.claim(array)).toBe(false);
    expect(pool.take(Float32Array, LARGE, false)).not.toBe(array);
  });

  it('hands back recycled arrays unfilled when the kernel writes every element', () => {
    const pool = new BufferPool();
    const first = pool.take<Int32Array>(Int32Array, LARGE, false);
    pool.adopt(first);
    first.fill(3);
    pool.release(first);
    const again = pool.take<Int32Array>(Int32Array, LARGE, false);
    expect(again).toBe(first);
    expect(again[0]).toBe(3);
  });

  it('never recycles an array that was read out, shared by a second tensor, viewed, or not issued by it', () => {
    const pool = new BufferPool();
    const exposed = pool.take<Float32Array>(Float32Array, LARGE, true);
    pool.adopt(exposed);
    pool.disown(exposed);
    pool.release(exposed);
    const shared = pool.take<Float32Array>(Float32Array, LARGE, true);
    pool.adopt(shared);
    pool.adopt(shared);
    pool.release(shared);
    const viewed = pool.take<Float32Array>(Float32Array, LARGE, true);
    pool.adopt(viewed);
    pool.adopt(viewed.subarray(10, 20));
    pool.release(viewed);
    const foreign = new Float32Array(LARGE);
    pool.adopt(foreign);
    pool.release(foreign);
    expect(pool.bytes).toBe(0);
    const fresh = pool.take<Float32Array>(Float32Array, LARGE, true);
    for (const array of [exposed, shared, viewed, foreign]) expect(fresh).not.toBe(array);
  });

  it('tracks small arrays it never pools: private while one tensor holds them, not once read out', () => {
    const pool = new BufferPool();
    const small = pool.take<Float32Array>(Float32Array, 4, false);
    pool.adopt(small);
    expect(pool.isPrivate(small)).toBe(true);
    pool.disown(small);
    expect(pool.isPrivate(small)).toBe(false);
    const unissued = new Float32Array(4);
    pool.adopt(unissued);
    expect(pool.isPrivate(unissued)).toBe(false);
  });

  it('leaves small arrays to the garbage collector and does not mix dtypes or lengths', () => {
    const pool = new BufferPool();
    const small = pool.take<Float32Array>(Float32Array, 16, true);
    pool.adopt(small);
    pool.release(small);
    expect(pool.bytes).toBe(0);
    const large = pool.take<Float32Array>(Float32Array, LARGE, true);
    pool.adopt(large);
    pool.release(large);
    expect(pool.take(Int32Array, LARGE, true)).not.toBe(large);
    expect(pool.take(Float32Array, LARGE + 1, true)).not.toBe(large);
    expect(pool.take(Float32Array, LARGE, true)).toBe(large);
  });
});

describe.skipIf(!available)(`buffer reuse on 'native' (${skipReason})`, () => {
  it('keeps a dataSync() result intact after its tensor is disposed and its size is allocated again', () => {
    const values = seeded(LARGE, 5);
    tf.setBackend('native');
    try {
      const before = tf.memory().numTensors;
      const t = tf.tidy(() => tf.add(tf.tensor1d(values), 1));
      const read = t.dataSync();
      t.dispose();
      const others = tf.tidy(() => [tf.mul(tf.ones([LARGE]), 9), tf.zeros([LARGE]), tf.neg(tf.ones([LARGE]))]);
      for (let i = 0; i < LARGE; i += 997) expect(read[i]).toBeCloseTo((values[i] ?? 0) + 1, 5);
      tf.dispose(others);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.setBackend('cpu');
    }
  });

  it('gives zero-filled outputs to kernels that rely on it after recycling', () => {
    const result = onNative(() => {
      for (let i = 0; i < 3; i++) tf.dispose(tf.mul(tf.ones([LARGE]), 5));
      return tf.zeros([LARGE]);
    });
    expect(result.values.every((v) => v === 0)).toBe(true);
  });

  it('computes correctly when every output comes from recycled arrays', () => {
    const a = seeded(LARGE, 6);
    const b = seeded(LARGE, 7);
    for (let round = 0; round < 3; round++) {
      const { values } = onNative(() => tf.sub(tf.mul(tf.tensor1d(a), tf.tensor1d(b)), tf.tensor1d(b)));
      for (let i = 0; i < LARGE; i += 501) expect(values[i]).toBeCloseTo((a[i] ?? 0) * (b[i] ?? 0) - (b[i] ?? 0), 5);
    }
  });
});
