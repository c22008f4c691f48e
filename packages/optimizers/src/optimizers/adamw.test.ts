import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { AdamW } from './adamw.js';
import { expectClose, gradientSteps, initialWeights, runSteps } from './optimizer.test-utils.js';

/** AdamW: w -= w * wd * lr, then the Keras 3 Adam step. */
function referenceAdamW(lr: number, weightDecay: number): number[][] {
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-7];
  const w = [...initialWeights];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  return gradientSteps.map((g, index) => {
    const t = index + 1;
    for (let i = 0; i < w.length; i++) {
      w[i] = w[i]! - w[i]! * weightDecay * lr;
      m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
      v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! ** 2;
      const mHat = m[i]! / (1 - beta1 ** t);
      // Keras folds sqrt(1 - beta2^t) into the step, so epsilon is scaled by it too.
      const step = (lr * Math.sqrt(1 - beta2 ** t) * mHat) / (Math.sqrt(v[i]!) + epsilon);
      w[i] = w[i]! - step;
    }
    return [...w];
  });
}

describe('AdamW', () => {
  it('has Keras defaults (weightDecay 0.004)', () => {
    const optimizer = new AdamW();
    expect(optimizer.weightDecay).toBe(0.004);
    expect(optimizer.name).toBe('adamw');
    expect(optimizer.getClassName()).toBe('AdamW');
    expect(optimizer.learningRate).toBeCloseTo(0.001, 12);
  });

  it('matches decoupled decay plus the Adam step for three steps', () => {
    expectClose(runSteps(new AdamW({ learningRate: 0.1 })), referenceAdamW(0.1, 0.004));
    expectClose(runSteps(new AdamW({ learningRate: 0.1, weightDecay: 0.3 })), referenceAdamW(0.1, 0.3));
  });

  it('requires a weight decay', () => {
    expect(() => new AdamW({ weightDecay: null })).toThrow(/AdamW: `weightDecay` must be a number/);
  });
});
