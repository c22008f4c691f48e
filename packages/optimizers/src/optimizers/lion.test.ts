import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Lion } from './lion.js';
import { expectClose, gradientSteps, initialWeights, runSteps } from './optimizer.test-utils.js';

function referenceLion(lr: number, beta1: number, beta2: number): number[][] {
  const w = [...initialWeights];
  const m = w.map(() => 0);
  return gradientSteps.map((g) => {
    for (let i = 0; i < w.length; i++) {
      w[i] = w[i]! - lr * Math.sign(beta1 * m[i]! + (1 - beta1) * g[i]!);
      m[i] = beta2 * m[i]! + (1 - beta2) * g[i]!;
    }
    return [...w];
  });
}

describe('Lion', () => {
  it('has Keras defaults', () => {
    expect(new Lion().getConfig()).toMatchObject({ name: 'lion', learningRate: 0.001, beta1: 0.9, beta2: 0.99 });
  });

  it('matches w -= lr sign(beta1 m + (1 - beta1) g), then the momentum update', () => {
    expectClose(runSteps(new Lion({ learningRate: 0.1 })), referenceLion(0.1, 0.9, 0.99));
    // beta1 close to 1 lets the momentum, not the new gradient, decide some signs.
    const momentumLed = referenceLion(0.1, 0.99, 0.5);
    expectClose(runSteps(new Lion({ learningRate: 0.1, beta1: 0.99, beta2: 0.5 })), momentumLed);
  });

  it('rejects beta1 = 0', () => {
    expect(() => new Lion({ beta1: 0 })).toThrow(/Lion: `beta1` must be in \(0, 1\]/);
  });
});
