import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { SGD } from './sgd.js';

/** One SGD step with learning rate 1, so each variable moves by exactly minus its clipped gradient. */
function clippedStep(options: ConstructorParameters<typeof SGD>[0], gradients: number[][]): number[][] {
  const optimizer = new SGD({ learningRate: 1, ...options });
  const variables = gradients.map((g) => tf.variable(tf.zeros([g.length])));
  const tensors = gradients.map((g) => tf.tensor1d(g));
  optimizer.applyGradients(tensors.map((gradient, index) => [gradient, variables[index]!] as const));
  const moved = variables.map((variable) => Array.from(variable.dataSync()).map((value) => -value));
  tf.dispose([...variables, ...tensors]);
  optimizer.dispose();
  return moved;
}

function expectRowsClose(actual: number[][], expected: number[][]): void {
  actual.forEach((row, r) => {
    row.forEach((value, c) => {
      expect(value).toBeCloseTo(expected[r]![c]!, 6);
    });
  });
}

describe('gradient clipping', () => {
  const gradients = [
    [3, 4], // norm 5
    [0.6, -0.8], // norm 1
  ];

  it('clipnorm rescales each gradient whose norm exceeds the limit, separately', () => {
    // First: 5 > 2, scaled by 2/5. Second: 1 <= 2, unchanged.
    expectRowsClose(clippedStep({ clipnorm: 2 }, gradients), [
      [1.2, 1.6],
      [0.6, -0.8],
    ]);
  });

  it('globalClipnorm rescales all gradients by one factor from their joint norm', () => {
    const globalNorm = Math.sqrt(25 + 1);
    const scale = 2 / globalNorm;
    expectRowsClose(
      clippedStep({ globalClipnorm: 2 }, gradients),
      gradients.map((row) => row.map((value) => value * scale)),
    );
    // Below the limit nothing changes.
    expectRowsClose(clippedStep({ globalClipnorm: 10 }, gradients), gradients);
  });

  it('clipvalue clips each element to [-v, v]', () => {
    expectRowsClose(clippedStep({ clipvalue: 0.7 }, gradients), [
      [0.7, 0.7],
      [0.6, -0.7],
    ]);
  });

  it('leaves a zero gradient at zero under clipnorm', () => {
    expectRowsClose(clippedStep({ clipnorm: 1 }, [[0, 0]]), [[0, 0]]);
  });

  it('allows only one clipping option', () => {
    expect(() => new SGD({ clipnorm: 1, clipvalue: 1 })).toThrow(
      /only one of `clipnorm`, `clipvalue` and `globalClipnorm` can be set, got clipnorm=1, clipvalue=1, globalClipnorm=null/,
    );
    expect(() => new SGD({ clipnorm: 1, globalClipnorm: 1 })).toThrow(/only one of/);
    expect(() => new SGD({ clipnorm: -1 })).toThrow(/`clipnorm` must be > 0, got -1/);
    // null (Keras's None) means unset.
    expect(new SGD({ clipnorm: null, clipvalue: 0.5 }).clipvalue).toBe(0.5);
  });
});
