import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { expectClose, gradientSteps, initialWeights, runSteps } from './optimizer.test-utils.js';

/** Keras 3 Adam written out: bias correction folded into the step size. */
function referenceAdam(lr: number, beta1: number, beta2: number, epsilon: number, amsgrad: boolean, weightDecay = 0) {
  const w = [...initialWeights];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  const vMax = w.map(() => 0);
  return gradientSteps.map((g, index) => {
    const t = index + 1;
    const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    for (let i = 0; i < w.length; i++) {
      w[i] = w[i]! - w[i]! * weightDecay * lr;
      m[i] = m[i]! + (g[i]! - m[i]!) * (1 - beta1);
      v[i] = v[i]! + (g[i]! ** 2 - v[i]!) * (1 - beta2);
      vMax[i] = Math.max(vMax[i]!, v[i]!);
      const second = amsgrad ? vMax[i]! : v[i]!;
      w[i] = w[i]! - (alpha * m[i]!) / (Math.sqrt(second) + epsilon);
    }
    return [...w];
  });
}

describe('Adam', () => {
  it('has Keras defaults', () => {
    expect(new Adam().getConfig()).toEqual({
      name: 'adam',
      learningRate: 0.001,
      weightDecay: null,
      clipnorm: null,
      globalClipnorm: null,
      clipvalue: null,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      amsgrad: false,
    });
  });

  it('matches the Keras 3 update for three steps', () => {
    expectClose(runSteps(new Adam({ learningRate: 0.1 })), referenceAdam(0.1, 0.9, 0.999, 1e-7, false));
  });

  it('with other betas and a large epsilon', () => {
    expectClose(runSteps(new Adam({ learningRate: 0.05, beta1: 0.5, beta2: 0.7, epsilon: 0.1 })), referenceAdam(0.05, 0.5, 0.7, 0.1, false));
  });

  it('amsgrad uses the running maximum of the second moment', () => {
    // beta2 = 0.5 makes the second moment fall on step 3 for element 0, so the maximum differs from v.
    const amsgrad = referenceAdam(0.1, 0.9, 0.5, 1e-7, true);
    expect(amsgrad).not.toEqual(referenceAdam(0.1, 0.9, 0.5, 1e-7, false));
    expectClose(runSteps(new Adam({ learningRate: 0.1, beta2: 0.5, amsgrad: true })), amsgrad);
  });

  it('decoupled weight decay is applied before the update', () => {
    expectClose(runSteps(new Adam({ learningRate: 0.1, weightDecay: 0.5 })), referenceAdam(0.1, 0.9, 0.999, 1e-7, false, 0.5));
  });

  it('rejects betas outside [0, 1]', () => {
    expect(() => new Adam({ beta1: 1.2 })).toThrow(/Adam: `beta1` must be in \[0, 1\], got 1.2/);
    expect(() => new Adam({ epsilon: -1 })).toThrow(/`epsilon` must be >= 0/);
  });
});
