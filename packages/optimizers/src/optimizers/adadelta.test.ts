import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Adadelta } from './adadelta.js';
import { expectClose, gradientSteps, initialWeights, runSteps } from './optimizer.test-utils.js';

function referenceAdadelta(lr: number, rho: number, epsilon: number): number[][] {
  const w = [...initialWeights];
  const accumulatedGradient = w.map(() => 0);
  const accumulatedDelta = w.map(() => 0);
  return gradientSteps.map((g) => {
    for (let i = 0; i < w.length; i++) {
      accumulatedGradient[i] = rho * accumulatedGradient[i]! + (1 - rho) * g[i]! ** 2;
      const delta = (-Math.sqrt(accumulatedDelta[i]! + epsilon) * g[i]!) / Math.sqrt(accumulatedGradient[i]! + epsilon);
      accumulatedDelta[i] = rho * accumulatedDelta[i]! + (1 - rho) * delta ** 2;
      w[i] = w[i]! + lr * delta;
    }
    return [...w];
  });
}

describe('Adadelta', () => {
  it('has Keras defaults', () => {
    expect(new Adadelta().getConfig()).toMatchObject({ name: 'adadelta', learningRate: 0.001, rho: 0.95, epsilon: 1e-7 });
  });

  it('matches the Keras 3 update for three steps', () => {
    // A large epsilon keeps the steps big enough to compare meaningfully in float32.
    expectClose(runSteps(new Adadelta({ learningRate: 1, epsilon: 1e-3 })), referenceAdadelta(1, 0.95, 1e-3));
    expectClose(runSteps(new Adadelta({ learningRate: 0.5, rho: 0.5 })), referenceAdadelta(0.5, 0.5, 1e-7));
  });
});
