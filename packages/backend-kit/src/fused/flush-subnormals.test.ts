import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fusedAdamUpdate } from './adam-update.js';
import { FLOAT32_MIN_NORMAL, flushSubnormal, flushSubnormals } from './flush-subnormals.js';
import { fusedRMSpropUpdate } from './rmsprop-update.js';
import { fusedSGDMomentumUpdate } from './sgd-momentum-update.js';

const smallestSubnormal = 2 ** -149;

describe('flushSubnormals', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  // Value → what a processor flushing subnormal results stores (float32 values, exact in doubles).
  const cases: [number, number][] = [
    [1, 1],
    [-2.5, -2.5],
    [FLOAT32_MIN_NORMAL, FLOAT32_MIN_NORMAL],
    [-FLOAT32_MIN_NORMAL, -FLOAT32_MIN_NORMAL],
    [FLOAT32_MIN_NORMAL - smallestSubnormal, 0],
    [-(FLOAT32_MIN_NORMAL - smallestSubnormal), -0],
    [smallestSubnormal, 0],
    [-3 * smallestSubnormal, -0],
    [0, 0],
    [-0, -0],
    [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
    [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
  ];

  it('makes subnormal elements zeros of their sign and passes everything else through, NaN included', () => {
    const before = tf.memory().numTensors;
    const input = tf.tensor1d([...cases.map(([value]) => value), Number.NaN]);
    const output = flushSubnormals(input);
    const flushed = output.dataSync();
    cases.forEach(([value, expected], i) => expect(Object.is(flushed[i], expected), `${value} → ${flushed[i]}`).toBe(true));
    expect(flushed[cases.length]).toBeNaN();
    cases.forEach(([value, expected]) => expect(Object.is(flushSubnormal(value), expected), `scalar ${value}`).toBe(true));
    expect(flushSubnormal(Number.NaN)).toBeNaN();
    tf.dispose([input, output]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the reference updates store a slot that decays below 2^-126 as zero and move the weight as IEEE arithmetic does', () => {
    // A zero gradient: RMSprop v' = 0.9·v, Adam m' = 0.9·m and v' = 0.999·v, SGD v' = 0.9·v.
    const slots = tf.tensor1d([FLOAT32_MIN_NORMAL, -FLOAT32_MIN_NORMAL, 0.5]);
    const positive = tf.tensor1d([FLOAT32_MIN_NORMAL, 3 * smallestSubnormal, 0.5]);
    const variable = tf.tensor1d([0.25, -4, 1]);
    const gradient = tf.tensor1d([0, 0, 0]);
    const [rmsV, rmsW] = fusedRMSpropUpdate.reference({ variable, velocity: positive, gradient }, { rho: 0.9, epsilon: 1e-7, learningRate: 0.01 });
    expect(Array.from(rmsV!.dataSync())).toEqual([0, 0, Math.fround(0.5 * Math.fround(0.9))]);
    expect(Array.from(rmsW!.dataSync())).toEqual([0.25, -4, 1]);
    const alpha = tf.scalar(0.001);
    const [adamM, adamV, adamW] = fusedAdamUpdate.reference(
      { variable, momentum: slots, velocity: positive, gradient, alpha },
      { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    );
    const m = adamM!.dataSync();
    expect([Object.is(m[0], 0), Object.is(m[1], -0)]).toEqual([true, true]);
    expect(Array.from(adamV!.dataSync()).slice(0, 2)).toEqual([0, 0]);
    expect(Array.from(adamW!.dataSync()).slice(0, 2)).toEqual([0.25, -4]);
    const rate = tf.scalar(0.01);
    const [sgdV, sgdW] = fusedSGDMomentumUpdate.reference({ variable, velocity: slots, gradient, learningRate: rate }, { momentum: 0.9, nesterov: false });
    const v = sgdV!.dataSync();
    expect([Object.is(v[0], 0), Object.is(v[1], -0)]).toEqual([true, true]);
    expect(Array.from(sgdW!.dataSync()).slice(0, 2)).toEqual([0.25, -4]);
    tf.dispose([slots, positive, variable, gradient, alpha, rate, rmsV!, rmsW!, adamM!, adamV!, adamW!, sgdV!, sgdW!]);
  });
});
