import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors/errors.js';
import {
  describeValue,
  rejectUnknownKeys,
  requireBoolean,
  requireInRange,
  requireNonNegative,
  requireNumber,
  requireOneOf,
  requirePositive,
  requirePositiveInteger,
} from './arguments.js';

describe('argument checks', () => {
  it('return valid values unchanged', () => {
    expect(requireNumber('Adam', 'epsilon', 1e-7)).toBe(1e-7);
    expect(requireInRange('Adam', 'beta1', 0.9, 0, 1)).toBe(0.9);
    expect(requireNonNegative('SGD', 'momentum', 0)).toBe(0);
    expect(requirePositive('SGD', 'learningRate', 0.01)).toBe(0.01);
    expect(requirePositiveInteger('MeanIoU', 'numClasses', 3)).toBe(3);
    expect(requireBoolean('SGD', 'nesterov', false)).toBe(false);
    expect(requireOneOf('AUC', 'curve', 'PR', ['ROC', 'PR'])).toBe('PR');
    expect(() => rejectUnknownKeys('SGD', { momentum: 0 }, ['momentum'])).not.toThrow();
  });

  it('throw ValueErrors naming the owner, the argument, the expectation and the value', () => {
    expect(() => requireNumber('Adam', 'epsilon', 'x')).toThrow(ValueError);
    expect(() => requireNumber('Adam', 'epsilon', 'x')).toThrow("Adam: `epsilon` must be a finite number, got 'x'.");
    expect(() => requireNumber('Adam', 'epsilon', Number.NaN)).toThrow('got NaN');
    expect(() => requireInRange('Adam', 'beta1', 2, 0, 1)).toThrow('Adam: `beta1` must be in [0, 1], got 2.');
    expect(() => requireNonNegative('SGD', 'momentum', -1)).toThrow('SGD: `momentum` must be >= 0, got -1.');
    expect(() => requirePositive('SGD', 'learningRate', 0)).toThrow('SGD: `learningRate` must be > 0, got 0.');
    expect(() => requirePositiveInteger('MeanIoU', 'numClasses', 2.5, 'Pass new MeanIoU({ numClasses: 3 }).')).toThrow(
      'MeanIoU: `numClasses` must be a positive integer, got 2.5. Pass new MeanIoU({ numClasses: 3 }).',
    );
    expect(() => requirePositiveInteger('x', 'n', 0)).toThrow(ValueError);
    expect(() => requireBoolean('SGD', 'nesterov', 1)).toThrow('SGD: `nesterov` must be true or false, got 1.');
    expect(() => requireOneOf('AUC', 'curve', 'XY', ['ROC', 'PR'])).toThrow("AUC: `curve` must be one of 'ROC', 'PR', got 'XY'.");
    expect(() => rejectUnknownKeys('SGD', { lr2: 1, momentum: 0 }, ['momentum'])).toThrow("SGD: unknown option(s) 'lr2'. Accepted options: momentum.");
  });

  it('describes values readably', () => {
    expect(describeValue('a')).toBe("'a'");
    expect(describeValue([1, 'b'])).toBe("[1, 'b']");
    expect(describeValue(undefined)).toBe('undefined');
  });
});
