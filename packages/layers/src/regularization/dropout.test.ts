import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Input, Sequential, deserializeLayer, setRandomSeed } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { Dropout } from './dropout.js';

const mask = (values: ArrayLike<number>) => Array.from(values, (v) => (v === 0 ? 0 : 1));

function trainingOutput(layer: Dropout, x: tf.Tensor): number[] {
  const y = layer.apply(x, { training: true }) as tf.Tensor;
  const values = Array.from(y.dataSync());
  y.dispose();
  return values;
}

describe('Dropout', () => {
  it('passes inputs through unchanged at inference (and when training is not set)', () => {
    const layer = new Dropout({ rate: 0.5 });
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    expect(layer.apply(x, { training: false })).toBe(x);
    expect(layer.apply(x)).toBe(x);
    expect(new Dropout({ rate: 0 }).apply(x, { training: true })).toBe(x);
    x.dispose();
  });

  it('in training drops about `rate` of the values and scales the kept ones by 1/(1 − rate)', () => {
    const rate = 0.3;
    const x = tf.fill([200, 100], 2);
    const values = trainingOutput(new Dropout({ rate, seed: 1 }), x);
    const kept = values.filter((v) => v !== 0);
    for (const v of kept) expect(v).toBeCloseTo(2 / (1 - rate), 5);
    // 20,000 draws: the dropped fraction is within 1.5% of the rate (≈ 4.6 standard errors).
    expect(Math.abs(1 - kept.length / values.length - rate)).toBeLessThan(0.015);
    x.dispose();
  });

  it('with setRandomSeed the masks repeat; successive calls draw new masks', () => {
    const x = tf.ones([4, 50]);
    setRandomSeed(99);
    const first = mask(trainingOutput(new Dropout({ rate: 0.5 }), x));
    const second = mask(trainingOutput(new Dropout({ rate: 0.5 }), x));
    expect(second).not.toEqual(first);
    setRandomSeed(99);
    expect(mask(trainingOutput(new Dropout({ rate: 0.5 }), x))).toEqual(first);
    expect(mask(trainingOutput(new Dropout({ rate: 0.5 }), x))).toEqual(second);
    x.dispose();
  });

  it('with a fixed seed, each call draws a new mask and a new layer with that seed repeats the sequence (Keras 3 SeedGenerator)', () => {
    const x = tf.ones([4, 50]);
    const layer = new Dropout({ rate: 0.5, seed: 7 });
    const sequence = [mask(trainingOutput(layer, x)), mask(trainingOutput(layer, x)), mask(trainingOutput(layer, x))];
    expect(sequence[1]).not.toEqual(sequence[0]);
    expect(sequence[2]).not.toEqual(sequence[1]);
    const again = new Dropout({ rate: 0.5, seed: 7 });
    expect([mask(trainingOutput(again, x)), mask(trainingOutput(again, x)), mask(trainingOutput(again, x))]).toEqual(sequence);
    x.dispose();
  });

  it('broadcasts a noiseShape mask: null takes the input size, 1 shares the decision', () => {
    const x = tf.ones([3, 5, 4]);
    const values = trainingOutput(new Dropout({ rate: 0.5, noiseShape: [null, 1, 4], seed: 3 }), x);
    // values[b][t][f] must not depend on t.
    for (let b = 0; b < 3; b++) {
      for (let f = 0; f < 4; f++) {
        const column = [0, 1, 2, 3, 4].map((t) => values[b * 20 + t * 4 + f]);
        expect(new Set(column).size, `batch ${b}, feature ${f}`).toBe(1);
        expect([0, 2]).toContain(column[0]);
      }
    }
    // Across 12 independent (batch, feature) decisions at rate 0.5, both outcomes occur.
    expect(new Set(values).size).toBe(2);
    x.dispose();
  });

  it.each([
    [0.3, undefined],
    [0.5, [4, 1]],
  ] as const)('with a fixed seed equals tf.dropout(x, %d, %j, seed) bit for bit', (rate, noiseShape) => {
    const x = tf.randomNormal([4, 37], 0, 1, 'float32', 3);
    const layer = new Dropout({ rate, seed: 11, ...(noiseShape ? { noiseShape: [...noiseShape] } : {}) });
    const ours = Float32Array.from(trainingOutput(layer, x));
    const expected = tf.dropout(x, rate, noiseShape ? [...noiseShape] : undefined, 11);
    expect(Array.from(new Uint32Array(ours.buffer))).toEqual(Array.from(new Uint32Array((expected.dataSync() as Float32Array).buffer)));
    tf.dispose([x, expected]);
  });

  it('validates rate, naming the argument and the range', () => {
    for (const rate of [1, -0.1, 1.5, Number.NaN, '0.5', undefined]) {
      expect(() => new Dropout({ rate } as never)).toThrow(/Dropout: `rate` must be a number in \[0, 1\), got /);
    }
  });

  it('keeps shapes, round-trips its config and leaks nothing', () => {
    const layer = new Dropout({ rate: 0.25, noiseShape: [null, 1], seed: 5, name: 'drop' });
    expect((layer.apply(Input({ shape: [6] })) as { shape: unknown }).shape).toEqual([null, 6]);
    const config = layer.getConfig();
    expect(config).toMatchObject({ name: 'drop', rate: 0.25, noiseShape: [null, 1], seed: 5 });
    expect(deserializeLayer({ className: 'Dropout', config }).getConfig()).toEqual(config);
    const unseeded = new Dropout({ rate: 0.1 }).getConfig();
    expect(unseeded).toMatchObject({ noiseShape: null, seed: null });
    const restored = deserializeLayer({ className: 'Dropout', config: unseeded }) as Dropout;
    expect(restored.getConfig()).toEqual(unseeded);
    const x = tf.ones([2, 6]);
    // A null seed read back from a config means "unseeded", not seed NaN.
    const values = trainingOutput(restored, x);
    expect(values.every((v) => v === 0 || Math.abs(v - 1 / 0.9) < 1e-6)).toBe(true);
    trainingOutput(layer, x);
    const before = tf.memory().numTensors;
    trainingOutput(layer, x);
    (layer.apply(x, { training: false }) as tf.Tensor).dataSync();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('is active in fit and inactive in predict', async () => {
    setRandomSeed(1);
    const model = new Sequential([new Dense({ units: 8, inputShape: [4], kernelInitializer: 'ones' }), new Dropout({ rate: 0.5 })]);
    const x = tf.ones([3, 4]);
    const prediction = model.predict(x) as tf.Tensor;
    // No dropout at inference: every output is 4 (ones · ones).
    expect(Array.from(prediction.dataSync())).toEqual(new Array(24).fill(4));
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const y = tf.fill([3, 8], 4);
    // Without dropout the loss would be exactly 0; with it, dropped (0) and doubled (8) outputs give a positive loss.
    const history = await model.fit(x, y, { epochs: 1, batchSize: 3, verbose: 0 });
    expect(history.history.loss![0]).toBeGreaterThan(1);
    tf.dispose([x, y, prediction]);
    model.dispose();
  });
});
