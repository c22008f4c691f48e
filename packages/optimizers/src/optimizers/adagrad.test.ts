import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { expectClose, gradientSteps, initialWeights, runSteps } from './optimizer.test-utils.js';

function referenceAdagrad(lr: number, initialAccumulator: number, epsilon: number): number[][] {
  const w = [...initialWeights];
  const accumulator = w.map(() => initialAccumulator);
  return gradientSteps.map((g) => {
    for (let i = 0; i < w.length; i++) {
      accumulator[i] = accumulator[i]! + g[i]! ** 2;
      w[i] = w[i]! - (lr * g[i]!) / Math.sqrt(accumulator[i]! + epsilon);
    }
    return [...w];
  });
}

describe('Adagrad', () => {
  it('has Keras defaults', () => {
    expect(new Adagrad().getConfig()).toMatchObject({
      name: 'adagrad',
      learningRate: 0.001,
      initialAccumulatorValue: 0.1,
      epsilon: 1e-7,
    });
  });

  it('matches acc += g², w -= lr g / sqrt(acc + eps)', () => {
    expectClose(runSteps(new Adagrad({ learningRate: 0.1 })), referenceAdagrad(0.1, 0.1, 1e-7));
    expectClose(runSteps(new Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0.5, epsilon: 0.01 })), referenceAdagrad(0.1, 0.5, 0.01));
  });

  it('rejects a negative initial accumulator', () => {
    expect(() => new Adagrad({ initialAccumulatorValue: -1 })).toThrow(/`initialAccumulatorValue` must be >= 0/);
  });
});
