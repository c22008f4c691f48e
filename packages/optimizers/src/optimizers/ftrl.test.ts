import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Ftrl } from './ftrl.js';
import { expectClose, gradientSteps, initialWeights, runSteps } from './optimizer.test-utils.js';

interface FtrlReference {
  lr: number;
  power: number;
  initial: number;
  l1: number;
  l2: number;
  shrinkage: number;
  beta: number;
}

function referenceFtrl({ lr, power, initial, l1, l2, shrinkage, beta }: FtrlReference): number[][] {
  const w = [...initialWeights];
  const n = w.map(() => initial);
  const z = w.map(() => 0);
  const p = -power;
  const l2Total = l2 + beta / (2 * lr);
  return gradientSteps.map((g) => {
    for (let i = 0; i < w.length; i++) {
      const nNew = n[i]! + g[i]! ** 2;
      z[i] = z[i]! + g[i]! + 2 * shrinkage * w[i]! - ((nNew ** p - n[i]! ** p) / lr) * w[i]!;
      const quadratic = nNew ** p / lr + 2 * l2Total;
      const clipped = Math.min(Math.max(z[i]!, -l1), l1);
      w[i] = (clipped - z[i]!) / quadratic;
      n[i] = nNew;
    }
    return [...w];
  });
}

describe('Ftrl', () => {
  it('has Keras defaults', () => {
    expect(new Ftrl().getConfig()).toMatchObject({
      name: 'ftrl',
      learningRate: 0.001,
      learningRatePower: -0.5,
      initialAccumulatorValue: 0.1,
      l1RegularizationStrength: 0,
      l2RegularizationStrength: 0,
      l2ShrinkageRegularizationStrength: 0,
      beta: 0,
    });
  });

  it('matches the Keras 3 update without regularization', () => {
    const reference = referenceFtrl({ lr: 0.1, power: -0.5, initial: 0.1, l1: 0, l2: 0, shrinkage: 0, beta: 0 });
    expectClose(runSteps(new Ftrl({ learningRate: 0.1 })), reference);
  });

  it('matches the Keras 3 update with l1, l2, shrinkage and beta', () => {
    const settings = { lr: 0.2, power: -0.7, initial: 0.3, l1: 0.05, l2: 0.1, shrinkage: 0.2, beta: 0.4 };
    const optimizer = new Ftrl({
      learningRate: 0.2,
      learningRatePower: -0.7,
      initialAccumulatorValue: 0.3,
      l1RegularizationStrength: 0.05,
      l2RegularizationStrength: 0.1,
      l2ShrinkageRegularizationStrength: 0.2,
      beta: 0.4,
    });
    expectClose(runSteps(optimizer), referenceFtrl(settings));
  });

  it('rejects a positive learning-rate power and negative strengths', () => {
    expect(() => new Ftrl({ learningRatePower: 0.5 })).toThrow(/`learningRatePower` must be <= 0, got 0.5/);
    expect(() => new Ftrl({ l1RegularizationStrength: -1 })).toThrow(/`l1RegularizationStrength` must be >= 0/);
  });
});
