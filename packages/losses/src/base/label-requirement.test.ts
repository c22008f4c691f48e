import type { Tensor } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as losses from '../index.js';
import { getLoss } from '../registry/get-loss.js';

describe('declared label requirements', () => {
  it('classes and functions declare what targets they take', () => {
    expect(new losses.SparseCategoricalCrossentropy().labels).toBe('sparse');
    expect(new losses.CategoricalCrossentropy().labels).toBe('categorical');
    expect(new losses.CategoricalFocalCrossentropy().labels).toBe('categorical');
    expect(new losses.CategoricalHinge().labels).toBe('categorical');
    for (const name of ['mse', 'binaryCrossentropy', 'huber', 'klDivergence', 'poisson', 'hinge', 'cosineSimilarity']) {
      expect(getLoss(name).labels, name).toBe('any');
    }
    expect(losses.sparseCategoricalCrossentropy.labels).toBe('sparse');
    expect(losses.categoricalCrossentropy.labels).toBe('categorical');
  });

  it('a wrapped function keeps its declaration; an undeclared one takes any targets', () => {
    expect(getLoss(losses.sparseCategoricalCrossentropy).labels).toBe('sparse');
    expect(getLoss(losses.categoricalFocalCrossentropy).labels).toBe('categorical');
    expect(getLoss((yTrue) => yTrue).labels).toBe('any');
    const mine: losses.LossFunction = Object.assign((yTrue: Tensor) => yTrue, { labels: 'sparse' as const });
    expect(new losses.LossFunctionWrapper(mine).labels).toBe('sparse');
  });
});
