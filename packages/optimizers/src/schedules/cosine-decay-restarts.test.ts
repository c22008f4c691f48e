import { describe, expect, it } from 'vitest';
import { CosineDecayRestarts } from './cosine-decay-restarts.js';

describe('CosineDecayRestarts', () => {
  /** Walks the periods one by one instead of using the closed form. */
  function reference(step: number, first: number, tMul: number, mMul: number, alpha: number): number {
    let start = 0;
    let length = first;
    let restart = 0;
    while (step >= start + length) {
      start += length;
      length *= tMul;
      restart += 1;
    }
    const fraction = (step - start) / length;
    return 0.5 * (1 - alpha) * mMul ** restart * (1 + Math.cos(Math.PI * fraction)) + alpha;
  }

  it('restarts after periods growing by tMul, each starting mMul times lower', () => {
    const schedule = new CosineDecayRestarts({ initialLearningRate: 2, firstDecaySteps: 4, tMul: 2, mMul: 0.5, alpha: 0.1 });
    for (const step of [0, 1, 3, 4, 5, 11, 12, 13, 27, 28, 30]) {
      expect(schedule.call(step)).toBeCloseTo(2 * reference(step, 4, 2, 0.5, 0.1), 10);
    }
  });

  it('with tMul = 1 every period has the same length', () => {
    const schedule = new CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 5, tMul: 1 });
    for (const step of [0, 2, 5, 7, 10, 12]) {
      expect(schedule.call(step)).toBeCloseTo(reference(step, 5, 1, 1, 0), 12);
    }
    expect(schedule.call(5)).toBe(1);
  });

  it('has Keras defaults and rejects firstDecaySteps <= 0', () => {
    expect(new CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 2 }).getConfig()).toEqual({
      initialLearningRate: 1,
      firstDecaySteps: 2,
      tMul: 2,
      mMul: 1,
      alpha: 0,
      name: 'SGDRDecay',
    });
    expect(() => new CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: -1 })).toThrow(/`firstDecaySteps` must be > 0, got -1/);
  });
});
