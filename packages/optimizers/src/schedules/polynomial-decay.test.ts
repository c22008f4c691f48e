import { describe, expect, it } from 'vitest';
import { PolynomialDecay } from './polynomial-decay.js';

describe('PolynomialDecay', () => {
  const reference = (step: number, cycle: boolean) => {
    const [initial, end, decaySteps, power] = [0.1, 0.01, 10, 2];
    let steps = decaySteps;
    let current = step;
    if (cycle) steps = decaySteps * (step === 0 ? 1 : Math.ceil(step / decaySteps));
    else current = Math.min(step, decaySteps);
    return (initial - end) * (1 - current / steps) ** power + end;
  };

  it('decays to the end rate and stays there without cycle', () => {
    const schedule = new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0.01, power: 2 });
    for (const step of [0, 1, 5, 10, 15]) expect(schedule.call(step)).toBeCloseTo(reference(step, false), 14);
    expect(schedule.call(25)).toBeCloseTo(0.01, 14);
  });

  it('restarts with a stretched period when cycling', () => {
    const schedule = new PolynomialDecay({
      initialLearningRate: 0.1,
      decaySteps: 10,
      endLearningRate: 0.01,
      power: 2,
      cycle: true,
    });
    for (const step of [0, 5, 10, 11, 15, 20, 21]) expect(schedule.call(step)).toBeCloseTo(reference(step, true), 14);
    // Just after a period ends, the rate jumps back up.
    expect(schedule.call(11)).toBeGreaterThan(schedule.call(10));
  });

  it('has Keras defaults', () => {
    expect(new PolynomialDecay({ initialLearningRate: 1, decaySteps: 5 }).getConfig()).toEqual({
      initialLearningRate: 1,
      decaySteps: 5,
      endLearningRate: 0.0001,
      power: 1,
      cycle: false,
      name: 'PolynomialDecay',
    });
  });
});
