import { describe, expect, it } from 'vitest';
import { PiecewiseConstantDecay } from './piecewise-constant-decay.js';

describe('PiecewiseConstantDecay', () => {
  it('uses values[i] for boundaries[i-1] < step <= boundaries[i]', () => {
    const schedule = new PiecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
    const expected: Array<[number, number]> = [
      [0, 1],
      [10, 1],
      [11, 0.5],
      [20, 0.5],
      [21, 0.1],
      [1000, 0.1],
    ];
    for (const [step, value] of expected) expect(schedule.call(step)).toBe(value);
  });

  it('checks that there is one more value than boundaries and that boundaries increase', () => {
    expect(() => new PiecewiseConstantDecay({ boundaries: [1, 2], values: [1, 2] })).toThrow(
      /exactly one more element than `boundaries`, got 2 values and 2 boundaries/,
    );
    expect(() => new PiecewiseConstantDecay({ boundaries: [2, 1], values: [1, 2, 3] })).toThrow(/strictly increasing/);
  });
});
