import { describe, expect, it } from 'vitest';
import { CosineDecay } from './cosine-decay.js';

describe('CosineDecay', () => {
  it('without warmup follows initial * ((1 - alpha) * 0.5 * (1 + cos(pi * t / T)) + alpha), capped at T', () => {
    const schedule = new CosineDecay({ initialLearningRate: 0.2, decaySteps: 8, alpha: 0.1 });
    for (const step of [0, 1, 4, 8, 12]) {
      const t = Math.min(step, 8);
      expect(schedule.call(step)).toBeCloseTo(0.2 * (0.9 * 0.5 * (1 + Math.cos((Math.PI * t) / 8)) + 0.1), 14);
    }
    expect(schedule.call(4)).toBeCloseTo(0.2 * (0.9 * 0.5 + 0.1), 14);
  });

  it('with warmup rises linearly to the target, then decays from it', () => {
    const schedule = new CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 0.1, warmupSteps: 5 });
    for (const step of [0, 1, 4]) expect(schedule.call(step)).toBeCloseTo((0.1 * step) / 5, 14);
    for (const step of [5, 7, 10, 15, 30]) {
      const t = Math.min(step, 15) - 5;
      expect(schedule.call(step)).toBeCloseTo(0.1 * 0.5 * (1 + Math.cos((Math.PI * t) / 10)), 14);
    }
  });

  it('round-trips its config, including a null warmup target', () => {
    const schedule = new CosineDecay({ initialLearningRate: 0.1, decaySteps: 3 });
    expect(schedule.getConfig()).toEqual({
      initialLearningRate: 0.1,
      decaySteps: 3,
      alpha: 0,
      warmupTarget: null,
      warmupSteps: 0,
      name: 'CosineDecay',
    });
    expect(new CosineDecay(schedule.getConfig() as never).getConfig()).toEqual(schedule.getConfig());
  });
});
