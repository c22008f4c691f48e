import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { Sequential } from '../models/sequential.js';
import { TestDense } from '../testing/layers.test-utils.js';
import type { LayerWeight } from './layer-weight.js';
import { usesEngineWeightLists, weightStructureVersion } from './weight-structure.js';

class OwnList extends TestDense {
  static override className = 'OwnList';
  override get trainableWeights(): LayerWeight[] {
    return super.trainableWeights.slice(0, 1);
  }
}

describe('weight-structure changes', () => {
  it('counts every change that can alter a weight list, and only those', () => {
    const counted = (change: () => void) => {
      const before = weightStructureVersion();
      change();
      return weightStructureVersion() - before;
    };
    const dense = new TestDense({ units: 2, inputShape: [3] });
    const model = new Sequential([dense]);
    expect(counted(() => model.add(new TestDense({ units: 1 })))).toBeGreaterThan(0);
    expect(counted(() => model.pop())).toBeGreaterThan(0);
    expect(counted(() => (dense.trainable = false))).toBe(1);
    expect(counted(() => (dense.weights[0]!.trainable = false))).toBe(1);
    expect(counted(() => tf.dispose(model.predict(tf.ones([1, 3]))))).toBe(0);
    expect(counted(() => model.dispose())).toBeGreaterThan(0);
  });

  it('tells engine layers from classes that compute a weight list their own way', () => {
    expect(usesEngineWeightLists(new TestDense({ units: 2 }))).toBe(true);
    expect(usesEngineWeightLists(new Sequential([new TestDense({ units: 2, inputShape: [3] })]))).toBe(true);
    expect(usesEngineWeightLists(new OwnList({ units: 2 }))).toBe(false);
  });
});
