import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Adamax } from './adamax.js';
import { expectClose, gradientSteps, initialWeights, runSteps } from './optimizer.test-utils.js';

function referenceAdamax(lr: number, beta1: number, beta2: number, epsilon: number): number[][] {
  const w = [...initialWeights];
  const m = w.map(() => 0);
  const u = w.map(() => 0);
  return gradientSteps.map((g, index) => {
    const t = index + 1;
    for (let i = 0; i < w.length; i++) {
      m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
      u[i] = Math.max(beta2 * u[i]!, Math.abs(g[i]!));
      w[i] = w[i]! - (lr * m[i]!) / ((1 - beta1 ** t) * (u[i]! + epsilon));
    }
    return [...w];
  });
}

describe('Adamax', () => {
  it('has Keras defaults', () => {
    expect(new Adamax().getConfig()).toMatchObject({
      name: 'adamax',
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
    });
  });

  it('matches the Keras 3 update for three steps', () => {
    expectClose(runSteps(new Adamax({ learningRate: 0.1 })), referenceAdamax(0.1, 0.9, 0.999, 1e-7));
    // beta2 = 0.5 lets the decayed norm fall below |g| so both branches of the max are used.
    expectClose(runSteps(new Adamax({ learningRate: 0.1, beta1: 0.8, beta2: 0.5, epsilon: 0.01 })), referenceAdamax(0.1, 0.8, 0.5, 0.01));
  });
});
