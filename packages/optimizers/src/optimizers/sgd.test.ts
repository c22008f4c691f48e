import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it, vi } from 'vitest';
import { expectClose, gradientSteps, initialWeights, runSteps } from './optimizer.test-utils.js';
import { SGD } from './sgd.js';

/** Keras's SGD written out: momentum, Nesterov, and Keras 2 inverse-time decay. */
function referenceSGD(learningRate: number, momentum: number, nesterov: boolean, decay = 0): number[][] {
  const w = [...initialWeights];
  const v = w.map(() => 0);
  const history: number[][] = [];
  gradientSteps.forEach((g, t) => {
    const lr = learningRate / (1 + decay * t);
    for (let i = 0; i < w.length; i++) {
      if (momentum === 0) {
        w[i] = w[i]! - lr * g[i]!;
        continue;
      }
      v[i] = momentum * v[i]! - lr * g[i]!;
      w[i] = nesterov ? w[i]! + momentum * v[i]! - lr * g[i]! : w[i]! + v[i]!;
    }
    history.push([...w]);
  });
  return history;
}

describe('SGD', () => {
  it('has Keras defaults', () => {
    const optimizer = new SGD();
    expect(optimizer.learningRate).toBeCloseTo(0.01, 10);
    expect(optimizer.momentum).toBe(0);
    expect(optimizer.nesterov).toBe(false);
    expect(optimizer.name).toBe('SGD');
    expect(SGD.className).toBe('SGD');
  });

  it('plain gradient descent matches w -= lr * g', () => {
    expectClose(runSteps(new SGD({ learningRate: 0.1 })), referenceSGD(0.1, 0, false));
  });

  it('momentum matches v = m v - lr g, w += v', () => {
    expectClose(runSteps(new SGD({ learningRate: 0.1, momentum: 0.9 })), referenceSGD(0.1, 0.9, false));
  });

  it('Nesterov momentum matches w += m v - lr g', () => {
    expectClose(runSteps(new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true })), referenceSGD(0.1, 0.9, true));
  });

  it('legacy decay divides the rate by 1 + decay * iterations, counted before the step', () => {
    expectClose(runSteps(new SGD({ learningRate: 0.1, momentum: 0.9, decay: 0.5 })), referenceSGD(0.1, 0.9, false, 0.5));
  });

  it('accepts the Keras 2 seed form SGD(lr=0.001, decay=1e-7, momentum=0.9) and warns about lr once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const first = new SGD({ lr: 0.001, decay: 1e-7, momentum: 0.9 });
    const second = new SGD({ lr: 0.001 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('learningRate');
    warn.mockRestore();
    expect(first.learningRate).toBeCloseTo(0.001, 12);
    expect(second.getConfig()['learningRate']).toBeCloseTo(0.001, 12);
    expectClose(runSteps(first), referenceSGD(0.001, 0.9, false, 1e-7));
    expect(() => new SGD({ lr: 0.1, learningRate: 0.1 })).toThrow(/either `learningRate` or its deprecated alias `lr`/);
  });

  it('rejects momentum outside [0, 1] and unknown options', () => {
    expect(() => new SGD({ momentum: 1.5 })).toThrow(/SGD: `momentum` must be in \[0, 1\], got 1.5/);
    expect(() => new SGD({ momentun: 0.9 } as never)).toThrow(/unknown option\(s\) 'momentun'.*momentum, nesterov/);
  });
});
