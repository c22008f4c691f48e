import { describe, expect, it } from 'vitest';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
import { standInModel } from '../testing/callback-model.test-utils.js';

describe('ReduceLROnPlateau', () => {
  it('follows the hand-computed rate sequence with patience, cooldown and minLr', () => {
    const model = { optimizer: { learningRate: 0.1 } };
    const callback = new ReduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1, minLr: 0.01, minDelta: 0 });
    callback.setModel(standInModel(model));
    callback.onTrainBegin();
    const logged: number[] = [];
    [1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5].forEach((value, epoch) => {
      const logs: Record<string, number> = { val_loss: value };
      callback.onEpochEnd(epoch, logs);
      logged.push(logs.learning_rate!);
    });
    // e2: 2 epochs without improvement → 0.05, cooldown 1; e3 cooldown ends, wait 1; e4 → 0.025;
    // e6 improves; e8 → 0.0125; e10 → 0.00625 clamped to minLr 0.01.
    expect(logged).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.0125, 0.0125]);
    expect(model.optimizer.learningRate).toBe(0.01);
  });

  it('maximizes accuracy-like metrics, prints reductions and rejects factor ≥ 1', () => {
    const model = { optimizer: { learningRate: 1 } };
    const lines: string[] = [];
    const callback = new ReduceLROnPlateau({ monitor: 'val_accuracy', patience: 1, verbose: 1, printFn: (l) => lines.push(l) });
    callback.setModel(standInModel(model));
    callback.onTrainBegin();
    callback.onEpochEnd(0, { val_accuracy: 0.5 });
    callback.onEpochEnd(1, { val_accuracy: 0.6 });
    expect(model.optimizer.learningRate).toBe(1);
    callback.onEpochEnd(2, { val_accuracy: 0.55 });
    expect(model.optimizer.learningRate).toBeCloseTo(0.1, 12);
    expect(lines).toEqual([`\nEpoch 3: ReduceLROnPlateau reducing learning rate to ${1 * 0.1}.`]);
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(/does not support a factor >= 1.0. Received factor=1/);
  });
});
