import { describe, expect, it } from 'vitest';
import { CosineDecay } from './cosine-decay.js';
import { CosineDecayRestarts } from './cosine-decay-restarts.js';
import { ExponentialDecay } from './exponential-decay.js';
import { getSchedule } from './get-schedule.js';
import { InverseTimeDecay } from './inverse-time-decay.js';
import { PiecewiseConstantDecay } from './piecewise-constant-decay.js';
import { PolynomialDecay } from './polynomial-decay.js';

describe('getSchedule', () => {
  it('round-trips every schedule through serialize()', () => {
    const schedules = [
      new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.9, staircase: true }),
      new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.9 }),
      new PiecewiseConstantDecay({ boundaries: [5], values: [0.1, 0.01] }),
      new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 7, power: 0.5, cycle: true }),
      new CosineDecay({ initialLearningRate: 0, decaySteps: 7, warmupTarget: 0.1, warmupSteps: 2 }),
      new CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 3, tMul: 1.5, mMul: 0.9 }),
    ];
    for (const schedule of schedules) {
      const copy = getSchedule(JSON.parse(JSON.stringify(schedule.serialize())));
      expect(copy.constructor).toBe(schedule.constructor);
      expect(copy.getConfig()).toEqual(schedule.getConfig());
      for (const step of [0, 3, 6, 20]) expect(copy.call(step)).toBe(schedule.call(step));
    }
  });

  it('reads Keras JSON (class_name, snake_case keys)', () => {
    const schedule = getSchedule({
      class_name: 'CosineDecayRestarts',
      config: { initial_learning_rate: 1, first_decay_steps: 4, t_mul: 1, m_mul: 0.5, alpha: 0 },
    }) as CosineDecayRestarts;
    expect(schedule).toBeInstanceOf(CosineDecayRestarts);
    expect(schedule.mMul).toBe(0.5);
    expect(getSchedule({ className: 'exponential_decay', config: { initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 } }).call(2)).toBe(0.25);
  });

  it('returns an instance unchanged and explains unknown names and missing configs', () => {
    const schedule = new CosineDecay({ initialLearningRate: 1, decaySteps: 2 });
    expect(getSchedule(schedule)).toBe(schedule);
    expect(() => getSchedule({ className: 'StepDecay', config: {} })).toThrow(
      "Unknown learning-rate schedule 'StepDecay'. Valid schedules: ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay, CosineDecay, CosineDecayRestarts.",
    );
    expect(() => getSchedule('CosineDecay')).toThrow(/'CosineDecay' needs its config/);
  });
});
