import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Sequential, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { expectClose, expectLayerGradientsMatch, fitLosses, fixedTensor, setFixedWeights } from '../testing/gradient-check.test-utils.js';
import { GRU } from './gru.js';
import { SimpleRNN } from './simple-rnn.js';

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const matVec = (v: number[], m: number[][], column: number) => v.reduce((s, value, k) => s + value * m[k]![column]!, 0);

/** Explicit-loop GRU step for both variants (gates z, r, h in Keras's order). */
function referenceGru(x: number[][][], kernel: number[][], recurrent: number[][], bias: number[] | number[][], units: number, resetAfter: boolean): number[] {
  const inputBias = resetAfter ? (bias as number[][])[0]! : (bias as number[]);
  const recurrentBias = resetAfter ? (bias as number[][])[1]! : new Array(3 * units).fill(0);
  return x.flatMap((sequence) => {
    let h: number[] = new Array(units).fill(0);
    for (const step of sequence) {
      const xz = Array.from({ length: 3 * units }, (_, j) => matVec(step, kernel, j) + inputBias[j]!);
      const hz = Array.from({ length: 3 * units }, (_, j) => matVec(h, recurrent, j) + recurrentBias[j]!);
      const z = h.map((_, j) => sigmoid(xz[j]! + hz[j]!));
      const r = h.map((_, j) => sigmoid(xz[units + j]! + hz[units + j]!));
      const candidate = h.map((_, j) => {
        const recurrentPart = resetAfter
          ? r[j]! * hz[2 * units + j]!
          : matVec(
              h.map((v, k) => v * r[k]!),
              recurrent,
              2 * units + j,
            );
        return Math.tanh(xz[2 * units + j]! + recurrentPart);
      });
      h = h.map((previous, j) => z[j]! * previous + (1 - z[j]!) * candidate[j]!);
    }
    return h;
  });
}

describe('GRU', () => {
  for (const resetAfter of [true, false]) {
    it(`matches an explicit-loop reference (resetAfter ${resetAfter}) and numeric gradients`, () => {
      const layer = new GRU({ units: 3, resetAfter });
      const x = fixedTensor([2, 3, 2], 5);
      layer.apply(x);
      setFixedWeights(layer);
      const [kernel, recurrent, bias] = layer.getWeights().map((t) => t.arraySync());
      expectClose(
        layer.apply(x) as tf.Tensor,
        referenceGru(x.arraySync() as number[][][], kernel as number[][], recurrent as number[][], bias as number[][], 3, resetAfter),
      );
      expectLayerGradientsMatch(layer, fixedTensor([1, 3, 2], 6));
    });
  }

  it('has Keras parameter counts and defaults; round-trips its config; trains', async () => {
    const gru = new GRU({ units: 4 });
    gru.apply(tf.zeros([1, 2, 6]));
    expect(gru.countParams()).toBe(3 * 4 * (6 + 4 + 2));
    expect(gru.getConfig()).toMatchObject({ resetAfter: true, activation: 'tanh', recurrentActivation: 'sigmoid' });
    expect(deserializeLayer({ className: 'GRU', config: gru.getConfig() }).getConfig()).toEqual(gru.getConfig());
    const model = new Sequential([new GRU({ units: 4, inputShape: [4, 2] }), new Dense({ units: 1 })]);
    const x = fixedTensor([16, 4, 2], 3);
    const [first, last] = await fitLosses(model, x, tf.reshape(tf.sum(x, [1, 2]), [16, 1]));
    expect(last).toBeLessThan(first);
  });
});

describe('SimpleRNN', () => {
  it('computes h = tanh(xW + hU + b) step by step, with gradients', () => {
    const layer = new SimpleRNN({ units: 2, returnSequences: true });
    const x = fixedTensor([1, 3, 2], 9);
    layer.apply(x);
    setFixedWeights(layer);
    const [W, U, b] = layer.getWeights().map((t) => t.arraySync()) as [number[][], number[][], number[]];
    let h = [0, 0];
    const expected: number[] = [];
    for (const step of (x.arraySync() as number[][][])[0]!) {
      h = h.map((_, j) => Math.tanh(matVec(step, W, j) + matVec(h, U, j) + b[j]!));
      expected.push(...h);
    }
    expectClose(layer.apply(x) as tf.Tensor, expected);
    expectLayerGradientsMatch(layer, x);
    const large = new SimpleRNN({ units: 32 });
    tf.dispose(large.apply(tf.zeros([1, 2, 64])));
    expect(large.countParams()).toBe(3104);
  });

  it('trains', async () => {
    const model = new Sequential([new SimpleRNN({ units: 4, inputShape: [4, 2] }), new Dense({ units: 1 })]);
    const x = fixedTensor([16, 4, 2], 3);
    const [first, last] = await fitLosses(model, x, tf.reshape(tf.sum(x, [1, 2]), [16, 1]));
    expect(last).toBeLessThan(first);
  });
});
