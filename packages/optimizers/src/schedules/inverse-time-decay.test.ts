import { describe, expect, it } from 'vitest';
import { InverseTimeDecay } from './inverse-time-decay.js';

describe('InverseTimeDecay', () => {
  it('follows initial / (1 + rate * step / decaySteps), floored with staircase', () => {
    const smooth = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 });
    const stairs = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5, staircase: true });
    for (const step of [0, 1, 2, 3, 9]) {
      expect(smooth.call(step)).toBeCloseTo(0.1 / (1 + (0.5 * step) / 2), 14);
      expect(stairs.call(step)).toBeCloseTo(0.1 / (1 + 0.5 * Math.floor(step / 2)), 14);
    }
  });

  it('rejects a missing argument', () => {
    expect(() => new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 2 } as never)).toThrow(
      /InverseTimeDecay: `decayRate` must be a finite number, got undefined/,
    );
  });
});
