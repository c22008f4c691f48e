import { describe, expect, it } from 'vitest';
import { MaxNorm, NonNeg } from './constraints/constraints.js';
import { L1L2, L2 } from './regularizers/regularizers.js';
import { serializeOptional } from './serialization.js';

describe('serializeOptional', () => {
  it('gives null for an absent value', () => {
    expect(serializeOptional(undefined)).toBeNull();
  });

  it('gives the Keras class name and config of regularizers and constraints', () => {
    expect(serializeOptional(new L2({ l2: 0.3 }))).toEqual({ className: 'L2', config: { l2: 0.3 } });
    expect(serializeOptional(new L1L2({ l1: 0.1, l2: 0.2 }))).toEqual({ className: 'L1L2', config: { l1: 0.1, l2: 0.2 } });
    expect(serializeOptional(new MaxNorm({ maxValue: 3 }))).toEqual({ className: 'MaxNorm', config: { maxValue: 3, axis: 0 } });
    expect(serializeOptional(new NonNeg())).toEqual({ className: 'NonNeg', config: {} });
  });

  it('falls back to the constructor name and an empty config for custom objects', () => {
    class Clip {
      getConfig?(): Record<string, unknown>;
    }
    expect(serializeOptional(new Clip())).toEqual({ className: 'Clip', config: {} });
  });
});
