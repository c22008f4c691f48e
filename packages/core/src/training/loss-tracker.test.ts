import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { MeanTracker } from './loss-tracker.js';

describe('MeanTracker', () => {
  it('is zero before any update, then the batch-size-weighted mean, and zero again after reset', () => {
    const tracker = new MeanTracker('loss');
    const before = tf.memory().numTensors;
    const read = () => {
      const result = tracker.result();
      const value = result.dataSync()[0];
      result.dispose();
      return value;
    };
    expect(read()).toBe(0);
    tf.tidy(() => {
      tracker.update(tf.scalar(2), 3);
      tracker.update(tf.scalar(4, 'int32'), 1);
    });
    // (2·3 + 4·1) / (3 + 1)
    expect(read()).toBeCloseTo(2.5, 6);
    tracker.reset();
    expect(read()).toBe(0);
    tf.tidy(() => tracker.update(tf.scalar(-1.5), 128));
    expect(read()).toBeCloseTo(-1.5, 6);
    expect(tf.memory().numTensors).toBe(before);
    tracker.dispose();
    expect(tracker.name).toBe('loss');
  });
});
