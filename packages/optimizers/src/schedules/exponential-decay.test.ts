import { describe, expect, it } from 'vitest';
import { ExponentialDecay } from './exponential-decay.js';

describe('ExponentialDecay', () => {
  it('follows initial * rate^(step / decaySteps), floored with staircase', () => {
    const smooth = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 4, decayRate: 0.5 });
    const stairs = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 4, decayRate: 0.5, staircase: true });
    for (const step of [0, 1, 3, 4, 7, 10, 100]) {
      expect(smooth.call(step)).toBeCloseTo(0.1 * 0.5 ** (step / 4), 14);
      expect(stairs.call(step)).toBeCloseTo(0.1 * 0.5 ** Math.floor(step / 4), 14);
    }
    expect(stairs.call(3)).toBe(0.1);
    expect(stairs.call(4)).toBe(0.05);
  });

  it('round-trips its config and rejects decaySteps <= 0', () => {
    const schedule = new ExponentialDecay({ initialLearningRate: 1, decaySteps: 3, decayRate: 0.9, staircase: true });
    expect(new ExponentialDecay(schedule.getConfig() as never).getConfig()).toEqual(schedule.getConfig());
    expect(() => new ExponentialDecay({ initialLearningRate: 1, decaySteps: 0, decayRate: 0.9 })).toThrow(/ExponentialDecay: `decaySteps` must be > 0, got 0/);
  });
});
